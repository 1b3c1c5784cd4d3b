"""Cases in every workflow state, built the way the app builds them.

A hand-written `Case(status="forwarded", …)` can be a state the app never produces: forwarded
without a link, triaged without a classification, no hints, no deadline, no audit trail. So
`make_case` goes through the services a member of staff would set off: the staff entry
(`intake.reception.services.record_staff_entry`, which masks the text and gives hints and the
first deadline), the classification (`intake.triage.cases.classify`), the forwarding link and
the lead's statement (`intake.forwarding.services`), the answer (`intake.answers.services.send`,
by letter), closing, handing off, the spam folder. Like the services, it flushes; the caller
commits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.answers import services as answers
from intake.forwarding import services as forwarding
from intake.mailer import Mail
from intake.models import Case, Office, User
from intake.reception import services as reception
from intake.triage import cases, rules

State = Literal[
    "new", "triaged", "forwarded", "statement", "answered", "closed", "handed_off", "spam"
]
STATES: tuple[State, ...] = (
    "new",
    "triaged",
    "forwarded",
    "statement",
    "answered",
    "closed",
    "handed_off",
    "spam",
)
# The KRM kind a case is classified as when the test does not say (from the sender's tick).
CLASSIFIED_AS = {"complaint": "beschwerde", "idea": "idee", "praise": "lob"}
TEXTS = {
    "complaint": "Ich habe drei Wochen auf einen Rückruf gewartet.",
    "idea": "Mehr Sitzplätze im Wartebereich wären schön.",
    "praise": "Die Beratung war sehr hilfreich, vielen Dank.",
}
# The sender of an answered or closed case: a letter is how the answer went out.
LETTER_CONTACT = {
    "name": "Erika Beispiel",
    "postal_address": "Musterweg 1, 56130 Bad Ems",
    "preferred": "post",
}
LEAD = "teamleitung@jobcenter.example"
STATEMENT = "Wir haben mit dem Team gesprochen und rufen künftig innerhalb einer Woche zurück."
ANSWER = "Guten Tag, vielen Dank für Ihre Nachricht. Wir haben das Team informiert."


def _no_mail(mail: Mail) -> None:
    raise AssertionError(f"a factory sent mail: {mail.subject}")


def make_case(
    session: Session,
    state: State = "new",
    *,
    kind: str = "complaint",
    krm_kind: str | None = None,
    office: str | None = "DIEZ",
    channel: str = "letter",
    text: str | None = None,
    received_on: dt.date | None = None,
    contact: dict[str, str] | None = None,
    user: User | None = None,
    rule_profile: rules.RuleProfile | None = None,
    handoff_kind: str = "widerspruch",
    **fields: Any,
) -> Case:
    """A case in `state`, reached through the services (flushed, not committed).

    `kind` is the sender's tick, `krm_kind` the officer's classification (default: what the
    tick means). `office` is an office code (None: no office). Answered and closed cases get
    `LETTER_CONTACT` unless `contact` is given. `fields` are further columns of the new
    case (rating, language, batch …), set before the workflow runs. A spam case is a new
    case moved to the spam folder; a handed-off one is classified as `handoff_kind` and
    handed to that kind's destination. `user` acts in the audit trail (None: the system).
    """
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}; one of {', '.join(STATES)}")
    unknown = [name for name in fields if not hasattr(Case, name)]
    if unknown:
        raise TypeError(f"Case has no column {', '.join(map(repr, unknown))}")
    profile = rule_profile or rules.PROFILES["rhein-lahn"]
    if contact is None and state in ("answered", "closed"):
        contact = dict(LETTER_CONTACT)
    item = reception.record_staff_entry(
        session,
        channel=channel,
        office_id=_office_id(session, office),
        kind=kind,
        text=text if text is not None else TEXTS.get(kind, TEXTS["complaint"]),
        received_on=received_on or dt.date.today(),
        contact=contact,
        rule_profile=profile,
    )
    for name, value in fields.items():
        setattr(item, name, value)
    cases.refresh_due(session, item, profile, today=dt.date.today())
    session.flush()
    if state == "spam":
        cases.set_spam(session, item, user, True, rule_profile=profile)
    elif state == "handed_off":
        classify(session, item, user, handoff_kind, profile)
        destination = rules.NON_KRM_KINDS[handoff_kind].destination or ""
        cases.hand_off(
            session, item, user, destination, today=dt.date.today(), rule_profile=profile
        )
    elif state != "new":
        classify(session, item, user, krm_kind or CLASSIFIED_AS.get(kind, "beschwerde"), profile)
        _work(session, item, user, state, profile)
    session.flush()
    assert item.status == ("new" if state == "spam" else state), (state, item.status)
    return item


def _office_id(session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    found = session.scalar(select(Office.id).where(Office.code == code.upper()))
    if found is None:
        raise ValueError(f"no office {code!r}: seed it first (tests.helpers.seed_offices)")
    return found


def _work(
    session: Session, item: Case, user: User | None, state: State, profile: rules.RuleProfile
) -> None:
    """From triaged on: forward (and take the lead's statement), or answer (and close)."""
    now, today = dt.datetime.now(dt.UTC), dt.date.today()
    if state in ("forwarded", "statement"):
        link, _token = forwarding.create_link(
            session, item, user, recipient=LEAD, note="", days=14, now=now, rule_profile=profile
        )
        if state == "statement":
            stored = forwarding.record_statement(
                session,
                link,
                statement=STATEMENT,
                proposed_measures="",
                now=now,
                rule_profile=profile,
            )
            assert stored
    elif state in ("answered", "closed"):
        answers.send(
            session,
            item,
            user,
            text=ANSWER,
            channel="letter",
            purpose="final",
            today=today,
            rule_profile=profile,
            deliver=_no_mail,
        )
        if state == "closed":
            cases.transition(session, item, "closed", user, today=today, rule_profile=profile)


def classify(
    session: Session, item: Case, user: User | None, kind: str, profile: rules.RuleProfile
) -> None:
    """The officer's classification as the classify form sends it (conduct for Dienstaufsicht)."""
    cases.classify(
        session,
        item,
        user,
        cases.Classification(kind=kind, about_conduct=kind == "dienstaufsicht"),
        today=dt.date.today(),
        rule_profile=profile,
    )
