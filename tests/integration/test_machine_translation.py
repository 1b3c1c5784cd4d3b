"""Machine translation in the app, against the local LibreTranslate fake.

The case page never calls the service; the officer's button does, once, and stores the German
translation of the masked text. A slow, dead or refusing server gives a message, never a 500.
Without INTAKE_TRANSLATE_URL the feature is absent. Answers: the officer's German is drafted
into the sender's language, the translation is sent and the German kept, and the status page
shows both, each marked up with its language.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.languages import LANGUAGES
from intake.models import AuditEvent, Case
from intake.privacy import retention
from intake.web.extensions import db
from tests.factories import make_case
from tests.fake_libretranslate import FakeLibreTranslate, FakeServer, dead_url
from tests.helpers import hidden_fields, login, make_user, receipt_of, submit

TODAY = dt.date.today()
# No risk words: a corruption hint would hand the case to the anti-corruption officer alone.
UKRAINIAN = "Мені ніхто не передзвонив, я чекала три тижні."
UKRAINIAN_GERMAN = "Niemand hat mich zurückgerufen, ich habe drei Wochen gewartet."
ARABIC = "الموظفة كانت لطيفة جدا وساعدتني كثيرا."
ARABIC_GERMAN = "Die Mitarbeiterin war sehr freundlich und hat mir sehr geholfen."
TURKISH = "Personel çok yardımseverdi."
SECTION = "Maschinelle Übersetzung (nicht geprüft)"
BUTTON = "Übersetzen lassen"
DRAFT_BUTTON = "Übersetzung entwerfen"


@pytest.fixture
def fake() -> FakeLibreTranslate:
    return FakeLibreTranslate()


@pytest.fixture
def translate_server(fake: FakeLibreTranslate) -> Iterator[FakeServer]:
    with FakeServer(fake) as running:
        yield running


@pytest.fixture
def app_config(translate_server: FakeServer) -> dict[str, Any]:
    return {"TRANSLATE_URL": translate_server.url, "TRANSLATE_TIMEOUT": 0.4}


def add_case(app: Flask, text: str, **fields: Any) -> int:
    with app.app_context():
        fields.setdefault("channel", "qr_card")
        row = make_case(db.session, "new", text=text, received_on=TODAY, **fields)
        db.session.commit()
        return row.id


def load(app: Flask, case_id: int) -> Case:
    with app.app_context():
        row = db.session.get(Case, case_id)
        assert row is not None
        db.session.expunge(row)
        return row


def translation_events(app: Flask, case_id: int) -> list[str]:
    with app.app_context():
        found = db.session.scalars(
            select(AuditEvent.detail).where(
                AuditEvent.case_id == case_id, AuditEvent.action == "machine_translation"
            )
        )
        return list(found)


def case_page(client: FlaskClient, case_id: int) -> str:
    response = client.get(f"/staff/cases/{case_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def press_translate(client: FlaskClient, case_id: int) -> str:
    """The officer's button: POST with the page's CSRF token, then the page it returns to."""
    page = case_page(client, case_id)
    response = client.post(f"/staff/cases/{case_id}/translate", data=hidden_fields(page))
    assert response.status_code == 302, response.status_code
    assert response.headers["Location"].endswith(f"/staff/cases/{case_id}#translation")
    return case_page(client, case_id)


def textarea(html: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, f"no text area {name}"
    return unescape(match.group(1)).strip()


# --- the case page -------------------------------------------------------------------------


def test_the_case_page_offers_translation_without_calling_the_service(
    app: Flask, client: FlaskClient, officer: object, fake: FakeLibreTranslate
) -> None:
    case = add_case(app, UKRAINIAN, language="uk")
    page = case_page(client, case)
    assert SECTION in page and BUTTON in page and "Ukrainisch" in page
    assert f'action="/staff/cases/{case}/translate"' in page
    assert fake.requests == []


def test_the_translation_is_of_the_masked_text_stored_and_audited(
    app: Flask, client: FlaskClient, officer: object, fake: FakeLibreTranslate
) -> None:
    typed = f"{UKRAINIAN}\nМій телефон ٠١٧٦١٢٣٤٥٦٧٨, пошта olena.petrenko@example.org"
    case = add_case(
        app,
        typed,
        language="uk",
        contact={
            "name": "Olena Petrenko",
            "email": "olena.petrenko@example.org",
            "preferred": "email",
        },
    )
    stored = load(app, case).text
    assert "olena.petrenko" not in stored and "٠١٧٦" not in stored  # masked at arrival

    page = press_translate(client, case)

    assert fake.texts() == [stored]  # the stored, masked text; nothing from the contact row
    assert "Olena" not in fake.texts()[0]
    assert UKRAINIAN_GERMAN in page and SECTION in page
    assert 'class="case-text machine-translated" lang="de"' in page
    row = load(app, case)
    assert row.text_translation is not None and row.text_translation.startswith(UKRAINIAN_GERMAN)
    assert (row.translation_source, row.translated_on) == ("uk", TODAY)
    assert translation_events(app, case) == ["uk → de"]
    assert "Maschinell übersetzt" in page  # the case's history says it
    assert BUTTON not in page and "Erneut übersetzen lassen" in page


def test_text_never_masked_before_is_masked_before_it_is_sent(
    app: Flask, client: FlaskClient, officer: object, fake: FakeLibreTranslate
) -> None:
    """A Google review's text was never masked: it is masked on the way out."""
    case = add_case(app, ARABIC, language="ar")
    with app.app_context():
        row = db.session.get(Case, case)
        assert row is not None
        row.text = f"{ARABIC}\nبريدي: amal.haddad@example.org"
        db.session.commit()
    press_translate(client, case)
    assert "amal.haddad" not in fake.texts()[0]
    assert ARABIC in fake.texts()[0]


