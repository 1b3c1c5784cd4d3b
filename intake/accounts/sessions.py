"""Server-side staff sessions: logout, idle timeout and absolute lifetime hold on the server.

The signed cookie only carries a random 256-bit session id; the database keeps its SHA-256
with the user, the login time and the last request. A session is valid while it is not
revoked, younger than the absolute lifetime and used within the idle time. Logout revokes
it (so a copied cookie dies with it); a new password, a reset second factor, a new role or a
deactivated account revoke all of the user's sessions. No Flask here: the caller passes the
clock and the limits.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from intake.models import StaffSession, User

# last_seen_at is written at most this often: one UPDATE a minute, not one per request.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Limits:
    """How long a session may live in total and without a request."""

    idle: timedelta
    lifetime: timedelta


def token_hash(token: str) -> str:
    """What the database stores of a session id."""
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; they were stored as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def start(session: Session, user: User, now: datetime, limits: Limits) -> str:
    """A new session for `user` (flushed, not committed); returns the id for the cookie.

    The user's sessions that ended long ago are deleted here, so the table stays small
    without a cleanup job.
    """
    session.execute(
        delete(StaffSession).where(
            StaffSession.user_id == user.id,
            or_(
                StaffSession.created_at < now - limits.lifetime,
                StaffSession.revoked_at < now - limits.lifetime,
            ),
        )
    )
    token = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            token_hash=token_hash(token), user_id=user.id, created_at=now, last_seen_at=now
        )
    )
    session.flush()
    return token


def find(session: Session, token: str) -> StaffSession | None:
    """The session row of a cookie's id, valid or not."""
    return session.scalar(select(StaffSession).where(StaffSession.token_hash == token_hash(token)))


def is_valid(row: StaffSession, now: datetime, limits: Limits) -> bool:
    """Not revoked, within the absolute lifetime and within the idle time."""
    return (
        row.revoked_at is None
        and now - _aware(row.created_at) < limits.lifetime
        and now - _aware(row.last_seen_at) < limits.idle
    )


def touch(row: StaffSession, now: datetime) -> bool:
    """Note a request; True when last_seen_at changed (the caller commits)."""
    if now - _aware(row.last_seen_at) < TOUCH_EVERY:
        return False
    row.last_seen_at = now
    return True


def revoke(row: StaffSession, now: datetime) -> None:
    """End one session (logout)."""
    if row.revoked_at is None:
        row.revoked_at = now


def revoke_all(session: Session, user_id: int, now: datetime, keep: int | None = None) -> None:
    """End every open session of a user, except `keep` (the one making the change)."""
    statement = update(StaffSession).where(
        StaffSession.user_id == user_id, StaffSession.revoked_at.is_(None)
    )
    if keep is not None:
        statement = statement.where(StaffSession.id != keep)
    session.execute(statement.values(revoked_at=now))
