"""Retry policy: Retry-After honoured, capped exponential backoff, 5xx and network retries."""

from __future__ import annotations

import logging
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from intake.reviews.google import (
    RateLimited,
    RefreshTokenProvider,
    ReviewsClient,
    ServerError,
    TransportError,
    parse_retry_after,
)
from tests.google.conftest import BIG, MIXED
from tests.google.fake_server import FakeGoogle, FakeServer

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def make_client(
    server: FakeServer, provider: RefreshTokenProvider, sleeps: list[float], **options: float
) -> ReviewsClient:
    return ReviewsClient(
        server.base_url,
        token_provider=provider,
        sleep=sleeps.append,
        now=lambda: NOW,
        timeout=5,
        **options,  # type: ignore[arg-type]
    )


class StaticToken:
    """A provider that never talks to a token endpoint."""

    def access_token(self) -> str:
        return "static-token"

    def invalidate(self) -> None:
        pass


def test_429_waits_retry_after_seconds(
    client: ReviewsClient, fake: FakeGoogle, sleeps: list[float]
) -> None:
    fake.fail_next(2, 429, retry_after="1")

    page = client.list_page(MIXED)

    assert page.reviews
    assert sleeps == [1.0, 1.0]
    assert len(fake.api_requests()) == 3


def test_429_waits_until_retry_after_date(
    server: FakeServer, provider: RefreshTokenProvider, fake: FakeGoogle, sleeps: list[float]
) -> None:
    client = make_client(server, provider, sleeps)
    fake.fail_next(1, 429, retry_after=format_datetime(NOW + timedelta(seconds=7), usegmt=True))

    client.list_page(MIXED)

    assert sleeps == [7.0]


def test_429_without_retry_after_backs_off_exponentially(
    client: ReviewsClient, fake: FakeGoogle, sleeps: list[float]
) -> None:
    fake.fail_next(3, 429)

    client.list_page(MIXED)

    assert sleeps == [1.0, 2.0, 4.0]


def test_backoff_is_capped(
    server: FakeServer, provider: RefreshTokenProvider, fake: FakeGoogle, sleeps: list[float]
) -> None:
    client = make_client(server, provider, sleeps, backoff_base=1, backoff_cap=5, max_retries=6)
    fake.fail_next(6, 503)

    assert client.list_page(MIXED).reviews

    assert sleeps == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0]


def test_5xx_retried_then_success(
    client: ReviewsClient, fake: FakeGoogle, sleeps: list[float]
) -> None:
    fake.fail_next(1, 503)
    fake.fail_next(1, 500)

    reviews = list(client.list_reviews(BIG))

    assert len(reviews) == 123
    assert sleeps == [1.0, 2.0]


def test_5xx_exhausted_raises_server_error(
    client: ReviewsClient, fake: FakeGoogle, sleeps: list[float]
) -> None:
    fake.fail_next(10, 503)

    with pytest.raises(ServerError) as caught:
        client.get_review(f"{MIXED}/reviews/translated")

    assert str(caught.value) == (
        "Google API 503 UNAVAILABLE: The service is currently unavailable. "
        f"(GET {MIXED}/reviews/translated)"
    )
    assert len(fake.api_requests()) == 1 + client.max_retries
    assert sleeps == [1.0, 2.0, 4.0, 8.0, 16.0]


def test_429_exhausted_raises_rate_limited(
    client: ReviewsClient, fake: FakeGoogle, sleeps: list[float]
) -> None:
    fake.fail_next(10, 429, retry_after="2")

    with pytest.raises(RateLimited) as caught:
        client.list_page(MIXED)

    assert caught.value.retry_after == 2.0
    assert "Quota exceeded" in caught.value.google_message
    assert sleeps == [2.0] * client.max_retries


def test_long_retry_after_is_left_to_the_scheduler(
    client: ReviewsClient, fake: FakeGoogle, sleeps: list[float]
) -> None:
    fake.fail_next(1, 429, retry_after="3600")

    with pytest.raises(RateLimited) as caught:
        client.list_page(MIXED)

    assert caught.value.retry_after == 3600.0
    assert sleeps == []
    assert len(fake.api_requests()) == 1


def test_reply_put_is_retried_and_applied_once(
    client: ReviewsClient, fake: FakeGoogle, sleeps: list[float]
) -> None:
    name = f"{MIXED}/reviews/anonymous"
    fake.fail_next(1, 503)

    client.update_reply(name, "Wir melden uns.")

    assert sleeps == [1.0]
    stored = fake.review(name)
    assert stored is not None and stored["reviewReply"]["comment"] == "Wir melden uns."


def test_token_endpoint_5xx_is_retried(
    client: ReviewsClient, fake: FakeGoogle, sleeps: list[float]
) -> None:
    fake.fail_next(1, 503, target="token")

    assert client.list_page(MIXED).reviews

    assert sleeps == [1.0]
    assert len(fake.token_requests()) == 2


def test_unreachable_server_is_a_transport_error(sleeps: list[float]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again when the block ends: nobody listens
    client = ReviewsClient(
        f"http://127.0.0.1:{port}", token_provider=StaticToken(), sleep=sleeps.append, max_retries=2
    )

    with pytest.raises(TransportError, match=r"cannot reach 127\.0\.0\.1") as caught:
        client.list_page(BIG)

    assert sleeps == [1.0, 2.0]
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_read_timeout_is_a_transport_error(
    server: FakeServer, provider: RefreshTokenProvider, fake: FakeGoogle, sleeps: list[float]
) -> None:
    client = ReviewsClient(
        server.base_url, token_provider=provider, sleep=sleeps.append, timeout=0.2, max_retries=1
    )
    provider.access_token()
    fake.fail_next(2, 503, delay=0.6)

    with pytest.raises(TransportError, match=r"127\.0\.0\.1 did not answer within 0\.2 s"):
        client.list_page(MIXED)

    assert sleeps == [1.0]


def test_retries_are_logged_without_secrets(
    client: ReviewsClient, fake: FakeGoogle, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail_next(1, 429, retry_after="1")

    with caplog.at_level(logging.DEBUG):
        client.list_page(MIXED)

    assert "retry 1 of 5 in 1.0 s" in caplog.text
    assert fake.client_secret not in caplog.text
    assert fake.refresh_token not in caplog.text
    assert not any(token in caplog.text for token in fake.tokens)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("5", 5.0),
        (" 0 ", 0.0),
        ("1.5", 1.5),
        ("Mon, 02 Mar 2026 09:31:00 GMT", 60.0),
        ("Mon, 02 Mar 2026 09:00:00 GMT", 0.0),  # in the past: retry now
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, NOW) == seconds
