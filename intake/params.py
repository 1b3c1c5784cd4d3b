"""Ids from URLs and form fields: only plain ASCII digits that fit a database integer."""

from __future__ import annotations

MAX_ID = 2**63 - 1


def parse_id(raw: str | None) -> int | None:
    """A positive id, or None for anything else (`"²"`, `"-1"`, 20-digit numbers, `None`)."""
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > 19:
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None
