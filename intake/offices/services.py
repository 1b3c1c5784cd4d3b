"""Offices (Geschäftsstellen): codes, public URLs, import and retirement.

Changes are flushed, never committed: the caller (admin page, `flask offices …`) commits,
with the admin page's audit event in the same transaction.

The public pages look offices up on every submission; `ActiveOffices` remembers them for a
few seconds per process (the app's `FORM_PAGE_CACHE_SECONDS`, as the rendered form). Every
change here (`add`, `upsert_many`, `retire`, `reactivate`) forgets them at once in this
process; other processes (gunicorn's other workers) see it when their entry is that old. So a
retired office stops accepting submissions within FORM_PAGE_CACHE_SECONDS everywhere.
"""

from __future__ import annotations

import csv
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, make_transient_to_detached

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


@dataclass(frozen=True)
class OfficeChoice:
    """An active office in the general form's list; a copy, shared between requests."""

    id: int
    name: str


# Bumped by every change to offices in this process: remembered look-ups older than the last
# change are not used (`ActiveOffices`).
_generation = 0
_generation_lock = threading.Lock()


def _changed() -> None:
    global _generation  # one counter per process, by design
    with _generation_lock:
        _generation += 1


def _detached_copy(office: Office) -> Office:
    """A copy of a loaded office that belongs to no session, as if just read (`merge` source)."""
    copy = Office(**{column.key: getattr(office, column.key) for column in _COLUMNS})
    make_transient_to_detached(copy)
    return copy


_COLUMNS = tuple(inspect(Office).column_attrs)


class ActiveOffices:
    """Active offices by code (and the list to choose from), remembered for `max_age` seconds.

    One per app (`intake.public.views`), so that apps on other databases never share entries.
    `find` returns the office in the caller's session, as `find_active` does, but from a copy
    (`Session.merge(load=False)`: no SQL), so later reads of it (the holidays of its state)
    need no query either. Unknown and retired codes are never remembered: a new or reactivated
    office is found at once, and typed-in codes cannot fill the memory. `max_age` 0 remembers
    nothing.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._by_code: dict[str, tuple[float, int, Office]] = {}
        self._choices: tuple[float, int, tuple[OfficeChoice, ...]] | None = None

    def find(self, session: Session, code: str, max_age: float) -> Office | None:
        """`find_active`, from memory if it is younger than `max_age` and no change since."""
        key = normalize_code(code)
        now, generation = self._clock(), _generation
        found = self._by_code.get(key)
        if found is not None and found[1] == generation and now - found[0] <= max_age:
            return session.merge(found[2], load=False)
        office = find_active(session, key)
        if office is None:
            self._by_code.pop(key, None)
            return None
        if max_age > 0:
            self._by_code[key] = (now, generation, _detached_copy(office))
        return office

    def choices(self, session: Session, max_age: float) -> tuple[OfficeChoice, ...]:
        """`active_offices` as (id, name), from memory as `find`."""
        now, generation, found = self._clock(), _generation, self._choices
        if found is not None and found[1] == generation and now - found[0] <= max_age:
            return found[2]
        listed = tuple(OfficeChoice(office.id, office.name) for office in active_offices(session))
        self._choices = (now, generation, listed) if max_age > 0 else None
        return listed


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
    _changed()
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
    _changed()
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
    _changed()
    return office


def reactivate(session: Session, code: str) -> Office:
    """Bring a retired office back: its URL leads to its own form again."""
    office = session.scalar(select(Office).where(Office.code == normalize_code(code)))
    if office is None:
        raise OfficeError(f"no office {normalize_code(code)}")
    office.retired = False
    session.flush()
    _changed()
    return office


def public_url(base_url: str, code: str, source: str = "") -> str:
    """The short form URL of an office (lower case to read; QR codes upper-case it)."""
    tail = f"/{source.lower()}" if source else ""
    return f"{base_url}{FORM_PATH}{code.lower()}{tail}"
