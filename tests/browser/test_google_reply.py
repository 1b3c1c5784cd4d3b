"""The reply editor of a Google review in Chromium: live byte counter, and no WCAG violations."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from intake import reviews
from intake.models import Office
from intake.reviews.google import Review, Reviewer
from intake.web import settings
from intake.web.extensions import db
from tests.browser.conftest import LiveServer, log_in
from tests.browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def add_review(server: LiveServer) -> int:
    with server.app.app_context():
        office = db.session.scalar(select(Office).where(Office.code == "EMS"))
        assert office is not None
        stamp = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
        review = Review(
            name="accounts/1/locations/2/reviews/r1",
            reviewer=Reviewer(display_name="Ayşe Beispiel"),
            star_rating=2,
            comment="(Translated by Google) Lange gewartet.\n\n(Original)\nUzun süre bekledim.",
            create_time=stamp,
            update_time=stamp,
        )
        profile = settings.rule_profile()
        row = reviews.upsert_review(db.session, office.id, review, rule_profile=profile).row
        db.session.commit()
        return row.case_id


def test_reply_editor_counts_bytes_as_one_types(server: LiveServer, phone: Page) -> None:
    case_id = add_review(server)
    phone.set_viewport_size({"width": 1280, "height": 900})
    log_in(phone, server.url)
    phone.goto(f"{server.url}/staff/cases/{case_id}")
    assert_accessible(phone, "google review with reply editor")
    field = phone.get_by_label("Ihre Antwort (öffentlich auf Google)")
    assert "Es tut uns leid" in field.input_value()  # the template for two stars
    counter = phone.locator("#reply-bytes")
    field.fill("ä" * 2049)
    expect(counter).to_have_text("4.098 von 4.096 Bytes – zu lang")
    expect(counter).to_have_class("byte-counter over-limit")
    expect(phone.locator("[data-byte-status]")).to_have_text("4.098 von 4.096 Bytes – zu lang")
    assert_accessible(phone, "reply over the limit")
    field.fill("Danke 😊")
    expect(counter).to_have_text("10 von 4.096 Bytes")
    expect(counter).to_have_class("byte-counter")
