"""The second factor: TOTP (RFC 6238, 30 s, ±1 step) and one-time recovery codes.

Required for the roles that read or change cases (`REQUIRED_ROLES`); whoever has enrolled
uses it at every login, whatever their role now. A code is accepted once: the last time
step used is stored and only later steps count, so a code read over someone's shoulder is
worthless afterwards. Recovery codes are random, shown once, stored as SHA-256 and used up.
No Flask here: the caller passes the clock, records the audit event and commits.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Literal

import pyotp
import qrcode
import qrcode.image.svg
from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from intake.models import RecoveryCode, User
from intake.roles import Role

REQUIRED_ROLES = frozenset({Role.OFFICER, Role.MANAGEMENT, Role.ANTI_CORRUPTION, Role.ADMIN})
ISSUER = "Meinungskarte"
RECOVERY_CODES = 10
# Lower-case letters and digits without 0/o, 1/l/i: easy to copy from paper.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
Used = Literal["totp", "recovery"]


def required(user: User) -> bool:
    """Whether this user must pass a second factor to log in."""
    return user.role in REQUIRED_ROLES or is_enrolled(user)


def is_enrolled(user: User) -> bool:
    """Whether the user has confirmed a second factor."""
    return user.totp_secret is not None and user.totp_enrolled_at is not None


def pending_secret(user: User) -> str:
    """The secret to enrol with: kept across reloads of the page until confirmed."""
    if user.totp_secret is None or user.totp_enrolled_at is not None:
        user.totp_secret = pyotp.random_base32()
    return user.totp_secret


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The QR code of `uri` as an SVG data: URI (the CSP allows data: images, no inline SVG)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, border=4)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def current_code(secret: str, now: datetime) -> str:
    """The code an app shows at `now` (for the demo accounts and tests)."""
    return pyotp.TOTP(secret).at(now)


def _digits(code: str) -> str:
    return "".join(code.split())


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step (now ±1) whose code is `code`, or None."""
    totp = pyotp.TOTP(secret)
    step = totp.timecode(now)
    for candidate in (step - 1, step, step + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def check_totp(session: Session, user: User, secret: str, code: str, now: datetime) -> bool:
    """Accept a TOTP code once: only a step later than the last one used counts.

    The step is claimed with a conditional UPDATE, so two requests racing with the same code
    (a phishing relay beside the user) cannot both get in. Only ASCII digits count: other
    digits (`١٢٣٤٥٦`) are simply a wrong code.
    """
    code = _digits(code)
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return False
    step = _matching_step(secret, code, now)
    if step is None:
        return False
    claimed = session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    user.totp_last_step = step
    return True


def normalize_recovery(code: str) -> str:
    """Recovery codes compare without case, spaces and dashes."""
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _recovery_hash(code: str) -> str:
    return hashlib.sha256(normalize_recovery(code).encode()).hexdigest()


def use_recovery_code(session: Session, user: User, code: str, now: datetime) -> bool:
    """Use up one of the user's unused recovery codes, if `code` is one."""
    if len(normalize_recovery(code)) != 10:
        return False
    claimed = session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _recovery_hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


def verify(session: Session, user: User, code: str, now: datetime) -> Used | None:
    """A login's second step: a TOTP code or a recovery code; which one, or None."""
    if not is_enrolled(user) or user.totp_secret is None:
        return None
    if check_totp(session, user, user.totp_secret, code, now):
        return "totp"
    if use_recovery_code(session, user, code, now):
        return "recovery"
    return None


def _recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def new_recovery_codes(session: Session, user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones; returned once, stored hashed."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(c)) for c in codes)
    return codes


def confirm_enrolment(session: Session, user: User, code: str, now: datetime) -> list[str] | None:
    """Finish enrolment with a code from the app; the new recovery codes, or None."""
    if user.totp_secret is None or is_enrolled(user):
        return None
    if not check_totp(session, user, user.totp_secret, code, now):
        return None
    user.totp_enrolled_at = now
    return new_recovery_codes(session, user)


def enrol(session: Session, user: User, secret: str, now: datetime) -> None:
    """Enrol with a known secret at once (demo accounts and tests; no recovery codes)."""
    user.totp_secret = secret
    user.totp_enrolled_at = now
    user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def reset(session: Session, user: User) -> None:
    """Forget the second factor: the user enrols again at the next login."""
    user.totp_secret = None
    user.totp_enrolled_at = None
    user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
