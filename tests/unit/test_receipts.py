"""Receipt codes: alphabet, grouping, normalisation, hashing."""

from __future__ import annotations

import re

from intake.privacy import receipts


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


def test_store_keeps_selector_plain_and_verifier_hashed() -> None:
    code = receipts.new_code()
    stored = receipts.store(code)
    assert stored.selector == code[:4]
    assert stored.verifier_hash.startswith("$argon2id$")
    assert code[4:] not in stored.verifier_hash
    assert receipts.verify(code, stored.verifier_hash)
    assert not receipts.verify(code[:4] + "ZZZZZZ", stored.verifier_hash)
    assert not receipts.verify(code, None)
    assert not receipts.verify(code, "not a hash")
