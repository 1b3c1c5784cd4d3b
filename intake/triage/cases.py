"""Triage of one case: classification, hints, risk, workflow transitions and deadlines.

The one place that changes a case's KRM state. Views call these functions and commit;
every transition writes an audit event (who, when, from, to). Pure rules live in
`intake.triage.rules` (deadlines of the profile), `intake.triage.hints` (suggestions and flags) and
`intake.triage.workflow` (allowed transitions); this module applies them to a `Case`.

Who may see a case is decided here too (`visible`, `can_see`), next to the endpoint table
in `intake.web.access`: corruption hints are for the anti-corruption role only (GA 5.3), team
leads see the forwarded cases of their own office.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import Select, and_, false, select, true
from sqlalchemy.orm import Session

from intake import audit
from intake.models import Case, Office, User
from intake.triage import hints, rules, workflow

# What the sender ticked on the form, as the KRM kind it most likely is.
SENDER_KIND = {"praise": "lob", "idea": "idee", "complaint": "beschwerde"}
ALL_KINDS: dict[str, str] = {
    **rules.KRM_KINDS,
    **{key: handoff.label for key, handoff in rules.NON_KRM_KINDS.items()},
}
# Neukölln GA 4.2: a complaint is justified if …
JUSTIFIED_REASONS = {
    "entscheidung_falsch": "Entscheidung sachlich falsch",
    "rechtswidrig": "Entscheidung rechtswidrig",
    "neue_tatsachen": "durch neue Tatsachen unrichtig geworden",
    "verhalten": "unangemessenes Verhalten von Beschäftigten",
    "organisation": "Organisation unter Standard oder verbesserungsfähig",
    "standards": "Bearbeitungsstandards trotz Mitwirkung nicht eingehalten",
}
RISK_ROLES = frozenset(("anti_corruption",))
# The hint that a reaction is about the personal conduct of staff (hints.RULES).
CONDUCT_FLAG = "dienstaufsicht"
# Staff-entered channels (the web channels are set by the public form).
STAFF_CHANNELS = ("phone", "in_person", "letter", "email", "third_party", "paper_card")


def profile() -> rules.RuleProfile:
    """The deployment's rule profile (setting RULE_PROFILE)."""
    return rules.PROFILES[current_app.config["RULE_PROFILE"]]


def state_of(session: Session, item: Case, rule_profile: rules.RuleProfile) -> str:
    """The federal state whose holidays count for this case: its office's, else the profile's."""
    if item.office_id is not None:
        office = item.office or session.get(Office, item.office_id)
        if office is not None and office.state:
            return office.state
    return rule_profile.state


def provisional_kind(item: Case) -> str:
    """The kind the deadlines use: the officer's, else the suggestion, else the sender's."""
    return item.krm_kind or item.suggested_kind or SENDER_KIND.get(item.kind, "lob")


# --- arrival -------------------------------------------------------------------------------


def on_arrival(
    session: Session, item: Case, rule_profile: rules.RuleProfile, *, today: date
) -> None:
    """Hints, flags and the first deadline for a new case (before it is stored)."""
    item.status = "new"
    item.contactable = item.contact is not None
    apply_hints(item)
    refresh_due(session, item, rule_profile, today=today)


def apply_hints(item: Case) -> None:
    """Suggest a kind and raise flags from the (masked) text; corruption restricts the case."""
    suggestion = hints.suggest(item.text or "")
    conduct = next((f for f in suggestion.flags if f.name == CONDUCT_FLAG), None)
    if conduct is not None:  # the hint and the suggestion must agree (issue 13, point 3)
        item.suggested_kind, item.suggestion_reason = "dienstaufsicht", conduct.reason
    elif suggestion.kind is not None:
        item.suggested_kind, item.suggestion_reason = suggestion.kind, suggestion.reason
    elif item.kind in SENDER_KIND:
        item.suggested_kind = SENDER_KIND[item.kind]
        item.suggestion_reason = "vom Absender gewählt"
    item.hints_version = hints.RULES_VERSION
    item.flags = ",".join(flag.name for flag in suggestion.flags)
    item.flag_reasons = "\n".join(f"{flag.name}: {flag.reason}" for flag in suggestion.flags)
    item.high_risk = item.high_risk or hints.is_high_risk(suggestion.flags)
    item.restricted = item.restricted or hints.routes_to_anti_corruption(suggestion.flags)


