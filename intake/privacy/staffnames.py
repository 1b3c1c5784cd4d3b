"""Mask staff names in exports and in the anonymised analysis record.

Staff names stay in a case while it is worked on; every export, report and the record that
remains after retention shows ``[Name]`` instead. Two rules find them, and their spans are
merged before anything is replaced:

1. **Title + name**: ``Herr``, ``Herrn``, ``Frau``, ``Hr.``, ``Hrn.``, ``Fr.``, ``Dr.``,
   ``Prof.`` (the abbreviations also without the dot), optionally followed by further titles
   (``Dr.``, ``Prof.``, ``med.`` …) or a role noun (``Doktor``, ``Sachbearbeiterin`` …), then
   up to three name words, with particles (``von``, ``van der``, ``de`` …) between them.
2. **The staff list** (``STAFF_NAMES_FILE``): every configured name, case-insensitive, as
   whole words: the full name, surname first (``Müller, Anna``), and the surname alone.

Decisions
---------
* The title is masked together with the name (``Frau Müller war unfreundlich`` →
  ``[Name] war unfreundlich``): in a small team "Frau" or "Dr." alone narrows it down to one
  or two people. ``[Name]`` reads naturally where a name stood ("bei [Name]").
* The first word after a title is a name if it starts with a capital letter and is no known
  non-name (pronoun, article, weekday, time of day, frequent object noun like "Bescheid" or
  "Unterlagen", another title). German capitalises nouns, so a *second* or *third* word, and
  a word after a particle, must also not end like a noun (``-ung``, ``-keit``, ``-agentur``,
  ``-amt`` …): "Frau von der Arbeitsagentur" stays, "Frau von der Leyen" is masked.
* A lower-case word after a title is never a name: "die Frau am Empfang", "Herr der Lage",
  "frau müller" (typed all lower case) stay; only the staff list catches the last one.
  A word in capitals is a name only as the first word (``FRAU MÜLLER WAR`` → ``[Name] WAR``).
* Words after a title are read on the same line only, and a full stop ends a word title
  ("… sagte die Frau. Danach …"); an abbreviation keeps its dot ("Fr. Öztürk").
* An initial counts as a name word, with its dot ("Frau M." → "[Name]").
* Staff list: umlauts match their two-letter spelling and "ß" matches "ss" (``Müller`` =
  ``Mueller``, ``Groß`` = ``Gross``); a genitive ``s``/``'s`` is part of the name; a text word
  of which one hyphenated part is a configured surname is masked whole (``Schmidt-Bauer``);
  first names alone are *not* masked ("Anna" is too common to blot out), surnames alone are,
  even when they are ordinary words too ("lang" for a colleague called Lang): the list wins
  over readability. Titles in the list are ignored; a line with a comma is "surname, first
  names". Entries shorter than two letters are ignored.
* Idempotent: ``[Name]`` contains no letter a rule could start at, so masking twice changes
  nothing. Linear in the text: every loop is bounded, matching the list is a dictionary
  look-up per word.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

PLACEHOLDER = "[Name]"
DEFAULT_FILE = "staff_names.txt"

_LETTERS = r"[^\W\d_]"
_TOKEN = re.compile(rf"{_LETTERS}+(?:['’\-]{_LETTERS}+)*")
_PART_SPLIT = re.compile(r"['’\-]")

# word titles take no dot (a dot after them ends a sentence); abbreviations may have one
_TITLE = re.compile(
    rf"(?<!{_LETTERS})(?i:(?P<word>herrn?|frau)(?!{_LETTERS})"
    rf"|(?P<abbr>hrn?|fr|dr|prof)(?:(?P<dot>\.)|(?!{_LETTERS})))"
)
_MORE_TITLE = re.compile(
    r"(?i:(?:dr|prof|med|dent|vet|phil|jur|habil|rer\.[ \t]?nat|rer\.[ \t]?pol|h\.[ \t]?c)\."
    rf"|(?:dr|prof)(?!{_LETTERS}))"
)
_SPACE = re.compile(r"[ \t\u00a0\u202f]+")
_OPTIONAL_SPACE = re.compile(r"[ \t\u00a0\u202f]*")

_MAX_TITLES = 4
_MAX_NAME_WORDS = 3
_MAX_PARTICLES = 3


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# name particles; "der/den/dem" only after "von", "van" or "de" ("Herr der Lage" is no name)
_PARTICLES_FIRST = _wordset("von van de zu ten ter da di du del della la le dos op")
_PARTICLES_NEXT = frozenset(("der", "den", "dem", "la", "los", "und"))
_PARTICLES_ANY = _PARTICLES_FIRST | _PARTICLES_NEXT

_ROLE_NOUNS = _wordset(
    """
    doktor doktorin professor professorin kollege kollegin minister ministerin präsident
    präsidentin bürgermeister bürgermeisterin direktor direktorin sachbearbeiter
    sachbearbeiterin vermittler vermittlerin arbeitsvermittler arbeitsvermittlerin berater
    beraterin fallmanager fallmanagerin teamleiter teamleiterin geschäftsführer
    geschäftsführerin abteilungsleiter abteilungsleiterin bereichsleiter bereichsleiterin
    anwalt anwältin rechtsanwalt rechtsanwältin pfarrer pfarrerin pastor pastorin richter
    richterin ingenieur ingenieurin magister
    """
)
# capitalised words that follow a title or a name but are no name
_NOT_NAMES = _ROLE_NOUNS | _wordset(
    """
    herr herrn herren frau frauen hr hrn fr dr prof
    sie ihnen ihr ihre ihren ihrem ihrer ihres er es ich wir du dir dich mir mich uns euch
    man jemand niemand alle alles nichts etwas
    der die das den dem des ein eine einen einem einer eines kein keine keinen keinem
    mein meine meinen meinem meiner dein deine sein seine seinen unser unsere
    und aber oder doch denn dann danach davor damals leider auch nur noch schon jetzt hier
    dort da so wie was wer wo warum wann als wenn weil ob dass mit ohne bei nach vor seit
    für gegen im in am an auf aus zum zur vom ja nein gut sehr bitte danke vielen dank
    heute gestern morgen vormittag nachmittag abend mittag nacht früh
    montag dienstag mittwoch donnerstag freitag samstag sonntag
    januar februar märz april mai juni juli august september oktober november dezember
    anfang mitte ende hause
    bescheid bescheide unterlagen termin termine auskunft antwort antworten hilfe geld post
    brief briefe formular formulare dokument dokumente papiere frage fragen recht zeit
    nachricht nachrichten mail mails e-mail e-mails antrag anträge kopie kopien beleg belege
    nachweis nachweise vorwürfe sorgen vorschläge tipps infos lob mut druck angst ärger stress
    büro zimmer raum team chef chefin vorgesetzte vorgesetzter vorgesetzten mitarbeiter
    mitarbeiterin mitarbeitende telefon nummer durchwahl sprechzeit sprechzeiten postfach
    stadt amt jobcenter agentur behörde stelle schalter empfang theke hotline kasse bank
    schule polizei gemeinde kommune rathaus euro
    """
)
# endings of German nouns (checked for the 2nd/3rd name word and after a particle)
_NOUN_ENDINGS = (
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion",
    "tionen", "nis", "nisse", "tät", "stelle", "amt", "ämter", "agentur", "behörde", "center",
    "zentrum", "büro", "kasse", "abteilung", "zone", "schalter", "bereich", "team", "leiter",
    "leiterin",
)  # fmt: skip

# the space after a title (optional after a dot), then maybe a further title ("Frau Dr. med.")
_GAP = r"(?:(?<=\.)[ \t\u00a0\u202f]*|[ \t\u00a0\u202f]+)"
_NEXT_TITLE = re.compile(rf"{_GAP}(?P<more>{_MORE_TITLE.pattern})?")


def _fold(word: str) -> str:
    """Case-free, umlaut-free spelling: "Müller" and "MUELLER" → "mueller", "Groß" → "gross"."""
    folded = word.casefold().replace("’", "'")
    return folded.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")


def _is_not_name(word: str) -> bool:
    return word.casefold() in _NOT_NAMES


def _looks_like_noun(word: str) -> bool:
    lowered = word.casefold()
    return any(
        lowered.endswith(ending) and len(lowered) - len(ending) >= 3 for ending in _NOUN_ENDINGS
    )


# ----------------------------------------------------------------------------- title + name


class _Word(NamedTuple):  # a tuple: made for every word after a title, so cheap to build
    start: int
    end: int  # including the dot of an initial
    text: str


def _word_at(text: str, position: int) -> _Word | None:
    match = _TOKEN.match(text, position)
    if match is None:
        return None
    end = match.end()
    if len(match.group()) == 1 and text.startswith(".", end):
        end += 1  # an initial keeps its dot
    return _Word(match.start(), end, match.group())


def _skip_space(text: str, position: int, *, required: bool) -> int | None:
    pattern = _SPACE if required else _OPTIONAL_SPACE
    match = pattern.match(text, position)
    return match.end() if match else None


def _after_titles(text: str, title: re.Match[str]) -> _Word | None:
    """The word where the name would start: after the title and further titles or role nouns."""
    position = title.end()
    for _ in range(_MAX_TITLES):
        step = _NEXT_TITLE.match(text, position)  # one call: the space and a further title
        if step is None:
            return None
        if step.group("more") is not None:
            position = step.end()
            continue
        word = _word_at(text, step.end())
        if word is not None and word.text.casefold() in _ROLE_NOUNS:
            position = word.end
            continue
        return word
    return None


def _particles_then_word(text: str, position: int, first: _Word | None) -> _Word | None:
    """`von der Leyen` from `position` on: the name word after particles, or None.

    ``first`` is the word at ``position``, already read by the caller.
    """
    particles = 0
    current = position
    while particles < _MAX_PARTICLES:
        word = first if particles == 0 else _word_at(text, current)
        if word is None:
            return None
        allowed = _PARTICLES_FIRST if particles == 0 else _PARTICLES_ANY
        if word.text not in allowed:  # particles are lower case: "Von" starts a sentence
            break
        following = _skip_space(text, word.end, required=True)
        if following is None:
            return None
        particles, current = particles + 1, following
    if particles == 0:
        return None
    word = _word_at(text, current)
    if word is None or not _is_later_name_word(word):
        return None
    return word


def _is_first_name_word(word: _Word) -> bool:
    return word.text[0].isupper() and not _is_not_name(word.text)


def _is_later_name_word(word: _Word) -> bool:
    """A 2nd/3rd word or one after a particle: capitalised (not all capitals), no noun."""
    if not word.text[0].isupper() or _is_not_name(word.text) or _looks_like_noun(word.text):
        return False
    return len(word.text) == 1 or not word.text.isupper()


def _name_end(text: str, first: _Word) -> int | None:
    """The end of up to three name words from `first` on, or None when no name starts there."""
    if _is_first_name_word(first):
        words, end = 1, first.end
        capitals = len(first.text) > 1 and first.text.isupper()
    else:
        after_particles = _particles_then_word(text, first.start, first)
        if after_particles is None:
            return None
        words, end, capitals = 1, after_particles.end, False
    while words < _MAX_NAME_WORDS and not capitals:
        initial = text[end - 1] == "."
        following = _skip_space(text, end, required=not initial)
        if following is None:
            break
        word = _word_at(text, following)
        if word is not None and _is_later_name_word(word):
            words, end = words + 1, word.end
            continue
        after_particles = _particles_then_word(text, following, word)
        if after_particles is None:
            break
        words, end = words + 1, after_particles.end
    return end


def _title_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for title in _TITLE.finditer(text):
        first = _after_titles(text, title)
        if first is None:
            continue
        end = _name_end(text, first)
        if end is not None:
            spans.append((title.start(), end))
    return spans


# ----------------------------------------------------------------------------- the staff list

Variant = tuple[str, ...]  # folded words


@dataclass(frozen=True)
class _Matcher:
    by_first: dict[str, tuple[Variant, ...]]  # first folded word → variants, longest first
    single: frozenset[str]  # one-word variants (for hyphenated parts of text words)


def _strip_titles(words: list[str]) -> list[str]:
    while words and words[0].rstrip(".").casefold() in {"herr", "herrn", "frau", "hr", "hrn"}:
        words = words[1:]
    while words and words[0].rstrip(".").casefold() in {"fr", "dr", "prof", "med"}:
        words = words[1:]
    return words


def _variants(name: str) -> list[Variant]:
    """Full name, surname first, surname with particles, and the surname alone."""
    surname_first = "," in name
    if surname_first:
        family, _, first_names = name.partition(",")
        name = f"{first_names} {family}"
    raw = _strip_titles(name.split())
    words = [token for part in raw for token in _TOKEN.findall(part)]
    if sum(len(word) for word in words) < 2:
        return []
    folded = tuple(_fold(word) for word in words)
    index = next(
        (i for i, word in enumerate(folded[1:], start=1) if word in _PARTICLES_FIRST),
        max(len(folded) - 1, 0),
    )
    surname, given = folded[index:], folded[:index]
    variants = [folded, surname, folded[-1:]]
    if given:
        variants.append(surname + given)
    return [variant for variant in variants if len("".join(variant)) >= 2]


@lru_cache(maxsize=32)
def _matcher(names: tuple[str, ...]) -> _Matcher:
    groups: dict[str, set[Variant]] = {}
    for name in names:
        for variant in _variants(name):
            groups.setdefault(variant[0], set()).add(variant)
    by_first = {
        first: tuple(sorted(variants, key=lambda v: (-len(v), v)))
        for first, variants in groups.items()
    }
    single = frozenset(v[0] for variants in by_first.values() for v in variants if len(v) == 1)
    return _Matcher(by_first, single)


_BETWEEN_NAME_WORDS = re.compile(r"\.?,?\s+|,")


def _genitive_free(word: str) -> tuple[str, ...]:
    """The word and, for "schmidts"/"schmidt's", the word without its genitive ending."""
    forms = [word]
    for ending in ("'s", "s"):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            forms.append(word[: -len(ending)])
    return tuple(forms)


def _list_spans(text: str, matcher: _Matcher) -> list[tuple[int, int]]:
    if not matcher.by_first:
        return []
    tokens = list(_TOKEN.finditer(text))
    folded = [_fold(token.group()) for token in tokens]
    spans = []
    index = 0
    while index < len(tokens):
        found = _match_at(text, tokens, folded, index, matcher)
        if found:
            spans.append((tokens[index].start(), tokens[index + found - 1].end()))
            index += found
            continue
        parts = _PART_SPLIT.split(folded[index])
        if len(parts) > 1 and any(part in matcher.single for part in parts):
            spans.append(tokens[index].span())
        index += 1
    return spans


def _match_at(
    text: str, tokens: list[re.Match[str]], folded: list[str], index: int, matcher: _Matcher
) -> int:
    """The number of tokens of the longest configured name starting at `index` (0: none)."""
    for first in _genitive_free(folded[index]):
        for variant in matcher.by_first.get(first, ()):
            size = len(variant)
            if index + size > len(tokens):
                continue
            if size == 1:
                if first == variant[0]:
                    return 1
                continue
            if folded[index] != variant[0]:
                continue  # only the last word of a name takes a genitive ending
            if _words_match(text, tokens, folded, index, variant):
                return size
    return 0


def _words_match(
    text: str, tokens: list[re.Match[str]], folded: list[str], index: int, variant: Variant
) -> bool:
    for offset in range(1, len(variant)):
        gap = text[tokens[index + offset - 1].end() : tokens[index + offset].start()]
        if not _BETWEEN_NAME_WORDS.fullmatch(gap):
            return False
        word = folded[index + offset]
        wanted = variant[offset]
        last = offset == len(variant) - 1
        if word != wanted and not (last and wanted in _genitive_free(word)):
            return False
    return True


# ----------------------------------------------------------------------------- public API


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mask_staff_names(text: str, names: Iterable[str] = ()) -> str:
    """Replace "Herr/Frau/Dr. … + name" and every configured staff name by ``[Name]``."""
    if not text:
        return text
    spans = _title_spans(text) + _list_spans(text, _matcher(tuple(names)))
    if not spans:
        return text
    parts: list[str] = []
    position = 0
    for start, end in _merge(spans):
        parts.append(text[position:start])
        parts.append(PLACEHOLDER)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def load_staff_names(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """Names from a file: one per line, ``#`` starts a comment, blank lines are skipped.

    A missing file means no names; any other read error is raised, so that an export never
    goes out unmasked because of a broken setting.
    """
    try:
        content = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return ()
    names = (line.partition("#")[0].strip() for line in content.splitlines())
    return tuple(dict.fromkeys(name for name in names if name))


@lru_cache(maxsize=8)
def _cached_names(path: str, _mtime_ns: int, _size: int) -> tuple[str, ...]:
    return load_staff_names(path)


def configured_names(path: Path) -> tuple[str, ...]:
    """The names in the configured staff list (re-read when the file changes).

    The caller says which file (`intake.web.settings.staff_names_file`): this module reads
    no app settings.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        return ()
    return _cached_names(str(path), stat.st_mtime_ns, stat.st_size)
