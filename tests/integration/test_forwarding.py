"""Forwarding a case to a team lead: the secret expiring link, the mail, the lead's statement."""

from __future__ import annotations

import datetime as dt
import email
import hashlib
import re
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pytest
from babel.dates import format_date
from flask import Flask, g, render_template
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.backoffice.forwarding.section import forward_context
from intake.forwarding import services as forwarding
from intake.models import AuditEvent, Case, Contact, ForwardLink, Office, User, random_id
from intake.triage import deadlines
from intake.web.extensions import db
from tests.helpers import hidden_fields, login, make_user

CASE_TEXT = "Der Sachbearbeiter war am Telefon unfreundlich und hat einfach aufgelegt."
OTHER_TEXT = "Ganz anderer Fall: die Wartenummer wurde nie aufgerufen."
CONTACT = {"name": "Erika Mustermann", "email": "erika@example.net", "phone": "0151 2345678"}
LINK = re.compile(r"http://[^\s<\"]+/f/([A-Za-z0-9_-]+)")


@pytest.fixture
def outbox(app: Flask, tmp_path: Path) -> Path:
    folder = tmp_path / "outbox"
    app.config["MAIL_OUTBOX_DIR"] = str(folder)
    return folder


def add_case(
    app: Flask,
    office: str = "DIEZ",
    text: str = CASE_TEXT,
    *,
    status: str = "triaged",
    restricted: bool = False,
    contact: bool = True,
    forwarded: bool = False,
) -> int:
    """A classified, justified complaint (with contact data) in `office`."""
    today = dt.date.today()
    with app.app_context():
        office_id = db.session.scalar(select(Office.id).where(Office.code == office))
        item = Case(
            id=random_id(),
            office_id=office_id,
            channel="qr_card",
            kind="complaint",
            text=text,
            language="de",
            received_on=today,
            status=status,
            krm_kind="beschwerde",
            justified=True,
            restricted=restricted,
            contactable=contact,
            forwarded_on=today if forwarded else None,
        )
        if contact:
            item.contact = Contact(preferred="email", consent_on=today, **CONTACT)
        db.session.add(item)
        db.session.commit()
        return item.id


def csrf_of(client: FlaskClient, page: str = "/staff/inbox") -> dict[str, str]:
    """The CSRF token of a client's session, from a page with a form."""
    token = hidden_fields(client.get(page).get_data(as_text=True))
    assert "csrf_token" in token
    return {"csrf_token": token["csrf_token"]}


def forward(client: FlaskClient, case_id: int, **fields: object) -> tuple[int, str]:
    """Forward through the case page as an officer does; the status and the page shown after."""
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    data = {"forward_days": "14", "forward_note": "", **hidden_fields(page)}
    data.update({k: str(v) for k, v in fields.items()})
    response = client.post(f"/staff/cases/{case_id}/forward", data=data)
    if response.status_code != 302:
        return response.status_code, response.get_data(as_text=True)
    return 302, client.get(response.headers["Location"]).get_data(as_text=True)


def forwarded_link(client: FlaskClient, case_id: int, **fields: object) -> tuple[str, str]:
    """Forward and return the link's URL and token, as flashed once to the officer."""
    status, page = forward(client, case_id, **fields)
    assert status == 302, page
    match = LINK.search(page)
    assert match, "the link is not shown to the officer"
    return match.group(0), match.group(1)


def format_long(day: dt.date) -> str:
    return format_date(day, "long", locale="de")


def mails(folder: Path) -> list[EmailMessage]:
    found = []
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=default_policy)
        assert isinstance(message, EmailMessage)
        found.append(message)
    return found


def audit_events(app: Flask, case_id: int, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.case_id == case_id, AuditEvent.action == action)
                .order_by(AuditEvent.id)
            )
        )


def the_link(app: Flask, case_id: int) -> ForwardLink:
    with app.app_context():
        link = db.session.scalar(select(ForwardLink).where(ForwardLink.case_id == case_id))
        assert link is not None
        db.session.expunge(link)
        return link


def case(app: Flask, case_id: int) -> Case:
    with app.app_context():
        item = db.session.get(Case, case_id)
        assert item is not None
        db.session.expunge(item)
        return item


