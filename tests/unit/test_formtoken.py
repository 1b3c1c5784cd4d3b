"""The signed form token: age, forgery, nonce hash."""

from __future__ import annotations

from intake.reception import formtoken


def test_token_reports_age_and_nonce() -> None:
    token = formtoken.issue("secret" * 8, now=1_000)
    ticket = formtoken.read("secret" * 8, token, now=1_012.5)
    assert ticket is not None and ticket.age_seconds == 12.5
    assert len(ticket.nonce_hash) == 64 and ticket.nonce not in ticket.nonce_hash


def test_forged_or_foreign_tokens_are_refused() -> None:
    token = formtoken.issue("secret" * 8)
    assert formtoken.read("other" * 8, token) is None
    assert formtoken.read("secret" * 8, token[:-2] + "xx") is None
    assert formtoken.read("secret" * 8, "") is None
    assert formtoken.read("secret" * 8, "garbage.garbage") is None


def test_each_token_has_its_own_nonce() -> None:
    tokens = {formtoken.read("s" * 40, formtoken.issue("s" * 40)).nonce for _ in range(50)}  # type: ignore[union-attr]
    assert len(tokens) == 50
