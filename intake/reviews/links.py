"""Which office is which Google Business Profile location (flushed; the caller commits)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import GoogleLocation, Office
from intake.offices.services import normalize_code

# What the v4 review endpoints need; the same pattern as the client's own check.
LOCATION_NAME = re.compile(r"accounts/[^/?#\s]+/locations/[^/?#\s]+")


class LinkError(ValueError):
    """An office cannot be linked or unlinked; the message says why."""


def _office(session: Session, code: str) -> Office:
    office = session.scalar(select(Office).where(Office.code == normalize_code(code)))
    if office is None:
        raise LinkError(f"no office {normalize_code(code)} (see `flask --app intake offices list`)")
    return office


def check_location_name(name: str) -> str:
    """The name stripped, or LinkError explaining the form `accounts/{a}/locations/{l}`."""
    cleaned = name.strip().strip("/")
    if not LOCATION_NAME.fullmatch(cleaned):
        hint = ""
        if re.fullmatch(r"locations/[^/\s]+", cleaned):
            hint = (
                "; Business Information names locations `locations/{l}`, the reviews API "
                "needs the account in front"
            )
        raise LinkError(
            f"not a location name: {name!r} (expected accounts/{{account}}/locations/"
            f"{{location}}, e.g. accounts/1234567890/locations/9876543210{hint})"
        )
    return cleaned


def link_location(session: Session, code: str, name: str) -> tuple[GoogleLocation, str | None]:
    """Link an office to a location; returns the link and the location it replaced, if any.

    Linking the same pair again changes nothing. A location belongs to one office only.
    Changing an office's location starts its sync afresh.
    """
    location_name = check_location_name(name)
    office = _office(session, code)
    if office.retired:
        raise LinkError(f"office {office.code} is retired")
    other = session.scalar(select(GoogleLocation).where(GoogleLocation.name == location_name))
    if other is not None and other.office_id != office.id:
        raise LinkError(f"{location_name} is linked to office {other.office.code} already")
    link = session.scalar(select(GoogleLocation).where(GoogleLocation.office_id == office.id))
    previous = None
    if link is None:
        link = GoogleLocation(office_id=office.id, name=location_name)
        session.add(link)
    elif link.name != location_name:
        previous = link.name
        link.name = location_name
        link.synced_until = link.synced_at = link.full_synced_at = None
    session.flush()
    return link, previous


def unlink_location(session: Session, code: str) -> str:
    """Remove an office's link; returns the location name. Its reviews stay in the inbox."""
    office = _office(session, code)
    link = session.scalar(select(GoogleLocation).where(GoogleLocation.office_id == office.id))
    if link is None:
        raise LinkError(f"office {office.code} is not linked to a Google location")
    name = link.name
    session.delete(link)
    session.flush()
    return name


def linked_locations(session: Session, code: str | None = None) -> list[GoogleLocation]:
    """Every link (or the one of office `code`), by office code."""
    query = select(GoogleLocation).join(Office).order_by(Office.code)
    if code is not None:
        office = _office(session, code)
        query = query.where(GoogleLocation.office_id == office.id)
    return list(session.scalars(query))
