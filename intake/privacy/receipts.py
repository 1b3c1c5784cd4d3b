"""Receipt codes: how an anonymous sender comes back to read the state and the answer.

A code like `K7M4-Q2XP-9D` has ten characters from an alphabet without look-alikes
(no 0/O, 1/I/L, U/V). The first four are a *selector*, stored plainly so the look-up
finds the one candidate row; the remaining six are the *verifier*, stored only as an
Argon2id hash with its own salt. Someone who reads the database already sees the answers,
so the hash guards against online guessing, which the rate limits bound; its cost is
tuned to a few milliseconds so that the busy path of the public form stays fast.

The code is random and shown once, to the request that stored the case: a resent
form (double click, reload, the back button on a shared device) is stored once through its
form nonce and answers "already arrived" without the code (`intake.reception.services.receive`).
Nothing derives the code again, so nobody can be shown it twice.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # 29 symbols, no 0 O 1 I L U V
CODE_LENGTH = 10
SELECTOR_LENGTH = 4
GROUPS = (4, 4, 2)

_hasher = PasswordHasher(time_cost=1, memory_cost=4096, parallelism=1)
# Verifying a wrong code against this keeps the answer time uniform when no row matches.
_DUMMY_HASH = _hasher.hash("XXXXXX")


@dataclass(frozen=True)
class StoredReceipt:
    """What the database keeps of a receipt code."""

    selector: str
    verifier_hash: str


def new_code() -> str:
    """A fresh random receipt code (about 48.6 bits: 29 symbols, 10 places)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """Group a bare code for reading: `K7M4Q2XP9D` → `K7M4-Q2XP-9D`."""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(code[start : start + size])
        start += size
    return "-".join(parts)


def normalize_code(typed: str) -> str | None:
    """Accept what people type: lower case, spaces and dashes; None if it cannot be a code."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def store(code: str) -> StoredReceipt:
    """Split a code into the plain selector and the hashed verifier."""
    return StoredReceipt(code[:SELECTOR_LENGTH], _hasher.hash(code[SELECTOR_LENGTH:]))


def verify(code: str, verifier_hash: str | None) -> bool:
    """Check a code's verifier against a stored hash; with no hash, burn the same time."""
    try:
        return _hasher.verify(verifier_hash or _DUMMY_HASH, code[SELECTOR_LENGTH:]) and (
            verifier_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False