@pytest.mark.parametrize(
    ("text", "fields", "source"),
    [
        (ARABIC, {"language": "de", "channel": "qr_card"}, "ar"),  # Arabic on the German form
        (TURKISH, {"language": "de", "channel": "paper_card"}, "tr"),  # a paper card, Latin
        (UKRAINIAN, {"language": "", "channel": "google"}, "uk"),  # Google sends no language
    ],
)
def test_an_unknown_language_is_detected_by_the_service(
    app: Flask,
    client: FlaskClient,
    officer: object,
    fake: FakeLibreTranslate,
    text: str,
    fields: dict[str, str],
    source: str,
) -> None:
    case = add_case(app, text, **fields)
    assert BUTTON in case_page(client, case)
    press_translate(client, case)
    assert fake.requests[-1].fields["source"] == "auto"
    assert load(app, case).translation_source == source


def test_german_texts_get_no_section(
    app: Flask, client: FlaskClient, officer: object, fake: FakeLibreTranslate
) -> None:
    web = add_case(app, "Die Wartezeit war sehr lang.", language="de")
    easy = add_case(app, "Ich war beim Amt. Es war gut.", language="de-x-ls")
    paper = add_case(
        app, "Die Beratung war freundlich und ich bin zufrieden.", channel="paper_card"
    )
    for case in (web, easy, paper):
        assert SECTION not in case_page(client, case)
    response = client.post(
        f"/staff/cases/{web}/translate", data=hidden_fields(case_page(client, web))
    )
    assert response.status_code == 302
    assert "braucht keine Übersetzung" in case_page(client, web)
    assert fake.requests == []


def test_a_text_the_service_finds_german_is_recorded_as_german(
    app: Flask, client: FlaskClient, officer: object, fake: FakeLibreTranslate
) -> None:
    case = add_case(app, "Termin verschoben. Danke schön.", channel="paper_card")
    page = press_translate(client, case)
    row = load(app, case)
    assert (row.translation_source, row.text_translation) == ("de", None)
    assert "als Deutsch erkannt" in page


def test_slow_server_the_case_page_loads_and_the_post_gives_a_friendly_message(
    app: Flask, client: FlaskClient, officer: object, fake: FakeLibreTranslate
) -> None:
    fake.mode, fake.slow_seconds = "slow", 3.0
    case = add_case(app, UKRAINIAN, language="uk")
    started = time.monotonic()
    assert BUTTON in case_page(client, case)
    assert time.monotonic() - started < 1.0  # the page waits for nobody
    started = time.monotonic()
    page = press_translate(client, case)
    assert time.monotonic() - started < 2.5  # one attempt, the 0.4 s timeout, no retry
    assert "Der Übersetzungsdienst antwortet nicht" in page
    assert 'class="notice error"' in page
    assert len(fake.requests) == 1
    row = load(app, case)
    assert row.text_translation is None and row.translated_on is None
    assert translation_events(app, case) == []


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("rate_limit", "gerade ausgelastet"),
        ("server_error", "einen Fehler gemeldet"),
        ("garbage", "einen Fehler gemeldet"),
        ("key", "verweigert den Zugang"),
    ],
)
def test_error_answers_become_messages_on_the_case_page(
    app: Flask,
    client: FlaskClient,
    officer: object,
    fake: FakeLibreTranslate,
    mode: str,
    message: str,
) -> None:
    if mode == "key":
        fake.api_key = "nur-mit-schluessel"
    else:
        fake.mode = mode
    case = add_case(app, UKRAINIAN, language="uk")
    page = press_translate(client, case)
    assert message in page
    assert load(app, case).translated_on is None


