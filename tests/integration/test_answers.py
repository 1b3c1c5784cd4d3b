"""Answers to senders: e-mail (outbox), letter PDF, the receipt status page, and templates."""

from __future__ import annotations

import datetime as dt
import email
import re
import socket
from email.message import EmailMessage
from email.policy import default as default_policy
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from intake.answers import services as answers
from intake.models import AnswerTemplate, AuditEvent, Case, Contact
from intake.web.extensions import db
from tests.cards import pdftools
from tests.factories import make_case
from tests.helpers import hidden_fields, login, make_user, receipt_of, submit

TODAY = dt.date.today()
COMPLAINT = "Die Wartezeit am Empfang war zu lang und niemand hat zurückgerufen."


def web_case(app: Flask) -> int:
    """The one web case of a test (the only kind with a receipt code)."""
    with app.app_context():
        return db.session.scalars(select(Case.id).where(Case.receipt_hash.is_not(None))).one()


def load(app: Flask, case_id: int) -> Case:
    with app.app_context():
        row = db.session.get(Case, case_id)
        assert row is not None
        db.session.expunge(row)
        return row


def events(app: Flask, case_id: int) -> list[AuditEvent]:
    with app.app_context():
        found = db.session.scalars(
            select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)
        )
        return list(found)


def add_case(app: Flask, channel: str, contact: dict[str, str] | None = None) -> int:
    """A case staff or sync created: no receipt code; contact data only if given."""
    with app.app_context():
        row = make_case(
            db.session,
            "new",
            channel=channel,
            office=None,
            text=COMPLAINT,
            received_on=TODAY,
            contact={"preferred": "post", **contact} if contact is not None else None,
        )
        db.session.commit()
        return row.id


def editor(client: FlaskClient, case_id: int, **query: str) -> str:
    response = client.get(f"/staff/cases/{case_id}/answer", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def textarea_text(html: str) -> str:
    match = re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, "no answer text area"
    return unescape(match.group(1)).strip()


def offered_channels(html: str) -> list[str]:
    return re.findall(r'name="channel" value="([a-z]+)"', html)


def send_answer(
    client: FlaskClient,
    case_id: int,
    text: str,
    channel: str,
    purpose: str = "final",
) -> TestResponse:
    page = editor(client, case_id)
    return client.post(
        f"/staff/cases/{case_id}/answer",
        data={"purpose": purpose, "text": text, "channel": channel, **hidden_fields(page)},
    )


def outbox_messages(folder: Path) -> list[EmailMessage]:
    found = []
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=default_policy)
        assert isinstance(message, EmailMessage)
        found.append(message)
    return found


@pytest.fixture
def outbox(app: Flask, tmp_path: Path) -> Path:
    folder = tmp_path / "outbox"
    app.config["MAIL_OUTBOX_DIR"] = str(folder)
    app.config["MAIL_SMTP_HOST"] = ""
    return folder


def test_email_answer_lands_in_the_outbox_and_answers_the_case(
    app: Flask, client: FlaskClient, officer: object, outbox: Path
) -> None:
    submit(
        client,
        kind="complaint",
        text=COMPLAINT,
        name="Anna Beispiel",
        email="anna@example.org",
        preferred="email",
        consent="y",
    )
    case = web_case(app)
    page = editor(client, case)
    prefilled = textarea_text(page)
    assert prefilled.startswith("Guten Tag Anna Beispiel,")  # {anrede} filled in
    assert "{" not in prefilled.split("[[")[0]

    text = "{anrede}\n\nWir haben die Wartezeit geprüft und den Rückruf neu geregelt.\n\n{absender}"
    response = send_answer(client, case, text, "email")
    assert response.status_code == 302
    [message] = outbox_messages(outbox)
    assert message["To"] == "anna@example.org"
    assert "Antwort auf Ihre Nachricht vom" in message["Subject"]
    body = message.get_content()
    assert "Guten Tag Anna Beispiel," in body
    assert "den Rückruf neu geregelt" in body
    assert app.config["OPERATOR_NAME"] in body

    row = load(app, case)
    assert row.status == "answered" and row.answered_on == TODAY
    assert row.answer_channel == "email" and row.answer is not None
    assert "den Rückruf neu geregelt" in row.answer
    trail = events(app, case)
    assert ("answer", "email") in [(e.action, e.detail) for e in trail]
    assert all("Rückruf" not in e.detail for e in trail)  # the audit never holds the text
    assert [e.to_state for e in trail if e.action == "transition"][-1] == "answered"


