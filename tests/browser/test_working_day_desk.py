"""A working day in the back office (issue 13, points 2, 6, 7, 8, 9 and 10), in Chromium.

Each test walks one finding the way the person who met it did: the officer answering a
caller, a team lead ordering cards, the service team printing an order, management reading
a case, the officer keying paper cards with the keyboard. Changed pages are checked with
axe and saved as screenshots under /tmp/shots/ for a look.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from intake.models import Case, Office, PrintBatch, random_id
from intake.reports import services as reports
from intake.triage import rules
from intake.web.extensions import db
from tests.browser.conftest import LiveServer, log_in
from tests.browser.test_accessibility import assert_accessible
from tests.helpers import make_user

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots")
TODAY = dt.date.today()


@pytest.fixture
def desk(browser: Browser) -> Iterator[Page]:
    """A desktop browser at 1,280 px, as in the back office."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def office_id(app: Flask, code: str) -> int:
    with app.app_context():
        found = db.session.scalars(select(Office.id).where(Office.code == code)).one()
        return int(found)


def add_batch(app: Flask, code: str, count: int = 200) -> int:
    with app.app_context():
        batch = PrintBatch(
            office_id=office_id(app, code), layout="card", language="de", count=count
        )
        db.session.add(batch)
        db.session.commit()
        return batch.id


# --- point 2: a caller who asked for a call back is answered by a recorded call -------------


def test_phone_reaction_asking_for_a_call_back_is_answered_by_a_recorded_call(
    server: LiveServer, desk: Page
) -> None:
    log_in(desk, server.url)
    desk.goto(server.url + "/staff/cases/new")
    desk.get_by_label("Eingangsweg").select_option(label="Telefon")
    desk.get_by_label("Geschäftsstelle").select_option(label="Geschäftsstelle Diez")
    desk.get_by_label("Eingangsdatum").fill(TODAY.isoformat())
    desk.get_by_label("Anliegen laut Absender").select_option(label="Beschwerde")
    desk.get_by_label("Inhalt").fill(
        "Herr Yılmaz ruft an: sein Weiterbewilligungsantrag liegt seit sechs Wochen, "
        "niemand meldet sich. Er bittet um Rückruf."
    )
    desk.get_by_label("Name", exact=True).fill("Mehmet Yılmaz")
    desk.get_by_label("Telefon", exact=True).fill("02603 98765")
    desk.get_by_label("Antwort gewünscht per").select_option(label="Telefon")
    desk.get_by_role("button", name="Speichern").click()
    expect(desk.get_by_text("Kundenreaktion erfasst.")).to_be_visible()

    # The contact block speaks German, and a call back is a way to answer.
    contact = desk.locator("dt", has_text="Antwort gewünscht").locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(contact).to_have_text("Telefon")
    ways = desk.locator("#answer-title ~ dl dt", has_text="Mögliche Wege")
    expect(ways.locator("xpath=following-sibling::dd[1]")).to_contain_text("Rückruf")
    desk.get_by_role("link", name="Antwort schreiben").click()
    assert_accessible(desk, "answer editor, call back")

    # The officer calls and records the call: when, what was said; who is the account.
    desk.get_by_role("radio", name=re.compile("Rückruf")).check()
    desk.get_by_label("Datum des Anrufs").fill(TODAY.isoformat())
    desk.get_by_label("Text an den Absender").fill(
        "Rückruf: Der Antrag ist heute bewilligt worden, der Bescheid geht morgen in die Post. "
        "Herr Yılmaz ist einverstanden."
    )
    shot(desk, "p2-answer-editor-call")
    desk.get_by_role("button", name="Senden").click()
    expect(desk.get_by_text("Das Gespräch ist als Antwort festgehalten.")).to_be_visible()
    answer = desk.locator("section.case-answer")
    expect(answer).to_contain_text("Rückruf")
    expect(answer).to_contain_text("officer@example.org")
    expect(answer).to_contain_text("der Bescheid geht morgen in die Post")
    expect(desk.locator("dl.facts").get_by_text("beantwortet").first).to_be_visible()
    assert_accessible(desk, "case page, answered by a call")
    shot(desk, "p2-case-answered-by-call")


