"""Reviews as frozen dataclasses, parsed tolerantly from Google's JSON.

Google adds fields without notice and leaves absent values out instead of sending null
(a location without reviews answers `{}`, a rating-only review has no `comment`, an
unanswered one no `reviewReply`). So: unknown keys are ignored, a missing or malformed
value becomes None rather than an error, and only what makes a review unusable (no
resource name) is refused. The Takeout export uses the same shapes and the same parser.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeGuard

from intake.reviews.google.comments import CommentParts, split_comment
from intake.reviews.google.errors import ResponseInvalid

log = logging.getLogger(__name__)

STAR_RATINGS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
_TIMESTAMP = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})?"
)
_REVIEW_NAME = re.compile(r"(accounts/[^/]+/locations/[^/]+)/reviews/[^/]+")


def parse_timestamp(value: object) -> datetime | None:
    """RFC 3339 (with 0-9 fractional digits, `Z` or an offset) to an aware datetime.

    Python keeps microseconds, so nanosecond digits are cut (not rounded, which could move
    a time past its neighbour). A time without offset is taken as UTC, as Google's are.
    Anything unparsable is None.
    """
    if not isinstance(value, str) or not (match := _TIMESTAMP.fullmatch(value.strip())):
        return None
    date, clock, fraction, offset = match.groups()
    micro = f".{(fraction or '')[:6]:0<6}"
    zone = "+00:00" if offset in (None, "Z", "z") else offset
    try:
        parsed = datetime.fromisoformat(f"{date}T{clock}{micro}{zone}")
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_star_rating(value: object) -> int | None:
    """ "ONE".."FIVE" to 1..5; STAR_RATING_UNSPECIFIED or anything unknown to None.

    Plain numbers 1-5 are accepted too, since some mocks and exports use them.
    """
    if isinstance(value, str):
        return STAR_RATINGS.get(value.strip().upper())
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    return None


def _str(data: Mapping[str, object], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def _obj(data: Mapping[str, object], key: str) -> Mapping[str, object]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Reviewer:
    """Who wrote the review; name and photo are only filled in for non-anonymous reviewers."""

    display_name: str | None = None
    profile_photo_url: str | None = None
    is_anonymous: bool = False

    @classmethod
    def from_api(cls, data: Mapping[str, object]) -> Reviewer:
        """Tolerant parse; an absent reviewer gives an empty (not anonymous-flagged) one."""
        return cls(
            display_name=_str(data, "displayName"),
            profile_photo_url=_str(data, "profilePhotoUrl"),
            is_anonymous=data.get("isAnonymous") is True,
        )


@dataclass(frozen=True)
class ReviewReply:
    """The owner's reply as Google has it.

    `state` is the moderation state Google added in 2026; its enum names are not officially
    documented (a third party lists PENDING/ACTIVE/REJECTED), so it is kept as the raw string.
    """

    comment: str | None
    update_time: datetime | None = None
    state: str | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, object]) -> ReviewReply:
        """Tolerant parse of a ReviewReply object (also the body of the updateReply answer)."""
        state = _str(data, "reviewReplyState") or _str(data, "state")
        return cls(_str(data, "comment"), parse_timestamp(data.get("updateTime")), state)

    @property
    def comment_parts(self) -> CommentParts | None:
        """The comment split into original and Google translation (replies get wrapped too)."""
        return split_comment(self.comment) if self.comment is not None else None


@dataclass(frozen=True)
class Review:
    """One review. `comment` is Google's raw string; use `comment_parts` for the original."""

    name: str
    review_id: str | None = None
    reviewer: Reviewer = field(default_factory=Reviewer)
    star_rating: int | None = None
    comment: str | None = None
    create_time: datetime | None = None
    update_time: datetime | None = None
    reply: ReviewReply | None = None
    reply_url: str | None = None
    media_count: int = 0

    @classmethod
    def from_api(cls, data: object) -> Review:
        """Parse one Review object; only a missing resource name is an error."""
        if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not data["name"]:
            raise ResponseInvalid("review without a resource name")
        reply = data.get("reviewReply")
        media = data.get("reviewMediaItems")
        return cls(
            name=data["name"],
            review_id=_str(data, "reviewId"),
            reviewer=Reviewer.from_api(_obj(data, "reviewer")),
            star_rating=parse_star_rating(data.get("starRating")),
            comment=_str(data, "comment"),
            create_time=parse_timestamp(data.get("createTime")),
            update_time=parse_timestamp(data.get("updateTime")),
            reply=ReviewReply.from_api(reply) if isinstance(reply, dict) else None,
            reply_url=_str(data, "reviewReplyUrl"),
            media_count=len(media) if isinstance(media, list) else 0,
        )

    @property
    def location_name(self) -> str | None:
        """`accounts/{a}/locations/{l}` taken from the review's own name."""
        match = _REVIEW_NAME.fullmatch(self.name)
        return match.group(1) if match else None

    @property
    def comment_parts(self) -> CommentParts | None:
        """Original and Google translation; None for a rating-only review."""
        return split_comment(self.comment) if self.comment is not None else None


@dataclass(frozen=True)
class ReviewPage:
    """One page of reviews.list. Google omits the total (and the reviews) when there are none."""

    reviews: tuple[Review, ...] = ()
    average_rating: float | None = None
    total_review_count: int | None = None
    next_page_token: str | None = None

    @classmethod
    def from_api(cls, data: object) -> ReviewPage:
        """Parse a list answer; entries that are not usable reviews are skipped and logged."""
        if not isinstance(data, dict):
            raise ResponseInvalid("reviews.list did not answer with a JSON object")
        raw = data.get("reviews")
        average = data.get("averageRating")
        total = data.get("totalReviewCount")
        return cls(
            reviews=parse_reviews(raw if isinstance(raw, list) else [], "reviews.list"),
            average_rating=float(average) if _is_number(average) else None,
            total_review_count=total if _is_number(total) and isinstance(total, int) else None,
            next_page_token=_str(data, "nextPageToken") or None,
        )


def _is_number(value: object) -> TypeGuard[int | float]:
    """JSON numbers only: bool is an int subclass in Python but not a number in JSON."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_reviews(items: list[object], source: str) -> tuple[Review, ...]:
    """Parse many reviews, skipping (with a warning naming the position) unusable ones."""
    reviews = []
    for index, item in enumerate(items):
        try:
            reviews.append(Review.from_api(item))
        except ResponseInvalid:
            log.warning("%s: skipped entry %d, not a review with a name", source, index)
    return tuple(reviews)
