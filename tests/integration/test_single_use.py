"""Single-use actions happen once, also when two requests arrive at the same moment.

The lead's statement link, revoking a link and closing a card request are conditional
UPDATEs (… WHERE answered_at IS NULL): of two concurrent requests exactly one wins, writes
its audit event and moves the case; the other gets a friendly "already answered" page.
Tested with real concurrency: two HTTP clients against a real threaded server, and two
database sessions (SQLite and PostgreSQL) whose writes overlap.
"""

from __future__ import annotations

import http.cookiejar
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from intake.forwarding import services as forwarding
from intake.models import AuditEvent, CardRequest, Case, ForwardLink, Office, User, utcnow
from intake.web import settings
from intake.web.extensions import db
from tests.helpers import hidden_fields, login, make_user
from tests.integration.test_forwarding import add_case

TOO_LATE = "Ihr Text wurde nicht gespeichert"
STATEMENTS = (
    "Wir haben mit dem Kollegen gesprochen; der Anruf brach wegen einer Störung ab.",
    "Das Team hat den Vorfall besprochen und entschuldigt sich.",
)


@pytest.fixture
def server(app: Flask) -> Iterator[str]:
    """The app over real HTTP, one thread per request."""
    app.config["PROPAGATE_UNEXPECTED"] = False
    live = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=live.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{live.server_port}"
    live.shutdown()
    thread.join(5)


def forwarded_link(app: Flask) -> tuple[int, str]:
    """A forwarded case and its link's token."""
    officer = make_user(app)
    case_id = add_case(app)
    with app.test_request_context():
        item = db.session.get(Case, case_id)
        user = db.session.get(User, officer.id)
        assert item is not None
        _link, token = forwarding.create_link(
            db.session,
            item,
            user,
            recipient="chef@example.org",
            note="",
            days=7,
            now=utcnow(),
            rule_profile=settings.rule_profile(),
        )
        db.session.commit()
    return case_id, token


