"""Triage of one case: classification, hints, risk, workflow transitions and deadlines.

The one place that changes a case's KRM state. Views call these functions and commit;
every transition writes an audit event (who, when, from, to). The deployment's rule profile
comes in as an argument (`intake.web.settings.rule_profile` in views and commands): this
module reads no app settings. Pure rules live in
`intake.triage.rules` (deadlines of the profile), `intake.triage.hints` (suggestions and flags) and
`intake.triage.workflow` (allowed transitions); this module applies them to a `Case`.

Who may see a case is decided here too (`visible`, `can_see`), row by row, after the roles
each view declares (`intake.web.access.roles`): corruption hints are for the anti-corruption
role only (GA 5.3), team leads see the forwarded cases of their own office.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, false, select, true
from sqlalchemy.orm import Session

from intake import audit
from intake.models import Case, Office, User
from intake.roles import Role
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
RISK_ROLES = frozenset((Role.ANTI_CORRUPTION,))
# Who works cases: the inbox, and every change to a case (`can_work`). The back office opens
# those pages to the same roles (`intake.web.access.INBOX`, `WORK`; a test holds them equal).
WORKING_ROLES = frozenset((Role.OFFICER, Role.ADMIN, Role.ANTI_CORRUPTION))
# Who can be given a case: those who work cases, except admins, who administer and take none.
ASSIGNABLE_ROLES = WORKING_ROLES - {Role.ADMIN}
# The hint that a reaction is about the personal conduct of staff (hints.RULES).
CONDUCT_FLAG = "dienstaufsicht"
# Staff-entered channels (the web channels are set by the public form).
STAFF_CHANNELS = ("phone", "in_person", "letter", "email", "third_party", "paper_card")


def state_of(session: Session, case: Case, rule_profile: rules.RuleProfile) -> str:
    """The federal state whose holidays count for this case: its office's, else the profile's."""
    if case.office_id is not None:
        office = case.office or session.get(Office, case.office_id)
        if office is not None and office.state:
            return office.state
    return rule_profile.state


def provisional_kind(case: Case) -> str:
    """The kind the deadlines use: the officer's, else the suggestion, else the sender's."""
    return case.krm_kind or case.suggested_kind or SENDER_KIND.get(case.kind, "lob")


# --- arrival -------------------------------------------------------------------------------


def on_arrival(
    session: Session, case: Case, rule_profile: rules.RuleProfile, *, today: date
) -> None:
    """Hints, flags and the first deadline for a new case (before it is stored)."""
    case.status = "new"
    case.contactable = case.contact is not None
    apply_hints(case)
    refresh_due(session, case, rule_profile, today=today)


def apply_hints(case: Case) -> None:
    """Suggest a kind and raise flags from the (masked) text; corruption restricts the case."""
    suggestion = hints.suggest(case.text or "")
    conduct = next((f for f in suggestion.flags if f.name == CONDUCT_FLAG), None)
    if conduct is not None:  # the hint and the suggestion must agree (issue 13, point 3)
        case.suggested_kind, case.suggestion_reason = "dienstaufsicht", conduct.reason
    elif suggestion.kind is not None:
        case.suggested_kind, case.suggestion_reason = suggestion.kind, suggestion.reason
    elif case.kind in SENDER_KIND:
        case.suggested_kind = SENDER_KIND[case.kind]
        case.suggestion_reason = "vom Absender gewählt"
    case.hints_version = hints.RULES_VERSION
    case.flags = ",".join(flag.name for flag in suggestion.flags)
    case.flag_reasons = "\n".join(f"{flag.name}: {flag.reason}" for flag in suggestion.flags)
    case.high_risk = case.high_risk or hints.is_high_risk(suggestion.flags)
    case.restricted = case.restricted or hints.routes_to_anti_corruption(suggestion.flags)


def preselection(case: Case) -> tuple[str | None, bool]:
    """The kind and the conduct box the classify form starts with.

    Once classified: the officer's choice. Before: the suggestion, except that a conduct hint
    (flag "dienstaufsicht") always preselects a Dienstaufsichtsbeschwerde about conduct, also
    for cases whose suggestion was stored before hint and suggestion agreed. Saving the form
    unchanged files what the hint says.
    """
    if case.krm_kind is not None:
        return case.krm_kind, case.about_conduct
    if CONDUCT_FLAG in case.flag_names:
        return "dienstaufsicht", True
    return case.suggested_kind, False


def flag_reasons(case: Case) -> dict[str, str]:
    """The stored flags with their reasons."""
    found: dict[str, str] = {}
    for line in case.flag_reasons.splitlines():
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


def _met_on(case: Case, name: str) -> date | None:
    answered = case.answered_on
    milestones = {
        rules.ACK: case.acknowledged_on or answered,
        rules.FORWARD: case.forwarded_on,
        rules.FOLLOWUP_ANSWER: case.statement_on or answered,
        rules.FOLLOWUP_REMEDY: answered,
        rules.FINAL: answered,
        rules.PETITION_STATEMENT: case.statement_on or answered,
    }
    return milestones.get(name)


def is_open(case: Case) -> bool:
    """Whether the case still runs (deadlines count): open state, not spam, not anonymised."""
    return case.status in workflow.OPEN_STATES and not case.is_spam


def due_states(
    session: Session, case: Case, rule_profile: rules.RuleProfile, *, today: date
) -> list[DueState]:
    """Every deadline of the case under the profile, with whether it is met or overdue."""
    kind = provisional_kind(case)
    state = state_of(session, case, rule_profile)
    found = rules.due_dates(
        rule_profile,
        received_on=case.received_on,
        state=state,
        channel=case.channel,
        contactable=case.contactable,
        kind=kind,
        first_followup_on=case.first_followup_on,
        committee_deadline=case.committee_deadline,
    )
    running = is_open(case)
    result = []
    for due in found:
        met_on = _met_on(case, due.name)
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
    session: Session, case: Case, rule_profile: rules.RuleProfile, *, today: date
) -> None:
    """Store the earliest unmet deadline of an open case (None when nothing is pending)."""
    pending = [
        s.due
        for s in due_states(session, case, rule_profile, today=today)
        if s.met_on is None and is_open(case)
    ]
    first = min(pending, key=lambda due: (due.due_on, due.name), default=None)
    case.next_due_on = first.due_on if first else None
    case.next_due_name = first.name if first else None


# --- workflow ------------------------------------------------------------------------------


def transition(
    session: Session,
    case: Case,
    to_state: str,
    user: User | None,
    *,
    today: date,
    rule_profile: rules.RuleProfile,
    detail: str = "",
) -> None:
    """Move a case to `to_state` (if the workflow allows it), set milestones, audit it."""
    from_state = case.status
    workflow.check(from_state, to_state)
    case.status = to_state
    if to_state == "forwarded" and case.forwarded_on is None:
        case.forwarded_on = today
    elif to_state == "statement" and case.statement_on is None:
        case.statement_on = today
    elif to_state == "answered" and case.answered_on is None:
        case.answered_on = today
    if to_state in workflow.ENDED_STATES:
        case.closed_on = today
    elif from_state in workflow.ENDED_STATES:
        case.closed_on = None  # reopened
    if from_state == "forwarded" and to_state == "triaged":
        case.forwarded_on = None  # forwarding withdrawn: its deadline is open again
    audit.record(
        session,
        user,
        "transition",
        case_id=case.id,
        detail=detail,
        from_state=from_state,
        to_state=to_state,
    )
    refresh_due(session, case, rule_profile, today=today)


def advance(
    session: Session,
    case: Case,
    to_state: str,
    user: User | None,
    *,
    today: date,
    rule_profile: rules.RuleProfile,
) -> None:
    """Go to `to_state` through the workflow's intermediate states, each one audited."""
    for step in workflow.path_to(case.status, to_state):
        transition(session, case, step, user, today=today, rule_profile=rule_profile)


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
    case: Case,
    user: User | None,
    decision: Classification,
    *,
    today: date,
    rule_profile: rules.RuleProfile,
) -> str:
    """Record the officer's classification; returns the kind stored (after the KRM rules).

    A Dienstaufsichtsbeschwerde not about conduct becomes a Fachaufsichtsbeschwerde; a 2nd
    follow-up ticket too long after the 1st becomes one for inaction (profile permitting).
    The first classification records whether the suggestion was accepted.
    """
    kind = rules.effective_kind(decision.kind, decision.about_conduct)
    case.first_followup_on = decision.first_followup_on
    case.committee_deadline = decision.committee_deadline
    if kind == "folgeticket_2" and decision.first_followup_on is not None:
        kind = rules.reclassify_followup(
            rule_profile,
            decision.first_followup_on,
            case.received_on,
            state_of(session, case, rule_profile),
        )
    if case.krm_kind is None and case.suggested_kind is not None:
        case.suggestion_accepted = kind == case.suggested_kind
    previous = case.krm_kind
    case.krm_kind = kind
    case.about_conduct = decision.about_conduct
    case.justified = decision.justified
    case.justified_reason = decision.justified_reason if decision.justified else None
    audit.record(
        session,
        user,
        "classify",
        case_id=case.id,
        detail=classify_detail(previous, kind, decision),
    )
    if case.status == "new":
        transition(session, case, "triaged", user, today=today, rule_profile=rule_profile)
    else:
        refresh_due(session, case, rule_profile, today=today)
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
    session: Session,
    case: Case,
    user: User | None,
    destination: str,
    *,
    today: date,
    rule_profile: rules.RuleProfile,
) -> None:
    """Leave the KRM process: record where the reaction went (non-KRM kinds)."""
    case.handoff_to = destination.strip()[:120] or None
    transition(
        session,
        case,
        "handed_off",
        user,
        today=today,
        rule_profile=rule_profile,
        detail=case.handoff_to or "",
    )


