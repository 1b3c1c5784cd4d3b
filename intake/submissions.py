"""Receiving submissions: the path from a filled-in form to exactly one stored row.

Pure decisions (spam, channel, status wording) are plain functions; `receive` is the one
place that writes a citizen's submission, so the anonymity rules are checked here once:
the text is masked, the date is kept without the time, contact data is stored apart and
only with consent, and the form nonce makes the write idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake import cases, receipts
from intake.formtoken import FormTicket
from intake.masking import mask_identifiers
from intake.models import Contact, Submission

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
# What a citizen sees of the officers' workflow states (intake.workflow.STATES).
PUBLIC_STATUS = {
    "new": "received",
    "answered": "answered",
    "closed": "answered",
    "handed_off": "handed_off",
}


@dataclass(frozen=True)
class Source:
    """Where a submission came from, as far as the URL says: never anything about the person."""

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
    """The outcome shown to the visitor: the code, and whether this send was a repeat."""

    code: str
    repeated: bool


def parse_source(segment: str | None, *, default: str = "office_link") -> Source:
    """`k12` → card batch 12, `p3` → poster batch 3, `w` → web link; anything else: default."""
    match = _SOURCE.match((segment or "").lower())
    if not match:
        return Source(default)
    batch = int(match.group(2)) if match.group(2) else None
    return Source(_MEDIUM_CHANNEL[match.group(1)], batch)


_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)


def clean_text(text: str) -> str:
    """Normalise Unicode, unify line breaks and drop control and direction-override chars."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def spam_reason(ticket: FormTicket, honeypot: str, min_fill_seconds: int) -> str | None:
    """Why a submission looks automated, or None. Suspects are kept, in the spam folder."""
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
    receipt_key: bytes,
    min_fill_seconds: int,
    today: date | None = None,
) -> Receipt:
    """Store a submission exactly once per form nonce and return its receipt."""
    code = receipts.code_from_nonce(receipt_key, ticket.nonce)
    # No look-up first: the unique nonce hash decides, and a repeat is the rare case.
    day = today or date.today()
    submission = _build(draft, ticket, code, min_fill_seconds, day)
    cases.on_arrival(session, submission, cases.profile(), today=day)
    session.add(submission)
    try:
        session.commit()
    except IntegrityError:  # this form was sent before (double click, reload, resend)
        session.rollback()
        if _exists(session, ticket.nonce_hash):
            return Receipt(code, repeated=True)
        raise
    return Receipt(code, repeated=False)


def _exists(session: Session, nonce_hash: str) -> bool:
    found = session.scalar(select(Submission.id).where(Submission.form_nonce_hash == nonce_hash))
    return found is not None


def _build(
    draft: Draft, ticket: FormTicket, code: str, min_fill_seconds: int, today: date
) -> Submission:
    masked = mask_identifiers(clean_text(draft.text))
    stored = receipts.store(code)
    reason = spam_reason(ticket, draft.honeypot, min_fill_seconds)
    submission = Submission(
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
        submission.contact = Contact(consent_on=today, **draft.contact)
    return submission


def record_paper_card(
    session: Session,
    *,
    office_id: int,
    batch: int | None,
    kind: str,
    rating: int | None,
    text: str,
    received_on: date,
) -> Submission:
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
    first_followup_on: date | None = None,
    committee_deadline: date | None = None,
    batch: int | None = None,
    rating: int | None = None,
) -> Submission:
    """A reaction staff received (paper card, phone, in person, letter, e-mail, third party).

    Contact data goes into its own row (the sender gave it for the reply); the text keeps no
    identifiers, as on the web form.
    """
    masked = mask_identifiers(clean_text(text))
    row = Submission(
        office_id=office_id,
        channel=channel,
        batch=batch,
        kind=kind,
        rating=rating,
        text=masked.text,
        masked_kinds=",".join(masked.kinds()),
        language="de",
        received_on=received_on,
        status="new",
        first_followup_on=first_followup_on,
        committee_deadline=committee_deadline,
    )
    if contact:
        row.contact = Contact(consent_on=received_on, **contact)
    cases.on_arrival(session, row, cases.profile(), today=date.today())
    session.add(row)
    session.flush()
    return row


def find_by_receipt(session: Session, typed_code: str) -> Submission | None:
    """The submission a receipt code belongs to; same work whether or not it exists."""
    code = receipts.normalize_code(typed_code)
    if code is None:
        receipts.verify("X" * receipts.CODE_LENGTH, None)
        return None
    candidates = list(
        session.scalars(
            select(Submission).where(
                Submission.receipt_selector == code[: receipts.SELECTOR_LENGTH]
            )
        )
    )
    for candidate in candidates:
        if candidate.receipt_hash and receipts.verify(code, candidate.receipt_hash):
            return candidate
    if not candidates:
        receipts.verify(code, None)
    return None
