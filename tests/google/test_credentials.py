"""OAuth refresh-token flow: caching, expiry, refusals, and secrets kept out of everything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake.reviews.google import (
    CredentialsError,
    RefreshTokenProvider,
    ReviewsClient,
    load_credentials,
)
from intake.reviews.google.credentials import AccessToken, OAuthCredentials
from tests.google.conftest import BIG, MIXED, FakeClock
from tests.google.fake_server import CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, FakeGoogle, FakeServer


def secrets_of(fake: FakeGoogle) -> list[str]:
    return [fake.client_secret, fake.refresh_token, *fake.tokens]


def test_one_token_request_for_many_calls(client: ReviewsClient, fake: FakeGoogle) -> None:
    list(client.list_reviews(BIG))
    client.get_review(f"{MIXED}/reviews/translated")
    client.update_reply(f"{MIXED}/reviews/translated", "Danke")

    assert len(fake.token_requests()) == 1
    assert len(fake.api_requests()) == 5
    tokens = {r.headers["authorization"] for r in fake.api_requests()}
    assert len(tokens) == 1


def test_token_request_is_a_refresh_grant(provider: RefreshTokenProvider, fake: FakeGoogle) -> None:
    provider.access_token()

    (request,) = fake.token_requests()
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    form = dict(pair.split("=", 1) for pair in request.body.decode().split("&"))
    assert form["grant_type"] == "refresh_token"
    assert set(form) == {"grant_type", "client_id", "client_secret", "refresh_token"}


def test_token_refreshed_after_expiry(
    client: ReviewsClient, fake: FakeGoogle, clock: FakeClock
) -> None:
    client.list_page(MIXED)
    clock.advance(fake.token_lifetime - 61)  # still outside the 60 s margin
    client.list_page(MIXED)
    assert len(fake.token_requests()) == 1

    clock.advance(1)  # now within 60 s of expiry: counts as stale
    fake.expire_tokens()  # and the server would refuse the old one anyway
    client.list_page(MIXED)

    assert len(fake.token_requests()) == 2


def test_short_lived_token_margin_shrinks(
    server: FakeServer, fake: FakeGoogle, clock: FakeClock
) -> None:
    fake.token_lifetime = 30
    provider = RefreshTokenProvider(
        OAuthCredentials(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN),
        token_url=server.token_url,
        clock=clock,
    )
    first = provider.access_token()
    clock.advance(14)
    assert provider.access_token() == first
    clock.advance(1)
    assert provider.access_token() != first


def test_wrong_refresh_token_is_a_credentials_error(server: FakeServer, clock: FakeClock) -> None:
    wrong = "1//wrong-refresh-token-that-must-not-leak"
    provider = RefreshTokenProvider(
        OAuthCredentials(CLIENT_ID, CLIENT_SECRET, wrong), token_url=server.token_url, clock=clock
    )

    with pytest.raises(CredentialsError) as caught:
        provider.access_token()

    message = str(caught.value)
    assert message == (
        "Google's token endpoint refused the credentials: "
        "invalid_grant (Token has been expired or revoked.)"
    )
    assert wrong not in message and CLIENT_SECRET not in message


def test_wrong_client_secret_is_a_credentials_error(
    server: FakeServer, fake: FakeGoogle, clock: FakeClock, sleeps: list[float]
) -> None:
    wrong = "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eak"
    provider = RefreshTokenProvider(
        OAuthCredentials(CLIENT_ID, wrong, REFRESH_TOKEN), token_url=server.token_url, clock=clock
    )
    client = ReviewsClient(server.base_url, token_provider=provider, sleep=sleeps.append)

    with pytest.raises(CredentialsError, match="invalid_client") as caught:
        client.list_page(MIXED)

    assert wrong not in str(caught.value) and REFRESH_TOKEN not in str(caught.value)
    assert sleeps == []  # a refusal is definite
    assert fake.api_requests() == []


def test_reprs_redact_secrets(
    credentials: OAuthCredentials, provider: RefreshTokenProvider, fake: FakeGoogle
) -> None:
    token = provider.access_token()
    shown = " ".join(
        [repr(credentials), str(credentials), repr(provider), repr(AccessToken(token, 1.0))]
    )

    for secret in [*secrets_of(fake), token]:
        assert secret not in shown
    assert CLIENT_ID in repr(credentials)
    assert "***" in repr(credentials)


def test_scrub_removes_secret_values(credentials: OAuthCredentials) -> None:
    text = f"bad grant {REFRESH_TOKEN} for {CLIENT_SECRET}"

    assert credentials.scrub(text) == "bad grant *** for ***"


def test_load_credentials(tmp_path: Path) -> None:
    path = tmp_path / "google.json"
    data = {
        "type": "authorized_user",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "refresh_token": REFRESH_TOKEN,
    }
    path.write_text(json.dumps(data), encoding="utf-8")

    loaded = load_credentials(path)

    assert loaded == OAuthCredentials(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN)


def test_provider_from_file(tmp_path: Path, server: FakeServer, clock: FakeClock) -> None:
    path = tmp_path / "google.json"
    path.write_text(
        json.dumps(
            {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "refresh_token": REFRESH_TOKEN}
        ),
        encoding="utf-8",
    )

    provider = RefreshTokenProvider.from_file(path, token_url=server.token_url, clock=clock)

    assert provider.access_token().startswith("ya29.")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"client_id": "x", "client_secret": "GOCSPX-leak"', "not valid JSON"),
        ('["GOCSPX-leak"]', "expected a JSON object"),
        ('{"client_id": "x", "client_secret": "GOCSPX-leak"}', "missing or empty refresh_token"),
        ('{"client_id": "", "client_secret": "GOCSPX-leak", "refresh_token": "r"}', "client_id"),
        (
            '{"installed": {"client_id": "x", "client_secret": "GOCSPX-leak"}}',
            "the consent step has not been done yet",
        ),
    ],
)
def test_bad_credentials_files(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "google.json"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CredentialsError, match=expected) as caught:
        load_credentials(path)

    assert "GOCSPX-leak" not in str(caught.value)
    assert str(path) in str(caught.value)


def test_missing_credentials_file(tmp_path: Path) -> None:
    with pytest.raises(CredentialsError, match="credentials file not found"):
        load_credentials(tmp_path / "absent.json")


def test_token_url_must_be_http(credentials: OAuthCredentials) -> None:
    with pytest.raises(ValueError, match="not an http"):
        RefreshTokenProvider(credentials, token_url="file:///etc/passwd")