def set_spam(
    session: Session, case: Case, user: User | None, spam: bool, *, rule_profile: rules.RuleProfile
) -> None:
    """Move a case into or out of the spam folder (audited like a transition)."""
    if case.is_spam == spam:
        return
    case.is_spam = spam
    case.spam_reason = "officer" if spam else None
    audit.record(
        session,
        user,
        "mark_spam" if spam else "mark_not_spam",
        case_id=case.id,
        from_state=case.status if spam else workflow.SPAM,
        to_state=workflow.SPAM if spam else case.status,
    )
    if spam:
        case.next_due_on = case.next_due_name = None
    else:
        refresh_due(session, case, rule_profile, today=date.today())


def set_restricted(session: Session, case: Case, user: User | None, restricted: bool) -> None:
    """Route a case to the anti-corruption role (hidden from all others), or release it."""
    if case.restricted == restricted:
        return
    case.restricted = restricted
    action = "restrict" if restricted else "release"
    audit.record(session, user, action, case_id=case.id)


def assign(session: Session, case: Case, user: User | None, assignee: User | None) -> None:
    """Give the case to a staff member (or nobody)."""
    case.assignee_id = assignee.id if assignee else None
    case.assignee = assignee
    detail = assignee.email if assignee else "-"
    audit.record(session, user, "assign", case_id=case.id, detail=detail)


