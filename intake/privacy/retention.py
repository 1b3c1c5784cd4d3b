"""Retention: what is deleted when, run by `flask --app intake retention run` (cron, timer).

Three rules, each with its setting:

- **Spam** (SPAM_RETENTION_DAYS): spam received more than K days ago is deleted (Google
  reviews excepted, see `purge_spam`).
- **Contact data** (CONTACT_RETENTION_DAYS): the `Contact` row of a case that ended (closed
  or handed off) more than N days ago is deleted and `contact_deleted_on` set. A case closed
  N days ago keeps it; one day later it is gone.
- **Texts** (TEXT_ANONYMISE_MONTHS): for a case that ended more than M calendar months ago
  the reaction's text and its machine translation, the answer and its German original, the
  team lead's statement, proposed measures and the
  officer's note to the lead, the Google reviewer's name, comment and the office's reply are
  removed; the measures' texts, the hand-off destination and the hint reasons are kept with
  staff names masked (`intake.privacy.staffnames`), and `anonymised_on` is set. What stays is the
  analysis record: kind, KRM kind, channel, office, dates, rating, justified, flags,
  measures. Any contact data left is deleted too.

Only cases that *ended* count; a case answered but never closed keeps its texts (close it).
A case reopened after anonymisation stays anonymised.

Every rule is a set of bulk statements over chunks of ids (keyset by id, one transaction
per chunk), so a million closed cases neither fill memory nor hold one long lock, and an
interrupted run leaves every case either done or untouched; the next run continues. That is
why this batch job commits itself, unlike the other domain services (`intake.database`).
Idempotent: a second run finds nothing to do and reports zeros. Logs hold counts only.

Deleted means gone from the disk too: SQLite overwrites deleted content (`secure_delete`,
see `intake.database`) and the run ends by emptying the WAL (`db.checkpoint`). PostgreSQL keeps
dead rows until VACUUM; docs/operations.md ("Retention") says what to run.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, delete, select, update
from sqlalchemy.orm import Session

from intake.database import checkpoint
from intake.models import Case, Contact, ForwardLink, GoogleReview, Measure
from intake.privacy.staffnames import mask_staff_names
from intake.triage import workflow

log = logging.getLogger(__name__)

CHUNK = 500  # ids per statement: below SQLite's parameter limit, short transactions
_BULK: dict[str, Any] = {"synchronize_session": False}


@dataclass(frozen=True)
class RetentionReport:
    """How many rows each rule changed."""

    spam_purged: int
    contacts_deleted: int = 0
    texts_anonymised: int = 0


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if shorter)."""
    if months < 0:
        raise ValueError(f"months must not be negative: {months}")
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def purge_spam(session: Session, keep_days: int, today: date) -> int:
    """Delete spam received more than `keep_days` days ago (contact rows cascade).

    Google reviews marked as spam are kept: they stay public on Google, and a purged one
    would come back with the next full sync as if it were new.
    """
    cutoff = today - timedelta(days=keep_days)
    result = session.execute(
        delete(Case).where(
            Case.is_spam.is_(True),
            Case.received_on < cutoff,
            Case.channel != "google",
        )
    )
    session.commit()  # a batch job: each step is its own transaction (module docstring)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _ended_before(cutoff: date) -> ColumnElement[bool]:
    return and_(
        Case.status.in_(sorted(workflow.ENDED_STATES)),
        Case.closed_on.is_not(None),
        Case.closed_on < cutoff,
    )


def _delete_contacts_of(session: Session, case_ids: Sequence[int], today: date) -> int:
    """Delete the contact rows of these cases and note the day (in the open transaction)."""
    with_contact = list(
        session.scalars(select(Contact.case_id).where(Contact.case_id.in_(case_ids)))
    )
    if not with_contact:
        return 0
    session.execute(
        update(Case)
        .where(Case.id.in_(with_contact))
        .values(contact_deleted_on=today)
        .execution_options(**_BULK)
    )
    session.execute(
        delete(Contact).where(Contact.case_id.in_(with_contact)).execution_options(**_BULK)
    )
    return len(with_contact)


def delete_contacts(session: Session, keep_days: int, today: date) -> int:
    """Delete contact data of cases that ended more than `keep_days` days ago."""
    cutoff = today - timedelta(days=keep_days)
    deleted = 0
    after = 0
    while True:
        ids = list(
            session.scalars(
                select(Case.id)
                .join(Contact, Contact.case_id == Case.id)
                .where(_ended_before(cutoff), Case.id > after)
                .order_by(Case.id)
                .limit(CHUNK)
            )
        )
        if not ids:
            break
        deleted += _delete_contacts_of(session, ids, today)
        session.commit()  # one transaction per chunk: short locks, an interrupted run resumes
        after = ids[-1]
    return deleted


