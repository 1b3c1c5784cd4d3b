"""Transparent classification hints and risk flags for a reaction's text: hints, never decisions.

Staff classify every reaction themselves (RL Nr. 4, GA 4.1 and Anlage 1); these hints only point
at wording worth a second look, and each one quotes the words that raised it, so a wrong hint is
easy to see through. The risks matter most: possible media attention must reach management at
once (GA 5.1, 5.3), hints of corruption go to the anti-corruption officer without telling the
employees concerned or their leads (GA 5.3), and threats or self-harm need a person now.

The rules are one data table, `RULES`, so they can be improved without touching the matcher;
bump `RULES_VERSION` when they change. Patterns are regular expressions written in lower case
with umlauts; the matcher adds the ae/oe/ue and ss spellings, ignores case, and anchors every
pattern at word boundaries, so a pattern spells out its own inflection (`zeitung\\w*`).

Linear time: the text is public input (up to 4,000 characters, 20,000 for staff entries), so
the matcher keeps every pattern linear in the text's length, whatever the table says:

- every `\\w*` / `\\w+` is read as at most `_MAX_AFFIX` word characters, so a repetition that
  fails can only give back a bounded number of characters (German compounds stay well below);
- a pattern that does not start with a literal letter (`\\w*zeitung`, `(?:rechts)?anwalt`)
  gets the word-start check `(?<!\\w)` inside the regex, so the engine tries it at word
  starts only; one that starts with a letter keeps the fast literal-prefix search and is
  checked for a word start in `_matches`, which then skips to the end of that word;
- a rule stops after `_MAX_QUOTES` distinct quotes: the reason never shows more.

Python's `re` was kept over the linear-time `re2` because the rules need lookarounds
(`widerspr(?:uch|üch)(?!lich)`), which `re2` lacks; tests/unit/test_linear_time.py holds the
promise with adversarial texts of every character class.

Decisions on borderline words (tests/unit/test_hints.py pins them):

- "widerspruchsfrei", "widersprüchlich" and "widerspricht" do not flag "widerspruch": they mean
  consistent / contradictory / contradicts, not a legal objection.
- "Presseausweis", "Pressestelle" and "Zeitungsredaktion" do flag "media": whoever mentions them
  may bring the press. "pressen", "Fernseher" (the set) and "Medienkompetenz" do not.
- "Mit freundlichen Grüßen" and a bare "Danke" are politeness, not praise (RL Nr. 4 Lob: praise
  goes "über eine höfliche Kommunikation hinaus").
- Praise, ideas and complaint words preceded by a negation ("nicht zufrieden") are skipped;
  threats never are, since a false alarm costs less than a missed one.
- Conduct wording names a person ("Frau X war unfreundlich"), but the reason quotes only the
  conduct word: reactions are documented without naming employees (GA 5.1, 5.3; RL Nr. 2).
- Kinds: when several match, the more specific one wins (`KIND_PRIORITY`). A Widerspruch beats a
  complaint because a missed objection costs the sender a legal remedy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

RULES_VERSION = "2025.1"


@dataclass(frozen=True)
class Rule:
    """One row of the table: a flag or a kind, and the patterns that raise it."""

    role: str  # "flag" or "kind"
    name: str
    patterns: tuple[str, ...]
    negatable: bool = False  # skip a match preceded by nicht/kein/nie


@dataclass(frozen=True)
class Flag:
    """A risk or routing hint, with the reason quoting the matched words."""

    name: str
    reason: str


@dataclass(frozen=True)
class Suggestion:
    """A suggested kind (or None) with its reason, and every flag raised."""

    kind: str | None
    reason: str | None
    flags: tuple[Flag, ...]


_PERSON = r"(?:herrn?|frau|\w*sachbearbeiter\w*|mitarbeiter\w*|fallmanager\w*|\w*vermittler\w*)"
_CONDUCT = (
    r"(?:unfreundlich\w*|unhöflich\w*|respektlos\w*|frech\w*|herablassend\w*|arrogant\w*"
    r"|beleidig\w*|angeschrien|angebrüllt|angeschnauzt|anschrei\w*|unverschämt\w*"
    r"|ungebührlich\w*|rassist\w*|diskriminier\w*|schikan\w*|nicht\s+(?:sehr\s+)?"
    r"(?:freundlich|höflich|respektvoll))"
)
_THANKS_FOR = (
    r"\s+für\s+(?:\w+\s+){0,3}?(?:hilfe|unterstützung|beratung|geduld|freundlichkeit|mühe)"
)

# fmt: off
RULES: tuple[Rule, ...] = (
    Rule("kind", "dienstaufsicht", (r"dienstaufsicht\w*",)),
    Rule("flag", "dienstaufsicht", (
        r"dienstaufsicht\w*",
        _PERSON + r"[^.!?\n]{0,80}?(?<!\w)(?P<w>" + _CONDUCT + ")",
        r"(?P<w>" + _CONDUCT + r")[^.!?\n]{0,40}?(?<!\w)(?:herrn?|frau)\s+\w+",
    )),
    Rule("flag", "petition", (
        r"petition\w*", r"bürgerbeauftragt\w*", r"bundestag\w*", r"landtag\w*",
        r"abgeordnet\w*",
    )),
    Rule("kind", "eingabe", (
        r"bmas", r"\w*ministerium\w*", r"\w*minister(?:in|s)?", r"senatsverwaltung\w*",
    )),
    Rule("flag", "widerspruch", (
        r"widerspr(?:uch|üch)(?!lich)(?!\w*frei)\w*", r"widersprech\w*", r"widersproch\w*",
        r"einspruch\w*", r"klage\w*", r"verklag\w*", r"einklag\w*", r"\w*sozialgericht\w*",
        r"(?:vor|zum|ans|beim)\s+gericht", r"rechtsbehelf\w*", r"rechtsmittel\w*",
        r"überprüfungsantrag\w*", r"eilantrag\w*", r"einstweilig\w*\s+(?:anordnung|rechtsschutz)",
    )),
    Rule("flag", "media", (
        r"presse(?!n)\w*", r"\w*zeitung\w*", r"journalist\w*", r"reporter\w*", r"redaktion\w*",
        r"fernseh(?!er\b|ers\b|gerät)\w*", r"medien(?:wirksam\w*|bericht\w*)?", r"massenmedien",
        r"(?:rechts|fach)?anwalt\w*", r"(?:rechts|fach)?anwält\w*",
        r"(?:an\s+die|in\s+die|in\s+der)\s+öffentlichkeit",
        r"(?:öffentlich|publik)\s+(?:zu\s+)?mach\w*",
        r"mach\w*\s+(?:\w+\s+){0,2}?(?:öffentlich|publik)",
        r"ard|zdf|rtl|ndr|rbb|swr|mdr|wdr",
    )),
    Rule("flag", "corruption", (
        r"bestech\w*", r"besticht", r"bestochen\w*", r"schmiergeld\w*", r"korrupt\w*",
        r"vorteilsannahme", r"vorteilsgewährung", r"vetternwirtschaft", r"unter\s+der\s+hand",
        r"zugesteckt", r"geschenk\w*(?:\s+\w+){0,4}?\s+(?:für|gegen)\s+(?:die\s+|eine\s+)?"
        r"(?:bearbeitung|bewilligung|genehmigung|antrag|termin)\w*",
        r"(?:geld|bargeld)(?:\s+\w+){0,3}?\s+(?:verlangt|gefordert|angeboten|zugesteckt)",
        r"gegen\s+(?:\d+\s*)?(?:euro|€|geld|bargeld|bezahlung)\s+(?:\w+\s+){0,3}?"
        r"(?:schneller|sofort|bevorzugt)",
    )),
    Rule("flag", "threat", (
        r"umbring\w*", r"umgebracht", r"umzubringen",
        r"bring\w*\s+(?:sie|dich|euch|ihn|mich)\s+(?:alle\s+)?um",
        r"(?:ge)?töte\w*", r"tötung\w*", r"gewalt(?!ig)\w*", r"\w*waffe(?:n\w*)?",
        r"(?:mir|mich|sich)\s+(?:etwas|was)\s+an(?:zu)?tun",
        r"tu\w*\s+(?:ich\s+)?mir\s+(?:etwas|was)\s+an",
        r"suizid\w*", r"selbstmord\w*", r"nicht\s+mehr\s+leben",
        r"(?:mir|mein)\s+(?:das\s+)?leben\s+(?:zu\s+)?nehmen", r"amok\w*", r"erschieß\w*",
        r"abstech\w*", r"abknall\w*", r"bombe\w*", r"werde\w*\s+(?:es\s+)?bereuen",
    )),
    Rule("kind", "leistungsmissbrauch", (
        r"leistungsmissbrauch\w*", r"sozial(?:leistungs)?betrug\w*", r"schwarzarbeit\w*",
        r"schwarz\s+(?:arbeit\w*|beschäftigt\w*)", r"arbeitet\w*\s+schwarz", r"erschleich\w*",
        r"erschlich\w*", r"zu\s+unrecht\s+(?:\w+\s+){0,2}?(?:leistungen|geld|bürgergeld|bezieh\w*)",
    )),
    Rule("kind", "datenschutz", (
        r"\w*datenschutz\w*", r"ds-?gvo",
        r"meine\w*\s+(?:\w+\s+)?daten\s+(?:\w+\s+){0,3}?"
        r"(?:weitergegeben|weitergeleitet|gelöscht|löschen|offengelegt)",
    )),
    Rule("kind", "ifg", (
        r"informationsfreiheit\w*", r"ifg", r"fragdenstaat\w*", r"interne\w*\s+weisung\w*",
    )),
    Rule("kind", "beschwerde", (
        r"beschwer\w*", r"\w+beschwerde\w*", r"beklag\w*", r"unzufrieden\w*", _CONDUCT,
        r"frechheit",
        r"zumutung", r"skandal\w*", r"katastroph\w*", r"enttäusch\w*", r"(?:ver)?ärger\w*",
        r"unmöglich\w*", r"schlecht\w*", r"untätig\w*", r"nicht\s+erreichbar",
        r"keine\s+(?:antwort|rückmeldung|reaktion)", r"niemand\w*\s+(?:\w+\s+){0,3}?erreich\w*",
        r"warte\w*\s+(?:schon\s+|bereits\s+)*seit",
        r"nicht\s+(?:sehr\s+)?(?:zufrieden|hilfsbereit)",
    ), negatable=True),
    Rule("flag", "idea", (
        r"\w*vorschlag\w*", r"schlag\w*\s+(?:\w+\s+){0,4}?vor", r"anregung\w*", r"idee\w*",
        r"wäre\s+(?:es\s+)?(?:\w+\s+){0,2}?"
        r"(?:schön|gut|toll|hilfreich|besser|sinnvoll|praktisch|super)",
        r"wünschenswert", r"wünsche\w*\s+(?:mir|uns)",
        r"würde\w*\s+(?:mir|uns)\s+(?:\w+\s+)?wünschen",
        r"verbesser\w*",
    ), negatable=True),
    Rule("flag", "praise", (
        r"zufrieden\w*", r"lob(?:e|en|t)?", r"gelobt", r"bedank\w*", r"dankbar\w*",
        r"(?:danke(?:schön|sehr)?|(?:vielen|herzlichen|besten|großen)\s+dank)" + _THANKS_FOR,
        r"freundlich(?:e|en|er|es|em)?(?!\s+gr)", r"freundlichkeit", r"hilfsbereit\w*",
        r"kompetent\w*", r"toll(?:e|en|er|es|em)?", r"super", r"hervorragend\w*",
        r"ausgezeichnet\w*", r"großartig\w*", r"prima", r"(?:sehr|richtig|echt)\s+gut\w*",
        r"geholfen", r"weiter\s+so",
    ), negatable=True),
    Rule("kind", "fachliche_anfrage", (
        r"wann\s+(?:wird|werden|kommt|kommen|bekomme|erhalte)", r"wie\s+lange\s+dauert",
        r"bearbeitungsstand\w*", r"stand\s+meines\s+antrag\w*", r"(?:ist|wurde)\s+mein\s+antrag",
        r"(?:wie|wo|was)\s+(?:kann|muss|soll)\s+ich",
    )),
)

# Flags that also suggest a kind.
FLAG_KINDS = {"petition": "petition", "widerspruch": "widerspruch", "idea": "idee", "praise": "lob"}
KIND_PRIORITY = (
    "dienstaufsicht", "petition", "eingabe", "leistungsmissbrauch", "datenschutz", "ifg",
    "widerspruch", "beschwerde", "idee", "lob", "fachliche_anfrage",
)
# fmt: on
HIGH_RISK_FLAGS = frozenset(("media", "threat", "corruption"))

_UMLAUTS = {"ä": "(?:ä|ae)", "ö": "(?:ö|oe)", "ü": "(?:ü|ue)", "ß": "(?:ß|ss)"}
_NEGATION = re.compile(r"(?<!\w)(?:nicht|kein\w*|nie|niemals)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_WORD = re.compile(r"\w")
_NON_WORD = re.compile(r"\W")
_MAX_QUOTES = 3
_MAX_AFFIX = 40  # word characters one `\w*` may take: compounds, not a run of 4,000 letters
_AFFIX = re.compile(r"\\w([*+])")


def _spellings(pattern: str) -> str:
    """Let ä/ö/ü/ß and ss in a pattern also match ae/oe/ue and ss/ß (outside [] and escapes).

    `\\w*` and `\\w+` become bounded repetitions (`_MAX_AFFIX`), see the module docstring.
    """
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if affix := _AFFIX.match(pattern, i):
            out.append(rf"\w{{{0 if affix[1] == '*' else 1},{_MAX_AFFIX}}}")
            i = affix.end()
        elif char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif char == "[":
            end = pattern.index("]", i + 2)
            out.append(pattern[i : end + 1])
            i = end + 1
        elif pattern.startswith("ss", i):
            out.append("(?:ss|ß)")
            i += 2
        else:
            out.append(_UMLAUTS.get(char, char))
            i += 1
    return "".join(out)


def _compile(pattern: str) -> re.Pattern[str]:
    """A table pattern as a regex for lower-cased text, ending at a word boundary.

    The start boundary of a pattern that starts with a letter is checked in `_matches`: a
    leading lookbehind would stop the regex engine from searching for the pattern's literal
    prefix, which makes matching ~5x slower. Any other pattern has no such prefix and gets the
    lookbehind, so that it is tried at word starts only.
    """
    start = "" if pattern[0].isalpha() else r"(?<!\w)"
    return re.compile(rf"{start}(?:{_spellings(pattern)})(?!\w)")


_COMPILED: tuple[tuple[Rule, tuple[re.Pattern[str], ...]], ...] = tuple(
    (rule, tuple(_compile(p) for p in rule.patterns)) for rule in RULES
)


def _lower(text: str) -> str:
    """`text` in lower case, character for character (positions stay valid for quoting)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _quote(text: str, match: re.Match[str]) -> str:
    """The words to quote: the `w` group if the pattern has one, else the whole match."""
    start, end = match.span("w") if "w" in match.re.groupindex else match.span()
    return " ".join(text[start:end].split())