def acknowledge(
    session: Session,
    case: Case,
    user: User | None,
    *,
    today: date,
    rule_profile: rules.RuleProfile,
    channel: str = "",
) -> None:
    """Record that the acknowledgement (Eingangsbestätigung) went out (`channel`, if known).

    For a sender who has only a receipt code, the acknowledgement is the status page: from
    `acknowledged_on` on, it confirms there that the message arrived and is being worked on.
    """
    case.acknowledged_on = today
    audit.record(session, user, "acknowledge", case_id=case.id, detail=channel)
    refresh_due(session, case, rule_profile, today=today)


# --- who sees what -------------------------------------------------------------------------


LEAD_STATES = ("forwarded", "statement", "answered", "closed")


def visible(query: Select[Case], user: User) -> Select[Case]:
    """Narrow a query of submissions to what `user` may see."""
    if user.role in RISK_ROLES:
        return query.where(Case.restricted.is_(true()))
    query = query.where(Case.restricted.is_(false()))
    if user.role == Role.TEAM_LEAD:
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


def can_see(user: User | None, case: Case) -> bool:
    """Whether `user` may open this case at all (the row-level half of access control)."""
    if user is None:
        return False
    if user.role in RISK_ROLES:
        return case.restricted
    if case.restricted:
        return False
    if user.role == Role.TEAM_LEAD:
        return (
            case.office_id is not None
            and case.office_id == user.office_id
            and case.forwarded_on is not None
            and case.status in LEAD_STATES
        )
    return user.role in (Role.OFFICER, Role.ADMIN, Role.MANAGEMENT)


def can_work(user: User | None, case: Case) -> bool:
    """Whether `user` may change this case (classify, forward, answer …)."""
    if user is None or not can_see(user, case):
        return False
    return user.role in WORKING_ROLES  # `can_see` lets the risk roles see restricted cases only


def assignees(session: Session, case: Case) -> list[User]:
    """Active accounts a case can be given to, by e-mail: of the assignable roles, those who
    may work this case (so a case restricted to anti-corruption goes to its officers only)."""
    users = session.scalars(
        select(User)
        .where(User.active.is_(True), User.role.in_(sorted(ASSIGNABLE_ROLES)))
        .order_by(User.email)
    )
    return [user for user in users if can_work(user, case)]
