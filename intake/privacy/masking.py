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

Every notation: the finders run on a normalised copy of the text, one character at a time:
NFKC (full-width ``０１７６``, ``＠``, ``．``, mathematical digits, ligatures), every Unicode
decimal digit as ASCII (Arabic-Indic ``٠١٧٦``, Persian ``۰۱۷۶``, Devanagari …), every Unicode
space as " " (thin, no-break, figure, ideographic …), every dash and the minus sign as "-",
the Arabic decimal and thousands separators and percent sign as "," "." "%" ("١٬٢٥٠٫٥٠" is an
amount, "٢٥٪" a unit), and format characters (zero-width space, soft hyphen, direction marks,
bidi isolates) dropped. NFKC touches only this copy, never the stored text. An index map
takes each finding back to its span in the ORIGINAL text, which alone is rendered: an Arabic
or Ukrainian sentence around a masked number stays exactly as typed, and ``Finding.original``
quotes what the citizen typed. Pure ASCII text (and text whose characters all normalise to
themselves) skips the copy. Word boundaries: a number glued to Latin letters ("Raum0176…") may be
a reference and stays, but glued to a word of another script ("هاتفي٠١٧٦…", "номер0176 …") the
change of script is the boundary; Arabic "،" and "؟" are punctuation like "," and "?".

Why this shape
--------------
* Precision matters as much as recall: feedback is full of dates, times, amounts, counts, room
  numbers and "Seite 2"-style references. Therefore phone numbers must start with ``0``, ``+``
  or ``00`` and never use dots as separators, and street addresses are recognised only by
  street-suffix words (``-straße``, ``-weg``, ``Gasse`` ...) or by a preposition plus a typical
  street noun (``Am Markt``, ``Unter den Linden``), never by "capitalised word + number".
* Speed and safety: every repetition that can meet long runs of digits, spaces or slashes is
  bounded or possessive, and patterns only start at token boundaries, so there is no
  catastrophic backtracking and masking stays linear in the input length (normalising is one
  pass too). tests/unit/test_linear_time.py holds it: no adversarial text of the maximum
  length costs more than a few times a normal one.
* Idempotence: placeholders contain no digits and are enclosed in square brackets, which no
  pattern matches or crosses. Identifiers glued together ("…0130 00Hauptstraße 12") can still
  reveal a new match once a neighbour is masked, so the masked text is scanned again until
  nothing new turns up (at most a few passes, one extra pass whenever anything was masked).
  Masking masked text therefore changes nothing, and leftovers of glued identifiers are
  masked too.

Decisions
---------
* Postcodes: only the five digits (and a ``D-`` prefix) are masked; the town is kept, because
  the town of the Jobcenter is not identifying and keeps the feedback readable. A bare
  five-digit number counts as a postcode only after ``PLZ``/``Postleitzahl``, after ``D-``, or
  before a capitalised word that is not a unit or a typical plural noun ("15000 Euro",
  "10000 Bewerbungen" stay).
* Steuernummer formats such as ``12/345/67890`` are masked only right after a tax keyword
  (``Steuer-ID``, ``Steuernummer``, ``St.-Nr.``, ``IdNr``); an 11-digit Steuer-ID always is.
* Cue words in every language of the public side: the tax and postcode keywords also count in
  English, Ukrainian, Russian, Arabic, Persian and Turkish ("tax ID", "індекс", "ИНН",
  "الرمز البريدي", "کد پستی", "vergi numarası", ``_POSTCODE_WORDS``/``_TAX_WORDS``), and so do
  the spelled-out "@" and "." ("собака", "точка", "крапка", "nokta", "نقطة"). No other kind needs
  a cue word: phone, customer, BG and pension numbers, IBANs and addresses are found by their
  shape, so "номер телефону", "رقم الهاتف" or "müşteri numarası" need no list of their own.
* IBANs must have their country's exact length and either an all-digit account part or a
  valid mod-97 checksum; an all-digit IBAN of the wrong length (a typo) is masked anyway.
* House numbers run from 1 to 999, so "Ausbildungsplatz 2024" is no address; a number
  followed by a unit ("am Bahnhof 3 Stunden") is no house number either.
