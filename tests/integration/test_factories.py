"""tests/factories.py: every state is the state it says, with what the app stores on the way."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select

from intake.models import AuditEvent, Case, ForwardLink
from intake.triage import workflow
from intake.web.extensions import db
from tests.factories import ANSWER, LEAD, STATEMENT, STATES, make_case

# The transitions each state's case went through, in order (the audit trail's from → to).
PATHS = {
    "new": [],
    "spam": [("new", "spam")],
    "triaged": [("new", "triaged")],
    "forwarded": [("new", "triaged"), ("triaged", "forwarded")],
    "statement": [("new", "triaged"), ("triaged", "forwarded"), ("forwarded", "statement")],
    "answered": [("new", "triaged"), ("triaged", "answered")],
    "closed": [("new", "triaged"), ("triaged", "answered"), ("answered", "closed")],
    "handed_off": [("new", "triaged"), ("triaged", "handed_off")],
}


def trail(case_id: int) -> list[tuple[str | None, str | None]]:
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.case_id == case_id, AuditEvent.to_state.is_not(None))
        .order_by(AuditEvent.id)
    )
    return [(event.from_state, event.to_state) for event in events]


def test_the_factory_covers_every_workflow_state_and_spam() -> None:
    assert set(STATES) == {*workflow.STATES, workflow.SPAM} == set(PATHS)


@pytest.mark.parametrize("state", STATES)
def test_each_state_is_reached_through_the_workflow(app: Flask, state: str) -> None:
    today = dt.date.today()
    with app.app_context():
        item = make_case(db.session, state)
        db.session.commit()
        case_id = item.id
        db.session.expire_all()
        item = db.session.get(Case, case_id)
        assert item is not None
        assert item.status == ("new" if state == "spam" else state)
        assert item.is_spam == (state == "spam")
        assert item.hints_version is not None and item.office is not None
        assert item.office.code == "DIEZ"
        assert trail(case_id) == PATHS[state]
        if state not in ("new", "spam"):
            expected = "widerspruch" if state == "handed_off" else "beschwerde"
            assert item.krm_kind == expected
        running = state in workflow.OPEN_STATES and state != "new"
        assert (item.next_due_on is not None) == (running or state == "new")
        links = db.session.scalars(select(ForwardLink).where(ForwardLink.case_id == case_id))
        forwarded = list(links)
        if state in ("forwarded", "statement"):
            assert item.forwarded_on == today
            assert [link.recipient for link in forwarded] == [LEAD]
        else:
            assert forwarded == []
        if state == "statement":
            assert item.statement_on == today and forwarded[0].statement == STATEMENT
        if state in ("answered", "closed"):
            assert item.answered_on == today and item.answer == ANSWER
            assert item.answer_channel == "letter" and item.contact is not None
        if state in ("closed", "handed_off"):
            assert item.closed_on == today
        if state == "handed_off":
            assert item.handoff_to == "Widerspruchsstelle"


def test_fields_and_arguments_reach_the_case(app: Flask) -> None:
    with app.app_context():
        item = make_case(
            db.session,
            "triaged",
            kind="idea",
            office="EMS",
            channel="phone",
            text="Ruf mich an: 0176 1234567. Eine Idee: längere Öffnungszeiten.",
            received_on=dt.date(2026, 3, 2),
            rating=4,
        )
        db.session.commit()
        assert item.krm_kind == "idee" and item.channel == "phone" and item.rating == 4
        assert item.office is not None and item.office.code == "EMS"
        assert item.received_on == dt.date(2026, 3, 2)
        assert "0176" not in item.text  # masked on entry, as staff entries are
        with pytest.raises(ValueError, match="unknown state"):
            make_case(db.session, "reopened")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="no column"):
            make_case(db.session, colour="blue")
