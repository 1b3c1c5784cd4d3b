"""Bringing reviews in: `reviews sync` from the API and `reviews import` from a Takeout export.

Design of the sync, per linked location:

- **Incremental runs** pass the newest `updateTime` of the last complete run as
  `since_update_time`. Google lists newest first, so a run with nothing new costs one page.
  Edits bump `updateTime`, so edited reviews come along and are updated in place.
- **Deleted reviews** do not show up in a listing of changes: they simply vanish. So every
  `GOOGLE_FULL_SYNC_HOURS` (and with `--full`, and on the first run) the location is
  listed completely, and stored reviews missing from that *complete* listing are marked
  deleted (never removed: the officer's record stays). The full pass also picks up replies
  written outside the back office, which do not necessarily bump the review's `updateTime`.
- **Resuming**: reviews are committed every page as they come, keyed by their resource
  name (unique), so a repeat stores nothing twice. The location's sync state
  (`synced_until`, `full_synced_at`) moves only after its listing completed; a run that
  fails half-way therefore leaves the old state, and the next run reads the same range
  again and finishes it. Deletions are only ever derived from a complete listing.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import GoogleLocation, utcnow
from intake.reviews.google import (
    AuthenticationFailed,
    CredentialsError,
    GoogleError,
    RateLimited,
    RefreshTokenProvider,
    ReviewsClient,
    read_takeout,
)
from intake.reviews.store import aware, mark_missing_deleted, upsert_review
from intake.triage import rules

COMMIT_EVERY = 50  # one API page


def client_from_config(config: Mapping[str, Any], *, interactive: bool = False) -> ReviewsClient:
    """A reviews client for the configured credentials file and endpoints.

    `interactive` (a staff member waits for the page) retries briefly and never sleeps long;
    the command line retries as the client does by default and honours `Retry-After` up to
    two minutes. `GOOGLE_SLEEP` in the config replaces `time.sleep` (tests only).
    """
    path = config.get("GOOGLE_CREDENTIALS")
    if not path:
        raise CredentialsError(
            "INTAKE_GOOGLE_CREDENTIALS is not set (the path of the credentials JSON; "
            "see docs/operations.md)"
        )
    provider = RefreshTokenProvider.from_file(path, token_url=config["GOOGLE_TOKEN_URL"])
    sleep: Callable[[float], None] = config.get("GOOGLE_SLEEP") or time.sleep
    if interactive:
        return ReviewsClient(
            config["GOOGLE_API_BASE_URL"],
            token_provider=provider,
            sleep=sleep,
            max_retries=1,
            timeout=15.0,
            max_retry_after=5.0,
        )
    return ReviewsClient(config["GOOGLE_API_BASE_URL"], token_provider=provider, sleep=sleep)


def describe(error: GoogleError) -> str:
    """A one-line message for an operator, with what to do where it is clear."""
    text = str(error)
    if isinstance(error, RateLimited):
        if error.retry_after is not None:
            text += f"; Google asks to wait {error.retry_after:.0f} s, run again after that"
        text += (
            " (a project whose quota is 0 has not been approved for the API yet: apply for "
            "access rather than for more quota)"
        )
    elif isinstance(error, AuthenticationFailed):
        text += " (the access token was refused: renew the consent / refresh token)"
    elif isinstance(error, CredentialsError):
        text = f"credentials: {text}"
    return text


@dataclass
class SyncReport:
    """What one location's sync did."""

    office_code: str
    location_name: str
    full: bool
    read: int = 0
    new: int = 0
    updated: int = 0
    deleted: int = 0

    def summary(self) -> str:
        """One line for the command's output."""
        kind = "full pass" if self.full else "changes"
        return (
            f"{self.office_code}: {kind}, {self.read} read, {self.new} new, "
            f"{self.updated} updated, {self.deleted} marked deleted"
        )


def needs_full_pass(link: GoogleLocation, now: datetime, every_hours: int) -> bool:
    """First run, or the last complete listing is older than `every_hours`."""
    last = aware(link.full_synced_at)
    return (
        link.synced_until is None
        or last is None
        or now - last >= timedelta(hours=max(0, every_hours))
    )


def sync_location(
    session: Session,
    client: ReviewsClient,
    link: GoogleLocation,
    *,
    full: bool,
    rule_profile: rules.RuleProfile,
    now: datetime | None = None,
    progress: Callable[[SyncReport], None] | None = None,
) -> SyncReport:
    """Sync one location (see the module docstring). Google errors propagate.

    On an error the caller rolls back: what was committed page by page stays (and is
    found again by name), the location's sync state is unchanged.
    """
    now = now or utcnow()
    report = SyncReport(link.office.code, link.name, full)
    previous = aware(link.synced_until)
    newest = previous
    seen: set[str] = set()
    since = None if full else previous
    for review in client.list_reviews(link.name, since_update_time=since):
        outcome = upsert_review(
            session, link.office_id, review, rule_profile=rule_profile, now=now
        ).outcome
        report.read += 1
        if outcome == "new":
            report.new += 1
        elif outcome == "updated":
            report.updated += 1
        seen.add(review.name)
        stamp = aware(review.update_time)
        if stamp is not None and (newest is None or stamp > newest):
            newest = stamp
        if report.read % COMMIT_EVERY == 0:
            # A batch job commits its own chunks: what was read stays when a later page fails.
            session.commit()
            if progress is not None:
                progress(report)
    if full:
        report.deleted = mark_missing_deleted(session, link.name, seen, now)
        link.full_synced_at = now
    link.synced_until = newest
    link.synced_at = now
    session.commit()  # the last chunk, and the sync state only now that the listing completed
    return report


@dataclass
class ImportReport:
    """What a Takeout import did; `unlinked` counts reviews of locations without an office."""

    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    unlinked: Counter[str] = field(default_factory=Counter)


def import_takeout(
    session: Session, path: str | Path, rule_profile: rules.RuleProfile
) -> ImportReport:
    """Import a Takeout export (directory or .zip), all or nothing; safe to repeat.

    Locations are matched to offices by their linked location name, or by the location id
    alone when the export does not say the account. An export is a snapshot of the day it
    was made, so it never overwrites a newer state and never marks anything deleted.
    Flushed, not committed: the caller commits once, after the whole export was read.
    """
    links = list(session.scalars(select(GoogleLocation)))
    by_name = {link.name: link for link in links}
    by_id = {link.name.rsplit("/", 1)[-1]: link for link in links}
    report = ImportReport()
    for item in read_takeout(path):
        location = item.location
        link = by_name.get(location.location_name or "") or by_id.get(location.location_id)
        if link is None:
            report.unlinked[location.location_name or f"location {location.location_id}"] += 1
            continue
        report.read += 1
        outcome = upsert_review(
            session,
            link.office_id,
            item.review,
            rule_profile=rule_profile,
            authoritative=False,
        )
        setattr(report, outcome.outcome, getattr(report, outcome.outcome) + 1)
    return report
