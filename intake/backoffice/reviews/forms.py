"""Forms for replying to Google reviews.

The reply is checked with `intake.reviews.google.validate_reply`, the rule the client enforces
before sending (4,096 bytes of UTF-8, no control characters), so a reply that Google
would refuse is caught on submit, with or without JavaScript, and nothing is sent.
"""

from __future__ import annotations

from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, TextAreaField
from wtforms.validators import ValidationError

from intake.reviews.google import MAX_REPLY_BYTES, ReplyInvalid, validate_reply


def reply_bytes(text: str | None) -> int:
    """UTF-8 bytes of a reply as it will be sent (line breaks as one byte)."""
    normalised = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return len(normalised.encode("utf-8", "surrogatepass"))


def check_reply(_form: object, field: Field) -> None:
    """WTForms validator: the client's own rule, with a message in the officer's language."""
    try:
        validate_reply(field.data or "")
    except ReplyInvalid as exc:
        if exc.reason == "too_long":
            raise ValidationError(
                _(
                    "Die Antwort ist %(size)s Bytes lang, Google erlaubt höchstens %(max)s "
                    "Bytes. Umlaute und ß zählen doppelt, Emojis vierfach. Bitte kürzen Sie "
                    "die Antwort.",
                    size=format_number(reply_bytes(field.data)),
                    max=format_number(MAX_REPLY_BYTES),
                )
            ) from exc
        if exc.reason == "control_character":
            raise ValidationError(
                _(
                    "Die Antwort enthält ein unsichtbares Steuerzeichen (oft aus kopiertem "
                    "Text). Bitte entfernen Sie es oder schreiben Sie die Stelle neu."
                )
            ) from exc
        if exc.reason == "empty":
            raise ValidationError(_("Bitte schreiben Sie eine Antwort.")) from exc
        raise ValidationError(_("Die Antwort enthält Zeichen, die Google nicht annimmt.")) from exc


class ReplyForm(FlaskForm):
    """The officer's public reply to a Google review."""

    comment = TextAreaField(_l("Ihre Antwort (öffentlich auf Google)"), validators=[check_reply])


class DeleteReplyForm(FlaskForm):
    """Delete the published reply (CSRF only)."""