* A preposition is masked together with the street only when it is capitalised, i.e. part of
  the name (``Am Markt 3``); in "wohne am Markt 3" only "Markt 3" is masked.
* A phone number's last group is dropped when it is a single digit or followed by a unit
  ("0176 1234567 3 Mal angerufen").
* Kundennummer: three digits, any letter, six digits (the BA's format; not only "D"; in any
  script, since a Cyrillic keyboard types "123Д456789" or a look-alike "А").
* Spelled-out e-mail addresses are masked: "name (at) gmail (dot) com", "[at]", "{at}", "<at>",
  "(ät)", "[punkt]", a spaced "@" or "." ("anna @ gmx . de"), and the bare words
  "name at gmail dot com" / "at gmx punkt de". Because these words also occur in prose, the
  address must end in a common top-level domain (``_COMMON_TLDS``), and a bare "at" needs
  spelled-out dots too: "look at example.com" stays, "name at gmail dot com" goes. The local
  part is the one word before "at": in "Max Mustermann at gmx dot de" the first name stays.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

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
# Most patterns begin with a plain character class and check the character before it with a
# two-character lookbehind (e.g. "[0-9](?<![A-Za-z0-9][0-9])"): equivalent to a leading
# "(?<![A-Za-z0-9])", but it lets CPython's regex engine skip quickly to candidate positions.

_SP = r"[ \t\u00a0\u202f]"  # horizontal space only: identifiers never span lines
# A word character of the Latin script (Turkish "ığşİ" and Vietnamese included). A number glued
# to Latin letters ("Raum0176…", "AZ12345") may be a reference and stays; glued to a word of
# another script ("هاتفي٠١٧٦…", "номер0176 …") the change of script is the word boundary.
_LATIN = r"A-Za-z0-9_\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_SEP = rf"(?:{_SP}?[-/–]{_SP}?|{_SP})"  # phone group separator; dots are not separators
_NUM_END = r"(?![0-9]|[.,][0-9])"  # not followed by more digits or a decimal/date part
_UNIT = (
    r"(?:Uhr|Std\.?|Stunden?|Minuten?|Min\.?|Sekunden?|Tage[n]?|Tag|Wochen?|Monate[n]?|Monat"
    r"|Jahre[n]?|Jahr|Mal|mal|Euro|EUR|€|Cent|%|Prozent|Kinder[n]?|Kind|Personen|Person|Leute"
    r"|Menschen|Termine?|Seiten?|Anträge|Bewerbungen|Stück|km|Kilometer|Meter)"
)
_UNIT_AHEAD = re.compile(rf"{_SP}+{_UNIT}(?!\w)")

# ----------------------------------------------------------------------------- patterns

_EMAIL_DOMAIN = re.compile(r"@(?:[^\W_][\w-]*\.)+[^\W\d_]{2,24}(?![\w-])")
_EMAIL_LOCAL_PART = re.compile(r"(?<![\w.%+-])[\w.%+-]{1,64}\Z")

# Spelled-out addresses: "name (at) gmail (dot) com", "anna[ät]gmx[punkt]de", "a @ b . de",
# "name at gmail dot com". Every gap is bounded, so a run of spaces or brackets stays linear.
_GAP = rf"{_SP}{{0,3}}"


def _bracketed(words: str) -> str:
    """``words`` in round, square, curly or angle brackets: "(at)", "[punkt]", "{dot}"."""
    return rf"{_GAP}[(\[{{<]{_GAP}(?i:{words}){_GAP}[)\]}}>]{_GAP}"


