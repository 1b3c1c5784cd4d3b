"""`offices link-google`, `reviews sync` and `reviews import` against the fake Google.

Whole command runs through Flask's CLI runner with the settings pointing at the fake
server on 127.0.0.1 (credentials JSON in tmp_path, a recording sleep), on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from intake.models import Case, GoogleLocation, GoogleReview, Office
from intake.web.extensions import db
from tests.google.fake_server import Answer, FakeGoogle
from tests.integration.conftest import (
    DIEZ_COUNT,
    DIEZ_LOCATION,
    EMS_LOCATION,
    SECRETS,
    ems_review,
    link_both,
    sync,
)

EMS_COUNT = 5
TOTAL = DIEZ_COUNT + EMS_COUNT


@pytest.fixture
def app_config(google_config: dict[str, Any]) -> dict[str, Any]:
    return google_config


def stored(app: Flask) -> dict[str, GoogleReview]:
    with app.app_context():
        return {row.name: row for row in db.session.scalars(select(GoogleReview))}


def google_submissions(app: Flask) -> int:
    with app.app_context():
        return (
            db.session.scalar(
                select(func.count()).select_from(Case).where(Case.channel == "google")
            )
            or 0
        )


def list_requests(google: FakeGoogle) -> list[str]:
    return [
        r.path for r in google.api_requests() if r.method == "GET" and r.path.endswith("/reviews")
    ]


def assert_no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


# --------------------------------------------------------------------------- link / unlink


def test_link_and_unlink(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["offices", "link-google", "diez", DIEZ_LOCATION])
    assert result.exit_code == 0, result.output
    assert f"linked DIEZ to {DIEZ_LOCATION}" in result.output
    again = runner.invoke(args=["offices", "link-google", "DIEZ", DIEZ_LOCATION])
    assert again.exit_code == 0, again.output
    with app.app_context():
        links = list(db.session.scalars(select(GoogleLocation)))
        assert [(link.office.code, link.name) for link in links] == [("DIEZ", DIEZ_LOCATION)]
    taken = runner.invoke(args=["offices", "link-google", "EMS", DIEZ_LOCATION])
    assert taken.exit_code != 0 and "linked to office DIEZ already" in taken.output
    moved = runner.invoke(args=["offices", "link-google", "DIEZ", EMS_LOCATION])
    assert moved.exit_code == 0 and f"was {DIEZ_LOCATION}" in moved.output
    unlink = runner.invoke(args=["offices", "unlink-google", "diez"])
    assert unlink.exit_code == 0 and f"unlinked DIEZ from {EMS_LOCATION}" in unlink.output
    twice = runner.invoke(args=["offices", "unlink-google", "DIEZ"])
    assert twice.exit_code != 0 and "not linked" in twice.output
    with app.app_context():
        assert db.session.scalar(select(GoogleLocation)) is None


@pytest.mark.parametrize(
    "code,name,message",
    [
        ("DIEZ", "locations/2001", "needs the account in front"),
        ("DIEZ", "accounts/1111/locations/", "not a location name"),
        ("DIEZ", "accounts/1111/locations/2001/reviews/x", "not a location name"),
        ("DIEZ", "https://business.google.com/2001", "not a location name"),
        ("NOPE", DIEZ_LOCATION, "no office NOPE"),
        ("OLD", DIEZ_LOCATION, "office OLD is retired"),
    ],
)
def test_link_refusals(runner: FlaskCliRunner, code: str, name: str, message: str) -> None:
    result = runner.invoke(args=["offices", "link-google", code, name])
    assert result.exit_code != 0
    assert message in result.output


# --------------------------------------------------------------------------- sync


def test_first_sync_imports_everything_and_a_second_creates_no_duplicates(
    app: Flask, runner: FlaskCliRunner, google: FakeGoogle
) -> None:
    link_both(runner)
    first = sync(runner)
    assert first.exit_code == 0, first.output
    assert "[1/2] DIEZ" in first.output and "[2/2] EMS" in first.output
    assert "… 50 reviews read" in first.output  # progress
    assert f"DIEZ: full pass, {DIEZ_COUNT} read, {DIEZ_COUNT} new" in first.output
    assert f"EMS: full pass, {EMS_COUNT} read, {EMS_COUNT} new" in first.output
    assert google_submissions(app) == TOTAL
    diez_pages = [p for p in list_requests(google) if DIEZ_LOCATION in p]
    assert len(diez_pages) == 2  # 60 reviews, 50 a page
    with app.app_context():
        by_office = dict(
            db.session.execute(
                select(Office.code, func.count())
                .join(Case, Case.office_id == Office.id)
                .where(Case.channel == "google")
                .group_by(Office.code)
            ).all()
        )
        assert by_office == {"DIEZ": DIEZ_COUNT, "EMS": EMS_COUNT}
        link = db.session.scalar(select(GoogleLocation).where(GoogleLocation.name == DIEZ_LOCATION))
        assert link is not None and link.synced_until is not None and link.full_synced_at

    before = len(google.api_requests())
    second = sync(runner)
    assert second.exit_code == 0, second.output
    assert "DIEZ: changes, 0 read, 0 new, 0 updated" in second.output
    assert google_submissions(app) == TOTAL
    # incremental: one page per location, stopping at the first review already seen
    assert len(google.api_requests()) - before == 2


def test_stored_fields(app: Flask, synced: Flask) -> None:
    rows = stored(app)
    translated = rows[ems_review("translated")]
    assert translated.comment_original == "Personel çok yardımseverdi."
    assert translated.comment_translation == "Die Mitarbeiterin war sehr hilfsbereit."
    assert translated.reviewer_name == "Ayşe Beispiel"
    assert translated.star_rating == 4
    answered = rows[ems_review("answered")]
    assert answered.reply_comment == "Vielen Dank für Ihr Feedback."
    assert answered.first_replied_at is not None and answered.reply_update_time is not None
    assert rows[ems_review("anonymous")].reviewer_name is None
    rating_only = rows[ems_review("rating-only")]
    assert rating_only.comment_original is None and rating_only.comment_translation is None
    with app.app_context():
        case = db.session.get(Case, translated.case_id)
        assert case is not None
        assert case.text == "Personel çok yardımseverdi."
        assert (case.channel, case.kind, case.rating) == ("google", "other", 4)
        assert case.receipt_selector is None and case.form_nonce_hash is None
        assert case.masked_kinds == "" and not case.is_spam
        assert translated.create_time is not None
        berlin = translated.create_time.replace(
            tzinfo=translated.create_time.tzinfo or UTC
        ).astimezone(ZoneInfo("Europe/Berlin"))
        assert case.received_on == berlin.date()  # the Jobcenter's calendar day
        empty = db.session.get(Case, rating_only.case_id)
        assert empty is not None and empty.text == "" and empty.rating == 5
        names = {row.reviewer_name for row in rows.values() if row.reviewer_name}
        texts = list(db.session.scalars(select(Case.text)))
        assert not any(name in text for name in names for text in texts)


def test_edited_reviews_are_updated_and_deleted_ones_marked(
    app: Flask, synced: Flask, runner: FlaskCliRunner, google: FakeGoogle
) -> None:
    edited, deleted = f"{DIEZ_LOCATION}/reviews/diez005", ems_review("complaint")
    google.edit_review(edited, comment="Jetzt doch zufrieden.", rating="FIVE")
    google.delete_review(deleted)
    changes = sync(runner)
    assert changes.exit_code == 0, changes.output
    assert "DIEZ: changes, 1 read, 0 new, 1 updated" in changes.output
    rows = stored(app)
    assert rows[edited].comment_original == "Jetzt doch zufrieden."
    assert rows[edited].star_rating == 5
    with app.app_context():
        case = db.session.get(Case, rows[edited].case_id)
        assert case is not None
        assert (case.text, case.rating) == ("Jetzt doch zufrieden.", 5)
    assert not rows[deleted].deleted  # a listing of changes cannot see a deletion

    full = sync(runner, "--full")
    assert full.exit_code == 0, full.output
    assert "EMS: full pass, 4 read, 0 new, 0 updated, 1 marked deleted" in full.output
    rows = stored(app)
    assert rows[deleted].deleted and rows[deleted].deleted_at is not None
    assert sum(row.deleted for row in rows.values()) == 1
    assert google_submissions(app) == TOTAL  # the officer's record stays


def test_a_full_pass_runs_by_itself_when_the_last_one_is_old(
    app: Flask, synced: Flask, runner: FlaskCliRunner, google: FakeGoogle
) -> None:
    google.delete_review(ems_review("complaint"))
    with app.app_context():
        for link in db.session.scalars(select(GoogleLocation)):
            assert link.full_synced_at is not None
            link.full_synced_at -= timedelta(hours=25)
        db.session.commit()
    result = sync(runner)
    assert result.exit_code == 0, result.output
    assert "EMS: full pass" in result.output and "1 marked deleted" in result.output
    # and right after it, the next run reads changes only again
    assert "EMS: changes" in sync(runner).output


def test_a_deleted_review_that_comes_back_is_live_again(
    app: Flask, synced: Flask, runner: FlaskCliRunner, google: FakeGoogle
) -> None:
    name = ems_review("complaint")
    saved = google.review(name)
    assert saved is not None
    google.delete_review(name)
    assert sync(runner, "--full").exit_code == 0
    assert stored(app)[name].deleted
    google.locations[EMS_LOCATION]["complaint"] = saved
    assert sync(runner, "--full").exit_code == 0
    assert not stored(app)[name].deleted
    assert google_submissions(app) == TOTAL


def test_forbidden_location_fails_with_googles_message_and_others_still_sync(
    app: Flask, runner: FlaskCliRunner, google: FakeGoogle, caplog: pytest.LogCaptureFixture
) -> None:
    link_both(runner)
    message = "Google My Business API has not been used in project 123456789 or it is disabled."
    google.deny_location(DIEZ_LOCATION, message)
    with caplog.at_level(logging.DEBUG):
        result = sync(runner)
    assert result.exit_code != 0
    assert "403 PERMISSION_DENIED" in result.output and message in result.output
    assert "sync failed for DIEZ" in result.output
    assert f"EMS: full pass, {EMS_COUNT} read, {EMS_COUNT} new" in result.output
    assert google_submissions(app) == EMS_COUNT
    assert_no_secrets(result.output + caplog.text)


def test_unauthenticated_stops_the_run_with_googles_message(
    app: Flask, runner: FlaskCliRunner, google: FakeGoogle, caplog: pytest.LogCaptureFixture
) -> None:
    link_both(runner)
    google.fail_next(1, 401, message="Request had invalid authentication credentials.")
    with caplog.at_level(logging.DEBUG):
        result = sync(runner)
    assert result.exit_code != 0
    assert "401 UNAUTHENTICATED: Request had invalid authentication credentials." in result.output
    assert "stopped; 1 office(s) not synced" in result.output
    assert google_submissions(app) == 0
    assert_no_secrets(result.output + caplog.text)


def test_refused_credentials_are_a_clear_error_without_secrets(
    app: Flask, runner: FlaskCliRunner, credentials_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    link_both(runner)
    data = json.loads(credentials_file.read_text(encoding="utf-8"))
    credentials_file.write_text(
        json.dumps({**data, "refresh_token": "1//revoked-refresh-token-0123456789"}),
        encoding="utf-8",
    )
    with caplog.at_level(logging.DEBUG):
        result = sync(runner)
    assert result.exit_code != 0
    assert "invalid_grant" in result.output and "Token has been expired or revoked" in result.output
    assert "revoked-refresh-token" not in result.output + caplog.text
    assert_no_secrets(result.output + caplog.text)


def test_missing_or_broken_credentials(
    app: Flask, runner: FlaskCliRunner, credentials_file: Path
) -> None:
    link_both(runner)
    app.config["GOOGLE_CREDENTIALS"] = None
    unset = sync(runner)
    assert unset.exit_code != 0 and "INTAKE_GOOGLE_CREDENTIALS is not set" in unset.output
    app.config["GOOGLE_CREDENTIALS"] = str(credentials_file)
    credentials_file.write_text('{"client_id": "x"}', encoding="utf-8")
    broken = sync(runner)
    assert broken.exit_code != 0 and "missing or empty client_secret" in broken.output


def test_nothing_linked_is_not_an_error(runner: FlaskCliRunner) -> None:
    result = sync(runner)
    assert result.exit_code == 0 and "no office is linked" in result.output
    unlinked = sync(runner, "--office", "DIEZ")
    assert unlinked.exit_code != 0 and "office DIEZ is not linked" in unlinked.output


def test_rate_limit_waits_as_long_as_retry_after_says(
    app: Flask, runner: FlaskCliRunner, google: FakeGoogle, sleeps: list[float]
) -> None:
    link_both(runner)
    google.fail_next(1, 429, retry_after="7")
    result = sync(runner)
    assert result.exit_code == 0, result.output
    assert sleeps == [7.0]
    assert google_submissions(app) == TOTAL


def test_rate_limit_too_long_to_wait_fails_and_says_when_to_come_back(
    app: Flask, runner: FlaskCliRunner, google: FakeGoogle, sleeps: list[float]
) -> None:
    link_both(runner)
    google.fail_next(1, 429, retry_after="3600")
    result = sync(runner)
    assert result.exit_code != 0
    assert "429 RESOURCE_EXHAUSTED" in result.output and "wait 3600 s" in result.output
    assert sleeps == []
    assert "stopped" in result.output


def test_exhausted_server_errors_mid_listing_then_a_later_run_resumes_without_duplicates(
    app: Flask,
    runner: FlaskCliRunner,
    google: FakeGoogle,
    sleeps: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    link_both(runner)
    original = google.handle
    armed: list[bool] = []

    def failing_after_first_page(
        method: str, target: str, headers: dict[str, str], body: bytes
    ) -> Answer:
        answer = original(method, target, headers, body)
        if not armed and DIEZ_LOCATION in target and target.split("?")[0].endswith("/reviews"):
            armed.append(True)
            google.fail_next(6, 503)  # the first try and all five retries of page two
        return answer

    monkeypatch.setattr(google, "handle", failing_after_first_page)
    failed = sync(runner)
    assert failed.exit_code != 0
    assert "503 UNAVAILABLE" in failed.output and "run again later" in failed.output
    assert len(sleeps) == 5  # backed off between the retries
    assert google_submissions(app) == 50  # the first page is kept
    with app.app_context():
        link = db.session.scalar(select(GoogleLocation).where(GoogleLocation.name == DIEZ_LOCATION))
        assert link is not None and link.synced_until is None  # the state did not move

    resumed = sync(runner)
    assert resumed.exit_code == 0, resumed.output
    assert f"DIEZ: full pass, {DIEZ_COUNT} read, {DIEZ_COUNT - 50} new" in resumed.output
    assert google_submissions(app) == TOTAL
    with app.app_context():
        names = list(db.session.scalars(select(GoogleReview.name)))
        assert len(names) == len(set(names)) == TOTAL


def test_status_lists_the_links(synced: Flask, runner: FlaskCliRunner) -> None:
    output = runner.invoke(args=["reviews", "status"]).output
    assert f"DIEZ\t{DIEZ_LOCATION}\tlast sync 20" in output
    assert f"EMS\t{EMS_LOCATION}" in output


# --------------------------------------------------------------------------- Takeout


def write_takeout(root: Path, google: FakeGoogle, names: list[str], location_dir: str) -> Path:
    folder = root / "Takeout" / "Google Business Profile" / "account-1111" / location_dir
    folder.mkdir(parents=True)
    reviews = [google.review(name) for name in names]
    (folder / "reviews.json").write_text(json.dumps({"reviews": reviews}), encoding="utf-8")
    return root


def test_takeout_import_is_idempotent_and_matches_the_sync(
    app: Flask, runner: FlaskCliRunner, google: FakeGoogle, tmp_path: Path
) -> None:
    link_both(runner)
    names = [ems_review(n) for n in ("translated", "answered", "rating-only")]
    export = write_takeout(tmp_path / "export", google, names, "location-2002")
    foreign = google.add_review("accounts/1111/locations/9999", comment="Woanders")
    write_takeout(tmp_path / "export", google, [foreign], "location-9999")

    first = runner.invoke(args=["reviews", "import", str(export)])
    assert first.exit_code == 0, first.output
    assert "3 reviews: 3 new, 0 updated, 0 unchanged" in first.output
    assert "skipped 1 review(s) of accounts/1111/locations/9999" in first.output
    again = runner.invoke(args=["reviews", "import", str(export)])
    assert again.exit_code == 0 and "3 reviews: 0 new, 0 updated, 3 unchanged" in again.output
    rows = stored(app)
    assert rows[ems_review("translated")].comment_original == "Personel çok yardımseverdi."
    assert rows[ems_review("answered")].first_replied_at is not None
    assert google_submissions(app) == 3

    assert sync(runner).exit_code == 0
    assert google_submissions(app) == TOTAL  # the sync found the imported ones by name
    assert runner.invoke(args=["reviews", "import", str(export)]).exit_code == 0
    assert google_submissions(app) == TOTAL


def test_takeout_import_never_overwrites_a_newer_state(
    app: Flask, synced: Flask, runner: FlaskCliRunner, google: FakeGoogle, tmp_path: Path
) -> None:
    name = ems_review("complaint")
    export = write_takeout(tmp_path / "old", google, [name], "location-2002")  # snapshot
    google.edit_review(name, comment="Inzwischen geklärt.")
    assert sync(runner).exit_code == 0
    result = runner.invoke(args=["reviews", "import", str(export)])
    assert result.exit_code == 0 and "0 updated, 1 unchanged" in result.output
    assert stored(app)[name].comment_original == "Inzwischen geklärt."


def test_takeout_import_refuses_what_is_not_an_export(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    link_both(runner)
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "notes.json").write_text("{}", encoding="utf-8")
    result = runner.invoke(args=["reviews", "import", str(tmp_path / "folder")])
    assert result.exit_code != 0 and "nothing imported" in result.output
    folder = tmp_path / "broken" / "account-1111" / "location-2002"
    folder.mkdir(parents=True)
    (folder / "reviews.json").write_text("{not json", encoding="utf-8")
    broken = runner.invoke(args=["reviews", "import", str(tmp_path / "broken")])
    assert broken.exit_code != 0 and "not valid JSON" in broken.output
    assert google_submissions(app) == 0
