"""Issue 13, the case page on a working day, in Chromium: each point as the role that meets it.

1 "Mir zuweisen" by key and button · 3 the suggestion agrees with its conduct hint ·
4 the acknowledgement of a sender with only a receipt code · 5 a readable trail ·
11 contact data by need to know. Every changed page is checked with axe and photographed
into /tmp/shots (when that folder exists) for a person to look at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from intake.models import AuditEvent, Case, Office
from intake.reception import services as reception
from intake.web import settings
from intake.web.extensions import db
from tests.browser.conftest import LiveServer, log_in
from tests.browser.test_accessibility import assert_accessible
from tests.helpers import make_user

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots")
CASE_URL = re.compile(r"/staff/cases/\d+$")


@pytest.fixture
def office_desk(browser: Browser) -> Iterator[Page]:
    """A desktop browser at 1,280 px, German."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def citizen(browser: Browser) -> Iterator[Page]:
    """The sender's phone."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def shot(page: Page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"issue13-{name}.png"), full_page=True)


def complain(page: Page, url: str, text: str) -> str:
    """A web complaint through the office's QR code, without contact data; its receipt code."""
    page.goto(url + "/m/diez")
    page.get_by_label("Kritik oder Beschwerde").check()
    page.get_by_label("Ihre Nachricht").fill(text)
    page.get_by_role("button", name="Absenden").click()
    return page.locator("#receipt-code").input_value()


def open_case(page: Page, url: str, text: str) -> None:
    page.goto(url + "/staff/inbox")
    page.get_by_role("link", name=text).click()
    page.wait_for_url(CASE_URL)


def fact(page: Page, term: str) -> str:
    """The value of a term in the case's facts list."""
    return page.locator(f"dl.facts dt:text-is('{term}') + dd").first.inner_text().strip()


def status_page(page: Page, url: str, code: str) -> None:
    page.goto(url + "/status")
    page.get_by_label("Ihr Code").fill(code)
    page.get_by_role("button", name="Abrufen").click()
    page.get_by_text("Stand Ihrer Nachricht").wait_for()


# --- point 1 -------------------------------------------------------------------------------


def test_assign_to_me_by_key_and_by_button(
    server: LiveServer, citizen: Page, office_desk: Page
) -> None:
    text = "Seit drei Wochen warte ich auf einen Rückruf wegen meiner Nebenkostenabrechnung."
    complain(citizen, server.url, text)
    log_in(office_desk, server.url)
    open_case(office_desk, server.url, text)
    assert fact(office_desk, "Bearbeitung durch") == "–"

    office_desk.keyboard.press("a")
    expect(office_desk.get_by_text("Zuständigkeit gespeichert.")).to_be_visible()
    assert fact(office_desk, "Bearbeitung durch") == "officer@example.org"
    expect(office_desk.locator("ul.events li").first).to_contain_text(
        "Zuständigkeit geändert – officer@example.org"
    )

    # Back to nobody through the list, then to me by the button.
    office_desk.get_by_label("Bearbeitung durch").select_option(label="–")
    office_desk.get_by_role("button", name="Zuweisen", exact=True).click()
    expect(office_desk.get_by_text("Zuständigkeit gespeichert.")).to_be_visible()
    assert fact(office_desk, "Bearbeitung durch") == "–"
    office_desk.get_by_role("button", name="Mir zuweisen").click()
    expect(office_desk.get_by_text("Zuständigkeit gespeichert.")).to_be_visible()
    assert fact(office_desk, "Bearbeitung durch") == "officer@example.org"
    expect(office_desk.get_by_label("Bearbeitung durch")).to_have_value(
        re.compile(r"^\d+$")  # the list shows the assignee too
    )


# --- point 3 -------------------------------------------------------------------------------


def test_conduct_hint_preselects_a_conduct_complaint(
    server: LiveServer, citizen: Page, office_desk: Page
) -> None:
    text = "Der Sachbearbeiter hat mich angeschrien, als ich nach meinem Antrag gefragt habe."
    complain(citizen, server.url, text)
    log_in(office_desk, server.url)
    open_case(office_desk, server.url, text)
    expect(office_desk.locator("section.flags")).to_contain_text(
        "Dienstaufsicht: vorgeschlagen wegen: 'angeschrien'"
    )
    assert fact(office_desk, "Vorschlag") == (
        "Dienstaufsichtsbeschwerde – vorgeschlagen wegen: 'angeschrien'"
    )
    office_desk.keyboard.press("c")
    kind = office_desk.get_by_label("Art der Kundenreaktion")
    expect(kind).to_be_focused()
    expect(kind).to_have_value("dienstaufsicht")
    expect(office_desk.get_by_label("betrifft das persönliche Verhalten")).to_be_checked()
    shot(office_desk, "3-conduct-preselected")
    assert_accessible(office_desk, "case page, conduct hint")

    office_desk.get_by_role("button", name="Speichern", exact=True).click()
    expect(office_desk.get_by_text("Klassifizierung gespeichert.")).to_be_visible()
    assert fact(office_desk, "Einordnung") == "Dienstaufsichtsbeschwerde"