# "@" and "." as said in the languages of the public side: Russian and Ukrainian "собака" (dog),
# "точка"/"крапка", Turkish "nokta", Arabic "نقطة", Persian "نقطه"
_AT_WORDS = "at|ät|собака"
_DOT_WORDS = "dot|punkt|точка|крапка|nokta|نقطة|نقطه"
# the sign itself comes first, so the engine can skip to "(", "[", "{", "<" and "@"; the gap
# before it belongs to _EMAIL_LOCAL_PART_GAP
_AT_SIGN = rf"(?:{_bracketed(_AT_WORDS + '|@').removeprefix(_GAP)}|@{_GAP})"
_AT_WORD = rf"{_SP}{{1,3}}(?i:{_AT_WORDS}){_SP}{{1,3}}"
_DOT_BRACKETED = _bracketed(_DOT_WORDS + r"|\.")
_DOT_SPELLED = rf"(?:{_DOT_BRACKETED}|{_SP}{{1,3}}(?i:{_DOT_WORDS}){_SP}{{1,3}})"
_DOT_ANY = rf"(?:{_DOT_SPELLED}|{_SP}{{1,3}}\.{_SP}{{1,3}}|\.)"
_LABEL = r"[^\W_][\w-]{0,62}"
# spelled-out forms also occur in prose ("Treffen (at) Jobcenter (dot) Raum 3"), so they need a
# common top-level domain; a plain "name@host.tld" is found by _EMAIL_DOMAIN with any one
_COMMON_TLDS = (
    "de", "com", "net", "org", "info", "eu", "at", "ch", "li", "lu", "be", "nl", "fr", "it", "es",
    "pt", "pl", "cz", "sk", "hu", "ro", "bg", "gr", "tr", "ru", "ua", "by", "uk", "ie", "dk", "se",
    "no", "fi", "io", "me", "biz", "email", "online",
)  # fmt: skip
_TLD = "(?i:" + "|".join(sorted(_COMMON_TLDS, key=len, reverse=True)) + ")"


def _spelled_domain(dot: str) -> str:
    """Two to five labels joined by ``dot``, the last one a common top-level domain."""
    return rf"{_LABEL}(?:{dot}{_LABEL}){{0,3}}{dot}{_TLD}(?![\w-])"


_EMAIL_SPELLED_AT = re.compile(_AT_SIGN + _spelled_domain(_DOT_ANY))
_EMAIL_WORD_AT = re.compile(_AT_WORD + _spelled_domain(_DOT_SPELLED))
_EMAIL_PLAIN = re.compile(r"@[\w.-]+")
_EMAIL_LOCAL_PART_GAP = re.compile(rf"(?<![\w.%+-])[\w.%+-]{{1,64}}(?P<gap>{_GAP})\Z")

_IBAN_LENGTHS: dict[str, int] = {
    "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20,
    "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26,
    "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MT": 31, "NL": 18, "NO": 15, "PL": 28,
    "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "TR": 26, "UA": 29,
}  # fmt: skip
# country code and check digits; anchored on the first check digit (digits are rarer than letters)
_IBAN_START = re.compile(r"[0-9](?<=[A-Za-z]{2}[0-9])(?<![A-Za-z0-9][A-Za-z]{2}[0-9])[0-9]")
# account part of exactly the country's length, so a following word is never swallowed
_IBAN_ACCOUNT = {
    length: re.compile(rf"(?:{_SP}?[A-Za-z0-9]){{{length - 4}}}(?![A-Za-z0-9])")
    for length in set(_IBAN_LENGTHS.values())
}
_IBAN_LETTER_VALUES = str.maketrans({chr(code): str(code - 55) for code in range(65, 91)})  # A=10
_IBAN_DIGITS = re.compile(rf"(?:{_SP}?[0-9]){{10,30}}(?![0-9])")  # mistyped, all digits

_FIXED_SHAPES = re.compile(
    rf"[0-9](?<![A-Za-z0-9][0-9])(?:"
    rf"(?P<customer_number>[0-9]{{2}}{_SP}?[^\W\d_]{_SP}?[0-9]{{6}})"
    rf"|(?P<bg_number>[0-9]{{4}}{_SP}?[Bb][Gg]{_SP}?[0-9]{{7}})"
    rf"|(?P<pension_number>[0-9]{_SP}?[0-9]{{6}}{_SP}?[A-Za-z]{_SP}?[0-9]{{3}})"
    r")(?![A-Za-z0-9])"
)