def _word_end(text: str, position: int) -> int:
    """Where the word around `position` ends."""
    found = _NON_WORD.search(text, position)
    return found.start() if found else len(text)


def _matches(
    text: str, lowered: str, rule: Rule, patterns: tuple[re.Pattern[str], ...]
) -> list[str]:
    """The quoted words for the matches of one rule, in order, without repeats (at most 3)."""
    quotes: list[str] = []
    seen: set[str] = set()
    for pattern in patterns:
        match = pattern.search(lowered)
        while match and len(quotes) < _MAX_QUOTES:
            start = match.start()
            if start and _WORD.match(lowered, start - 1):  # inside a word: go to its end
                next_start = _word_end(lowered, start)
            elif rule.negatable and _NEGATION.search(lowered, max(0, start - 40), start):
                next_start = start + 1
            else:
                next_start = max(match.end(), start + 1)
                quote = _quote(text, match)
                if quote.casefold() not in seen:
                    seen.add(quote.casefold())
                    quotes.append(quote)
            match = pattern.search(lowered, next_start)
    return quotes


def _reason(quotes: list[str]) -> str:
    """`vorgeschlagen wegen: 'Zeitung', 'Anwalt'` (at most three quotes)."""
    return "vorgeschlagen wegen: " + ", ".join(f"'{q}'" for q in quotes[:_MAX_QUOTES])


