"""Splitting Google's "(Translated by Google) … (Original) …" wrapping, and reply rules."""

from __future__ import annotations

import pytest

from intake.reviews.google import CommentParts, ReplyInvalid, split_comment, validate_reply

CASES = [
    # documented form: translation first, original after
    (
        "(Translated by Google) The staff was helpful.\n\n(Original)\nPersonel yardımseverdi.",
        "Personel yardımseverdi.",
        "The staff was helpful.",
    ),
    # translation only, no (Original) block [unverified variant]
    ("(Translated by Google) Only the translation.", None, "Only the translation."),
    # reverse order without a leading marker [unverified variant]
    (
        "Очень долго ждали.\n\n(Translated by Google)\nWe waited a very long time.",
        "Очень долго ждали.",
        "We waited a very long time.",
    ),
    # reverse order with a leading (Original) marker
    (
        "(Original)\nÇok uzun bekledik.\n\n(Translated by Google)\nWir haben lange gewartet.",
        "Çok uzun bekledik.",
        "Wir haben lange gewartet.",
    ),
    # German markers [unverified variant], both spellings
    (
        "(Von Google übersetzt) Lange Wartezeit.\n\n(Original)\nДовге очікування.",
        "Довге очікування.",
        "Lange Wartezeit.",
    ),
    (
        "(Übersetzt von Google) Freundlich.\n\n(Original)\nFriendly.",
        "Friendly.",
        "Freundlich.",
    ),
    # the split is at the FIRST (Original) after the marker: a later one stays in the text
    (
        "(Translated by Google) A\n\n(Original)\nB (Original) C",
        "B (Original) C",
        "A",
    ),
    # leading whitespace and marker case do not matter
    ("  (translated by google) x\n(ORIGINAL) y  ", "y", "x"),
]


@pytest.mark.parametrize(("comment", "original", "translation"), CASES)
def test_split(comment: str, original: str | None, translation: str | None) -> None:
    parts = split_comment(comment)

    assert parts == CommentParts(original, translation)
    assert parts.is_translated


@pytest.mark.parametrize(
    "comment",
    [
        "Sehr freundlich, gerne wieder.",
        "  Mit Leerzeichen  \n",
        "Ich habe (Translated by Google) mitten im Satz geschrieben.",
        "Im Text steht (Original) ohne Übersetzung.",
        "",
    ],
)
def test_plain_comments_come_back_unchanged(comment: str) -> None:
    parts = split_comment(comment)

    assert parts == CommentParts(comment, None)
    assert not parts.is_translated
    assert parts.text == comment


def test_text_prefers_original() -> None:
    assert split_comment(CASES[0][0]).text == "Personel yardımseverdi."
    assert split_comment("(Translated by Google) nur so").text == "nur so"


@pytest.mark.parametrize(
    "text",
    ["a", "ä" * 2048, "😀" * 1024, "a" * 4096, "Zeile\nZeile", "ß" * 2047 + "xx"],
)
def test_replies_up_to_4096_bytes_pass(text: str) -> None:
    assert validate_reply(text) == text


@pytest.mark.parametrize("text", ["ä" * 2048 + "a", "😀" * 1024 + "a", "a" * 4097, "€" * 1366])
def test_replies_over_4096_bytes_fail(text: str) -> None:
    with pytest.raises(ReplyInvalid) as caught:
        validate_reply(text)

    assert caught.value.reason == "too_long"
    assert "Google allows at most 4,096" in str(caught.value)


def test_crlf_counts_after_normalising() -> None:
    text = ("a" * 98 + "\r\n") * 41  # 4,100 bytes as typed, 4,059 once sent

    assert validate_reply(text) == ("a" * 98 + "\n") * 41


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        (" \n\t", "empty"),
        ("   ", "empty"),
        ("Hallo\x00", "control_character"),
        ("Hallo\x1b[31m", "control_character"),
        ("Tab\tgetrennt", "control_character"),
        ("\x85next line", "control_character"),
        ("kaputt \ud800", "encoding"),
    ],
)
def test_invalid_replies(text: str, reason: str) -> None:
    with pytest.raises(ReplyInvalid) as caught:
        validate_reply(text)

    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError)
