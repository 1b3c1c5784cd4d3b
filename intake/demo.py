"""Demo data for `scripts/serve`: a few offices and one officer login."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake import offices
from intake.models import Office, User
from intake.staff import auth

DEMO_OFFICES = (
    offices.OfficeRow("DIEZ", "Geschäftsstelle Diez", "RP", "Schloßberg 2, 65582 Diez"),
    offices.OfficeRow("EMS", "Geschäftsstelle Bad Ems", "RP", "Bleichstraße 5, 56130 Bad Ems"),
    offices.OfficeRow("LAHN", "Geschäftsstelle Lahnstein", "RP", "Hochstraße 40, 56112 Lahnstein"),
    offices.OfficeRow(
        "NK", "Jobcenter Neukölln, Sonnenallee", "BE", "Sonnenallee 262, 12057 Berlin"
    ),
)
DEMO_OFFICER = "officer@example.org"


def load(session: Session) -> tuple[int, tuple[str, str] | None]:
    """Add demo offices when there are none and the demo officer when missing."""
    created = 0
    if not session.scalar(select(func.count()).select_from(Office)):
        created, _updated = offices.upsert_many(session, DEMO_OFFICES)
    if session.scalar(select(User.id).where(User.email == DEMO_OFFICER)) is not None:
        return created, None
    password = "-".join(secrets.token_hex(3) for _ in range(3))
    auth.create_user(session, DEMO_OFFICER, "officer", password)
    return created, (DEMO_OFFICER, password)
