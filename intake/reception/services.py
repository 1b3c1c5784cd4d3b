"""Receiving submissions: the path from a filled-in form to exactly one stored row.

Pure decisions (spam, channel, status wording) are plain functions; `receive` is the one
place that writes a citizen's case, so the anonymity rules are checked here once:
the text is masked, the date is kept without the time, contact data is stored apart and
only with consent, and the form nonce makes the write idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.languages import DEFAULT as DEFAULT_LANGUAGE
from intake.models import Case, Contact, PrintBatch
from intake.printing import services as printing
from intake.privacy import receipts
from intake.privacy.masking import mask_identifiers
from intake.reception.formtoken import FormTicket
from intake.triage import cases, rules

KINDS = ("praise", "idea", "complaint", "other")
RATINGS = (5, 4, 3, 2, 1)
CONTACT_CHANNELS = ("email", "phone", "post")
# How a reaction arrived. Public intake sets the first five; staff add paper cards, and
# `reviews sync` / `reviews import` bring Google reviews (intake.reviews).
CHANNELS = (
    "homepage",
    "embed",
    "office_link",
    "qr_card",
    "qr_poster",
    "paper_card",
    "google",
    "phone",
    "in_person",
    "letter",
    "email",
    "third_party",
)
_MEDIUM_CHANNEL = {"k": "qr_card", "p": "qr_poster", "w": "office_link"}
_SOURCE = re.compile(r"^([kpw])(\d{1,6})?$")
# What a citizen sees of the officers' workflow states (intake.triage.workflow.STATES).
PUBLIC_STATUS = {
    "new": "received",
    "answered": "answered",
    "closed": "answered",
    "handed_off": "handed_off",
}


@dataclass(frozen=True)
class Source:
    """Where a case came from, as far as the URL says: never anything about the person."""

    channel: str
    batch: int | None = None


@dataclass
class Draft:
    """A validated form, before masking and storage."""

    kind: str
    text: str
    language: str
    source: Source
    office_id: int | None = None
    rating: int | None = None
    contact: dict[str, str] | None = None  # only with consent; keys as in `Contact`
    honeypot: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Receipt:
    """The outcome shown to the visitor: the code (only to the send that stored it; None on a
    repeat, so a resent form on a shared device never shows it again) and whether it repeated.
    """

    code: str | None
    repeated: bool


def parse_source(segment: str | None, *, default: str = "office_link") -> Source:
    """`k12` → card batch 12, `p3` → poster batch 3, `w` → web link; anything else: default."""
    match = _SOURCE.match((segment or "").lower())
    if not match:
        return Source(default)
    batch = int(match.group(2)) if match.group(2) else None
    return Source(_MEDIUM_CHANNEL[match.group(1)], batch)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner
# Where a joiner may stand between two letters, marks or symbols (emoji): everything up to
# plane 1 and the variation selectors, except the scripts that never need one: Latin (German
# words: "Zei\u200dtung" must not hide a keyword), Greek and Cyrillic, with their diacritics,
# phonetic and full-width forms (0x80–0x52F, 0x1C80–0x1C8F, 0x1D00–0x1FFF, 0x2C60–0x2C7F,
# 0x2DE0–0x2DFF, 0xA640–0xA69F, 0xA720–0xA7FF, 0xAB30–0xAB6F, 0xFF00–0xFFEF).
_JOINER_SCRIPTS = (
    (0x0530, 0x1C7F), (0x1C90, 0x1CFF), (0x2000, 0x2C5F), (0x2C80, 0x2DDF), (0x2E00, 0xA63F),
    (0xA6A0, 0xA71F), (0xA800, 0xAB2F), (0xAB70, 0xFEFF), (0xFFF0, 0x1FFFF), (0xE0100, 0xE01EF),
)  # fmt: skip


def _joinable(code: int) -> bool:
    """A letter, mark or symbol (emoji, skin tone)."""
    category = unicodedata.category(chr(code))
    return category[0] in "LM" or category in ("So", "Sk")


@lru_cache(maxsize=1)
def _stray_joiners() -> re.Pattern[str]:
    """A run of joiners not followed by a joinable character (built on first use, ~0.05 s)."""
    scripts = (range(low, high + 1) for low, high in _JOINER_SCRIPTS)
    codes = [code for block in scripts for code in block if _joinable(code)]
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    joinable = "[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges) + "]"
    return re.compile(rf"[{_JOINERS}]++(?!{joinable})")


def _drop_format_characters(text: str) -> str:
    """Drop invisible format characters (Unicode Cf); keep joiners inside words and emoji."""
    for char in {c for c in set(text) if not c.isascii() and c not in _JOINERS}:
        if unicodedata.category(char) == "Cf":
            text = text.replace(char, "")
    if _JOINERS[0] in text or _JOINERS[1] in text:
        # the pattern starts with the joiners, so the engine skips straight to them; runs
        # not preceded by a joinable character are those not followed by one, read backwards
        stray = _stray_joiners()
        text = stray.sub("", stray.sub("", text)[::-1])[::-1]
    return text


def clean_text(text: str) -> str:
    """Normalise Unicode, unify line breaks, drop control and invisible format characters.

    Format characters (zero-width space, BOM, soft hyphen, word joiner, direction marks and
    overrides, tag characters …) hide a formula from a spreadsheet's eye, split identifiers and
    keywords, or smuggle invisible text. Zero-width (non-)joiners stay only between two
    letters, marks or emoji of a script that needs them (Persian "می‌خواهم", Devanagari,
    emoji sequences such as 👩‍💻); a run of them there is kept as typed.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _drop_format_characters(_CONTROL.sub("", text)).strip()