def _mask_kept_texts(session: Session, ids: Sequence[int], names: Sequence[str]) -> None:
    """Mask staff names in what the analysis record keeps (row by row, changed rows only)."""
    rows = session.execute(
        select(
            Case.id,
            Case.handoff_to,
            Case.suggestion_reason,
            Case.flag_reasons,
        ).where(Case.id.in_(ids))
    )
    for case_id, handoff_to, suggestion_reason, flag_reasons in rows.all():
        values = _masked_changes(
            names,
            handoff_to=handoff_to,
            suggestion_reason=suggestion_reason,
            flag_reasons=flag_reasons,
        )
        if values:
            session.execute(
                update(Case).where(Case.id == case_id).values(**values).execution_options(**_BULK)
            )
    measures = session.execute(
        select(Measure.id, Measure.what, Measure.check_result, Measure.responsible).where(
            Measure.case_id.in_(ids)
        )
    )
    for measure_id, what, check_result, responsible in measures.all():
        values = _masked_changes(
            names, what=what, check_result=check_result, responsible=responsible
        )
        if values:
            session.execute(
                update(Measure)
                .where(Measure.id == measure_id)
                .values(**values)
                .execution_options(**_BULK)
            )


def _masked_changes(names: Sequence[str], **texts: str | None) -> dict[str, str]:
    changes = {}
    for key, value in texts.items():
        if value:
            masked = mask_staff_names(value, names)
            if masked != value:
                changes[key] = masked
    return changes


def anonymise_texts(
    session: Session, keep_months: int, today: date, staff_names: Sequence[str] = ()
) -> tuple[int, int]:
    """Remove the texts of cases that ended more than `keep_months` months ago.

    Returns (cases anonymised, contact rows deleted on the way).
    """
    cutoff = months_before(today, keep_months)
    anonymised = contacts = 0
    after = 0
    while True:
        ids = list(
            session.scalars(
                select(Case.id)
                .where(
                    _ended_before(cutoff),
                    Case.anonymised_on.is_(None),
                    Case.id > after,
                )
                .order_by(Case.id)
                .limit(CHUNK)
            )
        )
        if not ids:
            break
        contacts += _delete_contacts_of(session, ids, today)
        _mask_kept_texts(session, ids, staff_names)
        session.execute(
            update(ForwardLink)
            .where(ForwardLink.case_id.in_(ids))
            .values(statement=None, proposed_measures=None, note="")
            .execution_options(**_BULK)
        )
        session.execute(
            update(GoogleReview)
            .where(GoogleReview.case_id.in_(ids))
            .values(
                reviewer_name=None,
                comment_original=None,
                comment_translation=None,
                reply_comment=None,
            )
            .execution_options(**_BULK)
        )
        session.execute(
            update(Case)
            .where(Case.id.in_(ids))
            .values(
                text="",
                answer=None,
                answer_original=None,
                text_translation=None,
                anonymised_on=today,
            )
            .execution_options(**_BULK)
        )
        session.commit()  # one transaction per chunk: short locks, an interrupted run resumes
        anonymised += len(ids)
        after = ids[-1]
    return anonymised, contacts


def run(
    session: Session,
    *,
    spam_days: int,
    contact_days: int | None = None,
    anonymise_months: int | None = None,
    today: date | None = None,
    staff_names: Iterable[str] = (),
) -> RetentionReport:
    """Apply every retention rule once; a rule whose setting is None is skipped.

    `staff_names` are masked in the texts that are kept; the CLI passes the configured
    list (`intake.web.settings.staff_names`), this module reads no app settings.
    """
    today = today or date.today()
    names = tuple(staff_names)
    spam = purge_spam(session, spam_days, today)
    contacts = delete_contacts(session, contact_days, today) if contact_days is not None else 0
    texts = 0
    if anonymise_months is not None:
        texts, more_contacts = anonymise_texts(session, anonymise_months, today, names)
        contacts += more_contacts
    report = RetentionReport(spam_purged=spam, contacts_deleted=contacts, texts_anonymised=texts)
    _empty_wal(session)
    log.info(
        "retention: %d spam submissions purged, %d contacts deleted, %d cases anonymised",
        report.spam_purged,
        report.contacts_deleted,
        report.texts_anonymised,
    )
    return report


def _empty_wal(session: Session) -> None:
    """Remove the earlier page images of what was just deleted from SQLite's WAL."""
    session.commit()  # the checkpoint cannot empty a WAL this session still reads
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    if not checkpoint(engine):
        log.warning(
            "retention: the WAL could not be emptied (busy); deleted data stays in the -wal "
            "file until the next checkpoint: run retention again when the app is quiet"
        )
