"""The KRM triage as people do it, in Chromium: a citizen sends, the officer classifies with the
keyboard, forwards to a team lead, the lead answers through the link, the officer answers on the
receipt page and the citizen reads it with the code. axe-core checks each back-office page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer, log_in
from tests.browser.test_accessibility import assert_accessible, send
from tests.helpers import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(browser: Browser) -> Iterator[Page]:
    """An officer's desktop browser."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def test_classify_forward_statement_answer_and_read_back(
    server: LiveServer, live_app: Flask, phone: Page, desk: Page, browser: Browser
) -> None:
    # A citizen complains through the office's QR code and keeps the receipt code.
    phone.goto(server.url + "/m/diez")
    phone.get_by_label("Beschwerde").check()
    phone.get_by_label("Ihre Nachricht").fill("Die Wartezeit am Empfang war über zwei Stunden.")
    phone.get_by_role("button", name="Absenden").click()
    code = phone.locator("#receipt-code").input_value()

    # The officer opens the inbox and the case with the keyboard alone.
    log_in(desk, server.url)
    desk.goto(server.url + "/staff/inbox")
    assert_accessible(desk, "inbox with a new case")
    desk.keyboard.press("j")
    expect(desk.locator("table.inbox tbody a").first).to_be_focused()
    desk.keyboard.press("Enter")
    desk.wait_for_url(re.compile(r"/staff/cases/\d+"))
    assert_accessible(desk, "case page, new")
    expect(desk.get_by_text("vom Absender gewählt")).to_be_visible()

    # Classify: "c" focuses the kind; the suggestion is preselected and confirmed.
    desk.keyboard.press("c")
    kind = desk.get_by_label("Art der Kundenreaktion")
    expect(kind).to_be_focused()
    expect(kind).to_have_value("beschwerde")
    desk.get_by_role("radio", name="ja").check()
    desk.get_by_role("button", name="Speichern", exact=True).click()
    expect(desk.get_by_text("Klassifizierung gespeichert.")).to_be_visible()
    expect(desk.locator("dl.facts").get_by_text("gesichtet")).to_be_visible()

    # Forward to the team lead; the link is shown once.
    desk.get_by_label("oder E-Mail-Adresse").fill("teamleitung@example.org")
    desk.get_by_role("button", name="Link erstellen und senden").click()
    notice = desk.get_by_text("Link für die Teamleitung").inner_text()
    path = re.search(r"/f/[A-Za-z0-9_-]+", notice)
    assert path, notice
    assert_accessible(desk, "case page, forwarded")

    # The team lead opens the link without an account and writes the statement.
    lead_context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="de-DE")
    lead = lead_context.new_page()
    lead.goto(server.url + path.group(0))
    expect(lead.get_by_text("Die Wartezeit am Empfang")).to_be_visible()
    assert_accessible(lead, "forwarding link")
    lead.get_by_label("Stellungnahme", exact=True).fill(
        "Am Tag fehlten zwei Kolleginnen; der Empfang ist jetzt doppelt besetzt."
    )
    lead.get_by_label("Vorgeschlagene Maßnahmen (freiwillig)").fill("Vertretungsplan Empfang.")
    lead.get_by_role("button", name="Stellungnahme absenden").click()
    expect(lead.get_by_text("Vielen Dank!")).to_be_visible()
    lead_context.close()

    # The officer sees the statement and answers on the receipt page.
    desk.reload()
    expect(desk.get_by_text("der Empfang ist jetzt doppelt besetzt")).to_be_visible()
    expect(desk.locator("dl.facts").get_by_text("Stellungnahme liegt vor")).to_be_visible()
    desk.get_by_role("link", name="Antwort schreiben").click()
    assert_accessible(desk, "answer editor")
    answer = (
        "Vielen Dank für Ihre Nachricht. Sie haben recht: Die Wartezeit war zu lang. "
        "Der Empfang ist jetzt doppelt besetzt."
    )
    desk.get_by_label("Text an den Absender").fill(answer)
    desk.get_by_role("radio", name=re.compile("Statusseite")).check()
    desk.get_by_role("button", name="Senden").click()
    expect(desk.locator("dl.facts").get_by_text("beantwortet").first).to_be_visible()

    # The citizen reads the answer with the code.
    phone.goto(server.url + "/status")
    phone.get_by_label("Ihr Code").fill(code)
    phone.get_by_role("button", name="Abrufen").click()
    expect(phone.get_by_text("Der Empfang ist jetzt doppelt besetzt.")).to_be_visible()


ROLE_PAGES = {
    "officer": [
        "/staff/inbox?due=overdue",
        "/staff/cases/new",
        "/staff/templates",
        "/staff/measures",
        "/staff/reports",
        "/staff/reports/dashboard",
        "/staff/reports/dashboard?kind=beschwerde&channel=office_link",
        "/staff/reports/summary",
        "/staff/hints",
        "/staff/high-risk",
    ],
    "team_lead": ["/staff/lead"],
    "management": [
        "/staff/high-risk",
        "/staff/reports",
        "/staff/reports/dashboard",
        "/staff/reports/summary",
        "/staff/measures",
    ],
    "anti_corruption": ["/staff/inbox"],
    "admin": ["/staff/admin/users", "/staff/admin/offices", "/staff/admin/settings"],
}


@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_back_office_pages_of_each_role_are_accessible(
    server: LiveServer, live_app: Flask, desk: Page, role: str
) -> None:
    phone_free = desk
    phone_free.goto(server.url + "/m/diez")
    send(phone_free, "Ich gehe zur Zeitung, das Amt hat Bestechung nötig.")
    email = f"{role}@example.org"
    if role != "officer":
        make_user(live_app, email, role, office_code="DIEZ" if role == "team_lead" else None)
    log_in(desk, server.url, email)
    for path in ROLE_PAGES[role]:
        response = desk.goto(server.url + path)
        assert response is not None and response.status == 200, path
        assert_accessible(desk, f"{role}: {path}")


def test_staff_entry_form_errors_are_accessible(server: LiveServer, desk: Page) -> None:
    log_in(desk, server.url)
    desk.goto(server.url + "/staff/cases/new")
    desk.get_by_role("button", name="Speichern").click()
    expect(desk.locator("#error-summary")).to_be_visible()
    assert_accessible(desk, "staff entry with errors")


def test_back_office_reflows_at_320_css_pixels(server: LiveServer, desk: Page) -> None:
    """WCAG 1.4.10 (200 % zoom on a 640 px window): the page never scrolls sideways; wide
    tables scroll inside their own focusable box."""
    desk.goto(server.url + "/m/diez")
    send(desk, "Ich gehe zur Zeitung.")
    log_in(desk, server.url)
    desk.set_viewport_size({"width": 320, "height": 640})
    for path in (
        "/staff/inbox",
        "/staff/inbox?due=soon",
        "/staff/cases/new",
        "/staff/reports",
        "/staff/reports/dashboard",
        "/staff/reports/summary",
    ):
        desk.goto(server.url + path)
        overflow = desk.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    desk.goto(server.url + "/staff/inbox")
    desk.get_by_role("link", name="Ich gehe zur Zeitung.").click()
    desk.wait_for_url(re.compile(r"/staff/cases/\d+"))
    desk.wait_for_load_state("load")  # measured with the stylesheet applied
    overflow = desk.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"case page scrolls sideways by {overflow}px"