_TAX_ID = re.compile(
    rf"[1-9](?<![{_LATIN}+][1-9])(?<![0-9][.,/][1-9])[0-9](?:{_SP}?[0-9]{{3}}){{3}}"
    r"(?![0-9]|[.,/][0-9])"
)
_PHONE = re.compile(
    rf"[+(0](?<![{_LATIN}+/–-][+(0])(?<![0-9][.,][+(0])"
    rf"(?:(?<=\+)[1-9][0-9]{{0,2}}(?:{_SP}?\(0\))?|(?<=0)0[1-9][0-9]{{0,2}}(?:{_SP}?\(0\))?"
    rf"|(?<=\()0[0-9]{{1,5}}\)|(?<=0)(?=[0-9]))"
    rf"(?:{_SEP}?[0-9]){{3,16}}(?![0-9]|[.,:][0-9])"
)
_DATE_LIKE = re.compile(rf"[0-9]{{1,2}}{_SEP}[0-9]{{1,2}}{_SEP}[0-9]{{2,4}}")
_LAST_PHONE_GROUP = re.compile(rf"{_SP}+[0-9]+\Z")


def _ends_with(words: str, before: str = "") -> str:
    """Case-insensitive lookbehinds: the word just consumed ends in one of ``words``."""
    return "(?i:" + "|".join(f"(?<={before}{word})" for word in words.split()) + ")"


_SUFFIXES = "straße strasse weg gasse platz ring damm chaussee steig pfad allee"
_BARE_STREET_WORDS = "straße strasse gasse ring damm chaussee steig pfad allee ufer"
_PLACE_NOUNS = (
    "markt linden bahnhof berg graben anger wall hof bach feld garten park kirche brunnen"
    " höhe mühle wald hang kamp wiese rain see heide acker eck busch hain kreuz stein teich"
    " winkel deich grund kai brücke turm bogen steg"
)
# a compound ("Rosenweg", "Karl-Marx-Straße") has letters before the suffix; "Käufer" is no "ufer"
_WORD_CHAR = r"[\w-]"
_COMPOUND_END = (
    rf"(?:{_ends_with(_SUFFIXES, before=_WORD_CHAR)}|(?i:(?<=[^\Waä]ufer)|(?<=-ufer))"
    r"|(?i:(?<=[\w-]str))\.)"
)
_STREET_WORD = (
    r"(?:Straße|Strasse|Str\.|Weg|Gasse|Platz|Ring|Damm|Ufer|Chaussee|Steig|Pfad|Allee|Markt)"
    r"(?:(?<=\.)|(?![\w-]))"
)
# capitalised words before "Gasse", "Allee" ... that are not part of the street name
_NOT_ADJECTIVE = frozenset({
    "Die", "Der", "Das", "Den", "Dem", "Des", "Eine", "Einer", "Eines", "Meine", "Meiner",
    "Unsere", "Unserer", "Diese", "Dieser", "Dieses", "Jede", "Jeder", "Keine", "Seine", "Ihre",
    "Ihrer", "Alle", "Welche", "Welcher", "Bitte", "Danke", "Oder", "Aber", "Leider", "Wieder",
    "Immer", "Adresse", "Neue",
})  # fmt: skip
# everyday compounds ending in a street suffix
_NOT_A_STREET = frozenset({
    "arbeitsplatz", "ausbildungsplatz", "studienplatz", "kitaplatz", "kita-platz",
    "krippenplatz", "parkplatz", "stellplatz", "sitzplatz", "praktikumsplatz", "therapieplatz",
    "bildungsweg", "rechtsweg", "dienstweg", "umweg", "heimweg", "rückweg", "hinweg",
    "arbeitsweg", "schulweg", "lebensweg",
})  # fmt: skip
_HOUSE_NUMBER = (
    rf"(?:(?<=\.){_SP}{{0,3}}|{_SP}{{1,3}})"
    rf"[1-9][0-9]{{0,2}}(?:[a-zA-Z](?!\w))?"  # 1 to 999, so years are never house numbers
    rf"(?:{_SP}?[-/–]{_SP}?[1-9][0-9]{{0,2}}[a-zA-Z]?)?(?!\w|[.,][0-9])"
    rf"(?!{_SP}+{_UNIT}(?!\w))"
)
# "Lange Gasse 4" / "Berliner Allee 101" (adjective + street word) or a compound + number
_STREET = re.compile(
    rf"[A-ZÄÖÜ](?<![\w-][A-ZÄÖÜ])[\w-]*+"
    rf"(?:(?P<adjective>(?<=e)|(?<=e[rsn])){_SP}+{_STREET_WORD}|{_COMPOUND_END}(?P<compound>))"
    rf"{_HOUSE_NUMBER}"
)
_PREPOSITION = (
    rf"[AaIiUuZzHhVvBb](?<![\w-][AaIiUuZzHhVvBb])"
    rf"(?:(?<=[Aa])(?:m|n{_SP}+d(?:er|en)|uf{_SP}+de[rm])|(?<=[Ii])(?:m|n{_SP}+de[rn])"
    rf"|(?<=[Uu])nter{_SP}+den|(?<=[Zz])u[mr]|(?<=[Hh])inter{_SP}+de[rm]|(?<=[Vv])or{_SP}+dem"
    rf"|(?<=[Bb])eim)"
)
# "Am Markt 3", "Unter den Linden 1": a preposition plus a typical street noun; a bare "Weg" or
# "Platz" is too common in prose ("auf dem Weg 3 Briefe verloren") and needs a compound
_PREPOSITION_STREET = re.compile(
    rf"{_PREPOSITION}{_SP}+(?P<name>[A-ZÄÖÜ][\w-]*+"
    rf"(?:{_ends_with(_PLACE_NOUNS)}|{_ends_with(_BARE_STREET_WORDS)}"
    rf"|{_COMPOUND_END}))(?P<compound>){_HOUSE_NUMBER}"
)