# --- point 6: orders the printer refuses are refused, in German ----------------------------


def test_team_lead_cannot_order_fewer_cards_than_the_printer_takes(
    server: LiveServer, live_app: Flask, desk: Page
) -> None:
    make_user(live_app, "lead@example.org", "team_lead", office_code="DIEZ")
    log_in(desk, server.url, "lead@example.org")
    desk.goto(server.url + "/staff/card-requests/new")
    desk.get_by_label("Anzahl").fill("10")
    desk.get_by_role("button", name="Bestellen").click()
    summary = desk.locator("#error-summary")
    expect(summary).to_contain_text("mindestens 50")
    expect(desk.locator("main")).not_to_contain_text("card batches")
    assert_accessible(desk, "card order refused")
    shot(desk, "p6-card-order-refused")
    with live_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PrintBatch)) == 0
    # Posters have no minimum; ten of them are a fine order.
    desk.get_by_role("radio", name="Plakat A4").check()
    desk.get_by_role("button", name="Bestellen").click()
    expect(desk.get_by_text("Ihre Bestellung ist beim Service-Team angekommen.")).to_be_visible()


def test_service_team_sees_print_refusals_in_german(
    server: LiveServer, live_app: Flask, desk: Page
) -> None:
    make_user(live_app, "service@example.org", "service")
    log_in(desk, server.url, "service@example.org")
    desk.goto(
        server.url
        + f"/staff/cards?office={office_id(live_app, 'DIEZ')}&layout=card&language=de&count=10"
    )
    expect(desk.locator("main")).to_contain_text("mindestens 50")
    expect(desk.locator("main")).not_to_contain_text("card batches")


def test_back_office_speaks_german_in_rules_and_languages(
    server: LiveServer, live_app: Flask, desk: Page
) -> None:
    send_complaint(desk, server.url, "Der Sachbearbeiter hat meinen Antrag verloren.")
    log_in(desk, server.url)
    desk.goto(server.url + "/staff/inbox")
    desk.get_by_role("link", name="Der Sachbearbeiter hat meinen Antrag verloren.").click()
    main = desk.locator("main")
    expect(main).to_contain_text("RL Nr. 2")
    expect(main).not_to_contain_text("(final handling")
    expect(main).not_to_contain_text("(acknowledge")
    language = desk.locator("dt", has_text="Sprache").locator("xpath=following-sibling::dd[1]")
    expect(language).to_have_text("Deutsch")
    desk.goto(server.url + "/staff/reports")
    expect(desk.locator("main")).to_contain_text("RL Nr. 5")
    expect(desk.locator("main")).not_to_contain_text("annual report")
    for profile in rules.PROFILES.values():
        for citation in (
            profile.ack_rule,
            profile.final_rule,
            profile.report_rule,
            profile.petition_rule,
            profile.interim_rule,
            profile.forward_rule,
            profile.followup_answer_rule,
            profile.followup_escalation_rule,
        ):
            assert not re.search(r"\((?:[a-z0-9 ,'.-]+)\)\s*$", citation), citation


def send_complaint(page: Page, url: str, text: str) -> None:
    page.goto(url + "/m/diez")
    page.get_by_label("Beschwerde").check()
    page.get_by_label("Ihre Nachricht").fill(text)
    page.get_by_role("button", name="Absenden").click()
    expect(page.locator("#receipt-code")).to_be_visible()


# --- point 7: Berichte opens on the period being reported on now ---------------------------


