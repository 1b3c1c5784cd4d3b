"""Versions of a period's KRM report: the officer's draft, and final versions frozen for good.

A period has at most one open draft: the officer's two texts (causes of special or recurring
reactions, recommendations). Finalising turns the draft into a final version that stores the
figures (as JSON, `Figures.to_dict`) and the PDF handed in, with who finalised it and when; from
then on the row never changes, so reclassifying a case later changes the live report page but
never a report that was handed in. A new version can follow (a new draft prefilled with the last
final's texts, the next number); every version stays.

The texts are cleaned on the way in: identifiers (a customer number or phone number pasted by
mistake) are masked as in the public form, and staff names ("Frau Müller", the configured list)
become "[Name]" — the report shows no staff names.

Services flush; the caller commits (docs/architecture.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, event, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake import audit
from intake.models import ReportVersion, User, utcnow
from intake.privacy.masking import mask_identifiers
from intake.privacy.staffnames import mask_staff_names
from intake.reports.figures import Figures

DRAFT = "draft"
FINAL = "final"
MAX_TEXT = 20_000  # characters per text, before masking
_ALREADY_FINAL = "Dieser Entwurf wurde inzwischen als Endfassung abgeschlossen."
_DRAFT_EXISTS = (
    "Der Entwurf wurde inzwischen von anderer Stelle angelegt – bitte prüfen und erneut speichern."
)


class ReportError(ValueError):
    """A version that cannot be saved or finalised (the message is German, for the page)."""


class FinalizedError(ReportError):
    """The draft was finalised meanwhile (by another request): nothing changed."""


class DraftExistsError(ReportError):
    """Another request created the period's draft (the same number) meanwhile: nothing saved.

    The session needs a rollback; the officer looks at that draft and saves again.
    """


# --- reading -------------------------------------------------------------------------------


def draft(session: Session, period_key: str) -> ReportVersion | None:
    """The period's open draft, if there is one."""
    return session.scalar(
        select(ReportVersion)
        .where(ReportVersion.period == period_key, ReportVersion.status == DRAFT)
        .order_by(ReportVersion.number.desc())
        .limit(1)
    )


def versions(session: Session, period_key: str) -> list[ReportVersion]:
    """The period's final versions, newest first."""
    return list(
        session.scalars(
            select(ReportVersion)
            .where(ReportVersion.period == period_key, ReportVersion.status == FINAL)
            .order_by(ReportVersion.number.desc())
        )
    )


def latest_final(session: Session, period_key: str) -> ReportVersion | None:
    """The period's newest final version, if any."""
    found = versions(session, period_key)
    return found[0] if found else None


def final_version(session: Session, period_key: str, number: int) -> ReportVersion | None:
    """Final version `number` of the period (None for a draft or a number never given)."""
    return session.scalar(
        select(ReportVersion).where(
            ReportVersion.period == period_key,
            ReportVersion.number == number,
            ReportVersion.status == FINAL,
        )
    )


def frozen(version: ReportVersion) -> Figures:
    """The figures a final version was handed in with.

    ValueError when they were stored in another shape (`figures.SCHEMA`); see `stored_figures`.
    """
    if version.status != FINAL or version.figures is None:
        raise ReportError("Nur eine Endfassung hat eingefrorene Zahlen.")
    data: dict[str, Any] = json.loads(version.figures)
    return Figures.from_dict(data)


def stored_figures(version: ReportVersion) -> Figures | None:
    """The frozen figures, or None when this code cannot read them (stored with another
    `figures.SCHEMA`): the version's texts and its PDF stay, and the PDF holds the figures."""
    try:
        return frozen(version)
    except ReportError:
        raise
    except ValueError:
        return None


# --- writing -------------------------------------------------------------------------------


def clean_text(text: str, staff_names: Iterable[str] = ()) -> str:
    """A text as the report may show it: stripped, identifiers and staff names masked.

    ReportError when it is longer than MAX_TEXT characters (the form says so first).
    """
    stripped = (text or "").replace("\r\n", "\n").strip()
    if len(stripped) > MAX_TEXT:
        raise ReportError(f"Höchstens {MAX_TEXT:,} Zeichen je Abschnitt.".replace(",", "."))
    return mask_staff_names(mask_identifiers(stripped).text, staff_names)


def save_draft(
    session: Session,
    period_key: str,
    *,
    causes: str,
    recommendations: str,
    user: User | None,
    staff_names: Iterable[str] = (),
    number: int | None = None,
) -> ReportVersion:
    """Create the period's draft (the next number, finals included) or update it.

    `number`, when given, is the version the officer's form was showing: FinalizedError when
    that draft was finalised meanwhile (a second click, another tab), instead of quietly
    starting the next version. The texts are written with a conditional UPDATE, so a save
    racing a finalisation never changes the final version.
    """
    names = tuple(staff_names)
    causes = clean_text(causes, names)
    recommendations = clean_text(recommendations, names)
    found = draft(session, period_key)
    expected = found.number if found is not None else next_number(session, period_key)
    if number is not None and number != expected:
        raise FinalizedError(_ALREADY_FINAL)
    texts = {
        "causes": causes,
        "recommendations": recommendations,
        "updated_by_id": user.id if user else None,
        "updated_at": utcnow(),
    }
    if found is None:
        found = ReportVersion(period=period_key, number=expected, status=DRAFT, **texts)
        _insert_draft(session, found)
    else:
        _update_draft(session, found, texts)
    audit.record(session, user, "report_draft", detail=f"{period_key} v{found.number}")
    session.flush()
    return found


