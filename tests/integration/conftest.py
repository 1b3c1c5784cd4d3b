"""Fixtures for the Google review tests: the fake Google on 127.0.0.1 and settings pointing to it.

Nothing here is used unless a test asks for it; test modules that talk to the fake
override `app_config` with `google_config`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from tests.google.fake_server import (
    CLIENT_ID,
    CLIENT_SECRET,
    REFRESH_TOKEN,
    FakeGoogle,
    FakeServer,
)

ACCOUNT = "accounts/1111"
DIEZ_LOCATION = f"{ACCOUNT}/locations/2001"  # 60 reviews: two pages
EMS_LOCATION = f"{ACCOUNT}/locations/2002"  # odd shapes, readable ids
DIEZ_COUNT = 60
RATINGS = ("ONE", "TWO", "THREE", "FOUR", "FIVE")
TRANSLATED = (
    "(Translated by Google) Die Mitarbeiterin war sehr hilfsbereit.\n\n"
    "(Original)\nPersonel çok yardımseverdi."
)
SECRETS = (CLIENT_SECRET, REFRESH_TOKEN, "ya29.")


def ems_review(name: str) -> str:
    return f"{EMS_LOCATION}/reviews/{name}"


def seed_google(fake: FakeGoogle) -> None:
    """Two locations: Diez with many plain reviews, Bad Ems with one of each odd shape."""
    for index in range(DIEZ_COUNT):
        comment = None if index % 10 == 0 else f"Diez Bewertung {index}"
        fake.add_review(
            DIEZ_LOCATION,
            rating=RATINGS[index % 5],
            comment=comment,
            review_id=f"diez{index:03d}",
            reviewer={"displayName": f"Rezensentin Diez {index}", "isAnonymous": False},
        )
    add = fake.add_review
    add(
        EMS_LOCATION,
        rating="FOUR",
        comment=TRANSLATED,
        review_id="translated",
        reviewer={"displayName": "Ayşe Beispiel", "isAnonymous": False},
    )
    add(EMS_LOCATION, rating="FIVE", review_id="rating-only")
    add(
        EMS_LOCATION,
        rating="ONE",
        comment="Niemand ruft zurück.",
        reviewer={"isAnonymous": True},
        review_id="anonymous",
    )
    add(
        EMS_LOCATION,
        rating="FIVE",
        comment="Danke!",
        reply="Vielen Dank für Ihr Feedback.",
        review_id="answered",
        reviewer={"displayName": "Max Mustermann", "isAnonymous": False},
    )
    add(
        EMS_LOCATION,
        rating="TWO",
        comment="Lange Wartezeit am Empfang.",
        review_id="complaint",
        reviewer={"displayName": "Erika Beispielfrau", "isAnonymous": False},
    )


@pytest.fixture
def google() -> FakeGoogle:
    """The fake Google's state, seeded; tests change it between runs."""
    fake = FakeGoogle()
    seed_google(fake)
    return fake


@pytest.fixture
def google_server(google: FakeGoogle) -> Iterator[FakeServer]:
    with FakeServer(google) as running:
        yield running


@pytest.fixture
def sleeps() -> list[float]:
    """Every delay the client asked for (the app sleeps through `GOOGLE_SLEEP`)."""
    return []


@pytest.fixture
def credentials_file(tmp_path: Path) -> Path:
    path = tmp_path / "google-credentials.json"
    path.write_text(
        json.dumps(
            {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "refresh_token": REFRESH_TOKEN}
        ),
        encoding="utf-8",
    )
    path.chmod(0o600)
    return path


@pytest.fixture
def google_config(
    google_server: FakeServer, credentials_file: Path, sleeps: list[float]
) -> dict[str, Any]:
    """`INTAKE_GOOGLE_*` settings aimed at the fake, and a sleep that only records."""
    return {
        "GOOGLE_CREDENTIALS": str(credentials_file),
        "GOOGLE_API_BASE_URL": google_server.base_url,
        "GOOGLE_TOKEN_URL": google_server.token_url,
        "GOOGLE_SLEEP": sleeps.append,
    }


def link_both(runner: FlaskCliRunner) -> None:
    for code, location in (("DIEZ", DIEZ_LOCATION), ("EMS", EMS_LOCATION)):
        result = runner.invoke(args=["offices", "link-google", code, location])
        assert result.exit_code == 0, result.output


def sync(runner: FlaskCliRunner, *args: str) -> Any:
    return runner.invoke(args=["reviews", "sync", *args])


@pytest.fixture
def synced(app: Flask, runner: FlaskCliRunner, google_server: FakeServer) -> Flask:
    """Both offices linked and synced once."""
    link_both(runner)
    result = sync(runner)
    assert result.exit_code == 0, result.output
    return app