_POSTCODE = re.compile(
    rf"[0-9](?<![{_LATIN}+/–-][0-9])(?<![0-9][.,][0-9])[0-9]{{4}}{_NUM_END}"
    rf"(?={_SP}+(?P<place>[A-ZÄÖÜ][\w-]*))"
)
_POSTCODE_WITH_COUNTRY = re.compile(rf"D(?<![\w-]D)-[0-9]{{5}}{_NUM_END}")
# Cue words: a Steuernummer format ("12/345/67890") and a bare five-digit postcode count only
# after one of these words, in German or in another language of the public side (English,
# Ukrainian, Russian, Arabic, Persian, Turkish; Arabic and Persian with either form of yeh and
# kaf). Every other identifier is found by its shape alone, in any language. Each word begins
# with a literal letter; the rest is matched ignoring case.
_POSTCODE_WORDS = (
    "p(?-i:LZ|lz)", "postleitzahl",
    "post ?code", "postal code", "posta kodu", "zip(?: ?code)?", "індекс", "индекс",
    "البريد[يى]", "رمز بريد[يى]", "کد ?پست[یي]", "كد ?پست[یي]",
)  # fmt: skip
_TAX_WORDS = (
    r"steuer[- ]?(?:id|identifikationsnummer|nummer|nr\.?)", r"st\.?[- ]?nr\.?",
    "identifikationsnummer", r"id\.?[- ]?nr\.?",
    r"tax ?(?:id|number|no\.?)", r"податков\w{0,6} номер", "іпн", "рнокпп", "инн",
    r"налогов\w{0,4} номер", "الرقم (?:ال)?ضريب[يى]", "رقم (?:ال)?ضريب[يى]",
    "شماره مال[یي]ات[یي]", "vergi (?:kimlik )?(?:numaras[ıi]|numaram|no)",
)  # fmt: skip


def _cue_words(*groups: tuple[str, tuple[str, ...]]) -> tuple[str, tuple[str, ...]]:
    """One pattern for the words of all ``(kind, words)`` groups, and the kind of each of its
    capturing groups. A character class of the first letters comes first, so the engine skips
    quickly to candidate positions (see above); then one branch per first letter, the most
    frequent German initials first, with the rest of each word in its own group, ignoring case.
    """
    by_letter: dict[str, list[tuple[str, str]]] = {}
    for kind, words in groups:
        for word in words:
            by_letter.setdefault(word[0].lower(), []).append((kind, word[1:]))
    letters = sorted(by_letter, key=lambda letter: ("sipt".find(letter) % 5, letter))
    kinds = tuple(kind for letter in letters for kind, _rest in by_letter[letter])
    branches = "|".join(
        f"(?<=[{letter}{letter.upper()}])(?i:"
        + "|".join(f"({rest})" for _kind, rest in by_letter[letter])
        + ")"
        for letter in letters
    )
    first = "".join(letters) + "".join(letters).upper()
    return f"[{first}](?<![\\w\\[][{first}])(?:{branches})(?!\\w)", kinds