def start_new_version(session: Session, period_key: str, *, user: User | None) -> ReportVersion:
    """A new draft after the last final version, prefilled with its texts (or the open draft)."""
    found = draft(session, period_key)
    if found is not None:
        return found
    last = latest_final(session, period_key)
    found = ReportVersion(
        period=period_key,
        number=next_number(session, period_key),
        status=DRAFT,
        causes=last.causes if last else "",
        recommendations=last.recommendations if last else "",
        updated_by_id=user.id if user else None,
    )
    _insert_draft(session, found)
    audit.record(session, user, "report_draft", detail=f"{period_key} v{found.number} neu")
    session.flush()
    return found


def finalize(
    session: Session,
    period_key: str,
    *,
    figures: Figures,
    pdf: bytes,
    user: User | None,
    at: datetime | None = None,
) -> ReportVersion:
    """Turn the period's draft into a final version with these figures and this PDF.

    ReportError without a draft, when both texts are empty (the report needs causes or
    recommendations), or for figures of another period; FinalizedError when another request
    finalised the draft first — a conditional UPDATE, so two at once make one final version.
    `at` is the moment printed in the PDF (default: now).
    """
    found = draft(session, period_key)
    if found is None:
        raise ReportError("Für diesen Zeitraum gibt es keinen Entwurf.")
    if not (found.causes.strip() or found.recommendations.strip()):
        raise ReportError(
            "Bitte schreiben Sie Ursachen oder Empfehlungen, bevor Sie die Endfassung erstellen."
        )
    if figures.period != period_key:
        raise ReportError("Die Zahlen gehören zu einem anderen Zeitraum.")
    now = at or utcnow()
    done = session.execute(
        update(ReportVersion)
        .where(ReportVersion.id == found.id, ReportVersion.status == DRAFT)
        .values(
            status=FINAL,
            figures=json.dumps(figures.to_dict(), ensure_ascii=False, sort_keys=True),
            pdf=pdf,
            finalized_by_id=user.id if user else None,
            finalized_at=now,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(done, "rowcount", 0) != 1:
        raise FinalizedError(_ALREADY_FINAL)
    session.refresh(found)
    audit.record(session, user, "report_final", detail=f"{period_key} v{found.number}")
    session.flush()
    return found


def next_number(session: Session, period_key: str) -> int:
    """The number the period's next version gets (finals and draft counted)."""
    highest = session.scalar(
        select(func.max(ReportVersion.number)).where(ReportVersion.period == period_key)
    )
    return (highest or 0) + 1


def _insert_draft(session: Session, found: ReportVersion) -> None:
    """Insert a new draft; DraftExistsError when another request inserted that number first.

    Two tabs starting the first draft (or a new version) at once both read "no draft" and
    the same next number; the unique (period, number) lets one in. Everything pending was
    flushed by the reads before, so the IntegrityError is this row's.
    """
    session.add(found)
    try:
        session.flush()
    except IntegrityError as error:
        raise DraftExistsError(_DRAFT_EXISTS) from error


def _update_draft(session: Session, found: ReportVersion, values: dict[str, Any]) -> None:
    done = session.execute(
        update(ReportVersion)
        .where(ReportVersion.id == found.id, ReportVersion.status == DRAFT)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if getattr(done, "rowcount", 0) != 1:
        raise FinalizedError(_ALREADY_FINAL)
    session.refresh(found)


# --- a final version never changes -----------------------------------------------------------


def _stored_status(connection: Connection, target: ReportVersion) -> str | None:
    """The status in the database (not the object's, which may be changed or unloaded)."""
    return connection.scalar(select(ReportVersion.status).where(ReportVersion.id == target.id))


@event.listens_for(ReportVersion, "before_update")
def _refuse_changing_a_final(_mapper: Any, connection: Connection, target: ReportVersion) -> None:
    """The ORM refuses to write a final version again (finalising itself is a Core UPDATE)."""
    if _stored_status(connection, target) == FINAL:
        raise FinalizedError("Eine Endfassung wird nicht mehr geändert.")


@event.listens_for(ReportVersion, "before_delete")
def _refuse_deleting_a_final(_mapper: Any, connection: Connection, target: ReportVersion) -> None:
    """A final version handed in stays."""
    if _stored_status(connection, target) == FINAL:
        raise FinalizedError("Eine Endfassung wird nicht gelöscht.")
