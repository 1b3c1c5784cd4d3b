"""The hints' prefilter changes no result: `suggest` against the rule-by-rule reference.

`intake.triage.hints` skips a pattern whose needed strings do not occur in the text, and tries
a pattern only near the places where they occur (`_Prefilter`, `_Table`, `_Pattern.search`).
`reference` below is the matcher as it was before: every pattern of the text's languages,
searched from the start with `regex.search`, rule by rule. Both must give the same
`Suggestion` — kind, reason, flags, quotes and their order — for every corpus sentence, for
long texts of every language, for mixed scripts and for random texts built from the rules' own
words; and `_Pattern.search` must find what `regex.search` finds from every position.

Before/after timings (reference vs `suggest`, 400 and 4,000 characters per language):

    .venv/bin/python tests/unit/test_hints_prefilter.py
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from intake.triage import hints
from intake.triage.hints import (
    FLAG_KINDS,
    KIND_PRIORITY,
    LANGUAGES,
    RULES,
    Flag,
    Suggestion,
    suggest,
)

CORPORA = Path(__file__).parent / "corpora"


# --- the reference: every pattern, searched from the start ---------------------------------


def _reference_groups() -> list[tuple[str, str, list[hints._Pattern]]]:
    """The rule table compiled as the matcher does, without any prefilter, by flag or kind."""
    negations = {lang: hints._negations(lang) for lang in LANGUAGES}
    grouped: dict[tuple[str, str], list[hints._Pattern]] = {}
    for rule in RULES:
        negation = negations[rule.lang] if rule.negatable else None
        grouped.setdefault((rule.role, rule.name), []).extend(
            hints._Pattern(hints._compile(p, rule.lang), rule.lang, rule.gloss, negation)
            for p in rule.patterns
        )
    return [(role, name, patterns) for (role, name), patterns in grouped.items()]


REFERENCE = _reference_groups()


def _reference_matches(
    text: hints._Text, name: str, patterns: list[hints._Pattern]
) -> list[hints.Quote]:
    quotes: list[hints.Quote] = []
    seen: set[str] = set()
    folded = text.folded
    for pattern in patterns:
        if not hints._runs(pattern, name, text.languages):  # the text's scripts decide
            continue
        match = pattern.regex.search(folded)
        while match and len(quotes) < hints._MAX_QUOTES:
            start = match.start()
            if start and hints._WORD.match(folded, start - 1):
                next_start = hints._word_end(folded, start)
            elif hints._negated(folded, match, pattern):
                next_start = start + 1
            else:
                next_start = max(match.end(), start + 1)
                quote = text.quote(match)
                if quote.casefold() not in seen:
                    seen.add(quote.casefold())
                    quotes.append((quote, pattern.gloss))
            match = pattern.regex.search(folded, next_start)
    return quotes


def reference(text: str) -> Suggestion:
    """`suggest` rule by rule, as before the prefilter."""
    flags: dict[str, list[hints.Quote]] = {}
    kinds: dict[str, list[hints.Quote]] = {}
    prepared = hints._prepare(text)
    for role, name, patterns in REFERENCE:
        quotes = _reference_matches(prepared, name, patterns)
        if not quotes:
            continue
        target = flags if role == "flag" else kinds
        target.setdefault(name, []).extend(quotes)
        if role == "flag" and name in FLAG_KINDS:
            kinds.setdefault(FLAG_KINDS[name], []).extend(quotes)
    kind = next((k for k in KIND_PRIORITY if k in kinds), None)
    return Suggestion(
        kind=kind,
        reason=hints._reason(kinds[kind]) if kind else None,
        flags=tuple(Flag(name, hints._reason(quotes)) for name, quotes in flags.items()),
    )


# --- texts -----------------------------------------------------------------------------------


def sentences(language: str, section: str | None = None) -> list[str]:
    """The corpus sentences of one language (of one section, if given), without markup."""
    found: list[str] = []
    current = ""
    for raw in (CORPORA / f"{language}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if heading := re.fullmatch(r"\[([\w:]+)\]", line):
            current = heading[1]
        elif line[:1] in "+-" and section in (None, current):
            found.append(line[1:].strip().partition(" => ")[0])
    return found


def long_text(language: str, length: int, section: str | None = None) -> str:
    """Corpus sentences of one language, one after the other, cut at `length` characters."""
    parts = sentences(language, section)
    text = ""
    while len(text) < length:
        text += " ".join(parts) + "\n"
    return text[:length]


def _rule_words() -> list[str]:
    """The literal words of the rule table, as a customer might type them."""
    words: set[str] = set()
    for rule in RULES:
        for pattern in rule.patterns:
            words.update(re.findall(r"[^\W\d_]{2,}", re.sub(r"\\.", " ", pattern)))
    return sorted(words)


def random_texts(count: int, seed: int = 12) -> Iterator[str]:
    """Texts of rule words, corpus words, negations and punctuation in random order and case."""
    rng = random.Random(seed)
    words = _rule_words()
    corpus = [w for language in LANGUAGES for s in sentences(language) for w in s.split()]
    glue = [" ", " ", " ", ", ", ". ", "\n", "-", "'", "’", "\u200c", " nicht ", " не ", " لا "]
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 60)):
            word = rng.choice(words if rng.random() < 0.5 else corpus)
            if rng.random() < 0.2:
                word = word.upper() if rng.random() < 0.5 else word.capitalize()
            if rng.random() < 0.15:  # glued to the next word, or cut: inside-word matches
                word = word[: rng.randint(1, len(word))]
            parts.append(word + rng.choice(glue))
        yield "".join(parts)


# --- the property ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_corpus_sentence_as_before(language: str) -> None:
    for text in sentences(language):
        assert suggest(text) == reference(text), text


@pytest.mark.parametrize("length", [400, 4000])
@pytest.mark.parametrize("section", [None, "none"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_long_texts_as_before(language: str, section: str | None, length: int) -> None:
    text = long_text(language, length, section)
    assert suggest(text) == reference(text)


def test_mixed_scripts_as_before() -> None:
    mixed = " ".join(long_text(language, 300) for language in LANGUAGES)
    assert suggest(mixed) == reference(mixed)
    assert suggest(mixed.upper()) == reference(mixed.upper())


def test_random_texts_of_rule_words_as_before() -> None:
    for text in random_texts(400):
        assert suggest(text) == reference(text), text


def test_the_issue_examples_as_before() -> None:
    for text in (
        "Я піду до газети, це корупція",
        "سأذهب إلى الصحافة",
        "Gazeteye gideceğim, rüşvet",
        "Ich gehe zur Zeitung",
        "ИДУ В ГАЗЕТУ. İTİRAZ EDİYORUM. می‌روم به روزنامه‌ها",
        "",
        "   ",
    ):
        assert suggest(text) == reference(text), text


def test_search_finds_what_the_regex_finds_from_every_position() -> None:
    """The core of the prefilter, pattern by pattern: same match from every start position."""
    texts = [long_text(language, 160) for language in LANGUAGES] + list(random_texts(6, seed=3))
    for text in texts:
        prepared = hints._prepare(text)
        folded = prepared.folded
        for group in hints._COMPILED:
            for pattern in group.patterns:
                if pattern.lang not in prepared.languages:
                    continue
                for start in range(len(folded) + 1):
                    fast, slow = pattern.search(folded, start), pattern.regex.search(folded, start)
                    assert (fast and fast.span()) == (slow and slow.span()), (
                        pattern.regex.pattern,
                        text,
                        start,
                    )


def test_every_pattern_has_a_prefilter() -> None:
    """The prefilter reads every pattern of the table (None would only make it slower)."""
    missing = [p.regex.pattern for g in hints._COMPILED for p in g.patterns if not p.prefilter]
    assert missing == []


def test_needed_strings_are_read_from_the_regex() -> None:
    compiled = re.compile(r"(?<!\w)(?:[وف]?[بكل]?(?:ال|ل)?صحاف\w{0,40})(?!\w)")
    need = hints._Prefilter.of(compiled)
    assert need is not None
    assert (need.rare, need.rare_lead) == (("صحاف",), 4)  # و + ب + ال before it
    assert need.near == ("صحاف",)
    spelled = hints._Prefilter.of(hints._compile(r"(?:vor|zum|ans|beim)\s+gericht"))
    assert spelled is not None
    assert spelled.rare == ("gericht",) and spelled.near == ("ans", "beim", "vor", "zum")
    assert hints._Prefilter.of(re.compile("(?i)presse")) is None  # case-blind: not read


# --- before/after timings --------------------------------------------------------------------


def _best_ms(function: Callable[[str], Suggestion], text: str) -> float:
    samples = []
    for _ in range(5):
        count, start = 0, time.process_time()
        while (elapsed := time.process_time() - start) < 0.05:
            function(text)
            count += 1
        samples.append(elapsed / count * 1000)
    return min(samples)


def main() -> None:
    """Print reference vs `suggest` per language and length (corpus texts and everyday ones)."""
    print("language  text        length   before    after   speed-up")
    for language in sys.argv[1:] or LANGUAGES:
        for section, label in ((None, "corpus"), ("none", "everyday")):
            for length in (400, 4000):
                text = long_text(language, length, section)
                before, after = _best_ms(reference, text), _best_ms(suggest, text)
                print(
                    f"{language:9} {label:10} {length:6} {before:7.2f} ms {after:6.2f} ms"
                    f"  {before / after:5.1f}×"
                )


if __name__ == "__main__":
    main()
