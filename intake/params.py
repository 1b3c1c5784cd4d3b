"""Ids from URLs and form fields: only plain ASCII digits that fit a database integer.

One bound for every id a request carries: route segments (the `id` converter, registered
in the app factory), query parameters (`parse_id`) and keyset cursors (`parse_cursor`).
Anything beyond a signed 64-bit integer would overflow the database driver (a 500), and
Python's `int()` also reads other scripts' digits ("١٢" is 12), so both are refused here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from werkzeug.routing import BaseConverter, Map, ValidationError

MAX_ID = 2**63 - 1
_MAX_DIGITS = len(str(MAX_ID))


_MAX_BY_BITS = {64: MAX_ID, 32: 2**31 - 1}


def max_id(bits: int = 64) -> int:
    """The largest id of a signed key column: 64 bits (BIGINT, SQLite) or 32 (INTEGER on
    PostgreSQL: offices, staff accounts, templates, card requests)."""
    if bits not in _MAX_BY_BITS:
        raise ValueError(f"ids have 32 or 64 bits, not {bits}")
    return _MAX_BY_BITS[bits]


def parse_id(raw: str | None, *, bits: int = 64) -> int | None:
    """A positive id, or None for anything else (`"²"`, `"-1"`, 20-digit numbers, `None`)."""
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > _MAX_DIGITS:
        return None
    value = int(raw)
    return value if 0 < value <= max_id(bits) else None


def parse_cursor(raw: str | None) -> tuple[date, int] | None:
    """A keyset cursor `YYYY-MM-DD_<id>` (a sort date and a bounded id), or None."""
    day, separator, ident = (raw or "").partition("_")
    parsed = parse_id(ident) if separator else None
    if parsed is None:
        return None
    try:
        return date.fromisoformat(day), parsed
    except ValueError:
        return None


class IdConverter(BaseConverter):
    """`<id:name>` in a route: ASCII digits 1..2**63-1; anything else does not match (404).

    `<id(bits=32):name>` for the keys that are INTEGER on PostgreSQL (1..2**31-1).
    """

    regex = rf"[0-9]{{1,{_MAX_DIGITS}}}"
    weight = 50  # as Werkzeug's own number converters

    def __init__(self, url_map: Map, bits: int = 64) -> None:
        super().__init__(url_map)
        self.bits = bits
        max_id(bits)  # refuse other sizes when the route is added

    def to_python(self, value: str) -> int:
        """The id, or a routing miss (404) when it is 0 or beyond the key's range."""
        parsed = parse_id(value, bits=self.bits)
        if parsed is None:
            raise ValidationError()
        return parsed

    def to_url(self, value: Any) -> str:
        """Ids go into URLs as plain decimal numbers."""
        return str(int(value))