# --- point 4 -------------------------------------------------------------------------------


def test_acknowledgement_for_a_sender_with_only_a_receipt_code(
    server: LiveServer, citizen: Page, office_desk: Page
) -> None:
    first = "Im Wartebereich ist die Heizung seit Tagen kalt, bitte kümmern Sie sich darum."
    second = "Die Beratung zur Weiterbildung war widersprüchlich und ließ mich ratlos zurück."
    code = complain(citizen, server.url, first)
    complain(citizen, server.url, second)
    log_in(office_desk, server.url)

    open_case(office_desk, server.url, first)
    dues = office_desk.locator("table.dues")
    ack_row = dues.locator("tr", has_text="Eingangsbestätigung")
    expect(ack_row).to_contain_text("offen")
    # Nothing can be sent outside the app to this sender, so nothing claims it was.
    expect(office_desk.get_by_role("button", name="Eingangsbestätigung ist erfolgt")).to_have_count(
        0
    )
    office_desk.get_by_role(
        "button", name="Eingangsbestätigung auf der Statusseite bereitstellen"
    ).click()
    expect(
        office_desk.get_by_text("Die Eingangsbestätigung steht auf der Statusseite.")
    ).to_be_visible()
    expect(ack_row).to_contain_text("erledigt am")
    answer_box = office_desk.locator("section.case-answer")
    assert fact_in(answer_box, "Eingangsbestätigung") != "noch nicht"
    expect(office_desk.locator("ul.events li").first).to_contain_text(
        "Eingangsbestätigung vermerkt – Statusseite (Code des Absenders)"
    )
    shot(office_desk, "4-acknowledged-on-status-page")
    assert_accessible(office_desk, "case page, acknowledged on the status page")

    status_page(citizen, server.url, code)
    expect(citizen.get_by_role("heading", name="Eingangsbestätigung")).to_be_visible()
    expect(
        citizen.get_by_text("Ihre Nachricht ist bei uns eingegangen und wird bearbeitet.")
    ).to_be_visible()
    shot(citizen, "4-status-page-acknowledgement")
    assert_accessible(citizen, "status page with the acknowledgement")

    # Answered before any acknowledgement: the table and the answer box say the same.
    open_case(office_desk, server.url, second)
    office_desk.get_by_role("link", name="Antwort schreiben").click()
    office_desk.get_by_label("Text an den Absender").fill(
        "Vielen Dank für Ihren Hinweis. Wir haben die Beratung mit dem Team besprochen."
    )
    office_desk.get_by_role("radio", name=re.compile("Statusseite")).check()
    office_desk.get_by_role("button", name="Senden").click()
    office_desk.wait_for_url(CASE_URL)
    expect(dues.locator("tr", has_text="Eingangsbestätigung")).to_contain_text("erledigt am")
    assert fact_in(answer_box, "Eingangsbestätigung").startswith("erledigt mit der Antwort am")
    shot(office_desk, "4-answered-displays-agree")


def fact_in(scope: object, term: str) -> str:
    locator = scope.locator(f"dt:text-is('{term}') + dd")  # type: ignore[attr-defined]
    return str(locator.first.inner_text()).strip()


# --- point 5 -------------------------------------------------------------------------------