def test_receipt_answer_is_readable_on_the_status_page(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    thanks = submit(client, kind="idea", text="Bitte mehr Sitzplätze im Wartebereich.")
    code = receipt_of(thanks.get_data(as_text=True))
    case = web_case(app)
    assert offered_channels(editor(client, case)) == ["receipt"]

    answer = "Guten Tag,\n\nab März stehen zwölf weitere Stühle im Wartebereich."
    response = send_answer(client, case, answer, "receipt")
    assert response.status_code == 302
    assert load(app, case).status == "answered"

    citizen = app.test_client()
    status_page = citizen.get("/status").get_data(as_text=True)
    result = citizen.post("/status", data={"code": code, **hidden_fields(status_page)})
    assert result.status_code == 200
    assert "zwölf weitere Stühle" in result.get_data(as_text=True)


def test_receipt_takes_only_the_final_answer(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    submit(client, kind="complaint", text=COMPLAINT)
    case = web_case(app)
    response = send_answer(client, case, "Guten Tag, wir prüfen das.", "receipt", "interim")
    assert response.status_code == 422
    assert "nur die abschließende Antwort" in response.get_data(as_text=True)
    row = load(app, case)
    assert row.answer is None and row.status == "new"


def test_letter_pdf_holds_the_address_and_the_text(
    app: Flask, client: FlaskClient, officer: object, tmp_path: Path
) -> None:
    case = add_case(
        app,
        "letter",
        {"name": "Jürgen Weiß", "postal_address": "Lindenstraße 5\n56130 Bad Ems"},
    )
    assert offered_channels(editor(client, case)) == ["letter"]
    text = "{anrede}\n\nIhre Beschwerde über die Wartezeit war berechtigt; wir haben reagiert."
    response = send_answer(client, case, text, "letter")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    sent = tmp_path / "sent.pdf"
    sent.write_bytes(response.get_data())
    content = pdftools.text(sent)
    for expected in ("Jürgen Weiß", "Lindenstraße 5", "56130 Bad Ems", "Guten Tag Jürgen Weiß,"):
        assert expected in content
    assert "Wartezeit war berechtigt" in content

    row = load(app, case)
    assert row.status == "answered" and row.answer_channel == "letter"
    again = client.get(f"/staff/cases/{case}/letter.pdf")
    assert again.status_code == 200 and again.mimetype == "application/pdf"
    reprint = tmp_path / "reprint.pdf"
    reprint.write_bytes(again.get_data())
    assert "Wartezeit war berechtigt" in pdftools.text(reprint)
    actions = [(e.action, e.detail) for e in events(app, case)]
    assert ("answer", "letter") in actions
    assert actions.count(("letter_pdf", "final")) == 2


def test_acknowledgement_letter_and_no_letter_without_address(
    app: Flask, client: FlaskClient, officer: object, tmp_path: Path
) -> None:
    by_post = add_case(app, "letter", {"name": "", "postal_address": "Am Markt 1, 65582 Diez"})
    response = client.get(f"/staff/cases/{by_post}/letter.pdf?purpose=acknowledgement")
    assert response.status_code == 200
    pdf = tmp_path / "ack.pdf"
    pdf.write_bytes(response.get_data())
    content = pdftools.text(pdf)
    assert "Am Markt 1" in content and "65582 Diez" in content  # one line split at commas
    assert "Eingangsbestätigung" in content
    # Nothing stored yet: no final answer to print.
    assert client.get(f"/staff/cases/{by_post}/letter.pdf").status_code == 404

    by_mail = add_case(app, "email", {"email": "kim@example.org", "postal_address": ""})
    assert client.get(f"/staff/cases/{by_mail}/letter.pdf").status_code == 404
    ack = client.get(f"/staff/cases/{by_mail}/letter.pdf?purpose=acknowledgement")
    assert ack.status_code == 404


def test_acknowledgement_by_email_records_the_milestone_only(
    app: Flask, client: FlaskClient, officer: object, outbox: Path
) -> None:
    case = add_case(app, "email", {"email": "kim@example.org", "postal_address": ""})
    page = editor(client, case, purpose="acknowledgement")
    text = textarea_text(page)
    assert "eingegangen" in text and "[[" not in text
    response = send_answer(client, case, text, "email", "acknowledgement")
    assert response.status_code == 302
    [message] = outbox_messages(outbox)
    assert message["Subject"].startswith("Eingangsbestätigung")
    row = load(app, case)
    assert row.acknowledged_on == TODAY
    assert row.answer is None and row.status == "new"
    actions = {e.action for e in events(app, case)}
    assert {"acknowledgement", "acknowledge"} <= actions


def test_channels_offered_match_the_contact_data(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    both = add_case(app, "letter", {"email": "a@example.org", "postal_address": "Weg 1\n12345 Ort"})
    mail_only = add_case(app, "email", {"email": "b@example.org", "postal_address": ""})
    phone_only = add_case(app, "phone", {"phone": "0261 123", "postal_address": ""})
    submit(client, kind="praise", email="c@example.org", preferred="email", consent="y")
    web_with_mail = web_case(app)
    assert offered_channels(editor(client, both)) == ["email", "letter"]
    assert offered_channels(editor(client, mail_only)) == ["email"]
    assert offered_channels(editor(client, phone_only)) == ["phone"]  # a call back
    assert offered_channels(editor(client, web_with_mail)) == ["email", "receipt"]


def test_mail_failure_is_a_friendly_page_and_leaves_the_case_unanswered(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=closed_port)
    case = add_case(app, "email", {"email": "kim@example.org", "postal_address": ""})
    text = "Guten Tag,\n\nwir haben Ihr Anliegen geklärt: der Termin ist verlegt."
    response = send_answer(client, case, text, "email")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "Die E-Mail konnte nicht verschickt werden." in html
    assert "der Termin ist verlegt" in textarea_text(html)  # the text is kept
    row = load(app, case)
    assert row.answer is None and row.answered_on is None and row.status == "new"
    actions = [(e.action, e.detail) for e in events(app, case)]
    assert ("mail_failed", "final") in actions
    assert all(action != "answer" for action, _detail in actions)


def test_cases_without_a_way_back_offer_no_channel(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    google = add_case(app, "google")
    paper = add_case(app, "paper_card")
    google_page = editor(client, google)
    assert offered_channels(google_page) == []
    assert "öffentlichen Antwort auf Google" in google_page
    paper_page = editor(client, paper)
    assert offered_channels(paper_page) == []
    assert "keine Kontaktdaten" in paper_page
    response = client.post(
        f"/staff/cases/{paper}/answer",
        data={"purpose": "final", "text": "Hallo", "channel": "email", **hidden_fields(paper_page)},
    )
    assert response.status_code == 422
    assert load(app, paper).answer is None


def test_unfinished_text_is_not_sent(
    app: Flask, client: FlaskClient, officer: object, outbox: Path
) -> None:
    case = add_case(app, "email", {"email": "kim@example.org", "postal_address": ""})
    prefilled = textarea_text(editor(client, case))
    assert "[[" in prefilled  # the built-in complaint answer has a slot for every point
    response = send_answer(client, case, prefilled, "email")
    assert response.status_code == 422
    assert "Bitte ersetzen Sie noch die markierten Stellen" in response.get_data(as_text=True)
    unknown = send_answer(client, case, "Guten Tag {vorname},\n\nerledigt.", "email")
    assert unknown.status_code == 422 and "{vorname}" in unknown.get_data(as_text=True)
    assert not outbox.exists() or not list(outbox.iterdir())
    assert load(app, case).answer is None


def test_templates_are_editable_and_used(app: Flask, client: FlaskClient, officer: object) -> None:
    listing = client.get("/staff/templates").get_data(as_text=True)
    assert "Antwort auf eine Beschwerde" in listing and "Eingangsbestätigung" in listing
    start = client.get("/staff/templates/new?builtin=beschwerde").get_data(as_text=True)
    assert "Es tut uns leid" in start
    data = {
        "kind": "beschwerde",
        "language": "de",
        "title": "Beschwerde Wartezeit",
        "body": "{anrede}\n\nUnsere Antwort aus der {geschaeftsstelle} zur Wartezeit.",
        "save": "1",
        **hidden_fields(start),
    }
    saved = client.post("/staff/templates/new", data=data)
    assert saved.status_code == 302
    assert client.post("/staff/templates/new", data=data).status_code == 422  # same title

    typo = client.post("/staff/templates/new", data={**data, "title": "x", "body": "{anrde}"})
    assert typo.status_code == 422 and "{anrde}" in typo.get_data(as_text=True)
    for blank in ({"title": "   "}, {"body": " \r\n "}):  # spaces alone: asked again, not a 500
        refused = client.post("/staff/templates/new", data={**data, "title": "y", **blank})
        assert refused.status_code == 422
        assert "Bitte geben Sie einen Titel an." in refused.get_data(
            as_text=True
        ) or "Bitte schreiben Sie einen Text." in refused.get_data(as_text=True)

    with app.app_context():
        row = db.session.scalars(select(AnswerTemplate)).one()
        template_id = row.id

    submit(client, kind="complaint", text=COMPLAINT)  # at Geschäftsstelle Diez
    case = web_case(app)
    page = editor(client, case)
    assert "Beschwerde Wartezeit" in page
    assert "Antwort auf eine Beschwerde" not in page  # the own template replaces the built-in
    assert "Allgemeine Antwort" in page
    own_text = textarea_text(page)
    assert own_text.endswith("Unsere Antwort aus der Geschäftsstelle Diez zur Wartezeit.")

    edit_page = client.get(f"/staff/templates/{template_id}").get_data(as_text=True)
    changed = client.post(
        f"/staff/templates/{template_id}",
        data={**data, "body": "{anrede}\n\nGeänderter Text.", **hidden_fields(edit_page)},
    )
    assert changed.status_code == 302
    assert textarea_text(editor(client, case, template=str(template_id))).endswith(
        "Geänderter Text."
    )
    deleted = client.post(
        f"/staff/templates/{template_id}",
        data={**data, "delete": "1", **hidden_fields(edit_page)},
    )
    assert deleted.status_code == 302
    assert "Antwort auf eine Beschwerde" in editor(client, case)
    with app.app_context():
        assert db.session.scalars(select(AnswerTemplate)).all() == []


def test_only_those_who_may_work_on_the_case_can_answer(app: Flask, client: FlaskClient) -> None:
    case = add_case(app, "email", {"email": "kim@example.org", "postal_address": ""})
    make_user(app, "risk@example.org", "anti_corruption")
    login(client, "risk@example.org")
    # The anti-corruption role works on restricted cases only: others do not exist for it.
    assert client.get(f"/staff/cases/{case}/answer").status_code == 404
    assert client.get(f"/staff/cases/{case}/letter.pdf").status_code == 404


def test_render_fills_known_placeholders_and_leaves_the_rest() -> None:
    item = Case(
        channel="homepage", kind="idea", text="", language="de", received_on=dt.date(2026, 3, 12)
    )
    config = {"OPERATOR_NAME": "Jobcenter Musterstadt", "OPERATOR_EMAIL": "krm@example.org"}
    body = "{anrede} {eingangsdatum} {absender} {kontakt} {unbekannt} {0.__class__} {{x}}"
    assert answers.render(body, item, config) == (
        "Guten Tag, 12. März 2026 Jobcenter Musterstadt krm@example.org {unbekannt} "
        "{0.__class__} {{x}}"
    )
    assert answers.unfinished("Hallo {unbekannt} [[Punkt]] {anrede}") == [
        "[[Punkt]]",
        "{unbekannt}",
    ]
    item.contact = Contact(name="Ayşe Yılmaz", email="a@example.org", postal_address="")
    assert answers.render("{anrede}", item, config) == "Guten Tag Ayşe Yılmaz,"
    assert answers.channels_for(item) == ["email"]
    item.language = "en"
    assert answers.render("{anrede}", item, config) == "Dear Ayşe Yılmaz,"
    assert answers.render("{anrede}", item, config, language="de") == "Guten Tag Ayşe Yılmaz,"


def test_case_page_shows_the_answer_and_its_links(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    case = add_case(app, "letter", {"name": "Jo Beispiel", "postal_address": "Weg 1, 12345 Ort"})
    before = client.get(f"/staff/cases/{case}").get_data(as_text=True)
    assert "noch nicht beantwortet" in before
    assert f'href="/staff/cases/{case}/answer"' in before
    assert f'href="/staff/cases/{case}/letter.pdf"' not in before  # nothing to print yet
    send_answer(client, case, "Guten Tag,\n\nder Bescheid ist korrigiert.", "letter")
    after = client.get(f"/staff/cases/{case}").get_data(as_text=True)
    section = after.split('id="answer-title"', 1)[1]
    assert "Brief an die angegebene Anschrift" in section
    assert "der Bescheid ist korrigiert." in section
    assert f'href="/staff/cases/{case}/letter.pdf"' in section

    google = add_case(app, "google")
    google_page = client.get(f"/staff/cases/{google}").get_data(as_text=True)
    assert "Antwort nur öffentlich auf Google" in google_page
    assert f'href="/staff/cases/{google}/answer"' not in google_page
