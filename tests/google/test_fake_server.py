"""The fake itself behaves like Google where the client would never exercise it."""

from __future__ import annotations

import base64
import http.client
import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from intake.reviews.google import GoogleApiError, RefreshTokenProvider, ReviewsClient
from tests.google.conftest import BIG, EMPTY, MIXED
from tests.google.fake_server import FakeGoogle, FakeServer


def raw(
    server: FakeServer,
    method: str,
    path: str,
    *,
    token: str | None = None,
    body: bytes | None = None,
    content_type: str = "application/json",
) -> tuple[int, dict[str, Any], dict[str, str]]:
    """One request straight to the fake, bypassing the client under test."""
    parts = urlsplit(server.base_url)
    headers = {"Content-Type": content_type} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    try:
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        text = answer.read()
        return answer.status, json.loads(text) if text else {}, dict(answer.getheaders())
    finally:
        connection.close()


@pytest.fixture
def token(provider: RefreshTokenProvider) -> str:
    return provider.access_token()


def test_empty_location_is_an_empty_object(server: FakeServer, token: str) -> None:
    assert raw(server, "GET", f"/v4/{EMPTY}/reviews", token=token)[:2] == (200, {})


def test_absent_values_are_left_out(server: FakeServer, token: str) -> None:
    _, body, _ = raw(server, "GET", f"/v4/{MIXED}/reviews/rating-only", token=token)

    assert "comment" not in body and "reviewReply" not in body
    assert body["starRating"] == "FIVE"
    assert None not in body.values()


def test_last_page_has_no_token(server: FakeServer, token: str) -> None:
    _, body, _ = raw(server, "GET", f"/v4/{MIXED}/reviews?pageSize=50", token=token)

    assert "nextPageToken" not in body
    assert body["totalReviewCount"] == len(body["reviews"]) == 8


@pytest.mark.parametrize("size", ["51", "-1", "zehn"])
def test_page_size_is_enforced(server: FakeServer, token: str, size: str) -> None:
    status, body, _ = raw(server, "GET", f"/v4/{BIG}/reviews?pageSize={size}", token=token)

    assert status == 400
    assert body["error"]["status"] == "INVALID_ARGUMENT"


def test_tampered_or_foreign_page_tokens_are_refused(server: FakeServer, token: str) -> None:
    _, first, _ = raw(server, "GET", f"/v4/{BIG}/reviews?pageSize=10", token=token)
    page_token = first["nextPageToken"]
    decoded = base64.urlsafe_b64decode(page_token + "=" * (-len(page_token) % 4))
    forged = base64.urlsafe_b64encode(decoded.replace(b'"o": 10', b'"o": 90')).decode()

    for bad in [forged, "bm90LWEtdG9rZW4", "%%%", page_token[:-2]]:
        status, body, _ = raw(server, "GET", f"/v4/{BIG}/reviews?pageToken={bad}", token=token)
        assert (status, body["error"]["status"]) == (400, "INVALID_ARGUMENT")
    other = f"/v4/{MIXED}/reviews?pageSize=10&pageToken={page_token}"
    assert raw(server, "GET", other, token=token)[0] == 400
    ok = raw(server, "GET", f"/v4/{BIG}/reviews?pageSize=10&pageToken={page_token}", token=token)
    assert ok[0] == 200


def test_rating_orders(client: ReviewsClient) -> None:
    ascending = client.list_page(MIXED, order_by="rating").reviews
    descending = client.list_page(MIXED, order_by="rating desc").reviews

    stars = [r.star_rating or 0 for r in ascending]
    assert stars == sorted(stars)
    assert [r.name for r in descending] == [r.name for r in ascending][::-1]
    with pytest.raises(GoogleApiError, match="INVALID_ARGUMENT"):
        client.list_page(MIXED, order_by="updateTime")


def test_missing_and_unknown_tokens_are_401(server: FakeServer) -> None:
    status, body, headers = raw(server, "GET", f"/v4/{BIG}/reviews")
    assert (status, body["error"]["status"]) == (401, "UNAUTHENTICATED")
    assert "missing required authentication credential" in body["error"]["message"]
    assert "WWW-Authenticate" in headers

    status, body, _ = raw(server, "GET", f"/v4/{BIG}/reviews", token="ya29.made-up")
    assert status == 401
    assert "invalid authentication credentials" in body["error"]["message"]