def test_the_api_key_is_sent_when_configured(
    app_factory: Any, translate_server: FakeServer, fake: FakeLibreTranslate
) -> None:
    fake.api_key = "jc-schluessel-7"
    keyed = app_factory(TRANSLATE_URL=translate_server.url, TRANSLATE_API_KEY="jc-schluessel-7")
    from tests.helpers import seed_offices

    seed_offices(keyed)
    make_user(keyed)
    client = keyed.test_client()
    login(client)
    case = add_case(keyed, UKRAINIAN, language="uk")
    assert UKRAINIAN_GERMAN in press_translate(client, case)
    assert fake.requests[-1].fields["api_key"] == "jc-schluessel-7"


def test_a_dead_server_gives_a_message_never_a_500(
    app_factory: Any, fake: FakeLibreTranslate
) -> None:
    dead = app_factory(TRANSLATE_URL=dead_url())
    from tests.helpers import seed_offices

    seed_offices(dead)
    make_user(dead)
    client = dead.test_client()
    login(client)
    case = add_case(dead, UKRAINIAN, language="uk")
    assert "Der Übersetzungsdienst antwortet nicht" in press_translate(client, case)


def test_whoever_may_read_the_case_may_translate_it(
    app: Flask, client: FlaskClient, fake: FakeLibreTranslate
) -> None:
    case = add_case(app, UKRAINIAN, language="uk")
    make_user(app, "service@example.org", role="service")
    login(client, "service@example.org")
    page = client.get("/staff/", follow_redirects=True).get_data(as_text=True)
    assert hidden_fields(page)
    response = client.post(f"/staff/cases/{case}/translate", data=hidden_fields(page))
    assert response.status_code == 403
    assert fake.requests == []


def test_without_the_setting_the_feature_is_absent(
    app_factory: Any, translate_server: FakeServer, fake: FakeLibreTranslate
) -> None:
    plain = app_factory()
    from tests.helpers import seed_offices

    seed_offices(plain)
    make_user(plain)
    client = plain.test_client()
    login(client)
    case = add_case(
        plain, UKRAINIAN, language="uk", contact={"email": "o@example.org", "preferred": "email"}
    )
    page = case_page(client, case)
    assert SECTION not in page and BUTTON not in page and "/translate" not in page
    response = client.post(f"/staff/cases/{case}/translate", data=hidden_fields(page))
    assert response.status_code == 404
    editor = client.get(f"/staff/cases/{case}/answer").get_data(as_text=True)
    assert DRAFT_BUTTON not in editor
    draft = client.post(
        f"/staff/cases/{case}/answer",
        data={"action": "translate", "text": "Vielen Dank.", **hidden_fields(editor)},
    )
    assert draft.status_code == 404
    assert fake.requests == []


