"""Fixtures: a seeded fake Google on 127.0.0.1, a token provider and a client pointed at it.

The client gets an injected `sleep` that records instead of waiting, and the provider an
injected clock, so retry and expiry behaviour is tested without real delays.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from intake.reviews.google import RefreshTokenProvider, ReviewsClient
from intake.reviews.google.credentials import OAuthCredentials
from tests.google.fake_server import CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, FakeGoogle, FakeServer

ACCOUNT = "accounts/1111"
BIG = f"{ACCOUNT}/locations/2001"  # 123 reviews: three pages of 50
EMPTY = f"{ACCOUNT}/locations/2002"  # no reviews: the list answers {}
MIXED = f"{ACCOUNT}/locations/2003"  # one review of every odd shape
DENIED = f"{ACCOUNT}/locations/2004"  # 403 PERMISSION_DENIED
BIG_COUNT = 123
DENIED_MESSAGE = (
    "Google My Business API has not been used in project 123456789 before or it is disabled."
)

TRANSLATED = (
    "(Translated by Google) Die Mitarbeiterin war sehr hilfsbereit.\n\n"
    "(Original)\nPersonel çok yardımseverdi."
)
GERMAN_MARKERS = "(Von Google übersetzt) Lange Wartezeit.\n\n(Original)\nДовге очікування."
RATINGS = ("ONE", "TWO", "THREE", "FOUR", "FIVE")


class FakeClock:
    """Monotonic seconds that only move when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def seed(fake: FakeGoogle) -> None:
    """The standard data set: a big location, an empty one, a denied one and odd shapes."""
    for index in range(BIG_COUNT):
        comment = None if index % 7 == 0 else f"Bewertung Nummer {index}"
        fake.add_review(
            BIG, rating=RATINGS[index % 5], comment=comment, review_id=f"big{index:03d}"
        )
    fake.add_location(EMPTY)
    fake.add_location(DENIED)
    fake.deny_location(DENIED, DENIED_MESSAGE)
    seed_mixed(fake)


def seed_mixed(fake: FakeGoogle) -> None:
    """One review of every odd shape in MIXED, with readable ids."""
    add = fake.add_review
    add(MIXED, rating="FOUR", comment=TRANSLATED, review_id="translated")
    add(MIXED, rating="TWO", comment=GERMAN_MARKERS, review_id="german-markers")
    add(
        MIXED,
        rating="THREE",
        comment="(Translated by Google) Nur übersetzt.",
        review_id="only-translation",
    )
    add(MIXED, rating="FIVE", review_id="rating-only")
    add(
        MIXED,
        rating="ONE",
        comment="Niemand ruft zurück.",
        reviewer={"isAnonymous": True},
        review_id="anonymous",
    )
    add(
        MIXED,
        rating="FIVE",
        comment="Danke!",
        reply="Vielen Dank für Ihr Feedback.",
        review_id="answered",
    )
    add(MIXED, rating="STAR_RATING_UNSPECIFIED", comment="Ohne Sterne", review_id="unspecified")
    add(
        MIXED,
        rating="FOUR",
        comment="Mit Foto",
        review_id="future-fields",
        extra={
            "reviewMediaItems": [
                {"mediaFormat": "PHOTO", "googleUrl": "https://example.invalid/p"}
            ],
            "reviewReplyUrl": "https://business.google.com/reviews/reply/xyz",
            "someFieldFromTheFuture": {"nested": [1, 2, 3]},
        },
    )


@pytest.fixture
def fake() -> FakeGoogle:
    """The fake's state, seeded; tests may change it between calls."""
    google = FakeGoogle()
    seed(google)
    return google


@pytest.fixture
def server(fake: FakeGoogle) -> Iterator[FakeServer]:
    """The fake listening on 127.0.0.1:<free port> for the duration of one test."""
    with FakeServer(fake) as running:
        yield running


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sleeps() -> list[float]:
    """Every delay the client asked to sleep, in order."""
    return []


@pytest.fixture
def credentials() -> OAuthCredentials:
    return OAuthCredentials(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN)


@pytest.fixture
def provider(
    server: FakeServer, credentials: OAuthCredentials, clock: FakeClock
) -> RefreshTokenProvider:
    return RefreshTokenProvider(credentials, token_url=server.token_url, clock=clock)


@pytest.fixture
def client(
    server: FakeServer, provider: RefreshTokenProvider, sleeps: list[float]
) -> ReviewsClient:
    return ReviewsClient(server.base_url, token_provider=provider, sleep=sleeps.append, timeout=5)
