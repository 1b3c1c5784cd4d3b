"""A person with a phone: scan, fill in, send, keep the code, read the status."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser


def no_horizontal_scroll(page: Page) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
        )
    )


def fill_and_send(page: Page, text: str) -> None:
    page.get_by_label("Kritik oder Beschwerde").check()
    page.get_by_label("geht so").check()
    page.get_by_label("Ihre Nachricht").fill(text)
    page.get_by_role("button", name="Absenden").click()


def test_phone_journey_from_qr_code_to_status(server: LiveServer, phone: Page) -> None:
    phone.goto(f"{server.url}/M/DIEZ/K12")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ihre Meinung zählt")
    expect(phone.get_by_text("Geschäftsstelle Diez")).to_be_visible()
    assert no_horizontal_scroll(phone)
    fill_and_send(phone, "Die Wartezeit war heute sehr lang, aber alle waren freundlich.")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Vielen Dank!")
    code = phone.locator("#receipt-code").input_value()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}", code)
    copy = phone.get_by_role("button", name="Code kopieren")
    expect(copy).to_be_visible()  # JavaScript enhances: copy and print buttons appear
    phone.get_by_role("link", name=re.compile("Statusseite")).click()
    phone.get_by_label("Ihr Code").fill(code.lower())
    phone.get_by_role("button", name="Abrufen").click()
    expect(phone.get_by_text("eingegangen", exact=True)).to_be_visible()


def test_journey_without_javascript_with_masking_step(server: LiveServer, no_js: Page) -> None:
    no_js.goto(f"{server.url}/m/diez")
    fill_and_send(no_js, "Bitte rufen Sie mich an: 0176 12345678. Danke!")
    expect(no_js.get_by_role("heading", level=1)).to_have_text("Bitte prüfen: Das entfernen wir")
    expect(no_js.get_by_text("[Telefonnummer entfernt]")).to_be_visible()
    no_js.get_by_role("button", name="Zurück und ändern").click()
    expect(no_js.locator("details.contact")).to_have_attribute("open", "")
    no_js.get_by_label("Ihre Nachricht").fill("Bitte rufen Sie mich an. Danke!")
    no_js.get_by_label("Telefonnummer").fill("0176 12345678")
    no_js.get_by_label("per Telefon").check()
    no_js.get_by_label(re.compile("Ich bin einverstanden")).check()
    no_js.get_by_role("button", name="Absenden").click()
    expect(no_js.get_by_role("heading", level=1)).to_have_text("Vielen Dank!")
    expect(no_js.get_by_role("button", name="Code kopieren")).to_be_hidden()


def test_errors_are_announced_and_linked(server: LiveServer, phone: Page) -> None:
    phone.goto(f"{server.url}/m/diez")
    phone.get_by_role("button", name="Absenden").click()
    summary = phone.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    phone.get_by_role("link", name="Bitte schreiben Sie uns ein paar Worte.").click()
    expect(phone.get_by_label("Ihre Nachricht")).to_be_focused()


def test_language_switch_and_general_form(server: LiveServer, phone: Page) -> None:
    phone.goto(f"{server.url}/")
    phone.get_by_role("link", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    phone.get_by_label(re.compile("Office")).select_option(label="Geschäftsstelle Bad Ems")
    phone.get_by_label("Idea or suggestion").check()
    phone.get_by_label("Your message").fill("More seats in the waiting area, please.")
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you!")


@pytest.mark.parametrize("width", [320, 640])
def test_reflow_at_400_and_200_percent_zoom(server: LiveServer, phone: Page, width: int) -> None:
    """WCAG 1.4.10: at 320 CSS px (1280 px at 400 %) nothing needs sideways scrolling."""
    phone.set_viewport_size({"width": width, "height": 640})
    for path in ("/m/diez", "/status", "/datenschutz"):
        phone.goto(server.url + path)
        assert no_horizontal_scroll(phone), path
