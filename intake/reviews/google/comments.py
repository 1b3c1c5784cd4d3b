"""Comment text: Google's machine-translation wrapping, and the rules for our replies.

Google often delivers a review (and an echoed reply) as one string holding its machine
translation and the reviewer's own words:

    (Translated by Google) <translation>\\n\\n(Original)\\n<original>

Staff must see what the customer actually wrote, and language detection must run on that
original, so both parts are kept and the original comes first. The doc lists variants seen
in public code but not confirmed (translation only, the reverse order, German markers); all
are accepted, so whichever Google sends parses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from intake.reviews.google.errors import ReplyInvalid

MAX_REPLY_BYTES = 4096

# Marker texts: English as documented, German as reported for German-language accounts.
_TRANSLATED = (
    r"\(\s*(?:Translated\s+by\s+Google|Übersetzt\s+von\s+Google|Von\s+Google\s+übersetzt)\s*\)"
)
_ORIGINAL = r"\(\s*Original\s*\)"
_LEADING_TRANSLATED = re.compile(_TRANSLATED, re.IGNORECASE)
_LEADING_ORIGINAL = re.compile(_ORIGINAL, re.IGNORECASE)
# Without a leading marker, a translation block only counts if it starts its own line.
_TRANSLATED_LINE = re.compile(r"(?:^|\n)[ \t]*" + _TRANSLATED, re.IGNORECASE)


@dataclass(frozen=True)
class CommentParts:
    """A comment split into the reviewer's original words and Google's translation.

    `original` is None only for the translation-only variant (Google withheld the
    original); `translation` is None for plain comments.
    """

    original: str | None
    translation: str | None

    @property
    def text(self) -> str:
        """What to show and analyse: the original when there is one."""
        return self.original if self.original is not None else (self.translation or "")

    @property
    def is_translated(self) -> bool:
        """True if Google's translation was part of the string."""
        return self.translation is not None


def split_comment(comment: str) -> CommentParts:
    """Split a (possibly) translated comment; a plain comment comes back unchanged.

    Rule from the doc: a leading "(Translated by Google)" is split at the first "(Original)"
    after it. The reverse order is recognised with or without a leading "(Original)".
    """
    body = comment.strip()
    if match := _LEADING_TRANSLATED.match(body):
        rest = body[match.end() :]
        original = _LEADING_ORIGINAL.search(rest)
        if original is None:
            return CommentParts(None, _part(rest))
        return CommentParts(_part(rest[original.end() :]), _part(rest[: original.start()]))
    if match := _LEADING_ORIGINAL.match(body):
        rest = body[match.end() :]
        translated = _LEADING_TRANSLATED.search(rest)
        if translated is None:
            return CommentParts(rest.strip(), None)
        return CommentParts(rest[: translated.start()].strip(), _part(rest[translated.end() :]))
    translated = _TRANSLATED_LINE.search(body)
    if translated is not None and translated.start() > 0:
        return CommentParts(body[: translated.start()].strip(), _part(body[translated.end() :]))
    return CommentParts(comment, None)


def _part(text: str) -> str | None:
    stripped = text.strip()
    return stripped or None


def validate_reply(comment: str) -> str:
    """The reply as it will be sent, or `ReplyInvalid` saying why Google would refuse it.

    Line breaks are normalised to "\\n" first: browsers submit textareas with "\\r\\n", and
    counting those bytes would refuse replies that are within the limit once sent. After
    that the text must not be blank, must hold no control characters other than "\\n", and
    must fit Google's limit of 4,096 bytes of UTF-8 (bytes, not characters: umlauts count
    two, emoji four).
    """
    text = comment.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReplyInvalid("empty", "the reply is empty")
    for index, char in enumerate(text):
        if char != "\n" and unicodedata.category(char) == "Cc":
            raise ReplyInvalid(
                "control_character",
                f"the reply contains a control character (U+{ord(char):04X}) at position {index}",
            )
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise ReplyInvalid("encoding", "the reply is not valid Unicode text") from None
    if size > MAX_REPLY_BYTES:
        raise ReplyInvalid(
            "too_long",
            f"the reply is {size:,} bytes in UTF-8; Google allows at most {MAX_REPLY_BYTES:,}",
        )
    return text