def suggest(text: str) -> Suggestion:
    """Suggest a kind and raise flags for `text`, each with the words that caused it."""
    flags: dict[str, list[str]] = {}
    kinds: dict[str, list[str]] = {}
    lowered = _lower(text)
    for rule, patterns in _COMPILED:
        quotes = _matches(text, lowered, rule, patterns)
        if not quotes:
            continue
        target = flags if rule.role == "flag" else kinds
        target.setdefault(rule.name, []).extend(quotes)
        if rule.role == "flag" and rule.name in FLAG_KINDS:
            kinds.setdefault(FLAG_KINDS[rule.name], []).extend(quotes)
    kind = next((k for k in KIND_PRIORITY if k in kinds), None)
    return Suggestion(
        kind=kind,
        reason=_reason(kinds[kind]) if kind else None,
        flags=tuple(Flag(name, _reason(quotes)) for name, quotes in flags.items()),
    )


def is_high_risk(flags: Iterable[Flag]) -> bool:
    """True if any flag means report to management at once (media, threat, corruption)."""
    return any(flag.name in HIGH_RISK_FLAGS for flag in flags)


def routes_to_anti_corruption(flags: Iterable[Flag]) -> bool:
    """True if the reaction goes to the anti-corruption officer (GA 5.3), bypassing the leads."""
    return any(flag.name == "corruption" for flag in flags)
