"""Replying to a Google review from the back office: templates, publish, delete.

A reply counts as published only when Google shows it: after the PUT the review is read
again (`get_review`) and the reply stored from that read. If the re-read fails or shows
something else, nothing is stored as published (the next sync brings Google's state).

The templates are German on purpose, whatever language the officer's screen is in: they
are published to German reviews of a German office. Being public, they say nothing about
anyone's case and do not confirm that the reviewer is a customer (social secrecy).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from intake.models import GoogleReview, utcnow
from intake.reviews.google import NotFound, ReviewsClient, validate_reply
from intake.reviews.store import update_review

REPLY_TEMPLATES: dict[str, str] = {
    "apology": (
        "Guten Tag,\n\n"
        "vielen Dank, dass Sie sich die Zeit für eine Bewertung genommen haben. Es tut uns "
        "leid, dass Sie keinen guten Eindruck von der {office} gewonnen haben. Wir nehmen "
        "Ihre Kritik ernst und besprechen sie im Team.\n\n"
        "Wenn Sie uns Ihr Anliegen genauer schildern möchten, schreiben Sie bitte an "
        "{contact} – bitte nennen Sie hier auf Google keine persönlichen Daten.\n\n"
        "Freundliche Grüße\n{operator}"
    ),
    "neutral": (
        "Guten Tag,\n\n"
        "vielen Dank für Ihre Bewertung. Hinweise, was wir in der {office} besser machen "
        "können, helfen uns weiter. Schreiben Sie uns gern an {contact}.\n\n"
        "Freundliche Grüße\n{operator}"
    ),
    "thanks": (
        "Guten Tag,\n\n"
        "herzlichen Dank für Ihre freundliche Bewertung! Wir freuen uns darüber und geben "
        "Ihr Lob gern an das Team der {office} weiter.\n\n"
        "Freundliche Grüße\n{operator}"
    ),
}


class ReplyFailed(Exception):
    """Google took the request but does not show the expected state afterwards."""


def template_for_rating(rating: int | None) -> str:
    """1–2 stars: apologetic, 3 (or none): neutral, 4–5: thanks."""
    if rating is None or rating == 3:
        return "neutral"
    return "apology" if rating <= 2 else "thanks"


def reply_template(key: str, *, office: str, operator: str, contact: str) -> str:
    """A template filled in; unknown keys give the neutral one."""
    text = REPLY_TEMPLATES.get(key, REPLY_TEMPLATES["neutral"])
    return text.format(office=office or "Geschäftsstelle", operator=operator, contact=contact)


def _same(shown: str | None, sent: str) -> bool:
    """Google may normalise whitespace; the words must be the same."""
    return shown is not None and shown.split() == sent.split()


def mark_deleted(session: Session, row: GoogleReview, now: datetime | None = None) -> None:
    """Google says the review is gone (404 on reading it)."""
    if not row.deleted:
        row.deleted, row.deleted_at = True, now or utcnow()
    session.flush()


def publish_reply(
    session: Session, client: ReviewsClient, row: GoogleReview, comment: str
) -> GoogleReview:
    """Publish (or replace) the reply, confirm it by re-reading, store it (not committed).

    Raises `ReplyInvalid` before sending anything, `GoogleError` subclasses as the client
    does (`NotFound` also marks the review deleted), `ReplyFailed` if the re-read does not
    show the reply.
    """
    text = validate_reply(comment)
    try:
        client.update_reply(row.name, text)
        review = client.get_review(row.name)
    except NotFound:
        mark_deleted(session, row)
        raise
    reply = review.reply
    shown = reply.comment_parts.text if reply and reply.comment_parts else None
    if not (_same(shown, text) or _same(reply.comment if reply else None, text)):
        raise ReplyFailed("Google does not show the reply after publishing it")
    update_review(session, row, review)
    return row


def delete_reply(session: Session, client: ReviewsClient, row: GoogleReview) -> GoogleReview:
    """Delete the reply, confirm by re-reading, store the state (not committed)."""
    try:
        client.delete_reply(row.name)
        review = client.get_review(row.name)
    except NotFound:
        mark_deleted(session, row)
        raise
    if review.reply is not None and review.reply.comment:
        raise ReplyFailed("Google still shows the reply after deleting it")
    update_review(session, row, review)
    return row
