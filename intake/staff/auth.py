"""Staff passwords and login checks (Argon2id; same work whether or not a user exists)."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.access import ROLES
from intake.models import User

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified when no user matches, so failures take as long either way.

    Made on first use, not at import: Argon2 needs 64 MiB for it, and every worker would
    otherwise pay that at start-up.
    """
    return _hasher.hash("not-a-real-password")


MIN_PASSWORD_LENGTH = 12


class UserError(ValueError):
    """A user cannot be created or changed; the message says why."""


def normalize_email(email: str) -> str:
    """E-mail addresses compare case-insensitively."""
    return email.strip().lower()


def check_password_policy(password: str) -> None:
    """Long passphrases over composition rules (NIST SP 800-63B)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with these credentials, or None; timing does not tell which failed."""
    user = session.scalar(select(User).where(User.email == normalize_email(email)))
    ok: bool
    try:
        ok = _hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        session.commit()
    return user


def create_user(session: Session, email: str, role: str, password: str) -> User:
    """Add a staff member."""
    email = normalize_email(email)
    if "@" not in email or len(email) > 254:
        raise UserError(f"not an e-mail address: {email!r}")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    check_password_policy(password)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise UserError(f"user {email} exists already")
    user = User(email=email, role=role, password_hash=_hasher.hash(password))
    session.add(user)
    session.commit()
    return user


def reset_password(session: Session, email: str, password: str) -> User:
    """Set a new password and end the user's sessions."""
    check_password_policy(password)
    user = session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        raise UserError(f"no user {normalize_email(email)}")
    user.password_hash = _hasher.hash(password)
    user.session_version += 1
    session.commit()
    return user
