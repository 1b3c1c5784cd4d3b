"""A Ukrainian and an Arabic customer on a phone: scan, write, see what is masked, send, keep
the code, and read the officer's answer in their own language with the German below.

The customer's phone asks for its language (Accept-Language from the browser's locale); the
identifier is typed in Arabic-Indic digits, as an Arabic keyboard gives them. The officer
writes German in the back office and has the Jobcenter's translation service (a local fake of
LibreTranslate) draft the answer. Screenshots of every step go to the test's folder and, with
MK_SCREENSHOTS=dir set, to that directory for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from babel.support import Translations
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from intake import create_app
from intake.languages import LANGUAGES
from intake.models import Case
from intake.web.extensions import db
from tests.browser.conftest import LiveServer, log_in
from tests.fake_libretranslate import FakeServer
from tests.helpers import make_config, make_user, seed_offices

pytestmark = pytest.mark.browser

CATALOGS = str(Path(__file__).resolve().parents[2] / "intake" / "translations")
# What each customer writes: a complaint with their phone number in Arabic-Indic digits.
WRITES = {
    "uk": "Я чекала три тижні на відповідь. Мій номер ٠١٧٦١٢٣٤٥٦٧٨, передзвоніть, будь ласка.",
    "ar": "انتظرت ثلاثة أسابيع ولم يرد أحد. رقمي ٠١٧٦١٢٣٤٥٦٧٨ من فضلكم اتصلوا بي.",
}
ANSWERS = {"uk": "Дякуємо за ваше повідомлення.", "ar": "شكرا لرسالتك."}
GERMAN_ANSWER = "Vielen Dank für Ihre Nachricht."
LOCALES = {"uk": "uk-UA", "ar": "ar-SY"}


def words(code: str, msgid: str) -> str:
    """`msgid` as the customer reads it (the page's catalog)."""
    return Translations.load(CATALOGS, [LANGUAGES[code].babel_locale], "public").gettext(msgid)


@pytest.fixture
def fake() -> Iterator[FakeServer]:
    with FakeServer() as server:
        yield server


@pytest.fixture
def translating_app(tmp_path: Path, sqlite_template: Path, fake: FakeServer) -> Iterator[Flask]:
    target = tmp_path / "intake.sqlite3"
    shutil.copy(sqlite_template, target)
    config = make_config(f"sqlite:///{target}", PROPAGATE_UNEXPECTED=False, TRANSLATE_URL=fake.url)
    app = seed_offices(create_app(config))
    make_user(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def shoot(page: Page, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    wanted = os.environ.get("MK_SCREENSHOTS")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(wanted) / path.name)


def mirrored(page: Page) -> bool:
    """The rating scale runs from the inline start: on the right in right-to-left pages.

    On a phone the faces are a column: the radio button sits at the line's start (right in
    RTL). On a wide screen they are a row: the best face comes first, from the right in RTL.
    """
    face = page.locator(".faces .choice").first
    radio, image = face.locator("input").bounding_box(), face.locator("img").bounding_box()
    assert radio and image
    radio_at_right = radio["x"] > image["x"]
    size = page.viewport_size
    assert size
    page.set_viewport_size({"width": 1024, "height": 800})
    first = page.locator(".faces .choice").first.bounding_box()
    last = page.locator(".faces .choice").last.bounding_box()
    page.set_viewport_size(size)
    assert first and last and first["y"] == last["y"], "the faces are a row on a wide screen"
    row_from_right = first["x"] > last["x"]
    assert radio_at_right == row_from_right, "phone and wide layout disagree"
    return row_from_right


@pytest.mark.parametrize("code", ["uk", "ar"])
def test_a_customer_writes_in_their_language_and_reads_the_answer(
    browser: Browser, translating_app: Flask, tmp_path: Path, code: str
) -> None:
    rtl = LANGUAGES[code].rtl
    with LiveServer(translating_app) as server:
        context = browser.new_context(
            viewport={"width": 360, "height": 740},
            is_mobile=True,
            has_touch=True,
            device_scale_factor=2,
            locale=LOCALES[code],
        )
        phone = context.new_page()

        # The QR code on the card: the phone's language picks the page's.
        phone.goto(f"{server.url}/M/DIEZ/K12")
        html = phone.locator("html")
        expect(html).to_have_attribute("lang", code)
        expect(html).to_have_attribute("dir", "rtl" if rtl else "ltr")
        expect(phone.get_by_role("heading", level=1)).to_have_text(
            words(code, "Ihre Meinung zählt")
        )
        assert mirrored(phone) == rtl
        phone.locator("input[name=kind][value=complaint]").check()
        phone.locator("input[name=rating][value='2']").check()
        phone.locator("textarea[name=text]").fill(WRITES[code])
        shoot(phone, tmp_path, f"{code}-1-form")
        phone.get_by_role("button", name=words(code, "Absenden")).click()

        # The preview: the number is gone, the placeholder speaks the customer's language.
        expect(phone.get_by_role("heading", level=1)).to_have_text(
            words(code, "Bitte prüfen: Das entfernen wir")
        )
        preview = phone.locator("blockquote.masked-text")
        expect(preview).to_contain_text(words(code, "[Telefonnummer entfernt]"))
        expect(preview).not_to_contain_text("٠١٧٦")
        shoot(phone, tmp_path, f"{code}-2-preview")
        phone.get_by_role("button", name=words(code, "So absenden")).click()

        # Thank you: the code, left to right inside the page.
        expect(phone.get_by_role("heading", level=1)).to_have_text(words(code, "Vielen Dank!"))
        receipt = phone.locator("#receipt-code")
        expect(receipt).to_have_attribute("dir", "ltr")
        receipt_code = receipt.input_value()
        shoot(phone, tmp_path, f"{code}-3-thanks")

        with translating_app.app_context():
            case = db.session.scalars(select(Case)).one()
            assert case.language == code
            assert "٠١٧٦" not in case.text and "[Telefonnummer entfernt]" in case.text
            case_id = case.id

        # The officer answers in German and has the translation drafted.
        desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
        officer = desk.new_page()
        log_in(officer, server.url)
        officer.goto(f"{server.url}/staff/cases/{case_id}/answer")
        officer.locator("input[name=purpose][value=final]").check()
        officer.locator("textarea[name=text]").fill(GERMAN_ANSWER)
        officer.get_by_role("button", name="Übersetzung entwerfen").click()
        expect(officer.locator("textarea[name=text]")).to_have_value(ANSWERS[code])
        expect(officer.locator("textarea[name=original]")).to_have_value(GERMAN_ANSWER)
        officer.locator("input[name=purpose][value=final]").check()
        officer.locator("input[name=channel][value=receipt]").check()
        officer.get_by_role("button", name="Senden", exact=True).click()
        officer.wait_for_url(f"**/staff/cases/{case_id}")
        desk.close()

        # The customer comes back with the code.
        phone.get_by_role(
            "link", name=words(code, "Zur Statusseite: Antwort mit dem Code abrufen")
        ).click()
        expect(phone.locator("html")).to_have_attribute("lang", code)
        phone.locator("input[name=code]").fill(receipt_code.lower())
        expect(phone.locator("input[name=code]")).to_have_attribute("dir", "ltr")
        phone.get_by_role("button", name=words(code, "Abrufen")).click()
        answer = phone.locator(f'.answer[lang="{code}"]')
        expect(answer).to_have_text(ANSWERS[code])
        expect(answer).to_have_attribute("dir", "rtl" if rtl else "ltr")
        original = phone.locator('.answer[lang="de"]')
        expect(original).to_have_text(GERMAN_ANSWER)
        expect(original).to_have_attribute("dir", "ltr")
        page = unescape(phone.content())
        assert page.index(ANSWERS[code]) < page.index(GERMAN_ANSWER)
        shoot(phone, tmp_path, f"{code}-4-status")
        context.close()