class Lead:
    """A browser of its own (cookie jar) on the lead's link page."""

    def __init__(self, base: str, token: str) -> None:
        self.url = f"{base}/f/{token}"
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with self.opener.open(self.url, timeout=10) as response:
            self.fields = hidden_fields(response.read().decode())

    def send(self, statement: str) -> tuple[int, str]:
        body = urllib.parse.urlencode({**self.fields, "statement": statement}).encode()
        try:
            with self.opener.open(self.url, data=body, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def slow_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both requests read the unanswered link before either writes: the race, every time."""
    find = forwarding.find_link

    def find_then_wait(*args: Any, **kwargs: Any) -> Any:
        link = find(*args, **kwargs)
        time.sleep(0.3)
        return link

    monkeypatch.setattr(forwarding, "find_link", find_then_wait)


def audit_actions(app: Flask, case_id: int) -> list[tuple[str, str | None]]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id))
        return [(row.action, row.to_state) for row in rows]


def test_two_leads_posting_at_once_store_one_statement(
    app: Flask, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id, token = forwarded_link(app)
    leads = [Lead(server, token), Lead(server, token)]
    slow_reads(monkeypatch)
    results: list[tuple[int, str, str]] = []
    start = threading.Barrier(2)

    def post(lead: Lead, statement: str) -> None:
        start.wait()
        status, page = lead.send(statement)
        results.append((status, page, statement))

    threads = [
        threading.Thread(target=post, args=(lead, text))
        for lead, text in zip(leads, STATEMENTS, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [status for status, _page, _text in results] == [200, 200]
    [(_s, won_page, winner)] = [r for r in results if "Vielen Dank!" in r[1]]
    [(_s, lost_page, loser)] = [r for r in results if TOO_LATE in r[1]]
    assert winner != loser and winner in lost_page and loser not in lost_page
    assert TOO_LATE not in won_page
    with app.app_context():
        [link] = db.session.scalars(select(ForwardLink)).all()
        assert link.statement == winner
    actions = audit_actions(app, case_id)
    assert actions.count(("link_statement", None)) == 1
    assert actions.count(("transition", "statement")) == 1


def test_a_second_statement_later_is_refused_kindly(app: Flask, server: str) -> None:
    _submission_id, token = forwarded_link(app)
    first, second = Lead(server, token), Lead(server, token)
    assert first.send(STATEMENTS[0])[0] == 200
    status, page = second.send(STATEMENTS[1])
    assert status == 200 and TOO_LATE in page and "Vielen Dank!" not in page
    assert STATEMENTS[0] in page and STATEMENTS[1] not in page


def overlapping(app: Flask, action: Any) -> list[bool]:
    """Run `action(session)` in two sessions whose writes overlap; each result, in order.

    The first session writes and holds its transaction open while the second tries the same
    write (PostgreSQL: it waits on the row lock; SQLite: on the database lock), then commits.
    """
    with app.app_context():
        engine = db.engine
    first, second = Session(engine), Session(engine)
    results: dict[str, bool] = {}
    try:
        results["first"] = action(first)

        def run_second() -> None:
            with app.app_context():
                results["second"] = _commit(second, action)

        thread = threading.Thread(target=run_second)
        thread.start()
        time.sleep(0.3)  # the second is now waiting for the first's lock
        first.commit()
        thread.join(30)
    finally:
        first.close()
        second.close()
    return [results["first"], results["second"]]


def _commit(session: Session, action: Any) -> bool:
    result = bool(action(session))
    session.commit()
    return result


def test_statement_in_two_sessions_at_once(app: Flask) -> None:
    case_id, token = forwarded_link(app)

    def answer(session: Session) -> bool:
        link = forwarding.find_link(session, token, utcnow())
        assert link is not None
        return forwarding.record_statement(
            session,
            link,
            statement=STATEMENTS[0],
            proposed_measures="",
            now=utcnow(),
            rule_profile=settings.rule_profile(),
        )

    with app.app_context():
        assert overlapping(app, answer) == [True, False]
    actions = audit_actions(app, case_id)
    assert actions.count(("link_statement", None)) == 1
    assert actions.count(("transition", "statement")) == 1


def test_revoking_in_two_sessions_at_once_is_audited_once(app: Flask) -> None:
    case_id, token = forwarded_link(app)
    with app.app_context():
        link_id = db.session.scalar(select(ForwardLink.id))

    def revoke(session: Session) -> bool:
        link = session.get(ForwardLink, link_id)
        assert link is not None
        return forwarding.revoke(session, link, None, utcnow())

    with app.app_context():
        assert overlapping(app, revoke) == [True, False]
    assert audit_actions(app, case_id).count(("forward_revoke", None)) == 1
    with app.app_context():
        assert forwarding.find_link(db.session, token, utcnow()) is None


def test_closing_a_card_request_in_two_sessions_at_once(app: Flask) -> None:
    from intake.printing import services as printing

    with app.app_context():
        office_id = db.session.scalar(select(Office.id).where(Office.code == "DIEZ"))
        request = CardRequest(office_id=office_id, layout="card", count=200)
        db.session.add(request)
        db.session.commit()
        request_id = request.id

    def close(session: Session) -> bool:
        row = session.get(CardRequest, request_id)
        assert row is not None
        return printing.mark_done(session, row, None)

    with app.app_context():
        assert overlapping(app, close) == [True, False]
        assert db.session.get(CardRequest, request_id).status == "done"  # type: ignore[union-attr]


def test_card_request_done_twice_is_audited_once(app: Flask) -> None:
    make_user(app, "service@example.org", "service")
    client = app.test_client()
    login(client, "service@example.org")
    with app.app_context():
        office_id = db.session.scalar(select(Office.id).where(Office.code == "DIEZ"))
        request = CardRequest(office_id=office_id, layout="card", count=200)
        db.session.add(request)
        db.session.commit()
        request_id = request.id
    token = hidden_fields(client.get("/staff/login").get_data(as_text=True))
    for _ in range(2):
        response = client.post(f"/staff/card-requests/{request_id}/done", data=token)
        assert response.status_code == 302
    with app.app_context():
        done = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "card_request_done")
        )
    assert done == 1