def test_reports_open_on_the_period_being_reported_on(
    server: LiveServer, live_app: Flask, desk: Page
) -> None:
    profile = rules.PROFILES[live_app.config["RULE_PROFILE"]]
    due = reports.next_due(profile, TODAY)
    start, end = rules.report_period(profile, due)
    send_complaint(desk, server.url, "Die Wartezeit am Empfang war zu lang.")
    log_in(desk, server.url)
    desk.get_by_role("link", name="Berichte").first.click()
    heading = desk.get_by_role("heading", level=1)
    expect(heading).to_contain_text(str(start.year))
    day = f"{due.day:02d}.{due.month:02d}.{due.year}"
    expect(desk.locator("main")).to_contain_text(day)
    if start <= TODAY <= end:  # today's complaint is in the period being reported on
        total = desk.locator("th", has_text="Berichtszeitraum")  # the row of the period itself
        expect(total.locator("xpath=following-sibling::td[1]")).to_have_text("1")
    shot(desk, "p7-reports")


# --- point 9: layout of the card forms and the inbox ---------------------------------------

CHOICES_FIT = """() => [...document.querySelectorAll('.choice')].map(choice => {
  const input = choice.querySelector('input').getBoundingClientRect();
  const label = choice.querySelector('label').getBoundingClientRect();
  const span = choice.querySelector('label span').getBoundingClientRect();
  return {
    text: choice.textContent.trim(),
    radioInside: input.top >= label.top && input.bottom <= label.bottom,
    textInside: span.right <= label.right + 0.5 && span.left >= label.left - 0.5,
  };
})"""


@pytest.mark.parametrize("width", [1280, 700])
def test_card_form_tiles_hold_their_label_and_radio(
    server: LiveServer, live_app: Flask, desk: Page, width: int
) -> None:
    make_user(live_app, "lead@example.org", "team_lead", office_code="DIEZ")
    make_user(live_app, "service@example.org", "service")
    desk.set_viewport_size({"width": width, "height": 900})
    for email, path, name in (
        ("service@example.org", "/staff/cards", "p9-cards"),
        ("lead@example.org", "/staff/card-requests/new", "p9-card-request"),
    ):
        desk.context.clear_cookies()
        log_in(desk, server.url, email)
        desk.goto(server.url + path)
        for tile in desk.evaluate(CHOICES_FIT):
            assert tile["radioInside"], f"{path} at {width}px: radio outside {tile['text']!r}"
            assert tile["textInside"], f"{path} at {width}px: label spills out of {tile['text']!r}"
        shot(desk, f"{name}-{width}")
        assert_accessible(desk, path)


def test_a_long_unbroken_word_does_not_widen_the_inbox(server: LiveServer, desk: Page) -> None:
    word = "Leistungsbewilligungsverfahrensbeschleunigungsforderung" * 3
    send_complaint(desk, server.url, f"{word} jetzt sofort!")
    log_in(desk, server.url)
    desk.goto(server.url + "/staff/inbox")
    box = desk.locator(".table-scroll").first
    overflow = box.evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow <= 0, f"the inbox table is {overflow}px wider than its box"
    link = desk.get_by_role("link", name=re.compile("Leistungsbewilligung"))
    right = link.evaluate("el => el.getBoundingClientRect().right")
    assert right <= 1280
    shot(desk, "p9-inbox-long-word")


# --- point 10: the smaller ones ------------------------------------------------------------