# --- the officer forwards ------------------------------------------------------------------


def test_forwarding_stores_only_a_hash_and_mails_the_link_without_the_text(
    app: Flask, client: FlaskClient, officer: User, outbox: Path, database_url: str
) -> None:
    make_user(app, "lead.diez@example.org", "team_lead", office_code="DIEZ")
    case_id = add_case(app)
    url, token = forwarded_link(
        client,
        case_id,
        forward_lead="lead.diez@example.org",
        forward_note="Bitte bis Freitag Stellung nehmen.",
    )

    link = the_link(app, case_id)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert link.recipient == "lead.diez@example.org"
    if database_url.startswith("sqlite:///"):
        database = Path(database_url.removeprefix("sqlite:///"))
        stored = b"".join(
            p.read_bytes() for p in database.parent.glob(database.name + "*") if p.is_file()
        )
        assert token.encode() not in stored
    item = case(app, case_id)
    assert item.status == "forwarded" and item.forwarded_on == dt.date.today()
    [event] = audit_events(app, case_id, "forward")
    assert event.user_id == officer.id and f"link {link.id}" in event.detail
    assert token not in event.detail

    [mail] = mails(outbox)
    body = mail.get_content()
    assert mail["To"] == "lead.diez@example.org"
    assert url in body
    assert "Geschäftsstelle Diez" in body and "Bitte bis Freitag Stellung nehmen." in body
    # The deadline that waits for the lead, not the officer's acknowledgement.
    assert "Abschließende Antwort" in body and "Eingangsbestätigung" not in body
    raw = mail.as_string()
    assert "unfreundlich" not in raw
    for value in CONTACT.values():
        assert value not in raw


def test_neukoelln_lead_is_told_the_five_day_deadline_of_a_second_followup_ticket(
    app: Flask, client: FlaskClient, officer: User, outbox: Path
) -> None:
    app.config["RULE_PROFILE"] = "neukoelln"
    case_id = add_case(app)
    with app.app_context():
        row = db.session.get(Case, case_id)
        assert row is not None
        row.krm_kind = "folgeticket_2"
        db.session.commit()
    _url, token = forwarded_link(client, case_id, forward_email="lead@example.org")
    due = deadlines.working_days_after(dt.date.today(), 5, "RP")  # Diez lies in RP
    [mail] = mails(outbox)
    assert f"Frist: {format_long(due)} (Antwort auf 2. Folgeticket)" in mail.get_content()
    page = app.test_client().get(f"/f/{token}").get_data(as_text=True)
    assert f"{format_long(due)} (Antwort auf 2. Folgeticket)" in page


def test_the_link_is_shown_only_once(
    app: Flask, client: FlaskClient, officer: User, outbox: Path
) -> None:
    case_id = add_case(app)
    url, _token = forwarded_link(client, case_id, forward_email="teamleitung@example.org")
    again = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert url not in again
    assert "teamleitung@example.org" in again  # the link is listed, without its address


def test_forward_form_checks_its_input(
    app: Flask, client: FlaskClient, officer: User, outbox: Path
) -> None:
    make_user(app, "lead.ems@example.org", "team_lead", office_code="EMS")
    case_id = add_case(app, "DIEZ")
    assert forward(client, case_id)[0] == 422  # no recipient
    assert forward(client, case_id, forward_email="keine-adresse")[0] == 422
    assert forward(client, case_id, forward_email="a@example.org", forward_days=0)[0] == 422
    assert forward(client, case_id, forward_email="a@example.org", forward_days=61)[0] == 422
    # A lead of another office is not among the choices.
    assert forward(client, case_id, forward_lead="lead.ems@example.org")[0] == 422
    with app.app_context():
        assert db.session.scalar(select(ForwardLink.id)) is None
    assert case(app, case_id).status == "triaged"
    assert not list(outbox.glob("*.eml"))


def test_link_expires_after_the_chosen_days(
    app: Flask, client: FlaskClient, officer: User, outbox: Path
) -> None:
    case_id = add_case(app)
    forwarded_link(client, case_id, forward_email="a@example.org", forward_days=3)
    link = the_link(app, case_id)
    lifetime = forwarding.aware(link.expires_at) - forwarding.aware(link.created_at)
    assert lifetime == dt.timedelta(days=3)