def spam_reason(ticket: FormTicket, honeypot: str, min_fill_seconds: int) -> str | None:
    """Why a case looks automated, or None. Suspects are kept, in the spam folder."""
    if honeypot.strip():
        return "honeypot"
    if ticket.age_seconds < min_fill_seconds:
        return "too_fast"
    return None


def public_status(status: str, *, has_answer: bool = True) -> str:
    """received / in_progress / answered / closed / handed_off, as the receipt page shows it."""
    shown = PUBLIC_STATUS.get(status, "in_progress")
    if shown == "answered" and not has_answer:
        return "closed"
    return shown


def receive(
    session: Session,
    draft: Draft,
    ticket: FormTicket,
    *,
    min_fill_seconds: int,
    min_batch: int,
    rule_profile: rules.RuleProfile,
    receipt_key: bytes,
    today: date | None = None,
) -> Receipt:
    """Store a case exactly once per form nonce; the code only for the storing send.

    Unlike the other domain services this commits itself, because the commit is part of
    the guarantee: a receipt code is returned only once the case is on disk (the visitor
    writes it down as proof), and a resent form is recognised by the unique nonce failing,
    which needs a rollback that may discard nothing but this case. So the public view has
    nothing to commit; it must not have other changes pending when it calls this.
    """
    code = receipts.new_code()
    # No look-up first: the unique nonce hash decides, and a repeat is the rare case.
    day = today or date.today()
    draft = replace(draft, source=checked_source(session, draft.source, draft.office_id, min_batch))
    case = _build(draft, ticket, receipts.store(code, receipt_key), min_fill_seconds, day)
    cases.on_arrival(session, case, rule_profile, today=day)
    session.add(case)
    try:
        session.commit()
    except IntegrityError:  # this form was sent before (double click, reload, resend)
        session.rollback()
        if _exists(session, ticket.nonce_hash):
            return Receipt(None, repeated=True)
        raise
    return Receipt(code, repeated=False)


def checked_source(
    session: Session, source: Source, office_id: int | None, min_batch: int
) -> Source:
    """The source, its batch kept only if this office has such a print run.

    The URL is typed by anyone: `/m/diez/k777777` must not make a one-person batch. A card
    batch counts only with at least `min_batch` cards (CARD_MIN_BATCH); posters hang where
    everyone sees them and have no minimum. Otherwise the channel stays, the batch goes.
    """
    layouts = _LAYOUTS_OF_CHANNEL.get(source.channel, ())
    if source.batch is None or office_id is None or not layouts:
        return Source(source.channel)
    found = session.scalar(
        select(PrintBatch.id).where(
            PrintBatch.id == source.batch,
            PrintBatch.office_id == office_id,
            PrintBatch.layout.in_(layouts),
            or_(PrintBatch.layout != "card", PrintBatch.count >= min_batch),
        )
    )
    return source if found is not None else Source(source.channel)


