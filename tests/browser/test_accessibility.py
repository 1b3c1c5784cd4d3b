"""axe-core in Chromium: zero WCAG 2.1 A/AA violations on every page state."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import LiveServer, second_factor
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
_axe = Axe()


def assert_accessible(page: Page, state: str) -> None:
    """Run axe on the current page and list each violation with its nodes."""
    result = _axe.run(page, options=WCAG_21_AA)
    violations = result.response["violations"]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in violations
    )
    assert violations == [], f"{state}: {len(violations)} WCAG violations\n{report}"


def send(page: Page, text: str) -> None:
    page.get_by_label("Idee oder Anregung").check()
    page.get_by_label("Ihre Nachricht").fill(text)
    page.get_by_role("button", name="Absenden").click()


PUBLIC_STATES: dict[str, Callable[[Page, str], None]] = {
    "general form": lambda page, url: page.goto(url + "/"),
    "office form": lambda page, url: page.goto(url + "/m/diez"),
    "office form, contact open": lambda page, url: (
        page.goto(url + "/m/diez"),
        page.locator("details.contact summary").click(),
    ),
    "form with errors": lambda page, url: (
        page.goto(url + "/m/diez"),
        page.get_by_role("button", name="Absenden").click(),
    ),
    "masking preview": lambda page, url: (
        page.goto(url + "/m/diez"),
        send(page, "Meine Nummer: 030 1234567"),
    ),
    "thank-you": lambda page, url: (page.goto(url + "/m/diez"), send(page, "Mehr Stühle.")),
    "status, empty": lambda page, url: page.goto(url + "/status"),
    "status, wrong code": lambda page, url: (
        page.goto(url + "/status"),
        page.get_by_label("Ihr Code").fill("ABCD-EFGH-JK"),
        page.get_by_role("button", name="Abrufen").click(),
    ),
    "embed": lambda page, url: page.goto(url + "/embed"),
    "unknown office": lambda page, url: page.goto(url + "/m/nope"),
    "privacy": lambda page, url: page.goto(url + "/datenschutz"),
    "accessibility statement": lambda page, url: page.goto(url + "/barrierefreiheit"),
    "legal notice": lambda page, url: page.goto(url + "/impressum"),
    "not found": lambda page, url: page.goto(url + "/nowhere"),
    "english form": lambda page, url: page.goto(url + "/m/diez?lang=en"),
}


@pytest.mark.parametrize("state", list(PUBLIC_STATES))
def test_public_page_states(server: LiveServer, phone: Page, state: str) -> None:
    PUBLIC_STATES[state](phone, server.url)
    assert_accessible(phone, state)


def test_status_with_a_found_code(server: LiveServer, phone: Page) -> None:
    phone.goto(server.url + "/m/diez")
    send(phone, "Danke für die Hilfe.")
    code = phone.locator("#receipt-code").input_value()
    phone.goto(server.url + "/status")
    phone.get_by_label("Ihr Code").fill(code)
    phone.get_by_role("button", name="Abrufen").click()
    phone.get_by_text("Stand Ihrer Nachricht").wait_for()
    assert_accessible(phone, "status, found")


def test_back_office_pages(server: LiveServer, phone: Page) -> None:
    phone.set_viewport_size({"width": 1280, "height": 900})
    phone.goto(server.url + "/staff/login")
    assert_accessible(phone, "login")
    phone.get_by_label("E-Mail-Adresse").fill("officer@example.org")
    phone.get_by_label("Passwort").fill("wrong password!")
    phone.get_by_role("button", name="Anmelden").click()
    assert_accessible(phone, "login error")
    phone.get_by_label("Passwort").fill(PASSWORD)
    phone.get_by_role("button", name="Anmelden").click()
    phone.wait_for_url("**/staff/login/code")
    assert_accessible(phone, "second factor")
    second_factor(phone)
    phone.goto(server.url + "/m/diez")
    send(phone, "Ein Text für den Eingang.")
    phone.goto(server.url + "/staff/inbox")
    assert_accessible(phone, "inbox")
    phone.get_by_role("link", name="Ein Text für den Eingang.").click()
    assert_accessible(phone, "case page")
    phone.goto(server.url + "/staff/inbox?spam=1")
    assert_accessible(phone, "spam folder")


def test_the_checker_itself_finds_violations(phone: Page) -> None:
    """Guard against a silently broken axe run passing everything."""
    phone.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    result = _axe.run(phone, options=WCAG_21_AA)
    ids = {v["id"] for v in result.response["violations"]}
    assert {"image-alt", "label", "html-has-lang"} <= ids
