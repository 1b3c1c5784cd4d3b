"""Receipt codes: alphabet, grouping, normalisation, the keyed hash, rows from before."""

from __future__ import annotations

import hashlib
import hmac
import re
import timeit

import pytest
from argon2 import PasswordHasher

from intake.privacy import receipts

KEY = receipts.derive_key("test-secret-key-that-is-long-enough-0123456789")


def test_code_is_short_unambiguous_and_grouped() -> None:
    code = receipts.new_code()
    assert len(code) == 10 and set(code) <= set(receipts.ALPHABET)
    assert not set("01OILUV") & set(receipts.ALPHABET)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}", receipts.format_code(code))


def test_codes_are_random_and_use_the_whole_alphabet() -> None:
    codes = {receipts.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert set("".join(codes)) == set(receipts.ALPHABET)


def test_normalize_accepts_what_people_type() -> None:
    assert receipts.normalize_code(" k7m4-q2xp 9d ") == "K7M4Q2XP9D"
    assert receipts.normalize_code("K7M4Q2XP9D") == "K7M4Q2XP9D"
    for bad in ("", "K7M4", "K7M4-Q2XP-9DZ", "O0O0-IIII-LL", "<script>alert(1)"):
        assert receipts.normalize_code(bad) is None


def test_store_keeps_selector_plain_and_the_code_as_a_keyed_hash() -> None:
    code = receipts.new_code()
    stored = receipts.store(code, KEY)
    assert stored.selector == code[:4]
    assert re.fullmatch(r"h1\$[0-9a-f]{64}", stored.verifier_hash)
    assert receipts.verify(code, stored.verifier_hash, KEY)
    assert not receipts.verify(code[:4] + "ZZZZZZ", stored.verifier_hash, KEY)
    assert not receipts.verify(code, None, KEY)
    assert not receipts.verify(code, "not a hash", KEY)


def test_an_hmac_row_verifies_and_no_other_code_or_key_does() -> None:
    code = "K7M4Q2XP9D"
    stored = receipts.store(code, KEY).verifier_hash
    assert receipts.verify(code, stored, KEY)
    assert receipts.verify(receipts.normalize_code(" k7m4-q2xp 9d ") or "", stored, KEY)
    for wrong in ("K7M4Q2XP9E", "K7M5Q2XP9D", "D9PX2QM4K7", "ZZZZZZZZZZ"):
        assert not receipts.verify(wrong, stored, KEY), wrong
    assert not receipts.verify(code, stored, receipts.derive_key("another-secret-" * 3))


def test_the_stored_value_never_contains_the_code() -> None:
    for _ in range(200):
        code = receipts.new_code()
        stored = receipts.store(code, KEY).verifier_hash
        for part in (code, code[4:], receipts.format_code(code), code.lower()):
            assert part not in stored
        assert KEY.hex() not in stored
    # The whole code is bound: the same last six characters under another selector differ.
    assert receipts.store("AAAA234567", KEY) != receipts.store("BBBB234567", KEY)
    assert (
        receipts.store("AAAA234567", KEY).verifier_hash
        != receipts.store("BBBB234567", KEY).verifier_hash
    )


def test_an_argon2id_row_from_before_still_verifies_with_any_key() -> None:
    code = "K7M4Q2XP9D"
    before = PasswordHasher(time_cost=1, memory_cost=4096, parallelism=1).hash(code[4:])
    assert before.startswith("$argon2id$")
    assert receipts.verify(code, before, KEY)
    assert receipts.verify(code, before, receipts.derive_key("a-new-secret-key-" * 3))
    assert not receipts.verify("K7M4Q2XP9E", before, KEY)
    assert not receipts.verify(code, "$argon2id$v=19$m=4096,t=1,p=1$broken", KEY)


def test_no_row_and_malformed_rows_never_verify() -> None:
    code = receipts.new_code()
    for stored in (None, "", "x", "h1$", "h1$" + "0" * 64, receipts.store(code, KEY).selector):
        assert not receipts.verify(code, stored, KEY), stored
    assert not receipts.verify("X" * receipts.CODE_LENGTH, None, KEY)


def test_the_verdict_is_the_constant_time_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only `hmac.compare_digest` decides, on values of equal length: a lying comparison
    makes the right code fail and a wrong code pass (an `==` beside it would not)."""
    code = receipts.new_code()
    stored = receipts.store(code, KEY).verifier_hash
    seen: list[tuple[bytes, bytes]] = []

    def lying(answer: bool) -> object:
        def compare(a: bytes, b: bytes) -> bool:
            seen.append((a, b))
            return answer

        return compare

    monkeypatch.setattr(hmac, "compare_digest", lying(False))
    assert not receipts.verify(code, stored, KEY)
    monkeypatch.setattr(hmac, "compare_digest", lying(True))
    assert receipts.verify(code[:4] + "ZZZZZZ", stored, KEY)
    assert not receipts.verify(code, None, KEY)  # no row: compared all the same, then no
    assert len(seen) == 3
    assert all(isinstance(a, bytes) and len(a) == len(b) == len(stored) for a, b in seen)


def test_the_key_is_derived_with_a_label_and_depends_on_the_secret() -> None:
    secret = "test-secret-key-that-is-long-enough-0123456789"
    key = receipts.derive_key(secret)
    assert key == hmac.new(secret.encode(), b"receipt-code v1", hashlib.sha256).digest()
    assert key == receipts.derive_key(secret.encode())
    assert key != receipts.derive_key(secret + "x") and secret.encode() not in key
    with pytest.raises(ValueError, match="needs a secret"):
        receipts.derive_key("")


def test_storing_and_verifying_cost_microseconds_not_milliseconds() -> None:
    """The point of the keyed hash (Argon2id took 3-4 ms per submission)."""
    code = receipts.new_code()
    stored = receipts.store(code, KEY).verifier_hash
    calls = 2000
    seconds = timeit.timeit(
        lambda: receipts.verify(code, receipts.store(code, KEY).verifier_hash, KEY), number=calls
    )
    assert seconds / calls < 0.0005, f"{seconds / calls * 1e6:.0f} µs per store and verify"
    assert receipts.verify(code, stored, KEY)
