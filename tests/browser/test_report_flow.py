"""The KRM report as the officer writes it, in Chromium: open the period's draft, write causes and
recommendations, save, finalise, download the PDF; a case reclassified afterwards changes the live
report but not the final version's page or PDF. axe-core checks the report pages."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from intake.models import Case
from intake.reports import services as reports
from intake.triage import rules
from intake.web.extensions import db
from tests.browser.conftest import LiveServer, log_in
from tests.browser.test_accessibility import assert_accessible
from tests.factories import classify, make_case

pytestmark = pytest.mark.browser
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"  # poppler-utils (scripts/test)

CAUSES = (
    "Wiederkehrend: lange Wartezeiten am Empfang, vor allem montags nach Feiertagen.\n\n"
    "Frau Becker vom Empfang hat die Spitzen notiert."
)
RECOMMENDATIONS = (
    "Den Empfang montags doppelt besetzen und die Rückrufzeiten auf der Homepage nennen."
)


@pytest.fixture
def desk(browser: Browser) -> Iterator[Page]:
    """An officer's desktop browser that keeps downloads."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="de-DE", accept_downloads=True
    )
    page = context.new_page()
    yield page
    context.close()


def seed_period(app: Flask) -> list[int]:
    """Three complaints and a praise in the period being reported on now."""
    profile = rules.PROFILES[app.config["RULE_PROFILE"]]
    today = dt.date.today()
    period = reports.default_period(profile, today)
    last = min(period.end, today)
    days = [max(period.start, last - dt.timedelta(days=offset)) for offset in (3, 2, 1, 0)]
    texts = (
        "Ich habe zwei Stunden am Empfang gewartet.",
        "Mein Rückruf kam nie, obwohl er zugesagt war.",
        "Die Wartezeit am Montag war unzumutbar.",
    )
    with app.app_context():
        made = [
            make_case(db.session, "triaged", kind="complaint", text=text, received_on=day)
            for text, day in zip(texts, days, strict=False)
        ]
        made.append(
            make_case(db.session, "closed", kind="praise", text="Danke!", received_on=days[3])
        )
        db.session.commit()
        return [case.id for case in made]


def pdf_text(path: Path) -> str:
    """The PDF's text in reading order, whitespace folded."""
    found = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(found.stdout.split())


def figure_sections(page: Page) -> list[str]:
    """The report's sections as the page shows them (figures, charts, texts)."""
    found: list[str] = page.locator("section.report-section").evaluate_all(
        "sections => sections.map(section => section.outerHTML)"
    )
    return found


def test_officer_writes_finalises_and_the_final_report_stays(
    server: LiveServer, live_app: Flask, desk: Page, tmp_path: Path
) -> None:
    ids = seed_period(live_app)
    log_in(desk, server.url)
    desk.get_by_role("link", name="Berichte").first.click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("KRM-Bericht")
    assert_accessible(desk, "report page without a draft")

    # The officer writes both sections and saves the draft.
    desk.get_by_role("textbox", name="Ursachen besonderer oder wiederkehrender Reaktionen").fill(
        CAUSES
    )
    desk.get_by_role("textbox", name="Empfehlungen", exact=True).fill(RECOMMENDATIONS)
    desk.get_by_role("button", name="Entwurf speichern").click()
    expect(desk.get_by_text("Entwurf (Version 1) gespeichert.")).to_be_visible()
    causes = desk.get_by_role("textbox", name="Ursachen besonderer oder wiederkehrender Reaktionen")
    expect(causes).to_have_value(CAUSES.replace("Frau Becker", "[Name]"))
    assert_accessible(desk, "report page with a draft")

    # Finalising freezes it: version 1, with its own page.
    desk.get_by_role("button", name="Endfassung erstellen").click()
    desk.wait_for_url(lambda url: url.endswith("/v1"))
    expect(desk.get_by_text("Endfassung Version 1 erstellt.")).to_be_visible()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Endfassung Version 1")
    assert_accessible(desk, "final version page")
    frozen_page = figure_sections(desk)
    with desk.expect_download() as download:
        desk.get_by_role("link", name="Endfassung Version 1 als PDF").click()
    first = tmp_path / "v1.pdf"
    download.value.save_as(first)
    assert download.value.suggested_filename.endswith("-v1.pdf")
    text = pdf_text(first)
    assert RECOMMENDATIONS in text
    assert "Becker" not in text and "officer@example.org" not in text
    assert "KRM-Beauftragte(r)" in text

    # Later a complaint turns out to be an idea: the live report changes ...
    live_before = desk.goto(server.url + "/staff/reports")
    assert live_before is not None
    live_figures = figure_sections(desk)
    with live_app.app_context():
        case = db.session.get(Case, ids[0])
        assert case is not None
        classify(db.session, case, None, "idee", rules.PROFILES[live_app.config["RULE_PROFILE"]])
        db.session.commit()
    desk.reload()
    assert figure_sections(desk) != live_figures
    expect(desk.get_by_role("button", name="Neue Version beginnen")).to_be_visible()

    # ... the final version does not: the same page, the same PDF, byte for byte.
    desk.get_by_role("link", name="Version 1", exact=True).click()
    desk.wait_for_url(lambda url: url.endswith("/v1"))
    assert figure_sections(desk) == frozen_page
    with desk.expect_download() as again:
        desk.get_by_role("link", name="Endfassung Version 1 als PDF").click()
    second = tmp_path / "v1-again.pdf"
    again.value.save_as(second)
    assert second.read_bytes() == first.read_bytes()
