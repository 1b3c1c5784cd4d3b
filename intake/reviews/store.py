"""One Google review in, exactly once: a `Case` (channel google) and its `GoogleReview`.

The review's resource name is the key (unique), so every import path (sync, Takeout,
re-reading after a reply) can be repeated without creating duplicates. Review text is
public, so nothing is masked; the reviewer's name goes into `GoogleReview` only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import Case, GoogleReview, utcnow
from intake.reviews.google import Review
from intake.triage import cases, rules

CHANNEL = "google"
# Reviews are dated as the Jobcenter's calendar says (a review at 00:30 belongs to that day).
try:
    LOCAL_ZONE: ZoneInfo | None = ZoneInfo("Europe/Berlin")
except ZoneInfoNotFoundError:  # pragma: no cover - systems without tzdata
    LOCAL_ZONE = None


@dataclass(frozen=True)
class UpsertResult:
    """What storing one review did: "new", "updated" or "unchanged"."""

    outcome: str
    row: GoogleReview


def aware(moment: datetime | None) -> datetime | None:
    """A UTC-aware datetime (SQLite hands back naive ones for timezone columns)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def local_date(moment: datetime | None, today: date | None = None) -> date:
    """The calendar date of a review's creation in Germany (today if Google gave none)."""
    if moment is None:
        return today or date.today()
    return moment.astimezone(LOCAL_ZONE).date() if LOCAL_ZONE else moment.date()


def _fields(review: Review) -> dict[str, object]:
    """The `GoogleReview` columns as Google describes the review now."""
    parts = review.comment_parts
    reply = review.reply
    reply_text = reply.comment_parts.text if reply and reply.comment_parts else None
    reviewer = review.reviewer
    return {
        "location_name": review.location_name or "",
        "reviewer_name": None if reviewer.is_anonymous else reviewer.display_name,
        "star_rating": review.star_rating,
        "comment_original": parts.original if parts else None,
        "comment_translation": parts.translation if parts else None,
        "create_time": aware(review.create_time),
        "update_time": aware(review.update_time),
        "reply_comment": reply_text or None,
        "reply_update_time": aware(reply.update_time) if reply_text and reply else None,
    }


def case_text(row: GoogleReview) -> str:
    """What the inbox shows: the reviewer's original words (Google's translation otherwise)."""
    return row.comment_original or row.comment_translation or ""


def find(session: Session, name: str) -> GoogleReview | None:
    """The stored review with this resource name."""
    return session.scalar(select(GoogleReview).where(GoogleReview.name == name))


def upsert_review(
    session: Session,
    office_id: int | None,
    review: Review,
    *,
    rule_profile: rules.RuleProfile,
    authoritative: bool = True,
    now: datetime | None = None,
) -> UpsertResult:
    """Store a review as Google has it (flushed, not committed).

    `authoritative` is True for what the API says now: it overwrites the stored state and
    revives a review marked deleted. A Takeout export is a snapshot of some past day, so
    there (`authoritative=False`) only a newer `updateTime` changes anything. A new review
    becomes a case with the deadlines of `rule_profile`.
    """
    now = now or utcnow()
    row = find(session, review.name)
    if row is None:
        values = _fields(review)
        return UpsertResult(
            "new", _create(session, office_id, review.name, values, now, rule_profile)
        )
    return update_review(session, row, review, authoritative=authoritative, now=now)