def test_forward_needs_csrf(app: Flask, client: FlaskClient, officer: User, outbox: Path) -> None:
    case_id = add_case(app)
    response = client.post(
        f"/staff/cases/{case_id}/forward",
        data={"forward_email": "a@example.org", "forward_days": "14"},
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(ForwardLink.id)) is None


def test_mail_failure_still_shows_the_link(app: Flask, client: FlaskClient, officer: User) -> None:
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=1)  # nothing listens there
    case_id = add_case(app)
    status, page = forward(client, case_id, forward_email="a@example.org")
    assert status == 302
    assert LINK.search(page) and "konnte nicht gesendet werden" in page
    assert case(app, case_id).status == "forwarded"


# --- the lead opens the link ----------------------------------------------------------------


def test_link_shows_only_its_case_without_contact_data(
    app: Flask, client: FlaskClient, officer: User, outbox: Path
) -> None:
    case_id = add_case(app)
    add_case(app, text=OTHER_TEXT)
    _url, token = forwarded_link(client, case_id, forward_email="a@example.org")
    lead = app.test_client()  # no staff login
    response = lead.get(f"/f/{token}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "unfreundlich" in html and "Geschäftsstelle Diez" in html
    assert "Wartenummer" not in html
    for value in CONTACT.values():
        assert value not in html
    assert "Kontaktdaten der Kundin oder des Kunden bleiben beim Kundenreaktionsmanagement" in html
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    link = the_link(app, case_id)
    [view] = audit_events(app, case_id, "link_view")
    assert view.user_id is None and view.detail == f"link {link.id}"
    lead.get(f"/f/{token}")
    assert len(audit_events(app, case_id, "link_view")) == 2


def test_statement_through_the_link_moves_the_case_on(
    app: Flask, client: FlaskClient, officer: User, outbox: Path
) -> None:
    case_id = add_case(app)
    _url, token = forwarded_link(client, case_id, forward_email="a@example.org")
    lead = app.test_client()
    page = lead.get(f"/f/{token}").get_data(as_text=True)
    empty = lead.post(f"/f/{token}", data={"statement": "   ", **hidden_fields(page)})
    assert empty.status_code == 422
    assert "Bitte schreiben Sie Ihre Stellungnahme." in empty.get_data(as_text=True)
    assert case(app, case_id).status == "forwarded"

    answer = lead.post(
        f"/f/{token}",
        data={
            "statement": "Das Gespräch ist bekannt; es tut uns leid.",
            "proposed_measures": "Schulung zur Gesprächsführung.",
            **hidden_fields(page),
        },
    )
    assert answer.status_code == 200
    assert "Vielen Dank" in answer.get_data(as_text=True)
    link = the_link(app, case_id)
    assert link.statement == "Das Gespräch ist bekannt; es tut uns leid."
    assert link.proposed_measures == "Schulung zur Gesprächsführung."
    assert link.answered_at is not None
    item = case(app, case_id)
    assert item.status == "statement" and item.statement_on == dt.date.today()
    [event] = audit_events(app, case_id, "link_statement")
    assert event.user_id is None and event.detail == f"link {link.id}"
    moves = [(e.from_state, e.to_state) for e in audit_events(app, case_id, "transition")]
    assert moves[-1] == ("forwarded", "statement")

    # Read-only afterwards: a second post changes nothing.
    again = lead.post(f"/f/{token}", data={"statement": "Überschrieben", **hidden_fields(page)})
    html = again.get_data(as_text=True)
    assert again.status_code == 200 and "<textarea" not in html
    assert "Das Gespräch ist bekannt" in html
    assert the_link(app, case_id).statement == "Das Gespräch ist bekannt; es tut uns leid."
    assert len(audit_events(app, case_id, "link_statement")) == 1

    # The officer reads the statement on the case page.
    officer_page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "Schulung zur Gesprächsführung." in officer_page


def test_statement_needs_csrf(app: Flask, client: FlaskClient, officer: User, outbox: Path) -> None:
    case_id = add_case(app)
    _url, token = forwarded_link(client, case_id, forward_email="a@example.org")
    response = app.test_client().post(f"/f/{token}", data={"statement": "ohne Token"})
    assert response.status_code == 400
    assert the_link(app, case_id).statement is None


def test_unknown_expired_and_revoked_links_look_the_same(
    app: Flask, client: FlaskClient, officer: User, outbox: Path
) -> None:
    revoked_case, expired_case, restricted_case = add_case(app), add_case(app), add_case(app)
    _u, revoked = forwarded_link(client, revoked_case, forward_email="a@example.org")
    _u, expired = forwarded_link(client, expired_case, forward_email="a@example.org")
    _u, restricted = forwarded_link(client, restricted_case, forward_email="a@example.org")

    link = the_link(app, revoked_case)
    page = client.get(f"/staff/cases/{revoked_case}").get_data(as_text=True)
    response = client.post(f"/staff/forward-links/{link.id}/revoke", data=hidden_fields(page))
    assert response.status_code == 302
    assert the_link(app, revoked_case).revoked_at is not None
    [event] = audit_events(app, revoked_case, "forward_revoke")
    assert event.user_id == officer.id
    with app.app_context():
        row = db.session.scalar(select(ForwardLink).where(ForwardLink.case_id == expired_case))
        assert row is not None
        row.expires_at = forwarding.aware(row.created_at) - dt.timedelta(seconds=1)
        item = db.session.get(Case, restricted_case)
        assert item is not None
        item.restricted = True  # a corruption hint found later: the link stops working
        db.session.commit()

    visitor = app.test_client()
    csrf = csrf_of(visitor, "/m/diez")
    for token in (revoked, expired, restricted, "x" * 43, "kurz", revoked[:-1] + "A"):
        for method in ("GET", "POST"):
            data = {"statement": "Stellungnahme", **csrf} if method == "POST" else None
            response = visitor.open(f"/f/{token}", method=method, data=data)
            html = response.get_data(as_text=True)
            assert response.status_code == 404, (token, method)
            assert "Dieser Link gilt nicht (mehr)" in html
            assert "unfreundlich" not in html
    assert not audit_events(app, revoked_case, "link_view")
    with app.app_context():
        assert (
            db.session.scalar(select(ForwardLink.id).where(ForwardLink.statement.is_not(None)))
            is None
        )


def test_restricted_cases_are_not_forwarded(
    app: Flask, client: FlaskClient, officer: User, outbox: Path
) -> None:
    case_id = add_case(app, restricted=True)
    response = client.post(
        f"/staff/cases/{case_id}/forward",
        data={"forward_email": "a@example.org", "forward_days": "14", **csrf_of(client)},
    )
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(ForwardLink.id)) is None