_KEYWORD_PATTERN, _KEYWORD_KINDS = _cue_words(("postcode", _POSTCODE_WORDS), ("tax_id", _TAX_WORDS))
_KEYWORD = re.compile(_KEYWORD_PATTERN)
# the number after the keyword; the gap may not cross "[" or "]", so a placeholder never acts
# as (or hides) a keyword
_AFTER_KEYWORD = {
    "postcode": re.compile(rf"[^0-9\n\[\]]{{0,12}}+(?P<id>[0-9]{{5}}){_NUM_END}"),
    "tax_id": re.compile(
        rf"[^0-9\n\[\]]{{0,30}}+(?P<id>[0-9]{{2,4}}{_SP}?/{_SP}?[0-9]{{3,4}}{_SP}?/{_SP}?"
        rf"[0-9]{{4,5}}|[0-9]{{3}}{_SP}[0-9]{{3}}{_SP}[0-9]{{5}}|[0-9]{{10,13}})"
        r"(?![0-9]|[.,/][0-9])"
    ),
}

_NOT_A_PLACE = re.compile(
    rf"{_UNIT}|Einwohner\w*|Kunden|Mitarbeiter\w*|Fälle[n]?|Arbeitslose[n]?|Haushalte[n]?"
    r"|Stellen|Jobs|Punkte[n]?|Exemplare|Leistungsberechtigte[n]?|Schulden|Briefe|Anrufe"
    r"|E-Mails|Mails|Nachrichten|Dokumente|Formulare|\w+(?:ungen|heiten|keiten|schaften|ionen"
    r"|nisse)"
)


# ----------------------------------------------------------------------------- finders

Candidate = tuple[int, int, str]  # start, end, kind


def _spans(pattern: re.Pattern[str], text: str, kind: str) -> Iterator[Candidate]:
    """Candidates of all matches; the named group ``id`` if the pattern has one."""
    group = "id" if "id" in pattern.groupindex else 0
    for match in pattern.finditer(text):
        yield (*match.span(group), kind)


def _find_email(text: str) -> Iterator[Candidate]:
    """E-mail addresses: find the domain part, then the local part before the "@"."""
    for domain in _EMAIL_DOMAIN.finditer(text):
        at = domain.start()
        if local := _EMAIL_LOCAL_PART.search(text, max(0, at - 64), at):
            yield local.start(), domain.end(), "email"
    yield from _find_spelled_email(text)


def _find_spelled_email(text: str) -> Iterator[Candidate]:
    """Spelled-out addresses; a bare word "at" only with spelled-out dots ("gmail dot com")."""
    for pattern in (_EMAIL_SPELLED_AT, _EMAIL_WORD_AT):
        for match in pattern.finditer(text):
            at = match.start()
            local = _EMAIL_LOCAL_PART_GAP.search(text, max(0, at - 67), at)
            if local is None or (not local["gap"] and _EMAIL_PLAIN.fullmatch(match.group())):
                continue  # no local part, or a plain address (_EMAIL_DOMAIN finds it)
            yield local.start(), match.end(), "email"


def _iban_valid(candidate: str) -> bool:
    """True for an all-digit account part or a correct ISO 13616 mod-97 checksum."""
    compact = "".join(candidate.split()).upper()
    if compact[4:].isdigit():
        return True
    rearranged = compact[4:] + compact[:4]
    return int(rearranged.translate(_IBAN_LETTER_VALUES)) % 97 == 1


def _find_iban(text: str) -> Iterator[Candidate]:
    """IBANs of the country's exact length, else mistyped all-digit ones."""
    for start_match in _IBAN_START.finditer(text):
        start, account_start = start_match.start() - 2, start_match.end()
        length = _IBAN_LENGTHS.get(text[start : start + 2].upper())
        if length is None:
            continue
        exact = _IBAN_ACCOUNT[length].match(text, account_start)
        if exact and _iban_valid(text[start : exact.end()]):
            yield start, exact.end(), "iban"
        elif digits := _IBAN_DIGITS.match(text, account_start):
            yield start, digits.end(), "iban"


