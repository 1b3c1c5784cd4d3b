"""The officer's inbox: filtered, newest first, keyset-paginated.

Newest first means by date of receipt, then by the (random) id as a stable tie-break.
Keyset pagination ("after this row") keeps every page as fast as the first one, even
with a million rows, where OFFSET would scan everything before the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session, selectinload

from intake.models import GoogleReview, Submission

PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    """What the officer narrowed the inbox to."""

    office_id: int | None = None
    kind: str | None = None
    status: str | None = None
    spam: bool = False
    # Google reviews only: True = the office has replied, False = not yet (and still live).
    replied: bool | None = None


@dataclass(frozen=True)
class Cursor:
    """The last row of the previous page."""

    received_on: date
    id: int

    def encode(self) -> str:
        """As a URL parameter."""
        return f"{self.received_on.isoformat()}_{self.id}"

    @classmethod
    def decode(cls, raw: str | None) -> Cursor | None:
        """Parse a URL parameter; anything malformed means the first page."""
        if not raw or "_" not in raw:
            return None
        day, _, ident = raw.partition("_")
        try:
            return cls(date.fromisoformat(day), int(ident))
        except ValueError:
            return None


@dataclass(frozen=True)
class Page:
    """One page of the inbox and the cursor of the next, if there is one."""

    rows: list[Submission]
    next_cursor: Cursor | None


def _filtered(filters: Filters) -> Select[Submission]:
    query = select(Submission).where(Submission.is_spam.is_(filters.spam))
    if filters.office_id is not None:
        query = query.where(Submission.office_id == filters.office_id)
    if filters.kind:
        query = query.where(Submission.kind == filters.kind)
    if filters.status:
        query = query.where(Submission.status == filters.status)
    if filters.replied is not None:
        query = query.join(GoogleReview, GoogleReview.submission_id == Submission.id)
        if filters.replied:
            query = query.where(GoogleReview.reply_comment.is_not(None))
        else:
            query = query.where(
                GoogleReview.reply_comment.is_(None), GoogleReview.deleted.is_(False)
            )
    return query


def page(
    session: Session, filters: Filters, after: Cursor | None = None, size: int = PAGE_SIZE
) -> Page:
    """One page of the inbox, newest first."""
    query = _filtered(filters)
    if after is not None:
        query = query.where(
            or_(
                Submission.received_on < after.received_on,
                and_(Submission.received_on == after.received_on, Submission.id < after.id),
            )
        )
    query = (
        query.options(selectinload(Submission.google_review))
        .order_by(Submission.received_on.desc(), Submission.id.desc())
        .limit(size + 1)
    )
    rows = list(session.scalars(query))
    more = len(rows) > size
    rows = rows[:size]
    cursor = Cursor(rows[-1].received_on, rows[-1].id) if more and rows else None
    return Page(rows, cursor)


def first_line(text: str, limit: int = 120) -> str:
    """The first line of a text, shortened for the list."""
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