def preselection(item: Case) -> tuple[str | None, bool]:
    """The kind and the conduct box the classify form starts with.

    Once classified: the officer's choice. Before: the suggestion, except that a conduct hint
    (flag "dienstaufsicht") always preselects a Dienstaufsichtsbeschwerde about conduct, also
    for cases whose suggestion was stored before hint and suggestion agreed. Saving the form
    unchanged files what the hint says.
    """
    if item.krm_kind is not None:
        return item.krm_kind, item.about_conduct
    if CONDUCT_FLAG in item.flag_names:
        return "dienstaufsicht", True
    return item.suggested_kind, False


def triage_legacy(
    session: Session, rule_profile: rules.RuleProfile, *, today: date, chunk: int = 500
) -> int:
    """Hints, flags and deadlines for submissions stored before triage existed (idempotent).

    Run by `flask --app intake db upgrade`, so that a corruption hint in an old text is
    restricted and old open cases appear in the due views. Returns how many were done.
    """
    done = 0
    while True:
        rows = list(session.scalars(select(Case).where(Case.hints_version.is_(None)).limit(chunk)))
        if not rows:
            return done
        for item in rows:
            item.contactable = item.contact is not None
            apply_hints(item)
            refresh_due(session, item, rule_profile, today=today)
        session.commit()
        done += len(rows)


def flag_reasons(item: Case) -> dict[str, str]:
    """The stored flags with their reasons."""
    found: dict[str, str] = {}
    for line in item.flag_reasons.splitlines():
        name, _, reason = line.partition(": ")
        found[name] = reason
    return found


# --- deadlines -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DueState:
    """A deadline of a case and where it stands."""

    due: rules.Due
    met_on: date | None
    overdue: bool
    remind: bool  # an interim message is due (deadline near or missed, not met)


def _met_on(item: Case, name: str) -> date | None:
    answered = item.answered_on
    milestones = {
        rules.ACK: item.acknowledged_on or answered,
        rules.FORWARD: item.forwarded_on,
        rules.FOLLOWUP_ANSWER: item.statement_on or answered,
        rules.FOLLOWUP_REMEDY: answered,
        rules.FINAL: answered,
        rules.PETITION_STATEMENT: item.statement_on or answered,
    }
    return milestones.get(name)


def is_open(item: Case) -> bool:
    """Whether the case still runs (deadlines count): open state, not spam, not anonymised."""
    return item.status in workflow.OPEN_STATES and not item.is_spam


def due_states(
    session: Session, item: Case, rule_profile: rules.RuleProfile, *, today: date
) -> list[DueState]:
    """Every deadline of the case under the profile, with whether it is met or overdue."""
    kind = provisional_kind(item)
    state = state_of(session, item, rule_profile)
    found = rules.due_dates(
        rule_profile,
        received_on=item.received_on,
        state=state,
        channel=item.channel,
        contactable=item.contactable,
        kind=kind,
        first_followup_on=item.first_followup_on,
        committee_deadline=item.committee_deadline,
    )
    running = is_open(item)
    result = []
    for due in found:
        met_on = _met_on(item, due.name)
        pending = running and met_on is None
        result.append(
            DueState(
                due=due,
                met_on=met_on,
                overdue=pending and due.due_on < today,
                remind=pending
                and rules.needs_interim_reminder(rule_profile, due, today=today, state=state),
            )
        )
    return result


