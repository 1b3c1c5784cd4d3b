"""axe-core on a phone: every public page state in every offered language, RTL included.

The states are reached with locators that do not depend on the words (names, values and
roles of the form's controls), so one table serves all languages; tests/browser/
test_accessibility.py keeps the German states that read the labels as a person would.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from intake.languages import LANGUAGES
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

# What a customer writes, in each language (the identifier is masked on the preview).
TEXTS = {
    "de": "Die Wartezeit war zu lang. Rufen Sie mich an: 0176 12345678",
    "de-x-ls": "Ich musste lange warten. Meine Nummer ist 0176 12345678",
    "en": "I waited three hours. Please call me on 0176 12345678",
    "uk": "Я чекала три години. Мій номер: ٠١٧٦١٢٣٤٥٦٧٨",
    "ru": "Я ждал три часа. Позвоните мне: 0176 12345678",
    "ar": "انتظرت ثلاث ساعات. رقمي ٠١٧٦١٢٣٤٥٦٧٨",
    "fa": "سه ساعت منتظر ماندم. شماره من ۰۱۷۶ ۱۲۳۴۵۶۷۸ است",
    "tr": "Üç saat bekledim. Numaram: 0176 12345678",
}


def send(page: Page, text: str) -> None:
    page.locator("input[name=kind][value=complaint]").check()
    page.locator("textarea[name=text]").fill(text)
    page.locator("form.feedback-form button[type=submit]").first.click()


def _go(path: str) -> Callable[[Page, str, str], None]:
    def go(page: Page, url: str, code: str) -> None:
        joiner = "&" if "?" in path else "?"
        page.goto(f"{url}{path}{joiner}lang={code}")

    return go


def _errors(page: Page, url: str, code: str) -> None:
    page.goto(f"{url}/m/diez?lang={code}")
    page.locator("form.feedback-form button[type=submit]").first.click()
    page.locator("#error-summary").wait_for()


def _preview(page: Page, url: str, code: str) -> None:
    page.goto(f"{url}/m/diez?lang={code}")
    send(page, TEXTS[code])
    page.locator("button[name=action][value=send_masked]").wait_for()


def _thanks(page: Page, url: str, code: str) -> None:
    _preview(page, url, code)
    page.locator("button[name=action][value=send_masked]").click()
    page.locator("#receipt-code").wait_for()


def _contact_open(page: Page, url: str, code: str) -> None:
    page.goto(f"{url}/m/diez?lang={code}")
    page.locator("details.contact summary").click()


def _wrong_code(page: Page, url: str, code: str) -> None:
    page.goto(f"{url}/status?lang={code}")
    page.locator("input[name=code]").fill("ABCD-EFGH-JK")
    page.locator("main form button[type=submit]").click()
    page.locator(".notice.error").wait_for()


STATES: dict[str, Callable[[Page, str, str], None]] = {
    "general form": _go("/"),
    "office form": _go("/m/diez"),
    "contact open": _contact_open,
    "form with errors": _errors,
    "masking preview": _preview,
    "thank-you": _thanks,
    "status": _go("/status"),
    "status, wrong code": _wrong_code,
    "embed": _go("/embed"),
    "unknown office": _go("/m/nope"),
    "language choice": _go("/L/DIEZ"),
    "privacy": _go("/datenschutz"),
    "accessibility statement": _go("/barrierefreiheit"),
    "legal notice": _go("/impressum"),
    "Leichte Sprache": _go("/leichte-sprache"),
    "sign language": _go("/gebaerdensprache"),
    "not found": _go("/nowhere"),
}


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_public_state_in_every_language(server: LiveServer, phone: Page, code: str) -> None:
    failures: list[str] = []
    for state, reach in STATES.items():
        reach(phone, server.url, code)
        html_lang = phone.locator("html").get_attribute("lang")
        assert html_lang == code, f"{state}: the page is in {html_lang}, not {code}"
        assert phone.locator("html").get_attribute("dir") == LANGUAGES[code].direction
        try:
            assert_accessible(phone, f"{code} {state}")
        except AssertionError as violation:
            failures.append(str(violation))
    assert not failures, "\n".join(failures)