def _find_fixed_shapes(text: str) -> Iterator[Candidate]:
    """Kundennummer, BG-Nummer and Rentenversicherungsnummer."""
    for match in _FIXED_SHAPES.finditer(text):
        yield match.start(), match.end(), str(match.lastgroup)


def _find_tax_id(text: str) -> Iterator[Candidate]:
    """Eleven-digit Steuer-IDs anywhere (Steuernummer formats: `_find_after_keyword`)."""
    yield from _spans(_TAX_ID, text, "tax_id")


def _trim_phone(text: str, start: int, end: int) -> int:
    """Drop a last space-separated group that is a single digit or followed by a unit."""
    last = _LAST_PHONE_GROUP.search(text, start, end)
    if last and (end - last.start() <= 2 or _UNIT_AHEAD.match(text, end)):
        return last.start()
    return end


def _find_phone(text: str) -> Iterator[Candidate]:
    """Phone numbers with at least seven digits that do not look like dates."""
    for match in _PHONE.finditer(text):
        start = match.start()
        end = _trim_phone(text, start, match.end())
        candidate = text[start:end]
        if sum(ch.isdigit() for ch in candidate) >= 7 and not _DATE_LIKE.fullmatch(candidate):
            yield start, end, "phone"


def _find_street(text: str) -> Iterator[Candidate]:
    """Street name plus house number; a lower-case preposition stays outside the span."""
    for match in _STREET.finditer(text):
        word = text[match.start() : max(match.end("adjective"), match.end("compound"))]
        if word not in _NOT_ADJECTIVE and word.lower() not in _NOT_A_STREET:
            yield match.start(), match.end(), "street_address"
    for match in _PREPOSITION_STREET.finditer(text):
        if text[match.start("name") : match.end("compound")].lower() not in _NOT_A_STREET:
            start = match.start() if text[match.start()].isupper() else match.start("name")
            yield start, match.end(), "street_address"


def _find_after_keyword(text: str) -> Iterator[Candidate]:
    """Postcodes and Steuernummer formats after a cue word ("PLZ 56130", "індекс 56130")."""
    for keyword in _KEYWORD.finditer(text):
        kind = _KEYWORD_KINDS[int(keyword.lastindex or 1) - 1]
        if number := _AFTER_KEYWORD[kind].match(text, keyword.end()):
            yield (*number.span("id"), kind)


def _find_postcode(text: str) -> Iterator[Candidate]:
    """Postcodes after ``D-`` or before a word that can be a town (after a keyword: see below)."""
    yield from _spans(_POSTCODE_WITH_COUNTRY, text, "postcode")
    for match in _POSTCODE.finditer(text):
        if not match.group().startswith("00") and not _NOT_A_PLACE.fullmatch(match["place"]):
            yield match.start(), match.end(), "postcode"


_FINDERS: tuple[Callable[[str], Iterator[Candidate]], ...] = (
    _find_email,
    _find_iban,
    _find_fixed_shapes,
    _find_tax_id,
    _find_phone,
    _find_street,
    _find_postcode,
    _find_after_keyword,
)
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
_MAX_PASSES = 4


# ----------------------------------------------------------------------------- resolution


def _resolve(text: str) -> list[Finding]:
    """Collect candidates of all kinds; keep earliest, then longest, non-overlapping spans."""
    candidates = sorted(
        (start, start - end, _RANK[kind], kind)
        for finder in _FINDERS
        for start, end, kind in finder(text)
        if end > start
    )
    findings: list[Finding] = []
    position = 0
    for start, negative_length, _rank, kind in candidates:
        if start >= position:
            position = start - negative_length
            findings.append(Finding(kind, start, position, text[start:position]))
    return findings


def _render(text: str, findings: list[Finding]) -> str:
    """Replace each finding's span by its placeholder."""
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(PLACEHOLDERS[finding.kind])
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def _map_back(text: str, findings: list[Finding], extra: list[Finding]) -> list[Finding]:
    """Translate findings in the masked text to spans of the original text."""
    mapped: list[Finding] = []
    for new in extra:
        shift = 0
        for old in findings:
            if old.start + shift >= new.start:
                break
            shift += len(PLACEHOLDERS[old.kind]) - (old.end - old.start)
        start, end = new.start - shift, new.end - shift
        if text[start:end] == new.original:  # never straddles a placeholder
            mapped.append(Finding(new.kind, start, end, new.original))
    return mapped