def test_trail_reads_in_german_with_decisions_and_the_leads_statement(
    server: LiveServer, live_app: Flask, citizen: Page, office_desk: Page, browser: Browser
) -> None:
    text = "Frau Schmidt war am Empfang sehr unfreundlich und hat mich einfach stehen lassen."
    complain(citizen, server.url, text)
    log_in(office_desk, server.url)
    open_case(office_desk, server.url, text)
    office_desk.reload()  # a second view: views are many, they fold away
    office_desk.get_by_label("Art der Kundenreaktion").select_option("dienstaufsicht")
    office_desk.get_by_label("betrifft das persönliche Verhalten").check()
    office_desk.get_by_role("radio", name="ja").check()
    office_desk.get_by_label("Grund (GA 4.2)").select_option(
        label="unangemessenes Verhalten von Beschäftigten"
    )
    office_desk.get_by_label("Begründung der Entscheidung").fill(
        "Zeugin bestätigt den Ton am Empfang."
    )
    office_desk.get_by_role("button", name="Speichern", exact=True).click()
    expect(office_desk.get_by_text("Klassifizierung gespeichert.")).to_be_visible()

    office_desk.get_by_label("oder E-Mail-Adresse").fill("teamleitung@example.org")
    office_desk.get_by_role("button", name="Link erstellen und senden").click()
    path = re.search(
        r"/f/[A-Za-z0-9_-]+", office_desk.get_by_text("Link für die Teamleitung").inner_text()
    )
    assert path
    lead_context = browser.new_context(locale="de-DE")
    lead = lead_context.new_page()
    lead.goto(server.url + path.group(0))
    lead.get_by_label("Stellungnahme", exact=True).fill(
        "Ich habe mit der Kollegin gesprochen; sie entschuldigt sich."
    )
    lead.get_by_role("button", name="Stellungnahme absenden").click()
    expect(lead.get_by_text("Vielen Dank!")).to_be_visible()
    lead_context.close()

    office_desk.reload()
    trail = office_desk.locator("section[aria-labelledby=trail-title] > ul.events")
    lines = trail.locator("li").all_inner_texts()
    joined = "\n".join(lines)
    for raw in (
        "view",
        "classify",
        "transition",
        "link_statement",
        "link_view",
        "staff_entry",
        "link ",
    ):
        assert raw not in joined, (raw, joined)
    assert "Link/System" not in joined
    assert "Fall angesehen" not in joined  # views are folded away
    assert any(
        "Klassifiziert – Dienstaufsichtsbeschwerde; persönliches Verhalten: ja; "
        "begründet: ja; Grund: unangemessenes Verhalten von Beschäftigten; "
        "Begründung: „Zeugin bestätigt den Ton am Empfang.“" in line
        for line in lines
    ), joined
    assert any(
        "Teamleitung (teamleitung@example.org): Stellungnahme der Teamleitung" in line
        for line in lines
    ), joined
    assert any(
        "Teamleitung (teamleitung@example.org): Status geändert – "
        "an Teamleitung weitergeleitet → Stellungnahme liegt vor" in line
        for line in lines
    ), joined
    assert any(
        "officer@example.org: An die Teamleitung weitergeleitet – teamleitung@example.org" in line
        for line in lines
    ), joined
    views = office_desk.locator("details.trail-views")
    expect(views).not_to_have_attribute("open", "")
    expect(views.locator("summary")).to_have_text(re.compile(r"Aufrufe des Falls: [3-9]"))
    views.locator("summary").click()
    expect(views).to_contain_text("Link der Teamleitung geöffnet")
    shot(office_desk, "5-trail")
    assert_accessible(office_desk, "case page, trail with views open")

    # The decision is in the database too, not only on the page.
    with live_app.app_context():
        detail = db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "classify")
        ).one()
    assert json.loads(detail) == {
        "from": None,
        "to": "dienstaufsicht",
        "conduct": True,
        "justified": True,
        "reason": "verhalten",
        "note": "Zeugin bestätigt den Ton am Empfang.",
    }


# --- point 11 ------------------------------------------------------------------------------


def _staff_entry(app: Flask, text: str, email: str) -> int:
    with app.app_context():
        office_id = db.session.scalar(select(Office.id).where(Office.code == "DIEZ"))
        row = reception.record_staff_entry(
            db.session,
            channel="letter",
            office_id=office_id,
            kind="complaint",
            text=text,
            received_on=date.today(),
            contact={
                "name": "Erika Mustermann",
                "email": email,
                "phone": "",
                "postal_address": "Schloßberg 5\n65582 Diez",
                "preferred": "post",
            },
            rule_profile=settings.rule_profile(),
        )
        db.session.commit()
        return row.id


def test_management_sees_contact_data_only_where_its_task_needs_it(
    server: LiveServer, live_app: Flask, office_desk: Page
) -> None:
    plain = _staff_entry(
        live_app, "Die Terminvergabe am Telefon dauert zu lange.", "erika.termin@example.net"
    )
    formal = _staff_entry(
        live_app,
        "Hiermit lege ich Dienstaufsichtsbeschwerde ein: Der Sachbearbeiter war herablassend.",
        "erika.dab@example.net",
    )
    make_user(live_app, "gf@example.org", "management")
    log_in(office_desk, server.url, "gf@example.org")

    office_desk.goto(f"{server.url}/staff/cases/{plain}")
    expect(office_desk.get_by_role("heading", name="Kontakt")).to_be_visible()
    expect(office_desk.get_by_text("erika.termin@example.net")).to_have_count(0)
    expect(office_desk.get_by_text("Erika Mustermann")).to_have_count(0)
    expect(office_desk.get_by_role("link", name="Kontaktdaten anzeigen")).to_have_count(0)
    # Management steps through its own list (high risk), not through every case.
    expect(office_desk.get_by_role("link", name="Nächster Fall")).to_have_count(0)
    expect(office_desk.get_by_role("link", name="Vorheriger Fall")).to_have_count(0)
    shot(office_desk, "11-management-no-contact")
    assert_accessible(office_desk, "management, case without need for contact data")

    office_desk.goto(f"{server.url}/staff/cases/{formal}")
    expect(office_desk.get_by_text("erika.dab@example.net")).to_have_count(0)
    office_desk.get_by_role("link", name="Kontaktdaten anzeigen (wird protokolliert)").click()
    expect(office_desk.get_by_text("erika.dab@example.net")).to_be_visible()
    expect(office_desk.locator("ul.events li").first).to_contain_text(
        "gf@example.org: Kontaktdaten angezeigt"
    )
    shot(office_desk, "11-management-contact-on-request")
    assert_accessible(office_desk, "management, contact data on request")
    with live_app.app_context():
        audited = db.session.scalars(
            select(AuditEvent.case_id).where(AuditEvent.action == "contact_view")
        ).all()
        assert audited == [formal]
        assert db.session.get(Case, plain) is not None
