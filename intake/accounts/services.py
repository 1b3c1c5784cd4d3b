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
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit
from intake.accounts import passwords, sessions, totp
from intake.models import User, utcnow
from intake.roles import ALL_ROLES, Role

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = passwords.MIN_PASSWORD_LENGTH
# Reads the restricted (corruption) cases; see the module docstring.
PROTECTED_ROLE = Role.ANTI_CORRUPTION


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
        session.flush()  # the caller commits the upgraded hash with the login
    return user


def create_user(
    session: Session, email: str, role: str, password: str, *, by: User | None = None
) -> User:
    """Add a staff member (`by`: who does it; None is the server's command line)."""
    email = normalize_email(email)
    if "@" not in email or len(email) > 254:
        raise UserError(f"not an e-mail address: {email!r}")
    if role not in ALL_ROLES:
        raise UserError(f"unknown role {role!r} (one of {', '.join(Role)})")
    require_may_manage(by, role)
    check_password_policy(password)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise UserError(f"user {email} exists already")
    user = User(email=email, role=role, password_hash=_hasher.hash(password))
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> User:
    """The account with this e-mail address (any spelling of its case); `UserError` if none."""
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
    user = find_user(session, email)
    require_may_manage(by, user.role)
    user.password_hash = _hasher.hash(password)
    user.session_version += 1
    sessions.revoke_all(session, user.id, now or utcnow(), keep=keep_session)
    session.flush()
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

    The caller records the audit event and commits it together with the change.
    """
    user = find_user(session, email)
    require_may_manage(by, user.role)
    totp.reset(session, user)
    sessions.revoke_all(session, user.id, now or utcnow(), keep=keep_session)
    if keep_session is None:  # a half-login begun before the reset must not enrol anew
        user.session_version += 1
    session.flush()
    return user


class SelfLockoutError(UserError):
    """An admin tried to take away their own administration or lock their own account."""


@dataclass(frozen=True)
class UserChange:
    """What an account should look like after an edit: role, office and whether it is active."""

    role: str
    office_id: int | None
    active: bool


def update_user(
    session: Session,
    user: User,
    change: UserChange,
    *,
    by: User | None = None,
    now: datetime | None = None,
) -> list[str]:
    """Change an account's role, office or access; returns what changed (empty: nothing).

    Rules that hold for the admin pages and the command line alike:
    - separation of duties for the account's present role and the one granted;
    - an admin cannot take away their own administration or lock their own account: another
      admin has to, so that the last administrator is never lost by a slip;
    - only a team lead belongs to an office, the other roles span all offices;
    - a new role or a deactivation ends the user's sessions: what they may do has changed.
    The change is audited (`by=None` is the server's command line); the caller commits.
    """
    if change.role not in ALL_ROLES:
        raise UserError(f"unknown role {change.role!r} (one of {', '.join(Role)})")
    require_may_manage(by, user.role)
    require_may_manage(by, change.role)
    if by is not None and by.id == user.id and (change.role != Role.ADMIN or not change.active):
        raise SelfLockoutError("an admin cannot demote or deactivate their own account")
    office_id = change.office_id if change.role == Role.TEAM_LEAD else None
    changes = _differences(user, change.role, office_id, change.active)
    if not changes:
        return changes
    ends_sessions = change.role != user.role or (user.active and not change.active)
    user.role, user.office_id, user.active = change.role, office_id, change.active
    if ends_sessions:
        user.session_version += 1
        sessions.revoke_all(session, user.id, now or utcnow())
        changes.append("sessions ended")
    action = "cli_user_update" if by is None else "admin_user_update"
    audit.record(session, by, action, detail=f"{user.email}: {'; '.join(changes)}")
    session.flush()
    return changes


def _differences(user: User, role: str, office_id: int | None, active: bool) -> list[str]:
    """The audit trail's words for what an edit changes."""
    changes = []
    if role != user.role:
        changes.append(f"role {user.role} -> {role}")
    if office_id != user.office_id:
        changes.append(f"office {user.office_id} -> {office_id}")
    if active != user.active:
        changes.append("activated" if active else "deactivated")
    return changes
