"""Invisible format characters: dropped from submitted text, ignored by the CSV formula guard.

Unicode format characters (category Cf: zero-width space, BOM, word joiner, soft hyphen,
invisible operators, tag characters, direction marks) are invisible. In a submitted text they
hide a formula from the CSV guard ("\\ufeff=HYPERLINK(…)"), split an identifier or a keyword
("0176\\u200b12345678", "Zei\\u00adtung") or smuggle text nobody sees. `clean_text` drops them,
except zero-width (non-)joiners between two letters, marks or emoji of scripts that need them:
Persian, Arabic and Indic words and emoji sequences ("می‌خواهم", "क्‍ष", "👩‍💻"); Latin, Greek
and Cyrillic words never do. The CSV guard does not rely on
that: it skips leading format characters and whitespace itself before deciding.
"""

from __future__ import annotations

import unicodedata

import pytest

from intake.reception.services import clean_text
from intake.reports.services import safe_cell, to_csv

ZWNJ, ZWJ = "\u200c", "\u200d"

# --------------------------------------------------------------------------- clean_text: dropped

DROPPED = [
    ('\ufeff=HYPERLINK("http://x.example")', '=HYPERLINK("http://x.example")'),
    ("Die Zei\u00adtung hat berichtet.", "Die Zeitung hat berichtet."),
    ("Handy 0176\u200b1234\u200b5678", "Handy 017612345678"),
    ("Wort\u2060verbinder und\u2061 unsichtbare\u2062 Operatoren\u2063\u2064", None),
    ("Danke\U000e0049\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065!", "Danke!"),  # tags
    ("\u061cمرحبا", "مرحبا"),  # Arabic letter mark
    ("\u202eHallo\u202c \u2066Welt\u2069 \u200e\u200f", "Hallo Welt"),  # direction
    ("\u180eMongolisch", "Mongolisch"),
    ("Text\ufff9annotiert\ufffb", "Textannotiert"),
]


@pytest.mark.parametrize(("text", "expected"), DROPPED)
def test_format_characters_are_dropped(text: str, expected: str | None) -> None:
    if expected is None:
        expected = "Wortverbinder und unsichtbare Operatoren"
    assert clean_text(text) == expected


JOINERS_DROPPED = [
    (f"{ZWJ}=1+1", "=1+1"),
    (f"{ZWNJ}{ZWJ}Hallo", "Hallo"),
    (f"Hallo{ZWNJ} Welt", "Hallo Welt"),
    (f"Hallo {ZWJ}Welt", "Hallo Welt"),
    (f"a{ZWNJ}=b", "a=b"),
    (f"0176{ZWJ}12345678", "017612345678"),  # between digits: no script needs it
    (f"Ende.{ZWNJ}", "Ende."),
    # Latin, Greek and Cyrillic words never need one, and it would hide a keyword or a name
    (f"Die Zei{ZWJ}tung", "Die Zeitung"),
    (f"Auf{ZWNJ}lage", "Auflage"),
    (f"Ä{ZWNJ}rger", "Ärger"),
    (f"Пре{ZWJ}сса", "Пресса"),
]


@pytest.mark.parametrize(("text", "expected"), JOINERS_DROPPED)
def test_joiners_outside_words_are_dropped(text: str, expected: str) -> None:
    assert clean_text(text) == expected


# --------------------------------------------------------------------------- clean_text: kept

KEPT = [
    "سلام، می\u200cخواهم وقت بگیرم. نامه\u200cها را فرستادم.",  # Persian: ZWNJ inside words
    "شماره\u200cام را دارید؟",
    "क्\u200dष और क्\u200cष",  # Devanagari: after a virama (a mark)
    "\U0001f469\u200d\U0001f4bb Entwicklerin",  # woman technologist
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # family
    "\U0001f3f3\ufe0f\u200d\U0001f308",  # rainbow flag: variation selector, ZWJ, rainbow
    "\U0001f469\U0001f3fd\u200d\U0001f4bb",  # with a skin tone modifier
]


@pytest.mark.parametrize("text", KEPT)
def test_joiners_inside_words_and_emoji_are_kept(text: str) -> None:
    assert clean_text(text) == text


def test_existing_cleaning_still_applies() -> None:
    text = " A\u0308rger\r\nzweite Zeile\rdritte\x00\x1b[31m\x7f\u0085 "
    assert clean_text(text) == "Ärger\nzweite Zeile\ndritte[31m"


@pytest.mark.parametrize("text", [t for t, _ in DROPPED + JOINERS_DROPPED] + KEPT)
def test_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


def test_no_format_character_survives_except_joined_joiners() -> None:
    every_format = "".join(
        chr(cp) for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Cf"
    )
    cleaned = clean_text(f"a{every_format}b \u0628{ZWNJ}\u0628")
    assert cleaned == f"ab \u0628{ZWNJ}\u0628"


# --------------------------------------------------------------------------- the CSV guard

FORMULAS = [
    "\ufeff=1+1",
    "\u200b=cmd|' /C calc'!A0",
    "\u200d\u200c=1+1",
    "\u00ad+49 170",
    "\u2060@SUM(A1)",
    "\u202e-2+3",
    "\U000e0041=1",
    " =1+1",
    "\n=1+1",
    "\u3000=1+1",
    "\u00a0\u2009=1+1",
    "\ufeff \u200b\t=1",
    "\uff1d1+1",  # full-width equals sign
    "\uff0b49 170",
    "\uff20SUM(A1)",
    "\ufe62SUM(A1)",  # small plus sign
]


@pytest.mark.parametrize("cell", FORMULAS)
def test_formula_behind_invisible_characters_is_neutralised(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


NOT_FORMULAS = ["ok", "", " ", "a=b", "Gut \u200b= ok", "\ufeffDanke", "Preis: -2 Euro", "\u200b"]


@pytest.mark.parametrize("cell", NOT_FORMULAS)
def test_ordinary_cells_are_unchanged(cell: str) -> None:
    assert safe_cell(cell) == cell


def test_every_format_character_before_a_formula_is_seen_through() -> None:
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) == "Cf" or char.isspace():
            assert safe_cell(f"{char}=1+1").startswith("'"), hex(code)
            if char not in "\t\r":  # these two start a formula themselves (FORMULA_STARTS)
                assert safe_cell(f"{char}{char}Danke") == f"{char}{char}Danke", hex(code)


def test_csv_row_with_hidden_formulas() -> None:
    text = to_csv([['\ufeff=HYPERLINK("http://x.example";"klick")', "ok"]], header=["a", "b"])
    assert text.splitlines()[1] == '"\'\ufeff=HYPERLINK(""http://x.example"";""klick"")";ok'
