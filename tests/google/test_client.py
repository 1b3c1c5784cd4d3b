"""The reviews client against the fake: paging, incremental stop, get, reply, errors."""

from __future__ import annotations

from datetime import datetime

import pytest

from intake.reviews.google import (
    AuthenticationFailed,
    GoogleApiError,
    NameInvalid,
    NotFound,
    PermissionDenied,
    ReplyInvalid,
    ReviewsClient,
    location_resource_name,
)
from tests.google.conftest import BIG, BIG_COUNT, DENIED, DENIED_MESSAGE, EMPTY, MIXED
from tests.google.fake_server import FakeGoogle, FakeServer


def test_paging_reads_all_reviews_newest_first(client: ReviewsClient, fake: FakeGoogle) -> None:
    reviews = list(client.list_reviews(BIG))

    assert len(reviews) == BIG_COUNT
    assert len({r.name for r in reviews}) == BIG_COUNT
    times = [r.update_time for r in reviews]
    assert all(t is not None for t in times)
    assert times == sorted(times, reverse=True)  # type: ignore[type-var]
    lists = [r for r in fake.api_requests() if r.path.endswith("/reviews")]
    assert len(lists) == 3  # 50 + 50 + 23
    assert all(r.query["pageSize"] == ["50"] for r in lists)
    assert all(r.query["orderBy"] == ["updateTime desc"] for r in lists)
    assert "pageToken" not in lists[0].query
    assert lists[1].query["pageToken"] != lists[2].query["pageToken"]


def test_pages_are_read_lazily(client: ReviewsClient, fake: FakeGoogle) -> None:
    iterator = client.list_reviews(BIG)
    first = [next(iterator) for _ in range(50)]

    assert len(first) == 50
    assert len(fake.api_requests()) == 1


def test_list_page_reports_totals(client: ReviewsClient) -> None:
    page = client.list_page(BIG)

    assert len(page.reviews) == 50
    assert page.total_review_count == BIG_COUNT
    assert page.average_rating is not None and 1 <= page.average_rating <= 5
    assert page.next_page_token


def test_since_update_time_stops_at_last_synced(client: ReviewsClient, fake: FakeGoogle) -> None:
    everything = list(client.list_reviews(BIG))
    last_synced = everything[2].update_time
    assert last_synced is not None

    newer = list(client.list_reviews(BIG, since_update_time=last_synced))

    assert newer == everything[:2]
    assert len(fake.api_requests()) == 3 + 1  # the incremental run reads one page only


def test_since_update_time_picks_up_edits_and_new_reviews(
    client: ReviewsClient, fake: FakeGoogle
) -> None:
    newest = next(iter(client.list_reviews(BIG))).update_time
    assert newest is not None
    fake.edit_review(f"{BIG}/reviews/big010", comment="Jetzt doch zufrieden", rating="FIVE")
    added = fake.add_review(BIG, rating="ONE", comment="Neu")

    changed = list(client.list_reviews(BIG, since_update_time=newest))

    assert [r.name for r in changed] == [added, f"{BIG}/reviews/big010"]
    assert changed[1].comment == "Jetzt doch zufrieden"
    assert changed[1].star_rating == 5


def test_since_update_time_must_be_aware(client: ReviewsClient) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        client.list_reviews(BIG, since_update_time=datetime(2025, 1, 1))


def test_empty_location_answers_empty_object(client: ReviewsClient) -> None:
    page = client.list_page(EMPTY)

    assert page.reviews == ()
    assert page.total_review_count is None
    assert page.average_rating is None
    assert page.next_page_token is None
    assert list(client.list_reviews(EMPTY)) == []


def test_get_review(client: ReviewsClient) -> None:
    review = client.get_review(f"{MIXED}/reviews/translated")

    assert review.star_rating == 4
    assert review.location_name == MIXED
    parts = review.comment_parts
    assert parts is not None
    assert parts.original == "Personel çok yardımseverdi."
    assert parts.translation == "Die Mitarbeiterin war sehr hilfsbereit."


def test_deleted_review_is_not_found(client: ReviewsClient, fake: FakeGoogle) -> None:
    name = f"{BIG}/reviews/big005"
    fake.delete_review(name)

    with pytest.raises(NotFound) as caught:
        client.get_review(name)

    assert caught.value.http_status == 404
    assert "Requested entity was not found." in str(caught.value)
    assert name not in {r.name for r in client.list_reviews(BIG)}


def test_reply_upsert_is_visible_on_next_read(client: ReviewsClient, fake: FakeGoogle) -> None:
    name = f"{MIXED}/reviews/anonymous"
    assert client.get_review(name).reply is None

    reply = client.update_reply(name, "Das tut uns leid.\nBitte melden Sie sich bei uns.")
    assert reply.comment == "Das tut uns leid.\nBitte melden Sie sich bei uns."
    assert reply.update_time is not None
    again = client.update_reply(name, "Zweite Fassung")  # upsert: replaces

    reread = client.get_review(name).reply
    assert reread is not None
    assert reread.comment == "Zweite Fassung" == again.comment
    put = [r for r in fake.api_requests() if r.method == "PUT"]
    assert put[-1].path == f"/v4/{name}/reply"
    assert put[-1].headers["content-type"].startswith("application/json")


