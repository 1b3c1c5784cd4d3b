"""Offices (Geschäftsstellen): codes, public URLs, import and retirement.

Changes are flushed, never committed: the caller (admin page, `flask offices …`) commits,
with the admin page's audit event in the same transaction.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import Office

CODE_PATTERN = re.compile(r"^[A-Z0-9]{2,12}$")
# The sixteen federal states, as the `holidays` package names their subdivisions.
STATES = (
    "BB",
    "BE",
    "BW",
    "BY",
    "HB",
    "HE",
    "HH",
    "MV",
    "NI",
    "NW",
    "RP",
    "SH",
    "SL",
    "SN",
    "ST",
    "TH",
)
FORM_PATH = "/m/"


class OfficeError(ValueError):
    """An office cannot be added or changed; the message says why."""


@dataclass(frozen=True)
class OfficeRow:
    """An office as read from a CSV file or the command line."""

    code: str
    name: str
    state: str
    address: str = ""


def normalize_code(code: str) -> str:
    """Codes are case-insensitive: stored and compared upper case."""
    return code.strip().upper()


def validate(row: OfficeRow) -> OfficeRow:
    """Check a row; return it normalised or raise OfficeError."""
    code, state = normalize_code(row.code), row.state.strip().upper()
    if not CODE_PATTERN.match(code):
        raise OfficeError(f"invalid code {row.code!r}: 2–12 letters or digits")
    if not row.name.strip():
        raise OfficeError(f"office {code}: the name is empty")
    if state not in STATES:
        raise OfficeError(
            f"office {code}: unknown federal state {row.state!r} (one of {', '.join(STATES)})"
        )
    return OfficeRow(code, row.name.strip(), state, row.address.strip())


def find_active(session: Session, code: str) -> Office | None:
    """The office behind a public URL code, unless it is unknown or retired."""
    office = session.scalar(select(Office).where(Office.code == normalize_code(code)))
    return office if office is not None and not office.retired else None


def active_offices(session: Session) -> list[Office]:
    """Offices a visitor can choose from, by name."""
    return list(
        session.scalars(select(Office).where(Office.retired.is_(False)).order_by(Office.name))
    )


def all_offices(session: Session) -> list[Office]:
    """Every office, by code."""
    return list(session.scalars(select(Office).order_by(Office.code)))


def add(session: Session, row: OfficeRow) -> Office:
    """Add one office; a duplicate code is an error."""
    row = validate(row)
    if session.scalar(select(Office.id).where(Office.code == row.code)) is not None:
        raise OfficeError(f"office {row.code} exists already")
    office = Office(code=row.code, name=row.name, state=row.state, address=row.address)
    session.add(office)
    session.flush()
    return office


def upsert_many(session: Session, rows: Iterable[OfficeRow]) -> tuple[int, int]:
    """Import offices, updating those whose code exists; returns (new, updated).

    All or nothing: every row is validated before the first is added, and the caller commits
    the lot in one transaction.
    """
    valid = [validate(row) for row in rows]
    existing = {o.code: o for o in session.scalars(select(Office))}
    created = updated = 0
    for row in valid:
        office = existing.get(row.code)
        if office is None:
            existing[row.code] = Office(
                code=row.code, name=row.name, state=row.state, address=row.address
            )
            session.add(existing[row.code])
            created += 1
        else:
            office.name, office.state, office.address = row.name, row.state, row.address
            office.retired = False
            updated += 1
    session.flush()
    return created, updated


def read_csv(stream: IO[str]) -> list[OfficeRow]:
    """Rows of a CSV with the header `code,name,state[,address]` (comma or semicolon)."""
    sample = stream.read()
    dialect = csv.Sniffer().sniff(sample.splitlines()[0] if sample else ",", delimiters=",;")
    reader = csv.DictReader(sample.splitlines(), dialect=dialect)
    missing = {"code", "name", "state"} - set(reader.fieldnames or [])
    if missing:
        raise OfficeError(f"CSV header lacks: {', '.join(sorted(missing))}")
    return [
        OfficeRow(r["code"] or "", r["name"] or "", r["state"] or "", r.get("address") or "")
        for r in reader
    ]


def retire(session: Session, code: str) -> Office:
    """Retire an office: its URL then leads to the general form."""
    office = session.scalar(select(Office).where(Office.code == normalize_code(code)))
    if office is None:
        raise OfficeError(f"no office {normalize_code(code)}")
    office.retired = True
    session.flush()
    return office


def reactivate(session: Session, code: str) -> Office:
    """Bring a retired office back: its URL leads to its own form again."""
    office = session.scalar(select(Office).where(Office.code == normalize_code(code)))
    if office is None:
        raise OfficeError(f"no office {normalize_code(code)}")
    office.retired = False
    session.flush()
    return office


def public_url(base_url: str, code: str, source: str = "") -> str:
    """The short form URL of an office (lower case to read; QR codes upper-case it)."""
    tail = f"/{source.lower()}" if source else ""
    return f"{base_url}{FORM_PATH}{code.lower()}{tail}"
