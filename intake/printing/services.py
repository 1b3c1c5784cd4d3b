"""Print runs of opinion cards and posters: from an office to a recorded batch and a PDF.

The `cards` library draws; this module decides what goes on the paper: the office's short
URL with the medium and batch number (never anything per card, so no card can be tied to
the person it was handed to), the texts in the card's language (German msgids through
Flask-Babel, overridable per deployment) and the deployment's branding.

Any offered language can be printed (`intake.languages`); Arabic and Persian come out
right to left (`cards` shapes and mirrors them). The multilingual card and poster
(`languages.MULTILINGUAL`) print the German call to action and one line per offered
language, and their QR code opens the page where the customer picks a language
(`/l/<office>/<batch>`, which then leads to the office's form).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

import cards
from intake import audit, languages
from intake.models import CardRequest, Case, Office, PrintBatch, User, utcnow
from intake.offices import services as offices
from intake.printing.words import CARD_TEXTS, MULTILINGUAL_LINE, RATING_TEXTS

LAYOUTS = ("card", "poster-a4", "poster-a3")
PRINT_LANGUAGES = (*languages.LANGUAGES, languages.MULTILINGUAL)
LANGUAGE_PICKER_PATH = "/l/"  # the public page where a multilingual card's reader picks
MEDIUM = {"card": "k", "poster-a4": "p", "poster-a3": "p"}
CHANNEL_OF_MEDIUM = {"k": "qr_card", "p": "qr_poster"}


class PrintError(ValueError):
    """A print run cannot be made; the message says why (shown to staff and on the CLI)."""


@dataclass(frozen=True)
class PrintSettings:
    """What a deployment configures about its printed material."""

    base_url: str
    min_batch: int = cards.MIN_BATCH_DEFAULT
    texts: Mapping[str, Mapping[str, Any]] | None = None  # per language
    branding: Mapping[str, Any] | None = None
    # The offered languages (`INTAKE_LANGUAGES`), in order: the lines of a multilingual card.
    offered_languages: tuple[str, ...] = tuple(languages.LANGUAGES)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> PrintSettings:
        """From the app config."""
        branding = {"organisation": config["OPERATOR_NAME"], **(config["CARD_BRANDING"] or {})}
        return cls(
            base_url=config["PUBLIC_BASE_URL"],
            min_batch=int(config["CARD_MIN_BATCH"]),
            texts=config["CARD_TEXTS"] or {},
            branding=branding,
            offered_languages=tuple(languages.offered(config.get("LANGUAGES"))),
        )


def card_texts(language: str, overrides: Mapping[str, Any] | None = None) -> cards.CardTexts:
    """The texts of a card in `language`, with the deployment's overrides on top.

    A multilingual card's texts (its call to action, its back) are German.
    """
    with force_locale(languages.babel_locale(language)):
        values: dict[str, Any] = {key: str(text) for key, text in CARD_TEXTS.items()}
        values["rating_labels"] = tuple(str(text) for text in RATING_TEXTS)
    values.update(overrides or {})
    return cards.CardTexts.from_mapping(values)


def source_segment(layout: str, batch_id: int | None) -> str:
    """`k12` for card batch 12, `p3` for poster batch 3, `w` for a bare web code."""
    if batch_id is None:
        return "w"
    return f"{MEDIUM[layout]}{batch_id}"


def multilingual_lines(codes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The multilingual card's lines: language code -> `MULTILINGUAL_LINE` in that language.

    A language whose catalog does not translate the line yet would repeat the German one;
    such a line is printed once (the first language it stands for).
    """
    lines: dict[str, str] = {}
    for code in codes:
        with force_locale(languages.babel_locale(code)):
            text = str(MULTILINGUAL_LINE)
        if text not in lines.values():
            lines[code] = text
    return tuple(lines.items())


def language_picker_url(base_url: str, code: str, source: str) -> str:
    """Where a multilingual card's QR code leads: the office's language choice, with the
    medium and batch so that the reactions still count for the print run."""
    return f"{base_url}{LANGUAGE_PICKER_PATH}{code.lower()}/{source.lower()}"


def spec_for(
    office: Office, layout: str, language: str, batch_id: int | None, settings: PrintSettings
) -> cards.CardSpec:
    """The card or poster of one office and batch."""
    source = source_segment(layout, batch_id)
    overrides = settings.texts or {}
    lines: tuple[tuple[str, str], ...] = ()
    if language == languages.MULTILINGUAL:
        url = language_picker_url(settings.base_url, office.code, source)
        texts = card_texts(languages.DEFAULT, overrides.get(languages.DEFAULT))
        lines = multilingual_lines(settings.offered_languages)
    else:
        url = offices.public_url(settings.base_url, office.code, source)
        texts = card_texts(language, overrides.get(language))
    return cards.CardSpec(
        office=cards.CardOffice(name=office.name, address=office.address),
        url=url,
        qr_payload=url.upper(),
        layout=layout,  # type: ignore[arg-type]
        language=language,
        texts=texts,
        branding=cards.Branding.from_mapping(settings.branding or {}),
        lines=lines,
    )