# ----------------------------------------------------------------------------- notations
# Detection runs on a normalised copy; only the findings' spans are taken back to the original.


_FEW = 8  # up to this many distinct characters to change, `str.replace` beats `translate`


@lru_cache(maxsize=4096)
def _detection_form(char: str) -> str:
    """How one non-ASCII character reads for detection: NFKC, then digits, spaces, dashes."""
    return "".join(_simple_form(c) for c in unicodedata.normalize("NFKC", char))


# Invisible characters outside the format category: they would split an identifier too.
_SHOWN_AS_NOTHING = frozenset(
    "\u034f"  # combining grapheme joiner
    "\u17b4\u17b5"  # Khmer inherent vowels
    "\u180b\u180c\u180d\u180f"  # Mongolian free variation selectors
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))  # variation selectors
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))  # variation selectors supplement
)
_SHOWN_AS_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800")  # Hangul fillers, Braille blank


# Arabic and Persian number punctuation read as the German one: "١٬٢٥٠٫٥٠" is "1.250,50" and
# "٢٥٪" is "25%", so an amount is never the tail of a phone number and a unit stays a unit.
_NUMBER_PUNCTUATION = {"\u066b": ",", "\u066c": ".", "\u066a": "%"}


def _simple_form(char: str) -> str:
    if char in _NUMBER_PUNCTUATION:
        return _NUMBER_PUNCTUATION[char]
    category = unicodedata.category(char)
    if category == "Cf" or char in _SHOWN_AS_NOTHING:  # zero-width, invisible: nothing
        return ""
    if char in _SHOWN_AS_BLANK:
        return " "
    if category == "Zs":
        return " "
    if category == "Pd" or char == "\u2212":  # dashes and the minus sign
        return "-"
    digit = unicodedata.decimal(char, None)
    return char if digit is None else str(digit)


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """The text for detection, and each of its offsets in ``text`` (None: the same offsets)."""
    if text.isascii():
        return text, None
    table = {
        ord(char): form
        for char in set(text)
        if not char.isascii() and (form := _detection_form(char)) != char
    }
    if not table:
        return text, None
    if all(len(form) == 1 for form in table.values()):
        if len(table) > _FEW:
            return text.translate(table), None
        for code, form in table.items():  # a few en dashes or no-break spaces: C speed
            text = text.replace(chr(code), form)
        return text, None
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        form = table.get(ord(char), char)
        parts.append(form)
        origin.extend([index] * len(form))
    origin.append(len(text))
    return "".join(parts), origin


def _to_original(text: str, origin: list[int] | None, found: list[Finding]) -> list[Finding]:
    """Findings in the normalised text as spans of ``text``, quoting its own characters."""
    findings: list[Finding] = []
    for finding in found:
        start, end = finding.start, finding.end
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        kind = finding.kind
        if findings and start < findings[-1].end:  # both end inside one expanded character
            previous = findings.pop()
            start, end, kind = previous.start, max(end, previous.end), previous.kind
        findings.append(Finding(kind, start, end, text[start:end]))
    return findings


# ----------------------------------------------------------------------------- public API


def _find_all(text: str) -> list[Finding]:
    """All findings in ``text``, including leftovers of glued identifiers (see module doc)."""
    findings = _resolve(text)
    masked = _render(text, findings)
    for _ in range(_MAX_PASSES if findings else 0):
        extra = _map_back(text, findings, _resolve(masked))
        if not extra:
            break
        findings = sorted([*findings, *extra], key=lambda finding: finding.start)
        masked = _render(text, findings)
    return findings


def mask_identifiers(text: str) -> MaskResult:
    """Replace identifiers in ``text`` by German placeholders and report what was found."""
    detected, origin = _normalise(text)
    findings = _find_all(detected)
    if detected is not text:
        findings = _to_original(text, origin, findings)
    return MaskResult(text=_render(text, findings), findings=tuple(findings))