_LAYOUTS_OF_CHANNEL = {
    channel: tuple(
        layout
        for layout, medium in printing.MEDIUM.items()
        if printing.CHANNEL_OF_MEDIUM[medium] == channel
    )
    for channel in printing.CHANNEL_OF_MEDIUM.values()
}


def _exists(session: Session, nonce_hash: str) -> bool:
    found = session.scalar(select(Case.id).where(Case.form_nonce_hash == nonce_hash))
    return found is not None


def _build(
    draft: Draft,
    ticket: FormTicket,
    stored: receipts.StoredReceipt,
    min_fill_seconds: int,
    today: date,
) -> Case:
    masked = mask_identifiers(clean_text(draft.text))
    reason = spam_reason(ticket, draft.honeypot, min_fill_seconds)
    case = Case(
        office_id=draft.office_id,
        channel=draft.source.channel,
        batch=draft.source.batch,
        kind=draft.kind,
        rating=draft.rating,
        text=masked.text,
        masked_kinds=",".join(masked.kinds()),
        language=draft.language,
        received_on=today,
        status="new",
        is_spam=reason is not None,
        spam_reason=reason,
        receipt_selector=stored.selector,
        receipt_hash=stored.verifier_hash,
        form_nonce_hash=ticket.nonce_hash,
    )
    if draft.contact:
        case.contact = Contact(consent_on=today, **draft.contact)
    return case


def record_paper_card(
    session: Session,
    *,
    office_id: int,
    batch: int | None,
    kind: str,
    rating: int | None,
    text: str,
    received_on: date,
    rule_profile: rules.RuleProfile,
    language: str = DEFAULT_LANGUAGE,
) -> Case:
    """A returned paper card, keyed in by staff: masked like the web form, no receipt."""
    return record_staff_entry(
        session,
        channel="paper_card",
        office_id=office_id,
        kind=kind,
        text=text,
        received_on=received_on,
        contact=None,
        batch=batch,
        rating=rating,
        rule_profile=rule_profile,
        language=language,
    )


def record_staff_entry(
    session: Session,
    *,
    channel: str,
    office_id: int | None,
    kind: str,
    text: str,
    received_on: date,
    contact: dict[str, str] | None,
    rule_profile: rules.RuleProfile,
    first_followup_on: date | None = None,
    committee_deadline: date | None = None,
    batch: int | None = None,
    rating: int | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> Case:
    """A reaction staff received (paper card, phone, in person, letter, e-mail, third party).

    Contact data goes into its own row (the sender gave it for the reply); the text keeps no
    identifiers, as on the web form. `language` is what the entry form says it was written in.
    """
    masked = mask_identifiers(clean_text(text))
    row = Case(
        office_id=office_id,
        channel=channel,
        batch=batch,
        kind=kind,
        rating=rating,
        text=masked.text,
        masked_kinds=",".join(masked.kinds()),
        language=language,
        received_on=received_on,
        status="new",
        first_followup_on=first_followup_on,
        committee_deadline=committee_deadline,
    )
    if contact:
        row.contact = Contact(consent_on=received_on, **contact)
    cases.on_arrival(session, row, rule_profile, today=date.today())
    session.add(row)
    session.flush()
    return row


def find_by_receipt(session: Session, typed_code: str, receipt_key: bytes) -> Case | None:
    """The case a receipt code belongs to; same work whether or not it exists. Read-only:
    a row from before the keyed hash (Argon2id) verifies as it is and is not rewritten."""
    code = receipts.normalize_code(typed_code)
    if code is None:
        receipts.verify("X" * receipts.CODE_LENGTH, None, receipt_key)
        return None
    candidates = list(
        session.scalars(
            select(Case).where(Case.receipt_selector == code[: receipts.SELECTOR_LENGTH])
        )
    )
    for candidate in candidates:
        if candidate.receipt_hash and receipts.verify(code, candidate.receipt_hash, receipt_key):
            return candidate
    if not candidates:
        receipts.verify(code, None, receipt_key)
    return None
