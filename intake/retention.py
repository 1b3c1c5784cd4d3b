"""Retention: what is deleted when, run by `flask --app intake retention run` (cron, timer).

Idempotent, and it logs counts, never contents. Today it purges the spam folder; the
triage issue adds contact-data deletion and text anonymisation here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from intake.models import Submission

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionReport:
    """How many rows each rule removed."""

    spam_purged: int


def purge_spam(session: Session, keep_days: int, today: date) -> int:
    """Delete spam received more than `keep_days` days ago (contact rows cascade).

    Google reviews marked as spam are kept: they stay public on Google, and a purged one
    would come back with the next full sync as if it were new.
    """
    cutoff = today - timedelta(days=keep_days)
    result = session.execute(
        delete(Submission).where(
            Submission.is_spam.is_(True),
            Submission.received_on < cutoff,
            Submission.channel != "google",
        )
    )
    session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def run(session: Session, *, spam_days: int, today: date | None = None) -> RetentionReport:
    """Apply every retention rule once."""
    report = RetentionReport(spam_purged=purge_spam(session, spam_days, today or date.today()))
    log.info("retention: %d spam submissions purged", report.spam_purged)
    return report