def update_review(
    session: Session,
    row: GoogleReview,
    review: Review,
    *,
    authoritative: bool = True,
    now: datetime | None = None,
) -> UpsertResult:
    """Bring a stored review up to what Google says (see `upsert_review`; not committed).

    For callers that hold the stored row already (a reply just published or deleted): an
    existing review needs no rule profile, its case has its deadlines.
    """
    now = now or utcnow()
    values = _fields(review)
    if row.case.anonymised_on is not None:  # retention removed the texts: keep it so
        return UpsertResult("unchanged", row)
    stored_update = aware(row.update_time)
    incoming_update = aware(review.update_time)
    if not authoritative and (
        row.deleted
        or (
            stored_update is not None
            and (incoming_update is None or incoming_update <= stored_update)
        )
    ):
        return UpsertResult("unchanged", row)
    changed = row.deleted
    for key, value in values.items():
        current = getattr(row, key)
        if isinstance(current, datetime):
            current = aware(current)
        if current != value:
            setattr(row, key, value)
            changed = True
    if row.reply_comment and row.first_replied_at is None:
        row.first_replied_at = row.reply_update_time or now
    if row.deleted:
        row.deleted, row.deleted_at = False, None
    case = row.case
    if changed:
        case.text = case_text(row)
        cases.apply_hints(case)  # an edited review may now hint at corruption
    case.rating = row.star_rating
    session.flush()
    return UpsertResult("updated" if changed else "unchanged", row)


def _create(
    session: Session,
    office_id: int | None,
    name: str,
    values: dict[str, object],
    now: datetime,
    rule_profile: rules.RuleProfile,
) -> GoogleReview:
    row = GoogleReview(name=name, deleted=False, **values)
    if row.reply_comment:
        row.first_replied_at = row.reply_update_time or now
    row.case = Case(
        office_id=office_id,
        channel=CHANNEL,
        kind="other",
        rating=row.star_rating,
        text=case_text(row),
        masked_kinds="",
        language="",  # Google sends no language
        received_on=local_date(row.create_time, now.date()),
        status="new",
    )
    cases.on_arrival(session, row.case, rule_profile, today=now.date())
    session.add(row)
    session.flush()
    return row


def mark_missing_deleted(
    session: Session, location_name: str, seen: Iterable[str], now: datetime | None = None
) -> int:
    """Mark the location's stored reviews that a complete listing no longer has as deleted.

    Call only with the names of a *complete* listing; a partial one would mark live
    reviews. The submissions stay in the inbox (the officer's record), flagged.
    """
    present = set(seen)
    marked = 0
    rows = session.scalars(
        select(GoogleReview).where(
            GoogleReview.location_name == location_name, GoogleReview.deleted.is_(False)
        )
    )
    for row in rows:
        if row.name not in present:
            row.deleted, row.deleted_at = True, now or utcnow()
            marked += 1
    session.flush()
    return marked


def store_reply(
    session: Session, row: GoogleReview, comment: str | None, update_time: datetime | None
) -> None:
    """Record the reply Google confirmed (None: no reply); the first one dates the response."""
    row.reply_comment = comment or None
    row.reply_update_time = aware(update_time) if comment else None
    if comment and row.first_replied_at is None:
        row.first_replied_at = aware(update_time) or utcnow()
    session.flush()


@dataclass(frozen=True)
class ResponseTime:
    """How long the office took to reply to one review (no reviewer data)."""

    case_id: int
    office_id: int | None
    created: datetime | None
    first_replied: datetime | None
    delay: timedelta | None


def response_time(row: GoogleReview) -> timedelta | None:
    """From the review's creation to the office's first reply; None while unanswered."""
    created, replied = aware(row.create_time), aware(row.first_replied_at)
    if created is None or replied is None:
        return None
    return max(timedelta(0), replied - created)


def response_times(session: Session, office_id: int | None = None) -> list[ResponseTime]:
    """Response time of every (not deleted) review, oldest first, optionally of one office."""
    query = (
        select(GoogleReview, Case.office_id)
        .join(Case, Case.id == GoogleReview.case_id)
        .where(GoogleReview.deleted.is_(False))
        .order_by(GoogleReview.create_time, GoogleReview.id)
    )
    if office_id is not None:
        query = query.where(Case.office_id == office_id)
    return [
        ResponseTime(
            row.case_id,
            office,
            aware(row.create_time),
            aware(row.first_replied_at),
            response_time(row),
        )
        for row, office in session.execute(query)
    ]
