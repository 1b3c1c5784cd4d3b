"""Tolerant parsing: unknown keys ignored, absent values absent, odd values survived."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta, timezone

import pytest

from intake.reviews.google import (
    ResponseInvalid,
    Review,
    ReviewPage,
    ReviewsClient,
    parse_star_rating,
    parse_timestamp,
)
from tests.google.conftest import MIXED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-04T05:06:07Z", datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)),
        ("2025-03-04T05:06:07.123Z", datetime(2025, 3, 4, 5, 6, 7, 123000, tzinfo=UTC)),
        ("2025-03-04T05:06:07.123456Z", datetime(2025, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)),
        ("2025-03-04T05:06:07.123456789Z", datetime(2025, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)),
        ("2025-03-04T05:06:07.999999999Z", datetime(2025, 3, 4, 5, 6, 7, 999999, tzinfo=UTC)),
        ("2025-03-04t05:06:07.5z", datetime(2025, 3, 4, 5, 6, 7, 500000, tzinfo=UTC)),
        (
            "2025-03-04T06:06:07+01:00",
            datetime(2025, 3, 4, 6, 6, 7, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2025-03-04T05:06:07", datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)),
    ],
)
def test_timestamps(text: str, expected: datetime) -> None:
    parsed = parse_timestamp(text)

    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is not None


@pytest.mark.parametrize("value", [None, "", "gestern", "2025-13-45T99:00:00Z", 1700000000, {}])
def test_bad_timestamps_are_none(value: object) -> None:
    assert parse_timestamp(value) is None


@pytest.mark.parametrize(
    ("value", "stars"),
    [
        ("ONE", 1),
        ("TWO", 2),
        ("THREE", 3),
        ("FOUR", 4),
        ("FIVE", 5),
        ("five", 5),
        ("STAR_RATING_UNSPECIFIED", None),
        ("SIX", None),
        (4, 4),
        (0, None),
        (True, None),
        (None, None),
    ],
)
def test_star_ratings(value: object, stars: int | None) -> None:
    assert parse_star_rating(value) == stars


def test_minimal_review() -> None:
    review = Review.from_api({"name": "accounts/1/locations/2/reviews/3"})

    assert review.comment is None
    assert review.comment_parts is None
    assert review.star_rating is None
    assert review.reply is None
    assert review.reviewer.display_name is None
    assert review.update_time is None
    assert review.location_name == "accounts/1/locations/2"


def test_odd_values_do_not_break_parsing() -> None:
    review = Review.from_api(
        {
            "name": "accounts/1/locations/2/reviews/3",
            "reviewer": "not an object",
            "starRating": 5,
            "comment": 42,
            "reviewReply": None,  # some mocks send null; Google omits the key
            "reviewMediaItems": [{}, {}],
            "updateTime": "2025-01-01T00:00:00.000000001Z",
            "brandNewField": {"whatever": True},
        }
    )

    assert review.reviewer.display_name is None
    assert review.star_rating == 5
    assert review.comment is None
    assert review.reply is None
    assert review.media_count == 2
    assert review.update_time == datetime(2025, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("data", [None, [], "x", {}, {"name": ""}, {"name": 3}])
def test_review_without_name_is_refused(data: object) -> None:
    with pytest.raises(ResponseInvalid):
        Review.from_api(data)


def test_page_skips_unusable_entries(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        page = ReviewPage.from_api(
            {
                "reviews": [{"name": "accounts/1/locations/2/reviews/a"}, {"comment": "?"}, None],
                "averageRating": 4,
                "totalReviewCount": "3",
                "nextPageToken": "",
                "unknown": [],
            }
        )

    assert [r.name for r in page.reviews] == ["accounts/1/locations/2/reviews/a"]
    assert page.average_rating == 4.0
    assert page.total_review_count is None
    assert page.next_page_token is None
    assert "skipped entry 1" in caplog.text and "skipped entry 2" in caplog.text


def test_empty_page() -> None:
    assert ReviewPage.from_api({}) == ReviewPage()


def test_fixture_shapes_from_the_fake(client: ReviewsClient) -> None:
    reviews = {r.name.rsplit("/", 1)[1]: r for r in client.list_reviews(MIXED)}

    assert reviews["rating-only"].comment is None
    assert reviews["rating-only"].star_rating == 5
    anonymous = reviews["anonymous"].reviewer
    assert anonymous.is_anonymous and anonymous.display_name is None
    assert reviews["unspecified"].star_rating is None
    answered = reviews["answered"].reply
    assert answered is not None and answered.comment == "Vielen Dank für Ihr Feedback."
    assert answered.update_time is not None
    future = reviews["future-fields"]
    assert future.media_count == 1
    assert future.reply_url == "https://business.google.com/reviews/reply/xyz"
    named = reviews["translated"].reviewer
    assert named.display_name and named.profile_photo_url and not named.is_anonymous