def check_request(layout: str, count: int, settings: PrintSettings) -> None:
    """Refuse unknown layouts and card batches below the minimum, before anything is made."""
    if layout not in LAYOUTS:
        raise PrintError(f"unknown layout {layout!r} (one of {', '.join(LAYOUTS)})")
    if count < 1:
        raise PrintError("the count must be at least 1")
    if layout == "card" and count < settings.min_batch:
        raise PrintError(
            f"card batches need at least {settings.min_batch} cards: a smaller batch could "
            f"tie a card to the few people it was handed to (asked for {count})"
        )


def refusal(layout: str, count: int | None, min_batch: int) -> str | None:
    """Why the printer would refuse this order, in the user's language; None if it would not.

    The same rule as `check_request` (whose English message is for the command line), for
    the order and print forms, so that nobody orders what cannot be printed.
    """
    if layout not in LAYOUTS:
        return str(_("Bitte wählen Sie, was gedruckt werden soll."))
    if count is None or count < 1:
        return str(_("Bitte geben Sie eine Anzahl von mindestens 1 an."))
    if layout == "card" and count < min_batch:
        return str(
            _(
                "Meinungskarten werden zu mindestens %(min)d Stück gedruckt: Bei weniger "
                "Karten ließe sich eine Karte den wenigen Menschen zuordnen, die sie bekommen "
                "haben. Bitte bestellen Sie mindestens %(min)d Karten (oder ein Plakat).",
                min=min_batch,
            )
        )
    return None


def record_batch(
    session: Session,
    office: Office,
    layout: str,
    language: str,
    count: int,
    *,
    user: User | None,
    via: str,
    settings: PrintSettings,
) -> PrintBatch:
    """Record a print run (its id becomes the batch number in the QR code)."""
    check_request(layout, count, settings)
    if language not in PRINT_LANGUAGES:
        raise PrintError(f"unknown language {language!r} (one of {', '.join(PRINT_LANGUAGES)})")
    batch = PrintBatch(
        office_id=office.id,
        layout=layout,
        language=language,
        count=count,
        created_by_id=user.id if user else None,
        created_via=via,
    )
    session.add(batch)
    session.flush()
    return batch


def render(
    batch: PrintBatch,
    settings: PrintSettings,
    out: BinaryIO,
    progress: cards.render.Progress | None = None,
) -> cards.RenderResult:
    """Write the batch's PDF."""
    spec = spec_for(batch.office, batch.layout, batch.language, batch.id, settings)
    return cards.render_pdf(spec, batch.count, out, min_batch=settings.min_batch, progress=progress)


def preview_png(office: Office, layout: str, language: str, settings: PrintSettings) -> bytes:
    """The first page as a PNG (via poppler's pdftoppm), for the preview before printing."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise PrintError("no preview: poppler-utils (pdftoppm) is not installed")
    spec = spec_for(office, layout, language, None, settings)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "preview.pdf"
        with pdf.open("wb") as out:
            cards.render_pdf(spec, 4 if layout == "card" else 1, out, min_batch=1)
        argv = [pdftoppm, "-f", "1", "-l", "1", "-r", "40", "-png", str(pdf), f"{tmp}/page"]
        subprocess.run(  # noqa: S603 - a fixed program and our own temporary files
            argv,
            check=True,
            timeout=30,
            capture_output=True,
        )
        return next(Path(tmp).glob("page*.png")).read_bytes()


def batches_with_counts(session: Session, office_id: int | None) -> list[tuple[PrintBatch, int]]:
    """Print runs (newest first) and how many submissions arrived through each."""
    arrived = (
        select(Case.batch, Case.channel, func.count().label("n"))
        .where(Case.batch.is_not(None), Case.is_spam.is_(False))
        .group_by(Case.batch, Case.channel)
        .subquery()
    )
    query = select(PrintBatch).order_by(PrintBatch.id.desc()).limit(200)
    if office_id is not None:
        query = query.where(PrintBatch.office_id == office_id)
    batches = list(session.scalars(query))
    counts = {(row.batch, row.channel): row.n for row in session.execute(select(arrived))}
    return [(b, counts.get((b.id, CHANNEL_OF_MEDIUM[MEDIUM[b.layout]]), 0)) for b in batches]


def open_requests(session: Session) -> list[CardRequest]:
    """Card requests the service team has still to print."""
    return list(
        session.scalars(
            select(CardRequest)
            .where(CardRequest.status == "open")
            .order_by(CardRequest.requested_at)
        )
    )


def request_cards(
    session: Session, user: User | None, office_id: int, layout: str, count: int, note: str = ""
) -> CardRequest:
    """Order cards or posters for an office (the service team prints them), audited; the
    caller commits."""
    card_request = CardRequest(
        office_id=office_id,
        layout=layout,
        count=count,
        note=note,
        requested_by_id=user.id if user else None,
    )
    session.add(card_request)
    session.flush()  # the id, for the audit event
    audit.record(session, user, "card_request", detail=f"request {card_request.id}")
    return card_request


def mark_done(
    session: Session, request: CardRequest, user: User | None, batch_id: int | None = None
) -> bool:
    """Close an open card request; whether this call closed it (commit is the caller's).

    A conditional UPDATE (still open), so two clicks at once close it, and audit it, once.
    """
    result = session.execute(
        update(CardRequest)
        .where(CardRequest.id == request.id, CardRequest.status == "open")
        .values(
            status="done",
            done_by_id=user.id if user else None,
            done_at=utcnow(),
            batch_id=batch_id or request.batch_id,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(request)
    return cast(CursorResult[Any], result).rowcount == 1