# --- the logged-in team lead ---------------------------------------------------------------


def test_team_lead_sees_and_answers_only_forwarded_cases_of_their_office(
    app: Flask, client: FlaskClient, officer: User, outbox: Path
) -> None:
    lead_user = make_user(app, "lead.diez@example.org", "team_lead", office_code="DIEZ")
    mine = add_case(app, "DIEZ")
    forwarded_link(client, mine, forward_lead="lead.diez@example.org")
    elsewhere = add_case(app, "EMS", OTHER_TEXT, status="forwarded", forwarded=True)
    not_forwarded = add_case(app, "DIEZ", "Noch nicht weitergeleitet.")
    restricted = add_case(app, "DIEZ", "Korruptionsverdacht", status="forwarded", forwarded=True)
    with app.app_context():
        row = db.session.get(Case, restricted)
        assert row is not None
        row.restricted = True
        db.session.commit()

    lead = app.test_client()
    login(lead, "lead.diez@example.org")
    listing = lead.get("/staff/lead")
    assert listing.status_code == 200
    listed = set(re.findall(r'href="/staff/cases/(\d+)"', listing.get_data(as_text=True)))
    assert listed == {str(mine)}

    token = hidden_fields(listing.get_data(as_text=True))
    for other in (elsewhere, not_forwarded, restricted):
        assert lead.get(f"/staff/cases/{other}").status_code == 404
        response = lead.post(f"/staff/cases/{other}/statement", data={"statement": "Nein", **token})
        assert response.status_code == 404
        assert not audit_events(app, other, "lead_statement")

    page = lead.get(f"/staff/cases/{mine}").get_data(as_text=True)
    assert f'action="/staff/cases/{mine}/statement"' in page
    assert lead.post(f"/staff/cases/{mine}/statement", data={"statement": "x"}).status_code == 400
    response = lead.post(
        f"/staff/cases/{mine}/statement",
        data={"statement": "Wir klären das im Team.", **hidden_fields(page)},
    )
    assert response.status_code == 302
    link = the_link(app, mine)
    assert link.statement == "Wir klären das im Team." and link.recipient == lead_user.email
    assert case(app, mine).status == "statement"
    [event] = audit_events(app, mine, "lead_statement")
    assert event.user_id == lead_user.id
    # The lead may neither forward nor revoke.
    assert lead.post(f"/staff/forward-links/{link.id}/revoke", data=token).status_code == 403


