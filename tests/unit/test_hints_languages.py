"""Hints and risk flags in every offered language, measured on a corpus per language.

tests/unit/corpora/<language>.txt holds, per flag, sentences that must raise it and sentences
that must not (false friends, everyday sentences), and per kind a few that must be suggested it
(format: tests/unit/corpora/README.md). Every sentence is one test; the examples of issue 10
are in the corpora verbatim and pinned again below with their exact reasons.

For the table of counts and results per language:

    .venv/bin/python tests/unit/test_hints_languages.py
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from intake.triage.hints import (
    FOREIGN,
    LANGUAGES,
    RULES,
    Flag,
    Suggestion,
    is_high_risk,
    routes_to_anti_corruption,
    suggest,
)

CORPORA = Path(__file__).parent / "corpora"
FLAGS = (
    "media", "corruption", "threat", "widerspruch", "petition", "dienstaufsicht", "praise", "idea",
)  # fmt: skip
MIN_MUST, MIN_MUST_NOT = 8, 5  # per flag and language


@dataclass(frozen=True)
class Case:
    """One corpus sentence: what it must (or must not) raise."""

    language: str
    section: str  # a flag, "kind:<kind>", or "none"
    must: bool
    text: str
    quote: str | None  # the word the reason must quote, if the corpus names it
    line: int

    @property
    def id(self) -> str:
        return f"{self.language}:{self.line}:{'+' if self.must else '-'}{self.section}"


def load(language: str) -> list[Case]:
    """The cases of one corpus file."""
    cases: list[Case] = []
    section = ""
    path = CORPORA / f"{language}.txt"
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if heading := re.fullmatch(r"\[([\w:]+)\]", line):
            section = heading[1]
            continue
        sign, text = line[0], line[1:].strip()
        assert sign in "+-" and section, f"{path.name}:{number}: {raw!r}"
        text, _, quote = text.partition(" => ")
        cases.append(Case(language, section, sign == "+", text, quote or None, number))
    return cases


ALL = [case for language in LANGUAGES for case in load(language)]


def holds(case: Case) -> bool:
    """True if `suggest` does what the corpus says for this sentence."""
    result = suggest(case.text)
    if case.section == "none":
        return result.flags == ()
    if case.section.startswith("kind:"):
        return (result.kind == case.section[5:]) == case.must
    reasons = [flag.reason for flag in result.flags if flag.name == case.section]
    if not case.must:
        return not reasons
    return bool(reasons) and (case.quote is None or f"'{case.quote}'" in reasons[0])


@pytest.mark.parametrize("case", ALL, ids=[case.id for case in ALL])
def test_corpus_sentence(case: Case) -> None:
    result = suggest(case.text)
    assert holds(case), f"{case.text!r} -> {result}"


@pytest.mark.parametrize("case", [c for c in ALL if c.must and c.section in FLAGS], ids=str)
def test_the_reason_quotes_the_customers_own_words_and_glosses_foreign_ones(case: Case) -> None:
    reason = next(f.reason for f in suggest(case.text).flags if f.name == case.section)
    assert reason.startswith("vorgeschlagen wegen: '")
    for quoted, gloss in re.findall(r"'(.+?)'(?: \(([^)]+)\))?(?:, |$)", reason[21:]):
        assert quoted in case.text, (quoted, case.text)
        # German words stand alone; a word in another language says what it means in German,
        # unless it is spelled as in German (a "Bundestag" in a Turkish sentence).
        assert bool(gloss) == (case.language != "de" and not _german(quoted)), reason


def _german(word: str) -> bool:
    """True if the German rules match the word alone (a "Bundestag" in a Turkish sentence)."""
    return any("(" not in flag.reason for flag in suggest(word).flags)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_flag_has_a_corpus_in_every_language(language: str) -> None:
    cases = [case for case in ALL if case.language == language]
    for flag in FLAGS:
        must = sum(case.must for case in cases if case.section == flag)
        must_not = sum(not case.must for case in cases if case.section == flag)
        assert must >= MIN_MUST and must_not >= MIN_MUST_NOT, (language, flag, must, must_not)
    assert any(case.section == "none" for case in cases)


def test_every_language_of_the_table_has_every_flag_and_kind() -> None:
    german = {(rule.role, rule.name) for rule in RULES if rule.lang == "de"}
    for language, blocks in FOREIGN.items():
        found = {tuple(key.split(":")) for key in blocks}
        assert found == german, (language, german ^ found)
        for glossed in blocks.values():
            assert all(gloss and patterns for gloss, patterns in glossed.items())


# --------------------------------------------------------------------------- issue 10


def test_the_examples_of_the_issue() -> None:
    assert suggest("Я піду до газети, це корупція") == Suggestion(
        kind=None,
        reason=None,
        flags=(
            Flag("media", "vorgeschlagen wegen: 'газети' (Zeitung)"),
            Flag("corruption", "vorgeschlagen wegen: 'корупція' (Korruption)"),
        ),
    )
    assert suggest("سأذهب إلى الصحافة").flags == (
        Flag("media", "vorgeschlagen wegen: 'الصحافة' (Presse)"),
    )
    assert suggest("Gazeteye gideceğim, rüşvet").flags == (
        Flag("media", "vorgeschlagen wegen: 'Gazeteye' (Zeitung)"),
        Flag("corruption", "vorgeschlagen wegen: 'rüşvet' (Bestechung)"),
    )
    # German keeps today's format exactly.
    assert suggest("Ich gehe zur Zeitung").flags == (
        Flag("media", "vorgeschlagen wegen: 'Zeitung'"),
    )
    for text in ("Я піду до газети, це корупція", "Gazeteye gideceğim, rüşvet"):
        flags = suggest(text).flags
        assert is_high_risk(flags) and routes_to_anti_corruption(flags)
    assert is_high_risk(suggest("سأذهب إلى الصحافة").flags)


def test_corruption_in_any_language_routes_like_german() -> None:
    for text in (
        "Das ist Bestechung.",
        "The officer asked me for a bribe.",
        "Співробітник натякнув на хабар.",
        "Без взятки здесь ничего не делается.",
        "الموظف طلب مني رشوة.",
        "کارمند از من رشوه خواست.",
        "Memur benden rüşvet istedi.",
    ):
        flags = suggest(text).flags
        assert routes_to_anti_corruption(flags) and is_high_risk(flags), text


# --------------------------------------------------------------------------- normalisation


def test_arabic_prefixes_diacritics_and_tatweel() -> None:
    for text, word in (
        ("والصحافة ستعرف", "والصحافة"),
        ("سأذهب بالصحافة", "بالصحافة"),
        ("سأكتب للصحافة", "للصحافة"),
        ("سأذهب إلى الصَّحَافَة", "الصَّحَافَة"),  # with harakat: quoted as written
        ("سأذهب إلى الصحـــافة", "الصحـــافة"),  # with tatweel
    ):
        assert suggest(text).flags == (Flag("media", f"vorgeschlagen wegen: '{word}' (Presse)"),)
    assert suggest("صحتي ليست جيدة").flags == ()  # health, not the press


def test_arabic_and_persian_letter_forms_are_one() -> None:
    # ي/ی and ك/ک: the Persian spelling of an Arabic word and the other way round
    assert reason_of("این فساد است", "corruption") == "vorgeschlagen wegen: 'فساد' (Korruption)"
    assert "media" in names("وكيلم با شما تماس می‌گیرد")  # Arabic kaf in a Persian text
    assert "media" in names("وکیلم با شما تماس مي‌گیرد")  # Persian keheh, Arabic yeh
    # Persian: ZWNJ inside the word, a space, or nothing
    for text in ("به رسانه‌ها می‌گویم", "به رسانه ها می گویم", "به رسانهها میگویم"):
        assert "media" in names(text), text


def test_turkish_dotted_and_dotless_i() -> None:
    assert "i̇".casefold() != "i" and "İ".lower() == "i̇"  # why the folding is needed
    for text in ("İTİRAZ EDİYORUM", "ITIRAZ EDIYORUM", "itiraz ediyorum", "İtiraz ediyorum"):
        assert reason_of(text, "widerspruch").endswith("(Widerspruch)"), text
    assert reason_of("İNTİHAR", "threat") == "vorgeschlagen wegen: 'İNTİHAR' (Suizid)"
    # typed without Turkish letters
    assert reason_of("gazeteye gidecegim, rusvet", "corruption") == (
        "vorgeschlagen wegen: 'rusvet' (Bestechung)"
    )


def test_umlaut_folding_is_german_only() -> None:
    # German "ss" also matches "ß"; an English "press" must not match "preß".
    assert "media" not in names("Bitte preß den Knopf.")
    assert "threat" in names("ICH WERDE SIE ERSCHIESSEN")
    # Turkish "ö" is also "o", but German "ö" is also "oe", not "o".
    assert "threat" in names("oldurecegim")
    assert "threat" not in names("Ich werde Sie toten.")


def test_ukrainian_apostrophes() -> None:
    for apostrophe in ("'", "’", "ʼ"):
        assert "threat" in names(f"Я вас вб{apostrophe}ю!"), apostrophe


def names(text: str) -> set[str]:
    return {flag.name for flag in suggest(text).flags}


def reason_of(text: str, name: str) -> str:
    return next(flag.reason for flag in suggest(text).flags if flag.name == name)


# --------------------------------------------------------------------------- the numbers


def table() -> list[tuple[str, int, int, int, int]]:
    """Per language: must-raise sentences, of them held; must-not, of them held."""
    rows = []
    for language in LANGUAGES:
        cases = [case for case in ALL if case.language == language]
        must = [case for case in cases if case.must]
        must_not = [case for case in cases if not case.must]
        rows.append(
            (
                language,
                len(must),
                sum(map(holds, must)),
                len(must_not),
                sum(map(holds, must_not)),
            )
        )
    return rows


if __name__ == "__main__":
    print(f"{'lang':5} {'must':>5} {'held':>5} {'must-not':>9} {'held':>5}  pass rate")
    for language, must, must_ok, must_not, must_not_ok in table():
        rate = (must_ok + must_not_ok) / (must + must_not)
        print(f"{language:5} {must:5} {must_ok:5} {must_not:9} {must_not_ok:5}  {rate:.1%}")
    for case in ALL:
        if not holds(case):
            print("FAILS", case.id, case.text, suggest(case.text))