def test_anonymisation_removes_the_translation(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    case = add_case(app, UKRAINIAN, language="uk")
    press_translate(client, case)
    with app.app_context():
        row = db.session.get(Case, case)
        assert row is not None
        row.status, row.closed_on = "closed", TODAY - dt.timedelta(days=800)
        row.answer, row.answer_original = "Дякуємо за ваше повідомлення.", "Vielen Dank."
        db.session.commit()
        retention.anonymise_texts(db.session, 24, TODAY)
    row = load(app, case)
    assert (row.text_translation, row.answer_original, row.answer) == (None, None, None)


# --- answers -------------------------------------------------------------------------------


def test_the_officer_drafts_the_answer_in_the_senders_language_and_both_are_kept(
    app: Flask, client: FlaskClient, officer: object, fake: FakeLibreTranslate
) -> None:
    citizen = app.test_client()
    thanks = submit(citizen, "/m/diez?lang=uk", kind="complaint", text=UKRAINIAN, lang="uk")
    code = receipt_of(thanks.get_data(as_text=True))
    with app.app_context():
        case = db.session.scalars(select(Case.id).where(Case.receipt_hash.is_not(None))).one()
    assert load(app, case).language == "uk"

    editor = client.get(f"/staff/cases/{case}/answer").get_data(as_text=True)
    assert DRAFT_BUTTON in editor and "Ukrainisch" in editor
    german = "Vielen Dank für Ihre Nachricht."
    drafted = client.post(
        f"/staff/cases/{case}/answer",
        data={"action": "translate", "text": german, "purpose": "final", **hidden_fields(editor)},
    )
    assert drafted.status_code == 200
    page = drafted.get_data(as_text=True)
    assert textarea(page, "text") == "Дякуємо за ваше повідомлення."
    assert textarea(page, "original") == german
    assert '<option selected value="uk">' in page
    assert "Maschinell übersetzter Entwurf – nicht geprüft." in page
    assert fake.requests[-1].fields | {"q": ""} == {
        "q": "",
        "source": "de",
        "target": "uk",
        "format": "text",
    }
    assert translation_events(app, case) == ["Antwortentwurf de → uk"]

    sent = client.post(
        f"/staff/cases/{case}/answer",
        data={
            "purpose": "final",
            "text": textarea(page, "text"),
            "original": textarea(page, "original"),
            "language": "uk",
            "channel": "receipt",
            **hidden_fields(page),
        },
    )
    assert sent.status_code == 302
    row = load(app, case)
    assert (row.answer, row.answer_original, row.answer_language) == (
        "Дякуємо за ваше повідомлення.",
        german,
        "uk",
    )

    status_page = citizen.get("/status?lang=uk").get_data(as_text=True)
    result = citizen.post(
        "/status?lang=uk", data={"code": code, "lang": "uk", **hidden_fields(status_page)}
    )
    html = result.get_data(as_text=True)
    assert '<div class="answer" lang="uk" dir="ltr">Дякуємо за ваше повідомлення.</div>' in html
    assert f'<div class="answer" lang="de" dir="ltr">{german}</div>' in html
    assert html.index("Дякуємо") < html.index(german)


def test_an_arabic_answer_is_right_to_left_on_the_status_page(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    citizen = app.test_client()
    thanks = submit(citizen, "/m/diez?lang=ar", kind="praise", text=ARABIC, lang="ar")
    code = receipt_of(thanks.get_data(as_text=True))
    with app.app_context():
        case = db.session.scalars(select(Case.id).where(Case.receipt_hash.is_not(None))).one()
    editor = client.get(f"/staff/cases/{case}/answer").get_data(as_text=True)
    drafted = client.post(
        f"/staff/cases/{case}/answer",
        data={
            "action": "translate",
            "text": "Vielen Dank für Ihre Nachricht.",
            **hidden_fields(editor),
        },
    ).get_data(as_text=True)
    assert textarea(drafted, "text") == "شكرا لرسالتك."
    client.post(
        f"/staff/cases/{case}/answer",
        data={
            "purpose": "final",
            "text": textarea(drafted, "text"),
            "original": textarea(drafted, "original"),
            "language": "ar",
            "channel": "receipt",
            **hidden_fields(drafted),
        },
    )
    status_page = citizen.get("/status?lang=ar").get_data(as_text=True)
    html = citizen.post(
        "/status?lang=ar", data={"code": code, "lang": "ar", **hidden_fields(status_page)}
    ).get_data(as_text=True)
    assert '<div class="answer" lang="ar" dir="rtl">شكرا لرسالتك.</div>' in html
    assert 'lang="de" dir="ltr">Vielen Dank für Ihre Nachricht.</div>' in html


def test_the_draft_never_sends_the_senders_name(
    app: Flask, client: FlaskClient, officer: object, fake: FakeLibreTranslate
) -> None:
    contact = {"name": "Olena Petrenko", "email": "olena@example.org", "preferred": "email"}
    case = add_case(app, UKRAINIAN, language="uk", contact=contact)
    editor = client.get(f"/staff/cases/{case}/answer").get_data(as_text=True)
    german = "{anrede}\n\nVielen Dank für Ihre Nachricht."
    page = client.post(
        f"/staff/cases/{case}/answer",
        data={"action": "translate", "text": german, **hidden_fields(editor)},
    ).get_data(as_text=True)
    assert fake.texts() == [german]  # placeholders unfilled: the name stays here
    assert "{anrede}" in textarea(page, "text")


def test_a_draft_needs_finished_german(
    app: Flask, client: FlaskClient, officer: object, fake: FakeLibreTranslate
) -> None:
    case = add_case(
        app, UKRAINIAN, language="uk", contact={"email": "o@example.org", "preferred": "email"}
    )
    editor = client.get(f"/staff/cases/{case}/answer").get_data(as_text=True)
    response = client.post(
        f"/staff/cases/{case}/answer",
        data={"action": "translate", "text": "Danke. [[Punkt 1]]", **hidden_fields(editor)},
    )
    assert response.status_code == 422
    assert "markierten Stellen" in response.get_data(as_text=True)
    assert fake.requests == []


def test_a_slow_server_keeps_the_officers_text(
    app: Flask, client: FlaskClient, officer: object, fake: FakeLibreTranslate
) -> None:
    fake.mode, fake.slow_seconds = "slow", 3.0
    case = add_case(
        app, UKRAINIAN, language="uk", contact={"email": "o@example.org", "preferred": "email"}
    )
    editor = client.get(f"/staff/cases/{case}/answer").get_data(as_text=True)
    german = "Vielen Dank für Ihre Nachricht."
    response = client.post(
        f"/staff/cases/{case}/answer",
        data={"action": "translate", "text": german, **hidden_fields(editor)},
    )
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Der Übersetzungsdienst antwortet nicht" in page
    assert textarea(page, "text") == german
    assert translation_events(app, case) == []


def test_no_draft_for_a_german_sender(app: Flask, client: FlaskClient, officer: object) -> None:
    case = add_case(
        app,
        "Die Wartezeit war zu lang.",
        language="de",
        contact={"email": "o@example.org", "preferred": "email"},
    )
    editor = client.get(f"/staff/cases/{case}/answer").get_data(as_text=True)
    assert DRAFT_BUTTON not in editor


def test_templates_are_offered_in_every_language(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    new = client.get("/staff/templates/new").get_data(as_text=True)
    offered = re.findall(
        r'<option[^>]*value="([^"]+)"', new.split('name="language"')[1].split("</select>")[0]
    )
    assert offered == list(LANGUAGES)
    listing = client.get("/staff/templates").get_data(as_text=True)
    for code, language in LANGUAGES.items():
        assert f"/staff/templates/new?language={code}" in listing
        assert language.german in listing
    ukrainian = client.get("/staff/templates/new?language=uk").get_data(as_text=True)
    assert '<option selected value="uk">' in ukrainian


def test_a_filled_in_draft_goes_out_without_name_or_numbers(
    app: Flask, client: FlaskClient, officer: object, fake: FakeLibreTranslate
) -> None:
    """The editor fills `{anrede}` when it opens: the name must not travel with the draft."""
    contact = {"name": "Olena Petrenko", "email": "olena@example.org", "preferred": "email"}
    case = add_case(app, UKRAINIAN, language="uk", contact=contact)
    editor = client.get(f"/staff/cases/{case}/answer").get_data(as_text=True)
    german = (
        "Guten Tag Olena Petrenko,\n\nbitte rufen Sie uns unter 0261 123456 an, "
        "Frau Olena Petrenko."
    )
    page = client.post(
        f"/staff/cases/{case}/answer",
        data={"action": "translate", "text": german, "purpose": "final", **hidden_fields(editor)},
    ).get_data(as_text=True)
    [sent] = fake.texts()
    assert "Petrenko" not in sent and "0261" not in sent and "olena@" not in sent
    assert sent.startswith("Guten Tag {name},") and "[Telefonnummer entfernt]" in sent
    assert "{name}" in textarea(page, "text")  # filled in again when the answer is sent


def test_an_answer_to_a_leichte_sprache_case_is_dated_in_german(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    case = add_case(
        app,
        "Ich habe lange gewartet.",
        language="de-x-ls",
        contact={"email": "leser@example.org", "preferred": "email"},
    )
    editor = client.get(f"/staff/cases/{case}/answer").get_data(as_text=True)
    response = client.post(
        f"/staff/cases/{case}/answer",
        data={
            "purpose": "final",
            "text": "{anrede}\n\nDanke für Ihre Nachricht vom {eingangsdatum}.",
            "channel": "email",
            **hidden_fields(editor),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    answer = load(app, case).answer or ""
    assert answer.startswith("Guten Tag,") and TODAY.strftime("%Y") in answer