def test_reply_sends_multibyte_text_intact(client: ReviewsClient) -> None:
    name = f"{MIXED}/reviews/translated"
    text = "Teşekkürler – danke für Ihre Rückmeldung! 😀"

    client.update_reply(name, text)

    reread = client.get_review(name).reply
    assert reread is not None and reread.comment == text


def test_reply_crlf_is_normalised(client: ReviewsClient) -> None:
    name = f"{MIXED}/reviews/translated"

    client.update_reply(name, "Zeile 1\r\nZeile 2")

    reread = client.get_review(name).reply
    assert reread is not None and reread.comment == "Zeile 1\nZeile 2"


def test_delete_reply(client: ReviewsClient) -> None:
    name = f"{MIXED}/reviews/answered"
    assert client.get_review(name).reply is not None

    client.delete_reply(name)

    assert client.get_review(name).reply is None
    client.delete_reply(name)  # deleting again is harmless


def test_reply_of_4096_multibyte_bytes_is_accepted(client: ReviewsClient) -> None:
    name = f"{MIXED}/reviews/rating-only"
    text = "ä" * 2048  # 2,048 characters, 4,096 bytes

    client.update_reply(name, text)

    reread = client.get_review(name).reply
    assert reread is not None and reread.comment == text


def test_reply_of_4097_bytes_is_refused_before_sending(
    client: ReviewsClient, fake: FakeGoogle
) -> None:
    with pytest.raises(ReplyInvalid, match="4,097 bytes") as caught:
        client.update_reply(f"{MIXED}/reviews/rating-only", "ä" * 2048 + "a")

    assert caught.value.reason == "too_long"
    assert fake.requests == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("  \n ", "empty"),
        ("Hallo\x07", "control_character"),
        ("a\tb", "control_character"),
    ],
)
def test_invalid_replies_are_refused(
    client: ReviewsClient, fake: FakeGoogle, text: str, reason: str
) -> None:
    with pytest.raises(ReplyInvalid) as caught:
        client.update_reply(f"{MIXED}/reviews/rating-only", text)

    assert caught.value.reason == reason
    assert fake.requests == []


def test_permission_denied_is_not_retried(
    client: ReviewsClient, fake: FakeGoogle, sleeps: list[float]
) -> None:
    with pytest.raises(PermissionDenied) as caught:
        list(client.list_reviews(DENIED))

    error = caught.value
    assert error.http_status == 403
    assert error.status == "PERMISSION_DENIED"
    assert error.google_message == DENIED_MESSAGE
    assert (
        str(error) == f"Google API 403 PERMISSION_DENIED: {DENIED_MESSAGE} (GET {DENIED}/reviews)"
    )
    assert len(fake.api_requests()) == 1
    assert sleeps == []


def test_unauthenticated_is_not_retried(
    client: ReviewsClient, fake: FakeGoogle, sleeps: list[float]
) -> None:
    client.list_page(MIXED)  # fetches and caches a token
    fake.expire_tokens()  # Google revoked it behind our back

    with pytest.raises(AuthenticationFailed) as caught:
        client.list_page(MIXED)

    assert caught.value.status == "UNAUTHENTICATED"
    assert "invalid authentication credentials" in caught.value.google_message
    assert len(fake.api_requests()) == 2
    assert sleeps == []
    # The bad token was dropped: the next call gets a fresh one and works.
    assert client.list_page(MIXED).reviews
    assert len(fake.token_requests()) == 2


def test_unknown_location_is_not_found(client: ReviewsClient) -> None:
    with pytest.raises(NotFound, match="404 NOT_FOUND"):
        client.list_page("accounts/1111/locations/9999")


def test_server_validation_error_carries_field_details(
    server: FakeServer, client: ReviewsClient
) -> None:
    with pytest.raises(GoogleApiError) as caught:
        client.list_page(BIG, page_size=51)  # the fake enforces Google's maximum of 50

    assert caught.value.http_status == 400
    assert caught.value.status == "INVALID_ARGUMENT"


@pytest.mark.parametrize(
    "name",
    ["locations/2001", "accounts/1/locations/", "accounts/1/locations/2/reviews", "../etc", ""],
)
def test_malformed_location_names_fail_before_sending(
    client: ReviewsClient, fake: FakeGoogle, name: str
) -> None:
    with pytest.raises(NameInvalid, match="accounts/"):
        client.list_page(name)

    assert fake.requests == []


def test_malformed_review_name(client: ReviewsClient) -> None:
    with pytest.raises(NameInvalid):
        client.get_review(BIG)


@pytest.mark.parametrize(
    ("account", "location"),
    [("1111", "2001"), ("accounts/1111", "locations/2001"), ("accounts/1111", "2001")],
)
def test_location_resource_name_joins_v1_names(account: str, location: str) -> None:
    assert location_resource_name(account, location) == BIG


def test_client_repr_has_no_token(client: ReviewsClient) -> None:
    client.list_page(EMPTY)

    assert "ya29" not in repr(client)