def test_not_found_carries_the_legacy_array(server: FakeServer, token: str) -> None:
    status, body, _ = raw(server, "GET", f"/v4/{BIG}/reviews/nope", token=token)

    assert status == 404
    assert body["error"]["status"] == "NOT_FOUND"
    assert body["error"]["errors"][0]["reason"] == "notFound"


def test_fake_refuses_over_long_replies_itself(server: FakeServer, token: str) -> None:
    payload = json.dumps({"comment": "ä" * 2049}).encode()

    status, body, _ = raw(
        server, "PUT", f"/v4/{MIXED}/reviews/translated/reply", token=token, body=payload
    )

    assert status == 400
    assert body["error"]["details"][0]["errorDetails"][0]["field"] == "comment"


def test_delete_reply_answers_empty_object(server: FakeServer, token: str) -> None:
    status, body, _ = raw(server, "DELETE", f"/v4/{MIXED}/reviews/answered/reply", token=token)

    assert (status, body) == (200, {})


def test_scripted_429_carries_retry_after(server: FakeServer, fake: FakeGoogle, token: str) -> None:
    fake.fail_next(1, 429, retry_after="1")

    status, body, headers = raw(server, "GET", f"/v4/{BIG}/reviews", token=token)

    assert status == 429
    assert headers["Retry-After"] == "1"
    assert body["error"]["status"] == "RESOURCE_EXHAUSTED"


def test_token_endpoint_refusals(server: FakeServer, fake: FakeGoogle) -> None:
    def grant(**form: str) -> tuple[int, dict[str, Any]]:
        data = "&".join(f"{k}={v}" for k, v in form.items()).encode()
        status, body, _ = raw(
            server, "POST", "/token", body=data, content_type="application/x-www-form-urlencoded"
        )
        return status, body

    good = {"client_id": fake.client_id, "client_secret": fake.client_secret}
    assert grant(grant_type="password", **good)[1]["error"] == "unsupported_grant_type"
    assert grant(grant_type="refresh_token", refresh_token="nope", **good) == (
        400,
        {"error": "invalid_grant", "error_description": "Token has been expired or revoked."},
    )
    bad_secret = {**good, "client_secret": "wrong"}
    wrong = grant(grant_type="refresh_token", refresh_token=fake.refresh_token, **bad_secret)
    assert wrong[0] == 401 and wrong[1]["error"] == "invalid_client"
    status, body = grant(grant_type="refresh_token", refresh_token=fake.refresh_token, **good)
    assert status == 200
    assert body["token_type"] == "Bearer" and body["expires_in"] == fake.token_lifetime


def test_batch_get_reviews(server: FakeServer, token: str) -> None:
    request = json.dumps({"locationNames": [MIXED, EMPTY], "pageSize": 5}).encode()

    status, body, _ = raw(
        server, "POST", "/v4/accounts/1111/locations:batchGetReviews", token=token, body=request
    )

    assert status == 200
    assert len(body["locationReviews"]) == 5
    assert {item["name"] for item in body["locationReviews"]} == {MIXED}
    assert "nextPageToken" in body


def test_edits_between_syncs(client: ReviewsClient, fake: FakeGoogle) -> None:
    before = {r.name: r for r in client.list_reviews(MIXED)}
    fake.edit_review(
        f"{MIXED}/reviews/anonymous", comment="Doch noch Rückruf bekommen.", rating="FOUR"
    )
    fake.delete_review(f"{MIXED}/reviews/unspecified")

    after = {r.name: r for r in client.list_reviews(MIXED)}

    assert set(before) - set(after) == {f"{MIXED}/reviews/unspecified"}
    edited = after[f"{MIXED}/reviews/anonymous"]
    assert edited.star_rating == 4
    assert edited.update_time and edited.update_time > (
        before[edited.name].update_time or edited.update_time
    )
    assert next(iter(after)) == edited.name  # newest first