def test_paper_cards_keep_the_batch_refuse_a_foreign_one_and_count_what_was_keyed(
    server: LiveServer, live_app: Flask, desk: Page
) -> None:
    own = add_batch(live_app, "DIEZ")
    foreign = add_batch(live_app, "EMS")
    with live_app.app_context():  # keyed in earlier (no audit event today), dated today
        db.session.add(
            Case(
                id=random_id(),
                channel="paper_card",
                kind="praise",
                text="Alt.",
                language="de",
                received_on=TODAY,
            )
        )
        db.session.commit()
    log_in(desk, server.url)
    desk.goto(server.url + "/staff/paper-cards")
    # The focus starts on the ticked kind ("Sonstiges"), not on the first one ("Lob").
    expect(desk.get_by_role("radio", name="Sonstiges")).to_be_checked()
    expect(desk.get_by_role("radio", name="Sonstiges")).to_be_focused()
    expect(desk.locator("main")).to_contain_text("Heute erfasst: 0")

    desk.get_by_label("Geschäftsstelle").select_option(label="Geschäftsstelle Diez (DIEZ)")
    desk.get_by_label("Auflage").fill(str(foreign))
    desk.get_by_label("Text der Karte").fill("Sehr freundlicher Empfang, danke!")
    desk.keyboard.press("Control+Enter")
    expect(desk.locator("#error-summary")).to_contain_text("gehört nicht zur Geschäftsstelle")
    assert_accessible(desk, "paper card with a foreign batch")

    desk.get_by_label("Auflage").fill(str(own))
    desk.get_by_label("Text der Karte").fill("Sehr freundlicher Empfang, danke!")
    desk.keyboard.press("Control+Enter")
    expect(desk.get_by_text("Karte gespeichert.")).to_be_visible()
    expect(desk.get_by_label("Auflage")).to_have_value(str(own))
    expect(desk.locator("main")).to_contain_text("Heute erfasst: 1")

    # A date two years back is not taken without a word; a second save confirms it.
    old = TODAY.replace(year=TODAY.year - 2, day=min(TODAY.day, 28))
    desk.get_by_label("Eingangsdatum").fill(old.isoformat())
    desk.get_by_label("Text der Karte").fill("Die Toiletten waren geschlossen.")
    desk.keyboard.press("Control+Enter")
    expect(desk.locator("main")).to_contain_text("liegt mehr als")
    expect(desk.get_by_text("Karte gespeichert.")).to_have_count(0)
    shot(desk, "p10-paper-card-old-date")
    assert_accessible(desk, "paper card, old date warning")
    desk.get_by_role("button", name=re.compile("Speichern")).click()
    expect(desk.get_by_text("Karte gespeichert.")).to_be_visible()
    expect(desk.locator("main")).to_contain_text("Heute erfasst: 2")


def test_u_returns_the_focus_to_the_case_one_came_from(server: LiveServer, desk: Page) -> None:
    for text in (
        "Erste Nachricht zum Empfang.",
        "Zweite Nachricht zur Wartezeit.",
        "Dritte Nachricht zum Parkplatz.",
    ):
        send_complaint(desk, server.url, text)
    log_in(desk, server.url)
    desk.goto(server.url + "/staff/inbox")
    desk.keyboard.press("j")
    desk.keyboard.press("j")
    focused = desk.evaluate("document.activeElement.textContent")
    desk.keyboard.press("Enter")
    desk.wait_for_url(re.compile(r"/staff/cases/\d+"))
    desk.keyboard.press("u")
    desk.wait_for_url(re.compile(r"/staff/inbox"))
    expect(desk.get_by_role("link", name=focused)).to_be_focused()
    desk.keyboard.press("j")  # and j/k go on from there
    assert desk.evaluate("document.activeElement.textContent") != focused


def test_printing_an_order_closes_it_with_a_confirmation(
    server: LiveServer, live_app: Flask, desk: Page
) -> None:
    make_user(live_app, "lead@example.org", "team_lead", office_code="DIEZ")
    make_user(live_app, "service@example.org", "service")
    log_in(desk, server.url, "lead@example.org")
    for count in ("200", "300"):
        desk.goto(server.url + "/staff/card-requests/new")
        desk.get_by_label("Anzahl").fill(count)
        desk.get_by_role("button", name="Bestellen").click()
        expect(
            desk.get_by_text("Ihre Bestellung ist beim Service-Team angekommen.")
        ).to_be_visible()
    desk.context.clear_cookies()
    log_in(desk, server.url, "service@example.org")
    desk.goto(server.url + "/staff/cards")
    desk.get_by_role("link", name="Vorschau und Druck").first.click()
    expect(desk.locator("main")).to_contain_text("als erledigt markiert")
    # The preview image is drawn first (its response carries the session cookie too).
    expect(desk.get_by_role("img", name="Vorschau der ersten Seite")).to_be_visible()
    desk.wait_for_load_state("load")
    with desk.expect_download() as download:
        desk.get_by_role("button", name="PDF erzeugen und herunterladen").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    desk.goto(server.url + "/staff/cards")
    expect(desk.locator("main")).to_contain_text("Die Bestellung ist als erledigt markiert")
    expect(desk.get_by_role("link", name="Vorschau und Druck")).to_have_count(1)
    desk.get_by_role("button", name="Als erledigt markieren").click()
    expect(desk.locator("main")).to_contain_text("Die Bestellung ist als erledigt markiert")
    expect(desk.get_by_role("link", name="Vorschau und Druck")).to_have_count(0)
    shot(desk, "p10-card-request-done")
    assert_accessible(desk, "cards page after marking done")


