"""Mask identifiers that citizens type into free-text feedback, before anything is stored.

Approach
--------
Each kind of identifier has one or more regular expressions, compiled once at import. A
kind-specific *finder* runs them over the text and, where a pattern alone is too blunt, checks
the candidate in plain Python (IBAN checksum, digit count of a phone number, whether the word
after a postcode is a unit or a plural noun). All candidate spans of all kinds are then resolved
in one pass: earliest start first, then the longest span, then the order of ``KINDS``; a
candidate overlapping an already chosen span is dropped. Each chosen span is replaced by a
visible German placeholder such as ``[Telefonnummer entfernt]``; every other character is
copied unchanged, so the citizen's wording survives word for word.

Why this shape
--------------
* Precision matters as much as recall: feedback is full of dates, times, amounts, counts, room
  numbers and "Seite 2"-style references. Therefore phone numbers must start with ``0``, ``+``
  or ``00`` and never use dots as separators, and street addresses are recognised only by
  street-suffix words (``-straße``, ``-weg``, ``Gasse`` ...) or by a preposition plus a typical
  street noun (``Am Markt``, ``Unter den Linden``), never by "capitalised word + number".
* Speed and safety: every repetition that can meet long runs of digits, spaces or slashes is
  bounded, and patterns only start at token boundaries, so there is no catastrophic
  backtracking and masking stays linear in the input length.
* Idempotence: placeholders contain no digits and are enclosed in square brackets, which no
  pattern crosses, so masking masked text changes nothing.

Decisions
---------
* Postcodes: only the five digits (and a ``D-`` prefix) are masked; the town is kept, because
  the town of the Jobcenter is not identifying and keeps the feedback readable. A bare
  five-digit number counts as a postcode only after ``PLZ``/``Postleitzahl``, after ``D-``, or
  before a capitalised word that is not a unit or a typical plural noun ("15000 Euro",
  "10000 Bewerbungen" stay).
* Steuernummer formats such as ``12/345/67890`` are masked only right after a tax keyword
  (``Steuer-ID``, ``Steuernummer``, ``St.-Nr.``, ``IdNr``); an 11-digit Steuer-ID always is.
* A preposition is masked together with the street only when it is capitalised, i.e. part of
  the name (``Am Markt 3``); in "wohne am Markt 3" only "Markt 3" is masked.
* A phone number's last group is dropped when it is a single digit or followed by a unit
  ("0176 1234567 3 Mal angerufen").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

KINDS: tuple[str, ...] = (
    "email",
    "iban",
    "customer_number",
    "bg_number",
    "pension_number",
    "tax_id",
    "phone",
    "street_address",
    "postcode",
)

PLACEHOLDERS: dict[str, str] = {
    "email": "[E-Mail-Adresse entfernt]",
    "iban": "[IBAN entfernt]",
    "customer_number": "[Kundennummer entfernt]",
    "bg_number": "[BG-Nummer entfernt]",
    "pension_number": "[Rentenversicherungsnummer entfernt]",
    "tax_id": "[Steuer-ID entfernt]",
    "phone": "[Telefonnummer entfernt]",
    "street_address": "[Adresse entfernt]",
    "postcode": "[Postleitzahl entfernt]",
}


@dataclass(frozen=True)
class Finding:
    """One masked identifier; ``original`` is for the in-memory preview only, never stored."""

    kind: str
    start: int
    end: int
    original: str


@dataclass(frozen=True)
class MaskResult:
    """The masked text plus the findings, in order of appearance."""

    text: str
    findings: tuple[Finding, ...]

    @property
    def changed(self) -> bool:
        """Whether anything was masked."""
        return bool(self.findings)

    def kinds(self) -> list[str]:
        """Distinct kinds in order of first appearance."""
        return list(dict.fromkeys(f.kind for f in self.findings))


Span = tuple[int, int]

# ----------------------------------------------------------------------------- building blocks

_SP = r"[ \t\u00a0\u202f]"  # horizontal space only: identifiers never span lines
_SEP = rf"(?:{_SP}?[-/–]{_SP}?|{_SP})"  # phone group separator; dots are not separators
_NUM_END = r"(?![0-9]|[.,][0-9])"  # not followed by more digits or a decimal/date part
_UNIT = (
    r"(?:Uhr|Std\.?|Stunden?|Minuten?|Min\.?|Sekunden?|Tage[n]?|Tag|Wochen?|Monate[n]?|Monat"
    r"|Jahre[n]?|Jahr|Mal|mal|Euro|EUR|€|Cent|%|Prozent|Kinder[n]?|Kind|Personen|Person|Leute"
    r"|Menschen|Termine?|Seiten?|Anträge|Bewerbungen|Stück|km|Kilometer|Meter)"
)
_UNIT_AHEAD = re.compile(rf"{_SP}+{_UNIT}(?!\w)")


def _words(*phrases: str) -> str:
    """Join phrases into an alternation whose inner spaces match any horizontal space."""
    return "(?:" + "|".join(p.replace(" ", f"{_SP}+") for p in phrases) + ")"


# ----------------------------------------------------------------------------- patterns

_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@(?:[^\W_][\w-]*\.)+[^\W\d_]{2,24}(?![\w-])")

_IBAN_LENGTHS: dict[str, int] = {
    "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20,
    "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26,
    "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MT": 31, "NL": 18, "NO": 15, "PL": 28,
    "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "TR": 26, "UA": 29,
}  # fmt: skip


def _iban_exact_pattern() -> re.Pattern[str]:
    """One alternative per IBAN length, so a following word is never swallowed."""
    by_length: dict[int, list[str]] = {}
    for country, length in _IBAN_LENGTHS.items():
        by_length.setdefault(length, []).append(country)
    alternatives = "|".join(
        f"(?:{'|'.join(countries)})[0-9]{{2}}(?:{_SP}?[A-Z0-9]){{{length - 4}}}"
        for length, countries in sorted(by_length.items(), reverse=True)
    )
    return re.compile(rf"(?<![A-Z0-9])(?:{alternatives})(?![A-Z0-9])", re.IGNORECASE)


_IBAN_EXACT = _iban_exact_pattern()
# fallback for mistyped, all-digit IBANs of a known country (wrong length, bad checksum)
_IBAN_DIGITS = re.compile(
    rf"(?<![A-Z0-9])(?:{'|'.join(_IBAN_LENGTHS)})[0-9]{{2}}(?:{_SP}?[0-9]){{10,30}}(?![0-9])",
    re.IGNORECASE,
)

_CUSTOMER_NUMBER = re.compile(
    rf"(?<![A-Za-z0-9])[0-9]{{3}}{_SP}?[Dd]{_SP}?[0-9]{{6}}(?![A-Za-z0-9])"
)
_BG_NUMBER = re.compile(
    rf"(?<![A-Za-z0-9])[0-9]{{5}}{_SP}?[Bb][Gg]{_SP}?[0-9]{{7}}(?![A-Za-z0-9])"
)
_PENSION_NUMBER = re.compile(
    rf"(?<![A-Za-z0-9])[0-9]{{2}}{_SP}?[0-9]{{6}}{_SP}?[A-Za-z]{_SP}?[0-9]{{3}}(?![A-Za-z0-9])"
)

_TAX_ID = re.compile(
    rf"(?<![\w+])(?<![0-9][.,/])[1-9][0-9](?:{_SP}?[0-9]{{3}}){{3}}(?![0-9]|[.,/][0-9])"
)
_TAX_KEYWORD = (
    r"(?i:steuer[- ]?(?:id|identifikationsnummer|nummer|nr\.?)|steueridentifikationsnummer"
    r"|identifikationsnummer|st\.?[- ]?nr\.?|id\.?[- ]?nr\.?)"
)
# the gap may not cross "[" or "]", so a placeholder never acts as (or hides) a keyword
_TAX_NUMBER_IN_CONTEXT = re.compile(
    rf"(?<![\w\[]){_TAX_KEYWORD}(?!\w)[^0-9\n\[\]]{{0,30}}?"
    rf"(?P<id>[0-9]{{2,4}}{_SP}?/{_SP}?[0-9]{{3,4}}{_SP}?/{_SP}?[0-9]{{4,5}}"
    rf"|[0-9]{{3}}{_SP}[0-9]{{3}}{_SP}[0-9]{{5}}|[0-9]{{10,13}})(?![0-9]|[.,/][0-9])"
)

_PHONE = re.compile(
    rf"(?<![\w+/–-])(?<![0-9][.,])"
    rf"(?:(?:\+|00)[1-9][0-9]{{0,2}}(?:{_SP}?\(0\))?|\(0[0-9]{{1,5}}\)|0(?=[0-9]))"
    rf"(?:{_SEP}?[0-9]){{3,16}}(?![0-9]|[.,:][0-9])"
)
_DATE_LIKE = re.compile(rf"[0-9]{{1,2}}{_SEP}[0-9]{{1,2}}{_SEP}[0-9]{{2,4}}")
_LAST_PHONE_GROUP = re.compile(rf"{_SP}+[0-9]+\Z")

_STREET_SUFFIX = (
    r"(?i:straße|strasse|str\.|weg|gasse|platz|ring|damm|(?<![aä])ufer|chaussee|steig|pfad"
    r"|allee)"
)
_STREET_WORD = (
    r"(?:Straße|Strasse|Str\.|Weg|Gasse|Platz|Ring|Damm|Ufer|Chaussee|Steig|Pfad|Allee|Markt)"
)
_PLACE_NOUN = (
    r"(?i:markt|linden|bahnhof|berg|graben|anger|wall|tor|hof|bach|feld|garten|park|kirche"
    r"|brunnen|höhe|mühle|wald|hang|kamp|wiese|rain|see|heide|acker|eck|busch|hain|kreuz"
    r"|stein|teich|winkel|deich|grund|kai|brücke|turm|bogen|steg)"
)
_NOT_ADJECTIVE = _words(
    "Die", "Der", "Das", "Den", "Dem", "Des", "Eine", "Einer", "Eines", "Meine", "Meiner",
    "Unsere", "Unserer", "Diese", "Dieser", "Dieses", "Jede", "Jeder", "Keine", "Seine",
    "Ihre", "Ihrer", "Alle", "Welche", "Welcher", "Bitte", "Danke", "Oder", "Aber", "Leider",
    "Wieder", "Immer", "Adresse",
)  # fmt: skip
_HOUSE_NUMBER = (
    rf"[1-9][0-9]{{0,3}}(?:[a-zA-Z](?!\w))?"
    rf"(?:{_SP}?[-/–]{_SP}?[1-9][0-9]{{0,3}}[a-zA-Z]?)?(?!\w|[.,][0-9])"
    rf"(?!{_SP}+{_UNIT}(?!\w))"
)
_BEFORE_NUMBER = rf"(?:(?<=\.){_SP}{{0,3}}|{_SP}{{1,3}})"
_COMPOUND = rf"[A-ZÄÖÜ][\w-]*?{_STREET_SUFFIX}(?:(?<=\.)|(?![\w-]))"
_STREET = re.compile(
    rf"(?<![\w-])(?:(?!{_NOT_ADJECTIVE}{_SP})[A-ZÄÖÜ][\w-]*(?:e|er|es|en){_SP}+"
    rf"{_STREET_WORD}(?:(?<=\.)|(?![\w-]))|{_COMPOUND}){_BEFORE_NUMBER}{_HOUSE_NUMBER}"
)
_PREPOSITIONS = (
    "Am", "An der", "An den", "Auf der", "Auf dem", "Im", "In der", "In den", "Unter den",
    "Zum", "Zur", "Hinter der", "Hinter dem", "Vor dem", "Beim",
)  # fmt: skip
_PREP_STREET = re.compile(
    rf"(?<![\w-])(?:(?P<cap>{_words(*_PREPOSITIONS)})"
    rf"|{_words(*(p[0].lower() + p[1:] for p in _PREPOSITIONS))}){_SP}+"
    rf"(?P<name>(?=[A-ZÄÖÜ])[\w-]*?(?:{_PLACE_NOUN}|{_STREET_SUFFIX})(?:(?<=\.)|(?![\w-])))"
    rf"{_BEFORE_NUMBER}{_HOUSE_NUMBER}"
)

_POSTCODE = re.compile(
    rf"(?:(?<![\w-])D-|(?<![\w+/–-])(?<![0-9][.,]))(?!00)[0-9]{{5}}{_NUM_END}"
    rf"(?={_SP}+(?P<place>[A-ZÄÖÜ][\w-]*))"
)
_POSTCODE_KEYWORD = re.compile(
    rf"(?<![\w\[])(?:PLZ|Plz|plz|Postleitzahl|postleitzahl)(?!\w)[^0-9\n\[\]]{{0,12}}?"
    rf"(?<![0-9])(?P<id>[0-9]{{5}}){_NUM_END}"
)
_NOT_A_PLACE = re.compile(
    rf"{_UNIT}|Einwohner\w*|Kunden|Mitarbeiter\w*|Fälle[n]?|Arbeitslose[n]?|Haushalte[n]?"
    r"|Stellen|Jobs|Punkte[n]?|Exemplare|Leistungsberechtigte[n]?|\w+(?:ungen|heiten|keiten"
    r"|schaften|ionen|nisse)"
)


# ----------------------------------------------------------------------------- finders


def _spans(pattern: re.Pattern[str], text: str) -> Iterator[Span]:
    """Spans of all matches; the named group ``id`` if the pattern has one."""
    group = "id" if "id" in pattern.groupindex else 0
    for match in pattern.finditer(text):
        yield match.span(group)


def _iban_valid(candidate: str) -> bool:
    """True for an all-digit account part or a correct ISO 13616 mod-97 checksum."""
    compact = "".join(candidate.split()).upper()
    if compact[4:].isdigit():
        return True
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def _find_iban(text: str) -> Iterator[Span]:
    """IBANs of exact length, else all-digit fallbacks starting where no exact IBAN does."""
    starts: set[int] = set()
    for match in _IBAN_EXACT.finditer(text):
        if _iban_valid(match.group()):
            starts.add(match.start())
            yield match.span()
    for match in _IBAN_DIGITS.finditer(text):
        if match.start() not in starts:
            yield match.span()


def _trim_phone(text: str, start: int, end: int) -> int:
    """Drop a last space-separated group that is a single digit or followed by a unit."""
    last = _LAST_PHONE_GROUP.search(text, start, end)
    if last and (end - last.start() <= 2 or _UNIT_AHEAD.match(text, end)):
        return last.start()
    return end


def _find_phone(text: str) -> Iterator[Span]:
    """Phone numbers with at least seven digits that do not look like dates."""
    for match in _PHONE.finditer(text):
        start = match.start()
        end = _trim_phone(text, start, match.end())
        candidate = text[start:end]
        if sum(ch.isdigit() for ch in candidate) >= 7 and not _DATE_LIKE.fullmatch(candidate):
            yield start, end


def _find_tax_id(text: str) -> Iterator[Span]:
    """Eleven-digit Steuer-IDs anywhere, Steuernummer formats after a tax keyword."""
    yield from _spans(_TAX_ID, text)
    yield from _spans(_TAX_NUMBER_IN_CONTEXT, text)


def _find_street(text: str) -> Iterator[Span]:
    """Street name plus house number; a lower-case preposition stays outside the span."""
    yield from _spans(_STREET, text)
    for match in _PREP_STREET.finditer(text):
        start = match.start() if match.group("cap") else match.start("name")
        yield start, match.end()


def _find_postcode(text: str) -> Iterator[Span]:
    """Postcodes after a keyword, after ``D-``, or before a word that can be a town."""
    yield from _spans(_POSTCODE_KEYWORD, text)
    for match in _POSTCODE.finditer(text):
        if match.group().startswith("D-") or not _NOT_A_PLACE.fullmatch(match.group("place")):
            yield match.span()


_FINDERS: tuple[tuple[str, Callable[[str], Iterator[Span]]], ...] = (
    ("email", lambda text: _spans(_EMAIL, text)),
    ("iban", _find_iban),
    ("customer_number", lambda text: _spans(_CUSTOMER_NUMBER, text)),
    ("bg_number", lambda text: _spans(_BG_NUMBER, text)),
    ("pension_number", lambda text: _spans(_PENSION_NUMBER, text)),
    ("tax_id", _find_tax_id),
    ("phone", _find_phone),
    ("street_address", _find_street),
    ("postcode", _find_postcode),
)


# ----------------------------------------------------------------------------- public API


def _resolve(text: str) -> list[Finding]:
    """Collect candidates of all kinds; keep earliest, then longest, non-overlapping spans."""
    candidates = [
        (start, -(end - start), rank, kind)
        for rank, (kind, finder) in enumerate(_FINDERS)
        for start, end in finder(text)
        if end > start
    ]
    candidates.sort()
    findings: list[Finding] = []
    position = 0
    for start, negative_length, _rank, kind in candidates:
        if start >= position:
            end = start - negative_length
            findings.append(Finding(kind, start, end, text[start:end]))
            position = end
    return findings


def mask_identifiers(text: str) -> MaskResult:
    """Replace identifiers in ``text`` by German placeholders and report what was found."""
    findings = _resolve(text)
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(PLACEHOLDERS[finding.kind])
        position = finding.end
    parts.append(text[position:])
    return MaskResult(text="".join(parts), findings=tuple(findings))
