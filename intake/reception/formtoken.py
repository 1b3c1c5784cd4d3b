"""The form token: a signed, expiring, single-use ticket issued with every public form.

It carries a random nonce and the time the form was served (signed, never stored). When
the form comes back it tells how long the visitor took (bots are instant) and whether the
form is too old, and the nonce makes sending idempotent: its hash is stored unique, so a
resent form cannot create a second case.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "intake.form-token"


@dataclass(frozen=True)
class FormTicket:
    """A verified token: its nonce and how many seconds ago the form was served."""

    nonce: str
    age_seconds: float

    @property
    def nonce_hash(self) -> str:
        """What the database stores to make the case idempotent."""
        return hashlib.sha256(self.nonce.encode()).hexdigest()


def issue(secret_key: str, now: float | None = None) -> str:
    """A fresh token for a form being served."""
    issued = int(now if now is not None else time.time())
    return URLSafeSerializer(secret_key, salt=SALT).dumps([secrets.token_urlsafe(16), issued])


def read(secret_key: str, token: str, now: float | None = None) -> FormTicket | None:
    """The ticket in a token, or None when it is forged or malformed."""
    try:
        nonce, issued = URLSafeSerializer(secret_key, salt=SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(nonce, str) or not isinstance(issued, int):
        return None
    current = now if now is not None else time.time()
    return FormTicket(nonce=nonce, age_seconds=current - issued)