def refresh_due(
    session: Session, item: Case, rule_profile: rules.RuleProfile, *, today: date
) -> None:
    """Store the earliest unmet deadline of an open case (None when nothing is pending)."""
    pending = [
        s.due
        for s in due_states(session, item, rule_profile, today=today)
        if s.met_on is None and is_open(item)
    ]
    first = min(pending, key=lambda due: (due.due_on, due.name), default=None)
    item.next_due_on = first.due_on if first else None
    item.next_due_name = first.name if first else None


# --- workflow ------------------------------------------------------------------------------


def transition(
    session: Session,
    item: Case,
    to_state: str,
    user: User | None,
    *,
    today: date,
    detail: str = "",
    rule_profile: rules.RuleProfile | None = None,
) -> None:
    """Move a case to `to_state` (if the workflow allows it), set milestones, audit it."""
    from_state = item.status
    workflow.check(from_state, to_state)
    item.status = to_state
    if to_state == "forwarded" and item.forwarded_on is None:
        item.forwarded_on = today
    elif to_state == "statement" and item.statement_on is None:
        item.statement_on = today
    elif to_state == "answered" and item.answered_on is None:
        item.answered_on = today
    if to_state in workflow.ENDED_STATES:
        item.closed_on = today
    elif from_state in workflow.ENDED_STATES:
        item.closed_on = None  # reopened
    if from_state == "forwarded" and to_state == "triaged":
        item.forwarded_on = None  # forwarding withdrawn: its deadline is open again
    audit.record(
        session,
        user,
        "transition",
        case_id=item.id,
        detail=detail,
        from_state=from_state,
        to_state=to_state,
    )
    refresh_due(session, item, rule_profile or profile(), today=today)


def advance(session: Session, item: Case, to_state: str, user: User | None, *, today: date) -> None:
    """Go to `to_state` through the workflow's intermediate states, each one audited."""
    for step in workflow.path_to(item.status, to_state):
        transition(session, item, step, user, today=today)


@dataclass(frozen=True)
class Classification:
    """What the officer decided about a case."""

    kind: str
    about_conduct: bool = False
    justified: bool | None = None
    justified_reason: str | None = None
    note: str = ""  # why the officer decided so, in a few words (kept in the audit trail)
    first_followup_on: date | None = None
    committee_deadline: date | None = None


def classify(
    session: Session,
    item: Case,
    user: User | None,
    decision: Classification,
    *,
    today: date,
) -> str:
    """Record the officer's classification; returns the kind stored (after the KRM rules).

    A Dienstaufsichtsbeschwerde not about conduct becomes a Fachaufsichtsbeschwerde; a 2nd
    follow-up ticket too long after the 1st becomes one for inaction (profile permitting).
    The first classification records whether the suggestion was accepted.
    """
    rule_profile = profile()
    kind = rules.effective_kind(decision.kind, decision.about_conduct)
    item.first_followup_on = decision.first_followup_on
    item.committee_deadline = decision.committee_deadline
    if kind == "folgeticket_2" and decision.first_followup_on is not None:
        kind = rules.reclassify_followup(
            rule_profile,
            decision.first_followup_on,
            item.received_on,
            state_of(session, item, rule_profile),
        )
    if item.krm_kind is None and item.suggested_kind is not None:
        item.suggestion_accepted = kind == item.suggested_kind
    previous = item.krm_kind
    item.krm_kind = kind
    item.about_conduct = decision.about_conduct
    item.justified = decision.justified
    item.justified_reason = decision.justified_reason if decision.justified else None
    audit.record(
        session,
        user,
        "classify",
        case_id=item.id,
        detail=classify_detail(previous, kind, decision),
    )
    if item.status == "new":
        transition(session, item, "triaged", user, today=today, rule_profile=rule_profile)
    else:
        refresh_due(session, item, rule_profile, today=today)
    return kind


CLASSIFY_NOTE_MAX = 300