def test_lead_statement_without_a_link(app: Flask, client: FlaskClient) -> None:
    """A case moved to "forwarded" by hand (no link) still takes the lead's statement."""
    make_user(app, "lead.diez@example.org", "team_lead", office_code="DIEZ")
    case_id = add_case(app, status="forwarded", forwarded=True)
    login(client, "lead.diez@example.org")
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    response = client.post(
        f"/staff/cases/{case_id}/statement",
        data={"statement": "Erledigt.", **hidden_fields(page)},
    )
    assert response.status_code == 302
    link = the_link(app, case_id)
    assert link.statement == "Erledigt." and link.created_by_id is not None
    assert case(app, case_id).status == "statement"
    with app.app_context():
        assert forwarding.state(link, forwarding.aware(link.created_at)) == forwarding.ANSWERED


def test_forward_section_shows_links_and_the_right_forms(
    app: Flask, client: FlaskClient, officer: User, outbox: Path
) -> None:
    make_user(app, "lead.diez@example.org", "team_lead", office_code="DIEZ")
    case_id = add_case(app)
    forwarded_link(client, case_id, forward_lead="lead.diez@example.org")
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "Weiterleitung an die Teamleitung" in page
    assert f'action="/staff/forward-links/{the_link(app, case_id).id}/revoke"' in page
    assert f'action="/staff/cases/{case_id}/forward"' in page
    assert f'action="/staff/cases/{case_id}/statement"' not in page
    with app.test_request_context():
        for email_address, forms in (
            ("officer@example.org", {"forward_form", "revoke_form"}),
            ("lead.diez@example.org", {"statement_form"}),
        ):
            g.current_user = db.session.scalar(select(User).where(User.email == email_address))
            item = db.session.get(Case, case_id)
            assert item is not None
            context = forward_context(item)
            given = {k for k in ("forward_form", "revoke_form", "statement_form") if context[k]}
            assert given == forms
            html = render_template("staff/_forward.html", case=item, **context)
            assert "lead.diez@example.org" in html


def test_withdrawing_a_forwarding_kills_its_links_and_reopens_the_deadline(
    app: Flask, client: FlaskClient, officer: User, outbox: Path
) -> None:
    case_id = add_case(app)
    url, _token = forwarded_link(client, case_id, forward_email="lead@example.org")
    assert app.test_client().get(url).status_code == 200
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    client.post(
        f"/staff/cases/{case_id}/transition",
        data={"to_state": "triaged", **hidden_fields(page)},
    )
    with app.app_context():
        item = db.session.get(Case, case_id)
        assert item is not None
        assert (item.status, item.forwarded_on) == ("triaged", None)
    assert app.test_client().get(url).status_code == 404


def test_forwarding_an_answered_case_reopens_it_without_inventing_a_statement(
    app: Flask, client: FlaskClient, officer: User, outbox: Path
) -> None:
    case_id = add_case(app, status="answered")
    forwarded_link(client, case_id, forward_email="lead@example.org")
    with app.app_context():
        item = db.session.get(Case, case_id)
        assert item is not None
        assert (item.status, item.statement_on) == ("forwarded", None)
        steps = [
            (e.from_state, e.to_state)
            for e in db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.case_id == case_id, AuditEvent.action == "transition")
                .order_by(AuditEvent.id)
            )
        ]
    assert steps == [("answered", "triaged"), ("triaged", "forwarded")]
