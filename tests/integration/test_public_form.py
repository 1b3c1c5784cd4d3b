"""The public journey through the test client, CSRF on: form → (preview) → thanks → status."""

from __future__ import annotations

import datetime as dt
from html import escape

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from intake.models import Case, Contact
from intake.web.extensions import db
from tests.helpers import add_print_batch, hidden_fields, receipt_of, submit


def stored(app: Flask) -> list[Case]:
    with app.app_context():
        query = select(Case).options(selectinload(Case.contact))
        return list(db.session.scalars(query))


def test_office_form_is_case_insensitive_and_names_the_office(client: FlaskClient) -> None:
    for url in ("/m/diez", "/M/DIEZ", "/m/DiEz/k12", "/M/diez/P3"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "Geschäftsstelle Diez" in page.get_data(as_text=True)


def test_unknown_and_retired_offices_lead_to_the_general_form(client: FlaskClient) -> None:
    for url in ("/m/nope", "/m/old", "/M/OLD/k1"):
        page = client.get(url)
        assert page.status_code == 404
        html = page.get_data(as_text=True)
        assert 'href="/"' in html and "Formular für alle Geschäftsstellen" in html


def test_general_form_offers_active_offices_and_no_choice(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "keine Angabe" in html and "Geschäftsstelle Bad Ems" in html
    assert "Alte Stelle" not in html


def test_submission_is_stored_with_channel_batch_and_date_only(
    app: Flask, client: FlaskClient
) -> None:
    add_print_batch(app, "DIEZ", "card", 200, batch_id=12)  # only real print runs count
    response = submit(
        client, "/m/diez/k12", kind="complaint", rating="2", text="Die Wartezeit war sehr lang."
    )
    assert response.status_code == 200
    code = receipt_of(response.get_data(as_text=True))
    assert len(code) == 12 and code.count("-") == 2
    [row] = stored(app)
    assert (row.channel, row.batch, row.kind, row.rating) == ("qr_card", 12, "complaint", 2)
    assert row.text == "Die Wartezeit war sehr lang."
    assert row.received_on == dt.date.today()
    assert isinstance(row.received_on, dt.date) and not isinstance(row.received_on, dt.datetime)
    assert row.office is not None and row.office.code == "DIEZ"
    assert code.replace("-", "")[4:] not in row.receipt_hash  # only the keyed hash is kept
    assert row.contact is None


def test_general_form_stores_the_chosen_office_or_none(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        from intake.models import Office

        ems = db.session.scalar(select(Office.id).where(Office.code == "EMS"))
    submit(client, "/", office=str(ems), text="Gut.")
    submit(client, "/", office="", text="Auch gut.")
    rows = sorted(stored(app), key=lambda r: r.text)
    assert [(r.channel, r.office_id) for r in rows] == [("homepage", None), ("homepage", ems)]


def test_unknown_office_choice_is_a_friendly_error(app: Flask, client: FlaskClient) -> None:
    response = submit(client, "/", office="999999")
    assert response.status_code == 422
    assert "Bitte wählen Sie eine Geschäftsstelle" in response.get_data(as_text=True)
    assert stored(app) == []


def test_missing_fields_get_errors_tied_to_their_fields(app: Flask, client: FlaskClient) -> None:
    response = submit(client, "/m/diez", kind=None, text="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-summary"' in html
    assert 'id="kind-error"' in html and 'id="text-error"' in html
    assert 'aria-describedby="text-hint text-error"' in html
    assert 'aria-invalid="true"' in html
    assert stored(app) == []


def test_too_long_text_is_refused_with_the_limit(app: Flask, client: FlaskClient) -> None:
    response = submit(client, text="x" * 4001)
    assert response.status_code == 422
    assert "höchstens 4000 Zeichen" in response.get_data(as_text=True)


def test_masking_preview_then_send_masked(app: Flask, client: FlaskClient) -> None:
    text = "Rufen Sie mich an: 0176/12345678, Kundennummer 123D456789. Danke!"
    preview = submit(client, text=text)
    html = preview.get_data(as_text=True)
    assert "Bitte prüfen" in html and "[Telefonnummer entfernt]" in html
    assert "Telefonnummern" in html and "Kundennummern" in html
    assert stored(app) == []  # nothing stored before the visitor confirms
    fields = hidden_fields(html)
    response = client.post(
        "/m/diez", data={**fields, "kind": "praise", "text": text, "action": "send_masked"}
    )
    assert response.status_code == 200
    [row] = stored(app)
    assert "0176" not in row.text and "123D456789" not in row.text
    assert row.text.endswith("Danke!")
    assert row.masked_kinds == "phone,customer_number"


def test_masking_preview_edit_reopens_form_with_contact_block(
    app: Flask, client: FlaskClient
) -> None:
    text = "Meine Mail: max@example.org"
    preview = submit(client, text=text).get_data(as_text=True)
    response = client.post(
        "/m/diez", data={**hidden_fields(preview), "kind": "praise", "text": text, "action": "edit"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "max@example.org" in html  # the visitor's own text comes back to edit
    assert '<details class="contact" open>' in html
    assert stored(app) == []


def test_contact_data_needs_consent_and_is_stored_apart(app: Flask, client: FlaskClient) -> None:
    refused = submit(client, email="anna@example.org", preferred="email")
    assert refused.status_code == 422
    assert "Bitte stimmen Sie zu" in refused.get_data(as_text=True)
    assert stored(app) == []
    accepted = submit(client, email="anna@example.org", preferred="email", consent="y", name="Anna")
    assert accepted.status_code == 200
    [row] = stored(app)
    assert "anna@example.org" not in row.text
    with app.app_context():
        contact = db.session.scalar(select(Contact))
        assert contact is not None
        assert (contact.email, contact.name, contact.preferred) == (
            "anna@example.org",
            "Anna",
            "email",
        )
        assert contact.consent_on == dt.date.today()


def test_chosen_reply_channel_needs_its_data(client: FlaskClient) -> None:
    response = submit(client, name="Anna", preferred="phone", consent="y")
    assert response.status_code == 422
    assert "fehlen noch Ihre Angaben" in response.get_data(as_text=True)


def test_resent_form_is_stored_once_and_shows_no_receipt_again(
    app: Flask, client: FlaskClient
) -> None:
    page = client.get("/m/diez").get_data(as_text=True)
    data = {"kind": "idea", "text": "Mehr Sitzplätze bitte.", **hidden_fields(page)}
    first = client.post("/m/diez", data=data).get_data(as_text=True)
    second = client.post("/m/diez", data=data).get_data(as_text=True)
    assert receipt_of(first) not in second  # shown once only (tests/…/test_receipt_once.py)
    assert "nur einmal gespeichert" in second
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == 1


def test_status_page_shows_state_and_answer(app: Flask, client: FlaskClient) -> None:
    code = receipt_of(submit(client).get_data(as_text=True))
    page = client.get("/status").get_data(as_text=True)
    found = client.post(
        "/status", data={"code": code.lower().replace("-", " "), **hidden_fields(page)}
    )
    assert found.status_code == 200
    assert "eingegangen" in found.get_data(as_text=True)
    with app.app_context():
        row = db.session.scalar(select(Case))
        assert row is not None
        row.status, row.answer = "answered", "Danke für Ihr Lob, wir geben es weiter."
        db.session.commit()
    answered = client.post("/status", data={"code": code, **hidden_fields(page)})
    html = answered.get_data(as_text=True)
    assert "beantwortet" in html and "wir geben es weiter" in html


def test_wrong_codes_get_one_uniform_answer(client: FlaskClient) -> None:
    page = client.get("/status").get_data(as_text=True)
    bodies = set()
    for typed in ("ABCD-EFGH-JK", "short", "AAAA-AAAA-AA", "<script>"):
        response = client.post("/status", data={"code": typed, **hidden_fields(page)})
        assert response.status_code == 404
        html = response.get_data(as_text=True)
        bodies.add(html.split('name="csrf_token"')[0].replace(escape(typed), ""))
        assert "nichts gefunden" in html
    assert len(bodies) == 1


def test_honeypot_and_instant_submissions_land_in_spam(app: Flask, client: FlaskClient) -> None:
    trapped = submit(client, website="http://spam.example")
    assert trapped.status_code == 200  # a bot learns nothing
    app.config["MIN_FILL_SECONDS"] = 30
    submit(client, text="Schnell!")
    rows = {r.spam_reason: r for r in stored(app)}
    assert set(rows) == {"honeypot", "too_fast"}
    assert all(r.is_spam for r in rows.values())


def test_expired_form_keeps_the_text(app: Flask, client: FlaskClient) -> None:
    app.config["FORM_TOKEN_MAX_AGE"] = -1
    response = submit(client, text="Mein langer Text, der nicht verloren gehen darf.")
    html = response.get_data(as_text=True)
    assert "zu lange geöffnet" in html
    assert "Mein langer Text, der nicht verloren gehen darf." in html
    assert stored(app) == []


def test_missing_csrf_token_keeps_the_text(app: Flask, client: FlaskClient) -> None:
    page = client.get("/m/diez").get_data(as_text=True)
    fields = hidden_fields(page)
    response = client.post(
        "/m/diez",
        data={"form_token": fields["form_token"], "kind": "idea", "text": "Bitte nicht verlieren."},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bitte nicht verlieren." in html and "noch einmal ab" in html
    assert hidden_fields(html)["csrf_token"]
    assert stored(app) == []


def test_forged_form_token_keeps_the_text(app: Flask, client: FlaskClient) -> None:
    response = submit(client, form_token="forged", text="Mein Text bleibt.")
    assert "Mein Text bleibt." in response.get_data(as_text=True)
    assert stored(app) == []


def test_language_switch_is_in_the_url_not_a_cookie(client: FlaskClient) -> None:
    english = client.get("/m/diez?lang=en")
    html = english.get_data(as_text=True)
    assert '<html lang="en"' in html
    assert 'href="/status?lang=en"' in html  # the choice travels with the links
    assert all("lang" not in c.lower() for c in english.headers.getlist("Set-Cookie"))
    german = client.get("/m/diez")
    assert '<html lang="de"' in german.get_data(as_text=True)


def test_accept_language_gives_the_first_guess(client: FlaskClient) -> None:
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}).get_data(as_text=True)
    assert '<html lang="en"' in html
    html = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="de"' in html


def test_language_choice_survives_the_post(app: Flask, client: FlaskClient) -> None:
    response = submit(client, "/m/diez?lang=en", lang="en")
    assert '<html lang="en"' in response.get_data(as_text=True)
    [row] = stored(app)
    assert row.language == "en"


def test_legal_pages_are_linked_from_every_public_page(client: FlaskClient) -> None:
    for url in (
        "/",
        "/m/diez",
        "/status",
        "/datenschutz",
        "/barrierefreiheit",
        "/impressum",
        "/embed",
        "/m/nope",
    ):
        html = client.get(url).get_data(as_text=True)
        for target in ("/datenschutz", "/barrierefreiheit", "/impressum"):
            assert f'href="{target}' in html, (url, target)


def test_privacy_notice_says_what_is_and_is_not_stored(client: FlaskClient) -> None:
    html = client.get("/datenschutz").get_data(as_text=True)
    for phrase in (
        "Keine IP-Adresse",
        "nicht die Uhrzeit",
        "Tracking-Cookies",
        "getrennt von der Nachricht",
        "30 Tagen",
    ):
        assert phrase in html


def test_operator_texts_are_configurable(app: Flask, client: FlaskClient) -> None:
    app.config["OPERATOR_NAME"] = "Jobcenter Rhein-Lahn"
    app.config["LEGAL_NOTICE_EXTRA"] = "Vertreten durch die Geschäftsführung."
    html = client.get("/impressum").get_data(as_text=True)
    assert "Jobcenter Rhein-Lahn" in html and "Vertreten durch die Geschäftsführung." in html


def test_cached_form_pages_get_fresh_tokens_each_time(app: Flask, client: FlaskClient) -> None:
    first = client.get("/m/diez").get_data(as_text=True)
    second = app.test_client().get("/m/diez").get_data(as_text=True)
    tokens_a, tokens_b = hidden_fields(first), hidden_fields(second)
    assert tokens_a["form_token"] != tokens_b["form_token"]
    assert tokens_a["csrf_token"] != tokens_b["csrf_token"]
    assert "placeholder" not in first + second
    assert first.replace(tokens_a["form_token"], "").replace(
        tokens_a["csrf_token"], ""
    ) == second.replace(tokens_b["form_token"], "").replace(tokens_b["csrf_token"], "")
    data = {"kind": "idea", "text": "Aus dem Zwischenspeicher.", **tokens_a}
    assert client.post("/m/diez", data=data).status_code == 200
    assert [r.text for r in stored(app)] == ["Aus dem Zwischenspeicher."]


def test_form_cache_follows_language_and_can_be_switched_off(
    app: Flask, client: FlaskClient
) -> None:
    assert '<html lang="de"' in client.get("/m/diez").get_data(as_text=True)
    assert '<html lang="en"' in client.get("/m/diez?lang=en").get_data(as_text=True)
    english = client.get("/m/diez", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en"' in english
    app.config["FORM_PAGE_CACHE_SECONDS"] = 0
    app.config["TEXT_MAX_LENGTH"] = 1234
    assert "1234" in client.get("/m/diez").get_data(as_text=True)