def classify_detail(previous: str | None, kind: str, decision: Classification) -> str:
    """The classify audit detail: a JSON object the case page's trail turns into German.

    It keeps the whole decision (before, after, chosen, conduct, justified, reason, note),
    so that who decided what and why stays readable after later changes.
    """
    found: dict[str, object] = {"from": previous, "to": kind}
    if kind != decision.kind:
        found["chosen"] = decision.kind
    found["conduct"] = decision.about_conduct
    found["justified"] = decision.justified
    if decision.justified and decision.justified_reason:
        found["reason"] = decision.justified_reason
    note = " ".join(decision.note.split())[:CLASSIFY_NOTE_MAX]
    if note:
        found["note"] = note
    return json.dumps(found, ensure_ascii=False)


def hand_off(
    session: Session, item: Case, user: User | None, destination: str, *, today: date
) -> None:
    """Leave the KRM process: record where the reaction went (non-KRM kinds)."""
    item.handoff_to = destination.strip()[:120] or None
    transition(session, item, "handed_off", user, today=today, detail=item.handoff_to or "")


def set_spam(session: Session, item: Case, user: User | None, spam: bool) -> None:
    """Move a case into or out of the spam folder (audited like a transition)."""
    if item.is_spam == spam:
        return
    item.is_spam = spam
    item.spam_reason = "officer" if spam else None
    audit.record(
        session,
        user,
        "mark_spam" if spam else "mark_not_spam",
        case_id=item.id,
        from_state=item.status if spam else workflow.SPAM,
        to_state=workflow.SPAM if spam else item.status,
    )
    if spam:
        item.next_due_on = item.next_due_name = None
    else:
        refresh_due(session, item, profile(), today=date.today())


def set_restricted(session: Session, item: Case, user: User | None, restricted: bool) -> None:
    """Route a case to the anti-corruption role (hidden from all others), or release it."""
    if item.restricted == restricted:
        return
    item.restricted = restricted
    action = "restrict" if restricted else "release"
    audit.record(session, user, action, case_id=item.id)


def assign(session: Session, item: Case, user: User | None, assignee: User | None) -> None:
    """Give the case to a staff member (or nobody)."""
    item.assignee_id = assignee.id if assignee else None
    item.assignee = assignee
    detail = assignee.email if assignee else "-"
    audit.record(session, user, "assign", case_id=item.id, detail=detail)


def acknowledge(
    session: Session, item: Case, user: User | None, *, today: date, channel: str = ""
) -> None:
    """Record that the acknowledgement (Eingangsbestätigung) went out (`channel`, if known).

    For a sender who has only a receipt code, the acknowledgement is the status page: from
    `acknowledged_on` on, it confirms there that the message arrived and is being worked on.
    """
    item.acknowledged_on = today
    audit.record(session, user, "acknowledge", case_id=item.id, detail=channel)
    refresh_due(session, item, profile(), today=today)


# --- who sees what -------------------------------------------------------------------------


LEAD_STATES = ("forwarded", "statement", "answered", "closed")


def visible(query: Select[Case], user: User) -> Select[Case]:
    """Narrow a query of submissions to what `user` may see."""
    if user.role in RISK_ROLES:
        return query.where(Case.restricted.is_(true()))
    query = query.where(Case.restricted.is_(false()))
    if user.role == "team_lead":
        if user.office_id is None:
            return query.where(false())
        return query.where(
            and_(
                Case.office_id == user.office_id,
                Case.forwarded_on.is_not(None),
                Case.status.in_(LEAD_STATES),
            )
        )
    return query


def can_see(user: User | None, item: Case) -> bool:
    """Whether `user` may open this case at all (the row-level half of access control)."""
    if user is None:
        return False
    if user.role in RISK_ROLES:
        return item.restricted
    if item.restricted:
        return False
    if user.role == "team_lead":
        return (
            item.office_id is not None
            and item.office_id == user.office_id
            and item.forwarded_on is not None
            and item.status in LEAD_STATES
        )
    return user.role in ("officer", "admin", "management")


def can_work(user: User | None, item: Case) -> bool:
    """Whether `user` may change this case (classify, forward, answer …)."""
    if user is None or not can_see(user, item):
        return False
    return user.role in ("officer", "admin") or (user.role in RISK_ROLES and item.restricted)
