"""Staff accounts: passwords, login checks and who may change which account.

Argon2id; a failed login does the same work whether or not the user exists. Granting the
anti-corruption role, or resetting such an account (password or second factor), is not in
an administrator's hands alone (separation of duties): only the server's command line
(`by=None`) or an anti-corruption officer may do it, and the anti-corruption officers are
told (`intake.accounts.oversight`). Otherwise an admin could make themself, or take over, the
one role that reads the corruption cases.
"""

from __future__ import annotations

import functools
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.accounts import passwords, sessions, totp
from intake.models import User, utcnow
from intake.web.access import ROLES

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = passwords.MIN_PASSWORD_LENGTH
# Reads the restricted (corruption) cases; see the module docstring.
PROTECTED_ROLE = "anti_corruption"


@functools.cache
def _dummy_hash() -> str:
    """Verified when no user matches, so failures take as long either way.

    Made on first use, not at import: Argon2 needs 64 MiB for it, and every worker would
    otherwise pay that at start-up.
    """
    return _hasher.hash("not-a-real-password")


class UserError(ValueError):
    """A user cannot be created or changed; the message says why."""


class PasswordError(UserError):
    """The password does not meet the policy; `reason` is "short" or "common"."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class SeparationOfDutiesError(UserError):
    """The change needs the server's command line or an anti-corruption officer."""


def normalize_email(email: str) -> str:
    """E-mail addresses compare case-insensitively."""
    return email.strip().lower()


def check_password_policy(password: str) -> None:
    """Long passphrases over composition rules, and no common password (NIST SP 800-63B)."""
    try:
        passwords.check(password)
    except passwords.PasswordRejected as exc:
        raise PasswordError(exc.reason, str(exc)) from exc


def may_manage(by: User | None, role: str) -> bool:
    """Whether `by` (None: the server's command line) may grant `role` or reset its accounts."""
    return role != PROTECTED_ROLE or by is None or by.role == PROTECTED_ROLE


def require_may_manage(by: User | None, role: str) -> None:
    """Raise `SeparationOfDutiesError` unless `may_manage`."""
    if not may_manage(by, role):
        raise SeparationOfDutiesError(
            "anti-corruption accounts are managed only on the server "
            "(flask --app intake users …) or by an anti-corruption officer"
        )


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


def create_user(
    session: Session, email: str, role: str, password: str, *, by: User | None = None
) -> User:
    """Add a staff member (`by`: who does it; None is the server's command line)."""
    email = normalize_email(email)
    if "@" not in email or len(email) > 254:
        raise UserError(f"not an e-mail address: {email!r}")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    require_may_manage(by, role)
    check_password_policy(password)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise UserError(f"user {email} exists already")
    user = User(email=email, role=role, password_hash=_hasher.hash(password))
    session.add(user)
    session.commit()
    return user


def _user(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        raise UserError(f"no user {normalize_email(email)}")
    return user


def reset_password(
    session: Session,
    email: str,
    password: str,
    *,
    by: User | None = None,
    keep_session: int | None = None,
    now: datetime | None = None,
) -> User:
    """Set a new password and end the user's sessions (except `keep_session`, the caller's)."""
    check_password_policy(password)
    user = _user(session, email)
    require_may_manage(by, user.role)
    user.password_hash = _hasher.hash(password)
    user.session_version += 1
    sessions.revoke_all(session, user.id, now or utcnow(), keep=keep_session)
    session.commit()
    return user


def reset_second_factor(
    session: Session,
    email: str,
    *,
    by: User | None = None,
    keep_session: int | None = None,
    now: datetime | None = None,
) -> User:
    """Forget the user's second factor (enrolled again at the next login); end their sessions.

    The caller records the audit event; this commits it together with the change.
    """
    user = _user(session, email)
    require_may_manage(by, user.role)
    totp.reset(session, user)
    sessions.revoke_all(session, user.id, now or utcnow(), keep=keep_session)
    if keep_session is None:  # a half-login begun before the reset must not enrol anew
        user.session_version += 1
    session.commit()
    return user