def test_assignees_are_only_those_who_can_work_the_case(
    server: LiveServer, live_app: Flask, desk: Page
) -> None:
    make_user(live_app, "kollegin@example.org", "officer")
    make_user(live_app, "antikorruption@example.org", "anti_corruption")
    make_user(live_app, "admin@example.org", "admin")
    send_complaint(desk, server.url, "Die Wartezeit am Empfang war zu lang.")
    log_in(desk, server.url)
    desk.goto(server.url + "/staff/inbox")
    desk.get_by_role("link", name="Die Wartezeit am Empfang war zu lang.").click()
    options = desk.get_by_label("Bearbeitung durch").locator("option").all_inner_texts()
    assert "kollegin@example.org" in options and "officer@example.org" in options
    assert "antikorruption@example.org" not in options
    assert "admin@example.org" not in options


def test_management_sees_no_keyboard_hints_for_actions_it_cannot_take(
    server: LiveServer, live_app: Flask, desk: Page
) -> None:
    make_user(live_app, "leitung@example.org", "management")
    send_complaint(desk, server.url, "Die Wartezeit am Empfang war zu lang.")
    with live_app.app_context():
        case = db.session.scalars(select(Case.id)).one()
    log_in(desk, server.url, "leitung@example.org")
    desk.goto(server.url + f"/staff/cases/{case}")
    main = desk.locator("main")
    expect(main).not_to_contain_text("c klassifizieren")
    expect(main).not_to_contain_text("a mir zuweisen")
    expect(main).not_to_contain_text("u zurück zur Liste")
    assert_accessible(desk, "case page, management")


def test_shift_start_behind_one_address_and_a_mistyped_password(
    server: LiveServer, live_app: Flask, desk: Page
) -> None:
    """Point 8: an office behind one shared address logs in at shift start (successful logins
    never use up the address), and a mistyped password gets the staff's own wait notice on the
    login page, not the citizens' "Ihre Nachricht ist uns wichtig" page."""
    live_app.config["RATELIMIT_LOGIN_CLIENT"] = "3 per 15 minutes"
    live_app.config["RATELIMIT_LOGIN_ACCOUNT"] = "2 per 15 minutes"
    team = [f"kollegin{n}@example.org" for n in range(5)]
    for email in team:
        make_user(live_app, email=email)
    for email in team:  # five logins from one address, over the per-address limit of three
        log_in(desk, server.url, email)
        expect(desk.get_by_text(email)).to_be_visible()
        desk.get_by_role("button", name="Abmelden").click()
        desk.wait_for_url(re.compile(r"/staff/login"))
    for _ in range(3):  # "Passwort vergessen?" — no: typed wrong three times
        desk.get_by_label("E-Mail-Adresse").fill(team[0])
        desk.get_by_label("Passwort").fill("Falsches Passwort 2026")
        desk.get_by_role("button", name="Anmelden").click()
    expect(desk.locator("#login-wait")).to_contain_text("Ihr Konto ist nicht gesperrt.")
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Anmeldung")
    content = desk.content()
    assert "Ihre Nachricht ist uns wichtig" not in content and "Zum Formular" not in content
    shot(desk, "p8-login-wait")
    assert_accessible(desk, "staff login wait")
