"""Receipt codes: how an anonymous sender comes back to read the state and the answer.

A code like `K7M4-Q2XP-9D` has ten characters from an alphabet of 29 without look-alikes
(no 0/O, 1/I/L, U/V): 10 · log2 29 ≈ 48.6 bits. The first four are a *selector*, stored
plainly so the look-up finds the one candidate row; the whole code is stored only as a keyed
hash, HMAC-SHA256 under a key derived from the server's secret (`derive_key`), which never
enters the database: `h1$` and 64 hex digits. A slow hash would defend nothing here: whoever
reads the database already sees the state and the answer a code unlocks, online guessing is
bounded by the rate limits, and offline guessing needs the key. The reasoning, with the
numbers: docs/security.md, "The receipt code: a keyed hash, not a slow one".

Rows stored before (`$argon2id$…`, an Argon2id hash of the last six characters) still verify
and are left as they are: a look-up never writes (see `verify`).

The code is random and shown once, to the request that stored the case: a resent
form (double click, reload, the back button on a shared device) is stored once through its
form nonce and answers "already arrived" without the code (`intake.reception.services.receive`).
Nothing derives the code again, so nobody can be shown it twice.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # 29 symbols, no 0 O 1 I L U V
CODE_LENGTH = 10
SELECTOR_LENGTH = 4
GROUPS = (4, 4, 2)

# The label that makes the receipt key differ from every other key derived from the same
# secret (the rate-limit secrets use "ratelimit:"); a new label means new, unrelated keys.
KEY_LABEL = b"receipt-code v1"
HMAC_PREFIX = "h1$"
ARGON2_PREFIX = "$argon2id$"
# Compared against when there is no row, so that a miss costs what a hit costs.
_NO_ROW = HMAC_PREFIX + "0" * 64
# Only verifies rows stored before the keyed hash: the parameters are read from the hash.
_legacy = PasswordHasher()


@dataclass(frozen=True)
class StoredReceipt:
    """What the database keeps of a receipt code."""

    selector: str
    verifier_hash: str


def derive_key(secret: str | bytes) -> bytes:
    """The receipt key of a server secret (RECEIPT_KEY, else SECRET_KEY): HMAC with a label."""
    raw = secret.encode() if isinstance(secret, str) else secret
    if not raw:
        raise ValueError("a receipt key needs a secret")
    return hmac.new(raw, KEY_LABEL, hashlib.sha256).digest()


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


def store(code: str, key: bytes) -> StoredReceipt:
    """The plain selector and the keyed hash of the whole code (`h1$` + HMAC-SHA256 hex)."""
    return StoredReceipt(code[:SELECTOR_LENGTH], _keyed(code, key))


def verify(code: str, verifier_hash: str | None, key: bytes) -> bool:
    """Whether `code` is the one stored; with no hash, burn the same time and say no.

    The keyed hash is compared in constant time (`hmac.compare_digest`). A row from before
    (`$argon2id$…`) is verified with Argon2id, which needs no key, and is not rewritten: the
    look-up stays read-only, and the stored value never tells that its sender came back.
    """
    if verifier_hash is not None and verifier_hash.startswith(ARGON2_PREFIX):
        return _verify_argon2(code, verifier_hash)
    wanted = _keyed(code, key).encode()
    found = (verifier_hash or _NO_ROW).encode()
    return hmac.compare_digest(wanted, found) and verifier_hash is not None


def _keyed(code: str, key: bytes) -> str:
    # The whole code, selector included: a stored value is bound to its selector.
    return HMAC_PREFIX + hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def _verify_argon2(code: str, verifier_hash: str) -> bool:
    try:
        return _legacy.verify(verifier_hash, code[SELECTOR_LENGTH:])
    except (VerificationError, InvalidHashError):
        return False
