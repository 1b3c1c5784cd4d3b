"""Transparent classification hints and risk flags for a reaction's text: hints, never decisions.

Staff classify every reaction themselves (RL Nr. 4, GA 4.1 and Anlage 1); these hints only point
at wording worth a second look, and each one quotes the words that raised it, so a wrong hint is
easy to see through. The risks matter most: possible media attention must reach management at
once (GA 5.1, 5.3), hints of corruption go to the anti-corruption officer without telling the
employees concerned or their leads (GA 5.3), and threats or self-harm need a person now.

The rules are one data table, `RULES`, so they can be improved without touching the matcher;
bump `RULES_VERSION` when they change. Patterns are regular expressions written in lower case,
anchored at word boundaries, so a pattern spells out its own inflection (`zeitung\\w*`).

Languages: the table speaks every language the public form offers: German (`_GERMAN`), and
English, Ukrainian, Russian, Arabic, Persian and Turkish (`FOREIGN`, one block per language).
A foreign rule carries a German gloss, and its reason says what the customer's word means:
`vorgeschlagen wegen: 'газети' (Zeitung)`; German matches keep `vorgeschlagen wegen: 'Zeitung'`.
A flag is the same flag in every language, so a Ukrainian corruption word routes the case to
the anti-corruption officer exactly as "Bestechung" does (`routes_to_anti_corruption`).
A language's rules run on texts in its script; Arabic and Persian share one, and a text with
Persian letters (پ چ ژ گ ک ی) is read with the Persian rules only, since the same word may mean
something else in Arabic ("عالی" is excellent in Persian, "عالي" high in Arabic).

Matching works on a folded copy of the text; the reason quotes the customer's original spelling:

- lower case, letter for letter; Turkish "İ" becomes "i" (Python's `lower` makes it "i" plus a
  combining dot), Russian "ё" becomes "е", Turkish "â/î/û" lose the circumflex, and ’ ʼ ` are "'";
- Arabic script: diacritics (harakat, tanwin, superscript alef) and tatweel are dropped, alef
  forms (أ إ آ ٱ) become ا, ى and Persian ی become ي, Persian ک becomes ك, ة and ۀ become ه; the
  patterns are folded the same way, so they are written as the words are spelled;
- zero-width (non-)joiners are dropped, so Persian "می‌روم" and "روزنامه‌ها" are one word each.

Spellings a pattern matches besides its own belong to its language: German patterns also match
ae/oe/ue and ss/ß for ä/ö/ü/ß; Turkish ones match the letters typed without Turkish keys (ş/s,
ç/c, ğ/g, ı/i, ö/o, ü/u; a letter written as a class, `bas[ı]n`, stays exact). Inflection: the
patterns spell it, `газет\\w*` (газета, газети, газеті, газету), `gazete\\w*` (gazeteye); Arabic
nouns take the prefixes و ف (and), ب ك ل (with, like, for) and ال (the) through `_AR`
("والصحافة", "بالصحافة", "للصحافة"), verbs و ف, the future س and a person prefix through `_ARV`.

Negation, for the negatable rules (complaints, ideas, praise), is per language: a negation word
up to two words before the match (German nicht/kein, English not/n't, Ukrainian and Russian
не, Arabic لا/لم/غير …), and in Persian and Turkish, where the verb carries it, a negation up to
one word after it (راضی نیستم, memnun değilim).

Linear time: the text is public input (up to 4,000 characters, 20,000 for staff entries), so
the matcher keeps every pattern linear in the text's length, whatever the table says:

- every `\\w*` / `\\w+` is read as at most `_MAX_AFFIX` word characters, so a repetition that
  fails can only give back a bounded number of characters (German compounds stay well below);
- a pattern that does not start with a literal letter (`\\w*zeitung`, `(?:rechts)?anwalt`,
  the Arabic prefixes) gets the word-start check `(?<!\\w)` inside the regex, so the engine
  tries it at word starts only; one that starts with a letter keeps the fast literal-prefix
  search and is checked for a word start in `_matches`, which then skips to the end of that word;
- a flag or kind stops after `_MAX_QUOTES` distinct quotes: the reason never shows more;
- a language's patterns run only on a text that holds a letter of its script (Latin, Cyrillic,
  Arabic), so a German text does not pay for the Arabic rules, and the folding is one pass;
- a pattern runs only where the strings its compiled regex needs occur (`_Prefilter`, read from
  the regex engine's own parse): one set of the text's three-letter runs and a substring test
  per needed string rule out most of the table, and a pattern whose need sits near its start
  is tried only there. Nothing else changes: tests/unit/test_hints_prefilter.py holds that
  every result equals the rule-by-rule search's.

Python's `re` was kept over the linear-time `re2` because the rules need lookarounds
(`widerspr(?:uch|üch)(?!lich)`), which `re2` lacks; tests/unit/test_linear_time.py holds the
promise with adversarial texts of every character class and script.

Decisions on borderline words (tests/unit/test_hints.py and the corpora in tests/unit/corpora/,
run by tests/unit/test_hints_languages.py, pin them):

- "widerspruchsfrei", "widersprüchlich" and "widerspricht" do not flag "widerspruch": they mean
  consistent / contradictory / contradicts, not a legal objection.
- "Presseausweis", "Pressestelle" and "Zeitungsredaktion" do flag "media": whoever mentions them
  may bring the press. "pressen", "Fernseher" (the set) and "Medienkompetenz" do not; nor do
  the Russian "пресс" (a press, the abs), the Turkish "basınç" (pressure) and "basın" as the
  verb ("düğmeye basın"), or a TV set in any language ("телевизор", "televizyonum bozuldu").
- A lawyer flags "media" in every language, as "Anwalt" does: "адвокат", "محامي", "avukat".
- "суд" (court) flags "widerspruch" in Ukrainian and Russian; "посуд", "судно", "судячи" do not.
- Arabic "صحة" (health) is no "صحافة" (press); "بواسطة" (by means of) is no "واسطة" (wasta,
  Vetternwirtschaft); "مسكين" (poor thing) is no "سكين" (knife).
- Bombing of a home town ("бомбардування", "بمباران") is the reason someone fled, not a threat;
  "a bomb", "бомба", "بمب" are.
- Turkish "dilekçe" is any written application ("itiraz dilekçesi"), not a petition; a job offer
  ("пропозиція роботи", "предложение о работе", "پیشنهاد کار") is no idea for the Jobcenter.
- "Mit freundlichen Grüßen" and a bare "Danke" are politeness, not praise (RL Nr. 4 Lob: praise
  goes "über eine höfliche Kommunikation hinaus"); so are "Kind regards", "З повагою",
  "مع التحية", "با تشکر", "Saygılarımla" and thanks in advance in every language.
- Praise, ideas and complaint words preceded by a negation ("nicht zufrieden") are skipped;
  threats never are, since a false alarm costs less than a missed one.
- Conduct wording names a person ("Frau X war unfreundlich"), but the reason quotes only the
  conduct word: reactions are documented without naming employees (GA 5.1, 5.3; RL Nr. 2).
- Kinds: when several match, the more specific one wins (`KIND_PRIORITY`). A Widerspruch beats a
  complaint because a missed objection costs the sender a legal remedy.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

RULES_VERSION = "2025.2"


@dataclass(frozen=True)
class Rule:
    """One row of the table: a flag or a kind, and the patterns that raise it.

    `lang` is the language the patterns are written in; a foreign rule has a `gloss`, what its
    words mean in German, which the reason shows after the quoted word.
    """

    role: str  # "flag" or "kind"
    name: str
    patterns: tuple[str, ...]
    negatable: bool = False  # skip a match preceded (or, in fa/tr, followed) by a negation
    lang: str = "de"
    gloss: str | None = None


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
_GERMAN: tuple[Rule, ...] = (
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
        r"abstech\w*", r"abknall\w*", r"bombe\w*",
        r"werde\w*\s+(?:es\s+|das\s+|sie\s+|ihr\s+)?(?:noch\s+)?bereuen",
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

# fmt: on


# --------------------------------------------------------------------------- other languages
# FOREIGN[language]["flag:media" | "kind:beschwerde" …][German gloss] = patterns. Each entry
# becomes one Rule (`_foreign_rules`); negatable as the German rule of the same name.

_AR = r"[وف]?[بكل]?(?:ال|ل)?"  # Arabic noun prefixes: and/so, with/like/for, the
_ARV = r"[وف]?س?[اينت]?"  # Arabic verb prefixes: and/so, future, person

_EN_PERSON = (
    r"(?:mrs?\.?|ms\.?|miss|(?:the|my|your|this|that|a|her|his)\s+(?:officer|case\s?worker"
    r"|clerk|employee|staff\s+member|advis[eo]r|case\s+manager|consultant|lady|man|woman"
    r"|gentleman|colleague)s?)"
)
_UK_PERSON = (
    r"(?:пан|пані|співробітни\w*|працівни\w*|консультант\w*|менеджер\w*|інспектор\w*"
    r"|чиновни\w*|службов\w*|куратор\w*)"
)
_RU_PERSON = (
    r"(?:господин\w*|госпож\w*|сотрудни\w*|работни\w*|консультант\w*|менеджер\w*"
    r"|инспектор\w*|чиновни\w*|куратор\w*)"
)
_AR_PERSON = r"(?:[وف]?(?:ال)?(?:موظف|سيد|استاذ|مستشار|مسؤول|مسوول)\w*)"
_FA_PERSON = r"(?:آقای|خانم\w*|کارمند\w*|مشاور\w*|مسئول\w*|مسوول\w*|مأمور\w*|مامور\w*)"
_TR_PERSON = (
    r"(?:bay|bayan|memur\w*|görevli\w*|danışman\w*|personel\w*|çalışan\w*|yetkili\w*"
    r"|hanım(?:a|dan|ın)?|bey(?:e|den|in)?)"
)


def _conduct(person: str, conduct: str) -> tuple[str, str]:
    """A person, then conduct, in one sentence, or the other way round; quoting the conduct."""
    return (
        person + r"[^.!?\n]{0,80}?(?<!\w)(?P<w>" + conduct + ")",
        r"(?P<w>" + conduct + r")[^.!?\n]{0,60}?(?<!\w)" + person,
    )


# fmt: off
FOREIGN: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "en": {
        "kind:dienstaufsicht": {
            "Dienstaufsichtsbeschwerde": (
                r"(?:disciplinary|supervisory)\s+complaints?",
                r"complaints?\s+against\s+(?:the\s+|an?\s+|your\s+)?(?:officer|employee"
                r"|case\s?worker|staff\s+member|advis[eo]r|clerk)s?",
            ),
        },
        "flag:dienstaufsicht": {
            "Dienstaufsichtsbeschwerde": (r"(?:disciplinary|supervisory)\s+complaints?",),
            "unhöflich": _conduct(_EN_PERSON, r"(?:rude\w*|disrespectful\w*|impolite|unfriendly"
                                              r"|arrogant\w*|condescending|patronising"
                                              r"|patronizing)"),
            "angeschrien": _conduct(_EN_PERSON, r"(?:shout\w*|yell\w*|scream\w*)"),
            "beleidigt": _conduct(_EN_PERSON, r"(?:insult\w*|humiliat\w*|mock\w*)"),
            "diskriminierend": _conduct(_EN_PERSON, r"(?:racist\w*|discriminat\w*|harass\w*)"),
        },
        "flag:petition": {
            "Petition": (r"petition\w*",),
            "Bürgerbeauftragte": (r"ombuds\w*", r"citizens'?\s+(?:commissioner|representative)"),
            "Bundestag": (r"federal\s+parliament",),
            "Landtag": (r"state\s+parliament",),
            "Parlament": (r"parliament\w*",),
            "Abgeordneter": (r"(?:my|local|our)\s+(?:mp|representative)",
                             r"members?\s+of\s+(?:the\s+)?parliament"),
        },
        "kind:eingabe": {
            "Ministerium": (r"ministr(?:y|ies)",),
            "Minister": (r"minister\w*",),
        },
        "flag:widerspruch": {
            "Widerspruch": (r"objection\w*", r"object(?:ing)?\s+to", r"appeal(?!ing)\w*"),
            "Klage": (r"lawsuit\w*", r"(?:will|going\s+to|gonna|i'll)\s+sue", r"suing",
                      r"legal\s+action", r"take\s+(?:\w+\s+){0,2}?to\s+court"),
            "Gericht": (r"(?:to|in|before|at)\s+(?:the\s+)?(?:social\s+)?court",
                        r"social\s+courts?"),
            "Überprüfungsantrag": (r"request\s+for\s+(?:a\s+)?(?:review|reconsideration)",),
            "Rechtsbehelf": (r"legal\s+remed(?:y|ies)",),
        },
        "flag:media": {
            "Zeitung": (r"newspapers?", r"tabloids?"),
            "Presse": (r"(?:the|local|national)\s+(?:local\s+|national\s+)?press",
                       r"press\s+(?:office|card|release"
                       r"|conference|officer)s?"),
            "Journalist": (r"journalist\w*", r"reporters?"),
            "Fernsehen": (r"(?:on|to)\s+(?:tv|television)",
                          r"(?:tv|television)\s+(?:station|channel|show|programme|program|news"
                          r"|crew|team)s?"),
            "Medien": (r"(?:social\s+)?media(?!\s?markt)",),
            "Anwalt": (r"lawyers?", r"attorneys?", r"solicitors?", r"legal\s+counsel"),
            "an die Öffentlichkeit": (r"go(?:ing)?\s+public",
                                      r"make\s+(?:\w+\s+){0,2}?public"),
        },
        "flag:corruption": {
            "Korruption": (r"corruption",),
            "korrupt": (r"corrupt(?:ly)?",),
            "Bestechung": (r"brib\w*",),
            "Schmiergeld": (r"kickbacks?", r"backhanders?"),
            "Vetternwirtschaft": (r"nepotism", r"favou?ritism", r"cronyism"),
            "unter der Hand": (r"under\s+the\s+table",),
            "Geld verlangt": (r"(?:demanded|wanted|asked\s+me\s+for)\s+(?:\w+\s+){0,2}?"
                              r"(?:money|cash|\d+\s*(?:euros?|€))",),
            "gegen Geld schneller": (r"for\s+(?:\d+\s*)?(?:euros?|€|money|cash)\s+(?:\w+\s+){0,3}?"
                                     r"(?:faster|quicker|sooner|priority)",),
        },
        "flag:threat": {
            "umbringen": (r"kill\w*", r"murder\w*"),
            "erschießen": (r"shoot\w*",),
            "Waffe": (r"weapons?", r"guns?", r"firearms?"),
            "Messer": (r"knife", r"knives", r"stab(?:s|bed|bing)?"),
            "Gewalt": (r"violen(?:ce|t)",),
            "Bombe": (r"bomb(?:s|ing)?", r"blow\s+(?:\w+\s+){0,2}?up"),
            "Amok": (r"rampage",),
            "Suizid": (r"suicid\w*",),
            "mir etwas antun": (r"(?:hurt|harm)\s+myself", r"self-?harm\w*",
                                r"end\s+(?:it\s+all|my\s+life)", r"take\s+my\s+(?:own\s+)?life"),
            "nicht mehr leben": (r"(?:don't|do\s+not)\s+want\s+to\s+(?:live|be\s+alive)",
                                 r"want\s+to\s+die", r"no\s+(?:reason|point)\s+(?:in\s+)?(?:to\s+)?"
                                 r"(?:live|living)", r"better\s+off\s+dead"),
            "werden es bereuen": (r"(?:you'll|you\s+will|you're\s+going\s+to|you\s+are\s+going"
                                  r"\s+to)\s+regret\w*",),
        },
        "kind:leistungsmissbrauch": {
            "Sozialbetrug": (r"(?:benefits?|welfare|social\s+security)\s+fraud",),
            "Schwarzarbeit": (r"work\w*\s+(?:\w+\s+)?(?:illegally|cash\s+in\s+hand"
                              r"|off\s+the\s+books)", r"undeclared\s+work"),
        },
        "kind:datenschutz": {
            "Datenschutz": (r"data\s+protection", r"gdpr", r"privacy"),
            "Daten weitergegeben": (r"my\s+(?:personal\s+)?data\s+(?:\w+\s+){0,3}?(?:passed\s+on"
                                    r"|shared|disclosed|deleted|forwarded)",),
        },
        "kind:ifg": {
            "Informationsfreiheit": (r"freedom\s+of\s+information",),
            "interne Weisungen": (r"internal\s+(?:instructions?|guidelines?|directives?)",),
        },
        "kind:beschwerde": {
            "Beschwerde": (r"complain\w*",),
            "unzufrieden": (r"dissatisfied", r"unhappy"),
            "enttäuscht": (r"disappoint\w*",),
            "Zumutung": (r"unacceptable",),
            "Skandal": (r"scandal\w*", r"outrage\w*", r"disgrace\w*"),
            "Katastrophe": (r"disaster\w*", r"catastroph\w*"),
            "schlecht": (r"terrible", r"awful", r"horrible"),
            "unfreundlich": (r"rude\w*", r"disrespectful"),
            "keine Antwort": (r"no\s+(?:answer|reply|response)",),
            "niemand erreichbar": (r"nobody\s+(?:\w+\s+){0,3}?(?:answers|answered|picks|calls"
                                   r"|reachable|replies|replied)", r"can't\s+reach\s+anyone"),
            "warte seit": (r"(?:been\s+)?waiting\s+(?:\w+\s+){0,2}?(?:since|for\s+(?:\w+\s+)?"
                           r"(?:days|weeks|months))",),
        },
        "flag:idea": {
            "Vorschlag": (r"suggestions?", r"(?:i|we)\s+(?:would\s+)?suggest", r"proposals?",
                          r"(?:i|we)\s+propose"),
            "Idee": (r"ideas?",),
            "wäre schön": (r"would\s+be\s+(?:\w+\s+)?(?:nice|good|great|helpful|better|useful"
                           r"|practical|easier)",),
            "wünsche mir": (r"i\s+wish",),
            "Verbesserung": (r"improv(?:e|ed|ement|ements|ing)",),
        },
        "flag:praise": {
            "zufrieden": (r"satisfied", r"(?:happy|pleased)\s+with"),
            "dankbar": (r"grateful", r"thankful"),
            "Danke für die Hilfe": (r"thank(?:s|\s+you)\s+(?:\w+\s+){0,2}?for\s+(?:\w+\s+){0,3}?"
                                    r"(?:help|support|advice|patience|kindness|effort|assistance)"
                                    r"\w*",),
            "freundlich": (r"friendly", r"polite", r"courteous"),
            "hilfsbereit": (r"helpful",),
            "kompetent": (r"competent",),
            "hervorragend": (r"excellent", r"outstanding", r"wonderful", r"amazing", r"fantastic"),
            "toll": (r"great",),
            "sehr gut": (r"(?:very|really)\s+good",),
            "geholfen": (r"helped\s+(?:me|us)", r"(?:has|have)\s+helped"),
            "weiter so": (r"keep\s+(?:it\s+)?up", r"well\s+done"),
            "Lob": (r"praise", r"compliments?"),
        },
        "kind:fachliche_anfrage": {
            "wann": (r"when\s+will", r"when\s+(?:do|can)\s+i\s+(?:get|receive)"),
            "wie lange dauert": (r"how\s+long\s+(?:does|will|do)",),
            "Bearbeitungsstand": (r"status\s+of\s+my\s+(?:application|claim)",
                                  r"(?:has|was)\s+my\s+application"),
            "wie kann ich": (r"(?:how|where|what)\s+(?:can|should|must|do)\s+i",),
        },
    },
    "uk": {
        "kind:dienstaufsicht": {
            "Dienstaufsichtsbeschwerde": (
                r"дисциплінарн\w*\s+скарг\w*",
                r"скарг\w*\s+на\s+(?:\w+\s+)?(?:співробітни|працівни|консультант|чиновни"
                r"|інспектор|менеджер)\w*",
            ),
        },
        "flag:dienstaufsicht": {
            "Dienstaufsichtsbeschwerde": (r"дисциплінарн\w*\s+скарг\w*",),
            "unhöflich": _conduct(_UK_PERSON, r"(?:груб\w*|нагруб\w*|хам\w*|нахам\w*"
                                              r"|неввічлив\w*|зневажлив\w*|зарозуміл\w*)"),
            "angeschrien": _conduct(_UK_PERSON, r"(?:кричал\w*|кричав|накрича\w*|наорал\w*"
                                                r"|верещал\w*)"),
            "beleidigt": _conduct(_UK_PERSON, r"(?:образи\w*|ображ\w*|принизи\w*|принижу\w*"
                                              r"|знуща\w*)"),
            "diskriminierend": _conduct(_UK_PERSON, r"(?:расист\w*|дискримін\w*)"),
        },
        "flag:petition": {
            "Petition": (r"петиці\w*",),
            "Bürgerbeauftragte": (r"омбудсмен\w*",
                                  r"уповноважен\w*\s+(?:\w+\s+){0,2}?прав\w*\s+людини"),
            "Bundestag": (r"бундестаг\w*",),
            "Landtag": (r"ландтаг\w*",),
            "Parlament": (r"парламент\w*",),
            "Abgeordneter": (r"депутат\w*",),
        },
        "kind:eingabe": {
            "Ministerium": (r"міністерств\w*",),
            "Minister": (r"міністр\w*",),
        },
        "flag:widerspruch": {
            "Widerspruch": (r"заперечен\w*", r"заперечую\s+проти"),
            "anfechten": (r"оскарж\w*", r"апеляці\w*"),
            "Klage": (r"позов\w*",),
            "Gericht": (r"суд(?:у|і|ом|ові|а|и|ів)?", r"судов\w*"),
            "Überprüfung": (r"перегляд\w*\s+(?:\w+\s+)?рішенн\w*",),
        },
        "flag:media": {
            "Zeitung": (r"газет\w*",),
            "Presse": (r"прес(?:а|и|і|у|ою)", r"прес-?(?:служб|конференці|реліз|секретар)\w*"),
            "Journalist": (r"журналіст\w*", r"репортер\w*", r"кореспондент\w*"),
            "Redaktion": (r"редакці\w*",),
            "Fernsehen": (r"телебачен\w*", r"телеканал\w*", r"(?:на|по)\s+(?:тб|тв)"),
            "Medien": (r"змі", r"медіа", r"соцмереж\w*", r"соціальн\w*\s+мереж\w*"),
            "Anwalt": (r"адвокат\w*", r"юрист\w*"),
            "an die Öffentlichkeit": (r"оприлюдн\w*", r"розголос\w*"),
        },
        "flag:corruption": {
            "Korruption": (r"корупці\w*",),
            "korrupt": (r"корумпован\w*",),
            "Bestechung": (r"хабар\w*", r"підкуп\w*"),
            "Vetternwirtschaft": (r"кумівств\w*",),
            "Geld verlangt": (r"вимага\w*\s+(?:\w+\s+){0,2}?(?:гроші|грошей|оплат\w*)",),
        },
        "flag:threat": {
            "umbringen": (r"[ву]б'?ю\w*", r"[ву]би(?:ти|в\w*|ва\w*)"),
            "erschießen": (r"застрел\w*", r"розстріля\w*"),
            "Waffe": (r"збро\w*", r"пістолет\w*"),
            "Messer": (r"ножем",),
            "Gewalt": (r"насильств\w*", r"насилля"),
            "Bombe": (r"бомб(?:а|у|ою|и)", r"підірв\w*"),
            "Suizid": (r"самогубств\w*", r"суїцид\w*"),
            "mir etwas antun": (r"покін(?:чу|чити)\s+(?:\w+\s+)?з\s+собою",
                                r"накла(?:сти|ду)\s+на\s+себе\s+руки",
                                r"заподі\w*\s+собі\s+шкоди"),
            "nicht mehr leben": (r"не\s+хочу\s+(?:більше\s+)?жити", r"немає\s+сенсу\s+жити"),
            "werden es bereuen": (r"пошкоду(?:єте|єш|ють)",),
        },
        "kind:leistungsmissbrauch": {
            "Schwarzarbeit": (r"працю\w*\s+(?:\w+\s+)?(?:нелегально|неофіційно|на\s+чорно"
                              r"|по-чорному|без\s+договору)",
                              r"нелегальн\w*\s+(?:робот|працевлаштуван)\w*"),
            "Sozialbetrug": (r"шахрайств\w*\s+з\s+(?:соціальн\w*\s+)?(?:допомог|виплат)\w*",),
            "zu Unrecht bezogen": (r"незаконно\s+отриму\w*",),
        },
        "kind:datenschutz": {
            "Datenschutz": (r"захист\w*\s+(?:персональн\w*\s+)?даних",
                            r"персональн\w*\s+дан\w*"),
        },
        "kind:ifg": {
            "Informationsfreiheit": (r"свобод\w*\s+інформаці\w*",
                                     r"доступ\w*\s+до\s+(?:публічн\w*\s+)?інформаці\w*"),
            "interne Weisungen": (r"внутрішн\w*\s+(?:інструкці|вказівк|розпорядж|правил)\w*",),
        },
        "kind:beschwerde": {
            "Beschwerde": (r"скарг\w*", r"скарж\w*", r"поскарж\w*"),
            "unzufrieden": (r"незадоволен\w*",),
            "empört": (r"обурен\w*", r"обурлив\w*"),
            "enttäuscht": (r"розчарован\w*",),
            "Katastrophe": (r"жахлив\w*",),
            "Zumutung": (r"неприйнятн\w*",),
            "Skandal": (r"неподобств\w*", r"скандал\w*"),
            "unfreundlich": (r"груб\w*", r"нахаб\w*"),
            "keine Antwort": (r"(?:немає|жодної)\s+(?:\w+\s+)?відповіді",),
            "niemand erreichbar": (r"ніхто\s+не\s+(?:відповіда\w*|бере\s+трубку|передзвон\w*)",),
            "warte seit": (r"чека\w*\s+(?:вже\s+|уже\s+)?(?:\w+\s+)?(?:тижн\w*|тиждень|місяц\w*"
                           r"|днів)",),
        },
        "flag:idea": {
            "Vorschlag": (r"пропозиці\w*(?!\s+(?:щодо\s+)?(?:робот|працевлаштуван|ваканс))",
                          r"пропону(?:ю|ємо)"),
            "Idee": (r"іде(?:я|ї|ю|єю)",),
            "wäre schön": (r"було\s+б(?:и)?\s+(?:\w+\s+)?(?:добре|чудово|краще|корисно|зручно"
                           r"|непогано|гарно)",),
            "wünschenswert": (r"бажано", r"хотілося\s+б(?:и)?"),
            "Verbesserung": (r"покращ\w*", r"поліпш\w*"),
        },
        "flag:praise": {
            "zufrieden": (r"задоволен(?!н)\w*",),
            "dankbar": (r"вдячн\w*",),
            "Danke für die Hilfe": (r"(?:дяку\w*|спасибі)\s+(?:\w+\s+){0,2}?за\s+(?:\w+\s+){0,3}?"
                                    r"(?:допомог|підтримк|консультаці|терпінн|порад|турбот"
                                    r"|розумінн)\w*",),
            "freundlich": (r"привітн\w*", r"доброзичлив\w*", r"люб'язн\w*"),
            "höflich": (r"ввічлив\w*",),
            "kompetent": (r"компетентн\w*",),
            "hervorragend": (r"чудов(?!ищ)\w*", r"прекрасн\w*"),
            "sehr gut": (r"дуже\s+(?:добр|гарн)\w*",),
            "geholfen": (r"допомогл\w*", r"допоміг"),
            "weiter so": (r"так\s+тримати", r"молодц\w*"),
            "Lob": (r"похвал\w*",),
        },
        "kind:fachliche_anfrage": {
            "wann": (r"коли\s+(?:буде|будуть|прийд\w*|отрима\w*|розглян\w*|надійд\w*)",),
            "wie lange dauert": (r"скільки\s+(?:ще\s+)?(?:часу\s+)?(?:трива\w*|чекати)",),
            "Bearbeitungsstand": (r"(?:статус|стан)\w*\s+(?:моєї\s+)?заяв\w*",),
            "wie kann ich": (r"(?:як|де|що)\s+(?:мені\s+)?(?:можна|треба|потрібно|слід)",),
        },
    },
    "ru": {
        "kind:dienstaufsicht": {
            "Dienstaufsichtsbeschwerde": (
                r"дисциплинарн\w*\s+жалоб\w*",
                r"жалоб\w*\s+на\s+(?:\w+\s+)?(?:сотрудни|работни|консультант|чиновни|инспектор"
                r"|менеджер)\w*",
            ),
        },
        "flag:dienstaufsicht": {
            "Dienstaufsichtsbeschwerde": (r"дисциплинарн\w*\s+жалоб\w*",),
            "unhöflich": _conduct(_RU_PERSON, r"(?:груб\w*|нагруб\w*|хам\w*|нахам\w*"
                                              r"|невежлив\w*|неприветлив\w*|высокомерн\w*"
                                              r"|пренебрежительн\w*)"),
            "angeschrien": _conduct(_RU_PERSON, r"(?:кричал\w*|накрича\w*|орал\w*|наорал\w*)"),
            "beleidigt": _conduct(_RU_PERSON, r"(?:оскорб\w*|унизи\w*|униж\w*|издева\w*)"),
            "diskriminierend": _conduct(_RU_PERSON, r"(?:расист\w*|дискриминац\w*"
                                                    r"|дискриминир\w*)"),
        },
        "flag:petition": {
            "Petition": (r"петици\w*",),
            "Bürgerbeauftragte": (r"омбудсмен\w*",
                                  r"уполномоченн\w*\s+(?:\w+\s+){0,2}?прав\w*\s+человека"),
            "Bundestag": (r"бундестаг\w*",),
            "Landtag": (r"ландтаг\w*",),
            "Parlament": (r"парламент\w*",),
            "Abgeordneter": (r"депутат\w*",),
        },
        "kind:eingabe": {
            "Ministerium": (r"министерств\w*",),
            "Minister": (r"министр\w*",),
        },
        "flag:widerspruch": {
            "Widerspruch": (r"возражени\w*", r"возража\w*"),
            "anfechten": (r"обжал\w*", r"апелляци\w*", r"оспор\w*", r"оспарива\w*"),
            "Klage": (r"иск(?:а|у|ом|е|и|ов)?", r"исков\w*"),
            "Gericht": (r"суд(?:а|у|е|ом|ы|ов)?", r"судебн\w*"),
            "Überprüfung": (r"пересмотр\w*\s+(?:\w+\s+)?решени\w*",),
        },
        "flag:media": {
            "Zeitung": (r"газет\w*",),
            "Presse": (r"пресс(?:ы|е|у|ой)", r"(?<!\bу\s)(?<!\bот\s)(?<!\bдля\s)пресса",
                       r"пресс-?(?:служб|конференци|релиз|секретар)\w*"),
            "Journalist": (r"журналист\w*", r"репортер\w*", r"корреспондент\w*"),
            "Redaktion": (r"редакци\w*",),
            "Fernsehen": (r"телевидени\w*", r"телеканал\w*", r"(?:на|по)\s+тв"),
            "Medien": (r"сми", r"медиа", r"соцсет\w*", r"социальн\w*\s+сет\w*"),
            "Anwalt": (r"адвокат\w*", r"юрист\w*"),
            "an die Öffentlichkeit": (r"огласк\w*", r"обнародую", r"предам\s+гласности"),
        },
        "flag:corruption": {
            "Korruption": (r"коррупц\w*",),
            "korrupt": (r"коррумпир\w*", r"продажн\w*"),
            "Bestechung": (r"взятк\w*", r"подкуп\w*", r"взяточ\w*"),
            "Schmiergeld": (r"откат(?:ы|ов)?",),
            "Vetternwirtschaft": (r"кумовств\w*", r"блат\w*"),
            "Geld verlangt": (r"(?:требовал|вымогал)\w*\s+(?:\w+\s+){0,2}?(?:деньг|денег|взятк)\w*",
                              r"вымогательств\w*"),
        },
        "flag:threat": {
            "umbringen": (r"уб(?:ью|ить|ей|ил\w*|ива\w*|ийств\w*|ийц\w*)",),
            "erschießen": (r"застрел\w*", r"расстреля\w*", r"пристрел\w*"),
            "Waffe": (r"оружи\w*", r"пистолет\w*"),
            "Messer": (r"нож(?:ом)?",),
            "Gewalt": (r"насили\w*",),
            "Bombe": (r"бомб(?:а|у|ой|ы)", r"взорв\w*"),
            "Suizid": (r"самоубийств\w*", r"суицид\w*"),
            "mir etwas antun": (r"поконч\w*\s+с\s+собой", r"наложу\s+на\s+себя\s+руки",
                                r"причин\w*\s+себе\s+вред"),
            "nicht mehr leben": (r"не\s+хочу\s+(?:больше\s+)?жить", r"нет\s+смысла\s+жить"),
            "werden es bereuen": (r"пожале(?:ете|ешь|ют)",),
        },
        "kind:leistungsmissbrauch": {
            "Schwarzarbeit": (r"работа\w*\s+(?:\w+\s+)?(?:нелегально|неофициально|по-черному"
                              r"|вчерную|без\s+договора)", r"нелегальн\w*\s+работ\w*"),
            "Sozialbetrug": (r"мошенничеств\w*\s+с\s+(?:социальн\w*\s+)?(?:пособи|выплат)\w*",),
            "zu Unrecht bezogen": (r"незаконно\s+получа\w*",),
        },
        "kind:datenschutz": {
            "Datenschutz": (r"защит\w*\s+(?:персональн\w*\s+)?данных",
                            r"персональн\w*\s+данн\w*"),
        },
        "kind:ifg": {
            "Informationsfreiheit": (r"свобод\w*\s+информаци\w*",
                                     r"доступ\w*\s+к\s+информаци\w*"),
            "interne Weisungen": (r"внутренн\w*\s+(?:инструкци|указани|распоряжени|правил)\w*",),
        },
        "kind:beschwerde": {
            "Beschwerde": (r"жалоб\w*", r"жалу(?:юсь|ется|ются|ться|емся)", r"пожалуюсь",
                           r"жаловаться", r"пожаловаться",
                           r"пожаловал(?:ся|ась|ись)"),
            "unzufrieden": (r"недоволен\w*", r"недовольн\w*"),
            "empört": (r"возмущ\w*", r"возмутительн\w*"),
            "enttäuscht": (r"разочарован\w*",),
            "Katastrophe": (r"ужасн\w*", r"кошмар\w*"),
            "Zumutung": (r"неприемлем\w*",),
            "Skandal": (r"безобрази\w*", r"скандал\w*"),
            "unfreundlich": (r"груб\w*", r"хамств\w*"),
            "keine Antwort": (r"нет\s+(?:\w+\s+)?ответа", r"никакого\s+ответа"),
            "niemand erreichbar": (r"никто\s+не\s+(?:отвеча\w*|бер\w*\s+трубку|перезвон\w*)",),
            "warte seit": (r"жд(?:у|ем|ём)\s+(?:уже\s+)?(?:\w+\s+)?(?:недел\w*|месяц\w*|дн\w*)",),
        },
        "flag:idea": {
            "Vorschlag": (r"предложени\w*(?!\s+(?:о|по)\s+(?:работ|трудоустройств))",
                          r"предлага(?:ю|ем)"),
            "Idee": (r"иде(?:я|и|ю|ей|ями)",),
            "wäre schön": (r"было\s+бы\s+(?:\w+\s+)?(?:хорошо|здорово|лучше|полезно|удобно"
                           r"|неплохо|отлично|замечательно)",),
            "wünschenswert": (r"желательно", r"хотелось\s+бы"),
            "Verbesserung": (r"улучш\w*",),
        },
        "flag:praise": {
            "zufrieden": (r"доволен", r"довольн(?:а|ы)", r"удовлетворен\w*"),
            "dankbar": (r"благодарн\w*", r"признателен\w*", r"признательн\w*"),
            "Danke für die Hilfe": (r"(?:благодар\w*|спасибо)\s+(?:\w+\s+){0,2}?за\s+"
                                    r"(?:\w+\s+){0,3}?(?:помощ|поддержк|консультаци|терпени|совет|забот|поним"
                                    r"|внимательн)\w*",),
            "freundlich": (r"приветлив\w*", r"доброжелательн\w*", r"любезн\w*"),
            "höflich": (r"вежлив\w*",),
            "kompetent": (r"компетентн\w*",),
            "hervorragend": (r"отличн\w*", r"прекрасн\w*", r"замечательн\w*"),
            "sehr gut": (r"очень\s+хорош\w*",),
            "geholfen": (r"помог(?:ла|ли)?",),
            "weiter so": (r"так\s+держать", r"молодц\w*"),
            "Lob": (r"похвал\w*",),
        },
        "kind:fachliche_anfrage": {
            "wann": (r"когда\s+(?:будет|будут|прид\w*|получ\w*|рассмотр\w*|поступ\w*)",),
            "wie lange dauert": (r"сколько\s+(?:еще\s+)?(?:времени\s+)?(?:длит\w*|ждать"
                                 r"|займ\w*)",),
            "Bearbeitungsstand": (r"(?:статус|состояни)\w*\s+(?:моего\s+)?заявлени\w*",),
            "wie kann ich": (r"(?:как|где|что)\s+(?:мне\s+)?(?:можно|нужно|надо|следует)",),
        },
    },
    "ar": {
        "kind:dienstaufsicht": {
            "Dienstaufsichtsbeschwerde": (
                _AR + r"شكو(?:ى|ي)\s+(?:\w+\s+)?(?:ضد|على|بحق)\s+" + _AR_PERSON,
                _AR + r"شكو(?:ى|ي)\s+تأديبي\w*",
            ),
        },
        "flag:dienstaufsicht": {
            "Dienstaufsichtsbeschwerde": (_AR + r"شكو(?:ى|ي)\s+تأديبي\w*",),
            "unhöflich": _conduct(_AR_PERSON, r"(?:[وبف]?(?:ال)?وقا?ح\w*|غير\s+(?:محترم|مهذب"
                                              r"|لطيف)\w*|قليل\w*\s+(?:ال)?أدب|متعجرف\w*"
                                              r"|متكبر\w*)"),
            "angeschrien": _conduct(_AR_PERSON, r"(?:[وف]?[يت]?صرخ\w*|[وف]?صاح\w*"
                                                r"|رفع\w*\s+صوت\w*)"),
            "beleidigt": _conduct(_AR_PERSON, r"(?:[وف]?[أايت]هان\w*|[وف]?إهان\w*"
                                              r"|[وف]?[يت]?سخر\w*|[وف]?استهزأ\w*)"),
            "diskriminierend": _conduct(_AR_PERSON, r"(?:عنصري\w*|بعنصري\w*|تمييز\w*)"),
        },
        "flag:petition": {
            "Petition": (_AR + r"عريض(?:ة|ه)\w*", _AR + r"التماس\w*"),
            "Bürgerbeauftragte": (r"(?:ال)?أمين\s+(?:ال)?مظالم", r"ديوان\s+(?:ال)?مظالم"),
            "Bundestag": (_AR + r"بوندستا(?:غ|ج|ق)",),
            "Landtag": (_AR + r"لاندتا(?:غ|ج|ق)",),
            "Parlament": (_AR + r"برلمان\w*",),
            "Abgeordneter": (r"مجلس\s+(?:ال)?نواب", r"نائب\s+في\s+(?:ال)?برلمان"),
        },
        "kind:eingabe": {
            "Ministerium": (_AR + r"وزار(?:ة|ه|ت)\w*",),
            "Minister": (_AR + r"وزير\w*",),
        },
        "flag:widerspruch": {
            "Widerspruch": (_AR + r"اعتراض\w*", r"[وف]?س?[أاينت]عترض\w*", _AR + r"تظلم\w*"),
            "Einspruch": (r"(?:ال)?طعن\s+(?:في|على|ضد)", _AR + r"استئناف\w*"),
            "Klage": (_AR + r"دعو(?:ى|ي|ا)\w*", r"[وف]?س?[أا]?رفع\w*\s+(?:ال)?(?:قضية|دعوى)"),
            "Gericht": (_AR + r"محكم(?:ة|ه|ت)\w*",),
            "Überprüfung": (r"إعاد(?:ة|ه)\s+(?:ال)?نظر",),
        },
        "flag:media": {
            "Zeitung": (_AR + r"صحيف\w*", _AR + r"جريد\w*", _AR + r"صحف(?!ي)\w*"),
            "Presse": (_AR + r"صحاف(?!ي)\w*",),
            "Journalist": (_AR + r"صحفي\w*", _AR + r"صحافي\w*", _AR + r"مراسل(?:ين|ون)?"),
            "Fernsehen": (r"(?:على|في|إلى)\s+(?:ال)?(?:تلفزيون|تلفاز|شاش)\w*",
                          r"[وف]?لل?تلفزيون\w*", r"(?:ال)?قنوات\s+(?:ال)?تلفزيون\w*"),
            "Medien": (r"وسائل\s+(?:ال)?(?:إعلام|تواصل)\w*", r"[وف]?(?:[بك]?ال|لل)إعلام\w*",
                       r"(?:ال)?سوشيال\s+ميديا", r"(?:ال)?ميديا"),
            "Anwalt": (_AR + r"محام\w*",),
            "an die Öffentlichkeit": (_ARV + r"فضح\w*", r"(?:ال)?رأي\s+(?:ال)?عام"),
        },
        "flag:corruption": {
            "Korruption": (_AR + r"فساد",),
            "Bestechung": (_AR + r"رشو(?:ة|ه|ات)", _AR + r"رشاو(?:ى|ي|ا)", r"(?:ال)?مرتش\w*",
                           r"[وف]?[اي]رتش\w*"),
            "Vetternwirtschaft": (r"[وف]?(?:[بل]?ال)?واسط(?:ة|ه|ات)", _AR + r"محسوبي\w*"),
            "unter der Hand": (r"تحت\s+(?:ال)?طاول\w*",),
            "Geld verlangt": (r"[وف]?[يت]?طلب\w*\s+مني\s+(?:\w+\s+)?"
                              r"(?:مال|مبلغ|نقود|فلوس|رشو)\w*",),
            "gegen Geld": (r"مقابل\s+(?:\w+\s+)?(?:ال)?(?:مال|مبلغ|نقود|فلوس)\w*",),
        },
        "flag:threat": {
            "umbringen": (_ARV + r"قتل\w*",),
            "Waffe": (_AR + r"سلاح\w*", _AR + r"أسلح\w*", _AR + r"مسدس\w*"),
            "Messer": (_AR + r"سكين\w*",),
            "Gewalt": (_AR + r"عنف", _AR + r"عنيف\w*"),
            "erschießen": (r"[وف]?س?[أاين]?طلق\s+(?:ال)?نار\w*",),
            "Bombe": (_AR + r"قنبل\w*", r"[وف]?س?[أاين]فجر\w*", _AR + r"تفجير\w*"),
            "Suizid": (_AR + r"انتحار\w*", r"[وف]?س?[أاين]?نتحر\w*"),
            "mir etwas antun": (r"(?:أؤذي|أوذي|إيذاء)\s+نفسي", r"أنهي\s+حياتي",
                                r"(?:أضع|سأضع)\s+حدا\s+لحياتي"),
            "nicht mehr leben": (r"لا\s+أريد\s+(?:أن\s+)?(?:أعيش|العيش|الحياة)",
                                 r"أتمنى\s+الموت"),
            "werden es bereuen": (r"[وف]?س?[تي]ندم(?:ون|ين|وا)?",),
        },
        "kind:leistungsmissbrauch": {
            "Schwarzarbeit": (r"[يت]عمل\w*\s+(?:\w+\s+)?(?:بشكل\s+)?(?:غير\s+قانوني|بالأسود"
                              r"|بدون\s+(?:عقد|تسجيل)|بالخفاء|في\s+السر)",
                              r"(?:ال)?عمل\s+(?:ال)?(?:أسود|غير\s+(?:ال)?قانوني)"),
            "Sozialbetrug": (_AR + r"احتيال\w*\s+(?:على\s+)?(?:ال)?(?:مساعدات|إعانات|جوب\s?سنتر)",),
            "zu Unrecht bezogen": (r"[يت](?:حصل|تقاضى|أخذ)\w*\s+(?:\w+\s+){0,3}?(?:بدون|بغير)"
                                   r"\s+(?:وجه\s+)?حق",),
        },
        "kind:datenschutz": {
            "Datenschutz": (r"حماي(?:ة|ه)\s+(?:ال)?بيانات", _AR + r"خصوصي(?:ة|ه|ت)\w*",
                            r"(?:ال)?بيانات\w*\s+(?:ال)?شخصي\w*"),
        },
        "kind:ifg": {
            "Informationsfreiheit": (r"حري(?:ة|ه)\s+(?:ال)?(?:معلومات|وصول)",),
            "interne Weisungen": (r"(?:ال)?(?:تعليمات|توجيهات|لوائح)\s+(?:ال)?داخلي\w*",),
        },
        "kind:beschwerde": {
            "Beschwerde": (_AR + r"شكو(?:ى|ي|ا)\w*", _AR + r"شكاو(?:ى|ي)\w*",
                           r"[وف]?س?[أاينت]شتك\w*"),
            "unzufrieden": (r"غير\s+راض\w*", _AR + r"مستاء\w*", _AR + r"مستاؤ\w*"),
            "enttäuscht": (r"خيب\w*\s+(?:ال)?أمل\w*",),
            "Skandal": (_AR + r"فضيح\w*",),
            "Katastrophe": (_AR + r"كارث\w*",),
            "schlecht": (_AR + r"سيئ\w*", _AR + r"سيء"),
            "Zumutung": (r"غير\s+مقبول\w*",),
            "keine Antwort": (r"(?:لم|لا)\s+(?:\w+\s+){0,2}?(?:ردا?|جواب|إجابة|إجابه)",),
            "niemand erreichbar": (r"لا\s+أحد\s+(?:\w+\s+)?(?:يرد|يجيب|يتصل|يساعد)\w*",),
            "warte seit": (r"[أاين]?نتظر\w*\s+(?:\w+\s+)?منذ",),
        },
        "flag:idea": {
            "Vorschlag": (_AR + r"اقتراح\w*", r"[وف]?[أاين]قترح\w*"),
            "Idee": (_AR + r"فكر(?:ة|ه|ت)\w*", _AR + r"أفكار\w*"),
            "wäre schön": (r"(?:سيكون|يكون|كان|سيصبح)\s+(?:من\s+)?(?:ال)?(?:جيد|أفضل|مفيد|رائع"
                           r"|أحسن|جميل|أسهل)\w*",),
            "wünsche mir": (r"أتمنى\s+لو",),
            "Verbesserung": (_AR + r"تحسين\w*",),
        },
        "flag:praise": {
            "zufrieden": (_AR + r"راض(?:ي|ية|يه|ون|ين|يا|ية)?",),
            "dankbar": (_AR + r"ممتن\w*",),
            "Danke für die Hilfe": (r"(?:شكرا|أشكر\w*|نشكر\w*)\s+(?:\w+\s+){0,2}?(?:على|ل)\s*"
                                    r"(?:\w+\s+){0,2}?(?:ال)?(?:مساعد|دعم|صبر|نصيح|استشار"
                                    r"|اهتمام|تعاون)\w*",),
            "freundlich": (_AR + r"لطيف\w*", _AR + r"ودود\w*"),
            "höflich": (_AR + r"مهذب\w*",),
            "hilfsbereit": (_AR + r"متعاون\w*",),
            "kompetent": (_AR + r"كفؤ\w*", _AR + r"محترف\w*"),
            "hervorragend": (_AR + r"ممتاز\w*", _AR + r"رائع\w*"),
            "sehr gut": (r"(?:جيد|جميل)\w*\s+جدا",),
            "geholfen": (r"(?:لقد\s+|قد\s+)?ساعد(?:تني|تنا)", r"لقد\s+ساعد\w*",
                         r"ساعد\w*\s+(?:\w+\s+)?كثيرا"),
            "weiter so": (r"أحسنت\w*", r"بارك\s+الله\s+في\w*"),
        },
        "kind:fachliche_anfrage": {
            "wann": (r"متى\s+(?:سوف\s+)?(?:س|ي|ت|أ|ن)\w+",),
            "wie lange dauert": (r"كم\s+(?:من\s+)?(?:ال)?(?:وقت|مدة|مده)",),
            "Bearbeitungsstand": (r"(?:حال(?:ة|ه)|وضع)\s+(?:طلبي|معاملتي)",),
            "wie kann ich": (r"(?:كيف|أين|ماذا)\s+(?:يمكنني|يجب|أستطيع|أقدم|علي)\w*",),
        },
    },
    "fa": {
        "kind:dienstaufsicht": {
            "Dienstaufsichtsbeschwerde": (
                r"شکایت\w*\s+(?:\w+\s+)?(?:از|علیه)\s+" + _FA_PERSON,
                r"شکایت\w*\s+انضباطی",
            ),
        },
        "flag:dienstaufsicht": {
            "Dienstaufsichtsbeschwerde": (r"شکایت\w*\s+انضباطی",),
            "unhöflich": _conduct(_FA_PERSON, r"(?:بی\s?ادب\w*|بی\s?احترام\w*|بد\s?اخلاق\w*"
                                              r"|گستاخ\w*|بد\s?رفتار\w*)"),
            "angeschrien": _conduct(_FA_PERSON, r"(?:داد\s+(?:زد|کشید)\w*|فریاد\s+(?:زد|کشید)"
                                                r"\w*|سرم\s+داد\w*)"),
            "beleidigt": _conduct(_FA_PERSON, r"(?:توهین\w*|تحقیر\w*|مسخره\w*)"),
            "diskriminierend": _conduct(_FA_PERSON, r"(?:نژادپرست\w*|تبعیض\w*)"),
        },
        "flag:petition": {
            "Petition": (r"طومار\w*", r"پتیشن\w*", r"عریضه\w*"),
            "Bürgerbeauftragte": (r"آمبودزمن\w*", r"اومبودزمن\w*",
                                  r"مدافع\s+حقوق\s+شهروند\w*"),
            "Bundestag": (r"بوندستاگ\w*", r"بوندس\s?تاگ\w*"),
            "Landtag": (r"لاندتاگ\w*",),
            "Parlament": (r"پارلمان\w*", r"مجلس\s+(?:فدرال|ایالتی|آلمان)\w*"),
            "Abgeordneter": (r"نماینده\w*\s+(?:مجلس|پارلمان)\w*",),
        },
        "kind:eingabe": {
            "Ministerium": (r"وزارت\w*", r"وزارتخانه\w*"),
            "Minister": (r"وزیر\w*",),
        },
        "flag:widerspruch": {
            "Widerspruch": (r"اعتراض\w*", r"معترض\w*"),
            "Klage": (r"دادخواست\w*",),
            "Gericht": (r"دادگاه\w*",),
            "Überprüfung": (r"تجدید\s?نظر\w*",),
        },
        "flag:media": {
            "Journalist": (r"خبرنگار\w*", r"روزنامه\s?نگار\w*"),
            "Zeitung": (r"روزنامه(?!\s?نگار)\w*",),
            "Presse": (r"مطبوعات\w*",),
            "Fernsehen": (r"(?:در|به|تو|توی|از)\s+تلویزیون\w*", r"شبکه\w*\s+(?:تلویزیون|خبری)\w*"),
            "Medien": (r"رسانه\w*", r"شبکه\w*\s+اجتماعی", r"فضای\s+مجازی"),
            "Anwalt": (r"وکیل\w*",),
            "an die Öffentlichkeit": (r"افشا\w*", r"علنی\w*"),
        },
        "flag:corruption": {
            "Korruption": (r"فساد\w*",),
            "korrupt": (r"فاسد\w*",),
            "Bestechung": (r"رشوه\w*", r"رشوت\w*"),
            "unter der Hand": (r"زیر\s?میزی", r"زیر\s+میز"),
            "Vetternwirtschaft": (r"پارتی\s?باز\w*",),
            "Geld verlangt": (r"(?:پول|مبلغ)\w*\s+(?:\w+\s+){0,2}?(?:خواست\w*|طلب\s?کرد\w*"
                              r"|درخواست\s+کرد\w*)",),
        },
        "flag:threat": {
            "umbringen": (r"(?:می\s?|ب)کشم(?:ت|تان|تون|ش|شان|شون)\w*", r"قتل\w*",
                          r"خواهم\s+کشت", r"(?:همه\w*|شما)\s+را\s+(?:می\s?|ب)کشم"),
            "Waffe": (r"اسلحه\w*", r"سلاح\w*", r"تفنگ\w*"),
            "Messer": (r"چاقو\w*",),
            "Gewalt": (r"خشونت\w*",),
            "Bombe": (r"بمب(?!اران)\w*", r"منفجر\s+(?:می\s?|خواهم\s+)?کن\w*"),
            "Suizid": (r"خودکشی\w*", r"خودم(?:\s+را|و)\s+(?:می\s?|ب)کشم"),
            "mir etwas antun": (r"به\s+خودم\s+آسیب\s+(?:ب|می\s?)?(?:زنم|رسانم)",),
            "nicht mehr leben": (r"(?:نمی\s?خواهم|نمی\s?خوام)\s+(?:دیگه\s+|دیگر\s+)?(?:زنده\s+"
                                 r"(?:بمانم|بمونم)|زندگی\s+کنم)", r"به\s+زندگی\w*\s+پایان"),
            "werden es bereuen": (r"پشیمان\s+(?:خواهید|خواهی|می\s?شوید|میشید|میشی)\w*",
                                  r"پشیمون\s+می\s?ش\w*"),
        },
        "kind:leistungsmissbrauch": {
            "Schwarzarbeit": (r"کار\s+(?:سیاه|غیر\s?قانونی)", r"سیاه\s+کار\s+می\s?کن\w*",
                              r"به\s+(?:طور\s+|صورت\s+)?(?:غیر\s?قانونی|سیاه)\s+کار\w*"),
            "Sozialbetrug": (r"کلاهبرداری\s+(?:از\s+)?(?:جاب\s?سنتر|کمک\w*|دولت)",),
            "zu Unrecht bezogen": (r"به\s+ناحق\s+(?:\w+\s+){0,2}?(?:می\s?گیر\w*|دریافت\w*)",),
        },
        "kind:datenschutz": {
            "Datenschutz": (r"حفاظت\s+(?:از\s+)?(?:اطلاعات|داده)\w*", r"حریم\s+خصوصی",
                            r"اطلاعات\s+(?:شخصی|خصوصی)\w*"),
        },
        "kind:ifg": {
            "Informationsfreiheit": (r"آزادی\s+(?:دسترسی\s+به\s+)?اطلاعات",),
            "interne Weisungen": (r"(?:دستورالعمل|بخشنامه)\w*\s+(?:\w+\s+)?داخلی",),
        },
        "kind:beschwerde": {
            "Beschwerde": (r"شکایت\w*", r"گله\s+(?:دارم|داریم|کردم)"),
            "unzufrieden": (r"ناراضی\w*", r"نارضایت\w*"),
            "enttäuscht": (r"نا\s?امید\w*",),
            "Skandal": (r"افتضاح\w*", r"رسوایی\w*"),
            "Katastrophe": (r"فاجعه\w*",),
            "schlecht": (r"خیلی\s+بد\w*",),
            "Zumutung": (r"غیر\s?قابل\s+قبول",),
            "unfreundlich": (r"بی\s?ادب\w*", r"بی\s?احترامی\w*"),
            "keine Antwort": (r"(?:هیچ\s+)?(?:جواب|پاسخ)\w*\s+(?:\w+\s+)?(?:نمی\s?ده\w*|نداد\w*"
                              r"|نگرفت\w*|نیامد|نیومد)",),
            "niemand erreichbar": (r"کسی\s+(?:\w+\s+){0,2}?(?:جواب|پاسخ)\s+(?:نمی\s?ده|نداد)\w*",),
            "warte seit": (r"(?:هفته|ماه)\w*\s+(?:است\s+)?(?:که\s+)?منتظر\w*",),
        },
        "flag:idea": {
            "Vorschlag": (r"پیشنهاد(?!\s+(?:کار|شغل))\w*",),
            "Idee": (r"ایده\w*",),
            "wäre schön": (r"(?:بهتر|خوب|عالی|مفید)\s+(?:می\s?شد|میشه|می\s?شود|خواهد\s+بود)",
                           r"بهتر\s+است"),
            "wünsche mir": (r"کاش\w*",),
            "Verbesserung": (r"بهبود\w*",),
        },
        "flag:praise": {
            "zufrieden": (r"راضی\w*", r"رضایت(?!\s?نامه)\w*"),
            "dankbar": (r"سپاسگزار\w*", r"قدردان\w*"),
            "Danke für die Hilfe": (
                r"(?:ممنون|متشکر|سپاس)\w*\s+(?:\w+\s+){0,2}?(?:کمک|راهنمایی|صبر|حمایت|مشاوره"
                r"|زحمات|همکاری)\w*",
                r"(?:کمک|راهنمایی|زحمات|همکاری|حمایت)\w*\s+(?:\w+\s+){0,2}?(?:ممنون|متشکر"
                r"|سپاسگزار)\w*",
            ),
            "freundlich": (r"مهربان\w*", r"مهربون\w*", r"خوش\s?برخورد\w*", r"خوش\s?اخلاق\w*"),
            "höflich": (r"مودب\w*", r"مؤدب\w*"),
            "hilfsbereit": (r"دلسوز\w*",),
            "kompetent": (r"کاربلد\w*",),
            "hervorragend": (r"عالی\w*", r"فوق\s?العاده\w*"),
            "sehr gut": (r"خیلی\s+خوب\w*",),
            "geholfen": (r"کمک\w*\s+(?:کرد|کردند|کردید)\w*",),
            "weiter so": (r"دست\w*\s+درد\s+نکن\w*", r"آفرین"),
        },
        "kind:fachliche_anfrage": {
            "wann": (r"چه\s+(?:زمانی|وقت)",),
            "wie lange dauert": (r"چقدر\s+(?:\w+\s+)?(?:طول|زمان)\w*",),
            "Bearbeitungsstand": (r"وضعیت\s+(?:\w+\s+)?(?:درخواست|پرونده)\w*",),
            "wie kann ich": (r"(?:چطور|چگونه|کجا)\s+(?:\w+\s+)?(?:می\s?توانم|باید)",),
        },
    },
    "tr": {
        "kind:dienstaufsicht": {
            "Dienstaufsichtsbeschwerde": (
                r"(?:memur|görevli|personel|çalışan|danışman)\w*\s+hakkında\s+(?:\w+\s+)?"
                r"şikayet\w*",
                r"disiplin\s+şikayet\w*",
            ),
        },
        "flag:dienstaufsicht": {
            "Dienstaufsichtsbeschwerde": (r"disiplin\s+şikayet\w*",),
            "unhöflich": _conduct(_TR_PERSON, r"(?:kaba(?:lık\w*|ydı|ymış|ca\s+davran\w*)?"
                                              r"|saygısız\w*|terbiyesiz\w*|küstah\w*"
                                              r"|kibirli\w*)"),
            "angeschrien": _conduct(_TR_PERSON, r"(?:bağır(?!sak)\w*)"),
            "beleidigt": _conduct(_TR_PERSON, r"(?:hakaret\w*|aşağıla\w*|alay\s+etti\w*)"),
            "diskriminierend": _conduct(_TR_PERSON, r"(?:ırkçı\w*|ayrımcı\w*)"),
        },
        "flag:petition": {
            "Petition": (r"petisyon\w*", r"imza\s+kampanya\w*"),
            "Bürgerbeauftragte": (r"kamu\s+denetçi\w*", r"ombudsman\w*"),
            "Bundestag": (r"federal\s+meclis\w*",),
            "Parlament": (r"parlamento\w*", r"meclis\w*"),
            "Abgeordneter": (r"milletvekil\w*",),
        },
        "kind:eingabe": {
            "Ministerium": (r"bakanlı\w*",),
        },
        "flag:widerspruch": {
            "Widerspruch": (r"itiraz\w*",),
            "Klage": (r"dava\w*",),
            "Gericht": (r"mahkeme\w*",),
            "Rechtsbehelf": (r"temyiz\w*", r"(?:hukuki|yasal)\s+yol\w*"),
            "Überprüfung": (r"yeniden\s+(?:inceleme|değerlendirme)\w*",),
        },
        "flag:media": {
            "Journalist": (r"gazeteci\w*", r"muhabir\w*"),
            "Zeitung": (r"gazete(?!ci)\w*",),
            "Presse": (r"bas[ı]n(?:a|da|dan|ı|ın)",
                       r"bas[ıi]n\s+(?:açıklama|toplantı|mensub|kuruluş|bülten|özgürlü)\w*"),
            "Fernsehen": (r"televizyon(?:a|da|lara|larda|cu\w*)", r"(?:tv|televizyon)\s+kanal\w*"),
            "Medien": (r"medya\w*",),
            "Anwalt": (r"avukat\w*", r"hukukçu\w*"),
            "an die Öffentlichkeit": (r"kamuoyu\w*", r"ifşa\w*", r"herkese\s+duyur\w*"),
        },
        "flag:corruption": {
            "Bestechung": (r"rüşvet\w*",),
            "Korruption": (r"yolsuzluk\w*",),
            "Vetternwirtschaft": (r"torpil\w*", r"kayır\w*"),
            "unter der Hand": (r"masa\s+altından",),
            "Geld verlangt": (r"benden\s+(?:\w+\s+){0,2}?para\s+(?:iste|talep)\w*",),
            "gegen Geld": (r"para\s+karşılığı\w*",),
        },
        "flag:threat": {
            "umbringen": (r"öldür\w*",),
            "Waffe": (r"silah\w*",),
            "Messer": (r"bıçak\w*",),
            "Gewalt": (r"şiddet(?!l)\w*",),
            "erschießen": (r"vur(?:aca|ur)\w*", r"kurşunla\w*"),
            "Bombe": (r"bomba(?:lar\w*|y[ıa]\w*|la\w*|sı\w*)?", r"havaya\s+uçur\w*"),
            "Suizid": (r"intihar\w*",
                       r"kendimi\s+(?:\w+\s+){0,2}?(?:öldür|asaca|ataca|yakaca)\w*"),
            "mir das Leben nehmen": (r"canıma\s+kıy\w*",),
            "mir etwas antun": (r"kendime\s+(?:bir\s+)?(?:zarar|şey)\s+(?:ver|yap)\w*",),
            "nicht mehr leben": (r"yaşamak\s+istemiyorum", r"ölmek\s+istiyorum"),
            "werden es bereuen": (r"pişman\s+(?:olacak|ederim|edeceğim)\w*",),
        },
        "kind:leistungsmissbrauch": {
            "Schwarzarbeit": (r"kaçak\s+(?:olarak\s+)?çalış\w*", r"kayıt\s?dışı\s+çalış\w*",
                              r"sigortasız\s+çalış\w*"),
            "Sozialbetrug": (r"(?:sosyal\s+yardım|yardım|jobcenter)\w*\s+dolandırıcı\w*",),
            "zu Unrecht bezogen": (r"haksız\s+(?:yere|şekilde|olarak)\s+(?:\w+\s+){0,2}?al\w*",),
        },
        "kind:datenschutz": {
            "Datenschutz": (r"veri\s+koruma\w*", r"kişisel\s+veri\w*", r"kvkk", r"gizlilik\w*"),
        },
        "kind:ifg": {
            "Informationsfreiheit": (r"bilgi\s+edinme\w*",),
            "interne Weisungen": (r"iç\s+(?:talimat|yönerge|genelge)\w*",),
        },
        "kind:beschwerde": {
            "Beschwerde": (r"şikayet\w*",),
            "unzufrieden": (r"memnuniyetsiz\w*", r"memnun\s+değil\w*", r"memnun\s+kalmadı\w*"),
            "enttäuscht": (r"hayal\s+kırıklığı\w*",),
            "Skandal": (r"rezalet\w*", r"skandal\w*"),
            "schlecht": (r"berbat\w*", r"kötü\w*"),
            "Zumutung": (r"kabul\s+edilemez\w*",),
            "unfreundlich": (r"kaba(?:lık\w*|ydı|ymış)?", r"saygısız\w*"),
            "keine Antwort": (r"(?:cevap|yanıt|dönüş)\s+(?:\w+\s+)?(?:alamadım|verilmedi|yok"
                              r"|vermiyor\w*|gelmedi|yapılmadı)",),
            "niemand erreichbar": (r"kimse\s+(?:\w+\s+){0,2}?(?:açmıyor|cevap\s+vermiyor"
                                   r"|yanıt\s+vermiyor|dönmüyor)\w*", r"ulaşamıyorum",
                                   r"ulaşılamıyor\w*"),
            "warte seit": (r"(?:haftadır|aydır|gündür)\s+(?:\w+\s+)?bekl\w*",),
        },
        "flag:idea": {
            "Vorschlag": (r"öner\w*",),
            "Idee": (r"fik(?:ir|r)\w*",),
            "wäre schön": (r"(?:iyi|güzel|harika|faydalı|yararlı|pratik|kolay)\s+olur\w*",),
            "wünsche mir": (r"keşke",),
            "Verbesserung": (r"iyileştir\w*",),
        },
        "flag:praise": {
            "zufrieden": (r"memnun(?!iyetsiz)\w*",),
            "dankbar": (r"minnettar\w*",),
            "Danke für die Hilfe": (r"(?:yardım|destek|ilgi|sabır|sabr|anlayış|emek|rehberlik)\w*"
                                    r"\s+(?:için\s+)?(?:çok\s+)?(?:teşekkür|sağ\s?olun)\w*",),
            "freundlich": (r"güler\s?yüzlü\w*", r"nazik\w*"),
            "höflich": (r"kibar\w*",),
            "hilfsbereit": (r"yardımsever\w*",),
            "kompetent": (r"yetkin\w*", r"işini\s+(?:çok\s+)?iyi\s+yap\w*"),
            "hervorragend": (r"harika\w*", r"mükemmel\w*", r"muhteşem\w*"),
            "sehr gut": (r"çok\s+iyi\w*",),
            "geholfen": (r"yardımcı\s+ol(?:du|dunuz|dular)\w*",
                         r"(?:bana|bize)\s+(?:çok\s+)?yardım\s+et(?:ti|tiniz|tiler)\w*"),
            "weiter so": (r"tebrik\w*", r"ellerinize\s+sağlık", r"eline\s+sağlık",
                          r"böyle\s+devam"),
        },
        "kind:fachliche_anfrage": {
            "wann": (r"ne\s+zaman",),
            "wie lange dauert": (r"ne\s+kadar\s+(?:\w+\s+)?sür\w*",),
            "Bearbeitungsstand": (r"başvuru\w*\s+(?:\w+\s+)?durum\w*",),
            "wie kann ich": (r"nasıl\s+(?:\w+\s+)?(?:başvur|yapabil|yapmam)\w*",),
        },
    },
}
# fmt: on


def _foreign_rules() -> tuple[Rule, ...]:
    """`FOREIGN` as rows of the table, negatable where the German rule of that name is."""
    negatable = {(rule.role, rule.name) for rule in _GERMAN if rule.negatable}
    rows: list[Rule] = []
    for lang, blocks in FOREIGN.items():
        for key, glossed in blocks.items():
            role, _, name = key.partition(":")
            for gloss, patterns in glossed.items():
                rows.append(
                    Rule(role, name, patterns, (role, name) in negatable, lang=lang, gloss=gloss)
                )
    return tuple(rows)


RULES: tuple[Rule, ...] = _GERMAN + _foreign_rules()
LANGUAGES = ("de", *FOREIGN)

# Flags that also suggest a kind.
# fmt: off
FLAG_KINDS = {"petition": "petition", "widerspruch": "widerspruch", "idea": "idee", "praise": "lob"}
KIND_PRIORITY = (
    "dienstaufsicht", "petition", "eingabe", "leistungsmissbrauch", "datenschutz", "ifg",
    "widerspruch", "beschwerde", "idee", "lob", "fachliche_anfrage",
)
# fmt: on
HIGH_RISK_FLAGS = frozenset(("media", "threat", "corruption"))

# --------------------------------------------------------------------------- the matcher

# Spellings a pattern matches besides its own, per language (see the module docstring).
_SPELLINGS = {
    "de": {"ä": "(?:ä|ae)", "ö": "(?:ö|oe)", "ü": "(?:ü|ue)", "ß": "(?:ß|ss)"},
    "tr": {"ı": "[ıi]", "ş": "[şs]", "ç": "[çc]", "ğ": "[ğg]", "ö": "[öo]", "ü": "[üu]"},
}
# The same letter however it was typed, for matching (text and patterns): one character each.
_FOLD = str.maketrans(
    {
        "\u0130": "i",  # Turkish İ (Python's lower() gives i + combining dot above)
        "ё": "е",
        "’": "'",
        "ʼ": "'",
        "`": "'",
        "â": "a",
        "î": "i",
        "û": "u",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # Persian keheh
        "ة": "ه",
        "ۀ": "ه",
    }
)
# Dropped for matching: tatweel, Arabic diacritics and Quranic marks, zero-width (non-)joiners,
# soft hyphen, direction marks. The quote keeps them (it is cut from the original text).
_IGNORED = frozenset(
    "\u0640\u0670\u00ad\u200c\u200d\u200e\u200f"
    + "".join(map(chr, range(0x064B, 0x0660)))
    + "".join(map(chr, range(0x06D6, 0x06EE)))
)
_JOINERS = "\u200c\u200d\u200e\u200f\u00ad"  # not quoted at the end of a quote
# A language's rules run only on a text with a letter of its script (lower-cased, not folded:
# Persian is told from Arabic by its own letters).
_SCRIPTS = {
    "latin": re.compile(r"[a-zß-ɏ]"),
    "cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "arabic": re.compile(r"[\u0600-\u06ff]"),
    "persian": re.compile(r"[پچژگکی]"),
}
_SCRIPT_OF = {
    "de": "latin", "en": "latin", "tr": "latin", "uk": "cyrillic", "ru": "cyrillic",
    "ar": "arabic", "fa": "persian",
}  # fmt: skip
# Negation words before a match (all languages that put them there) and after it (Persian and
# Turkish, whose verbs carry the negation).
_NEGATION_BEFORE = {
    "de": r"nicht|kein\w*|nie|niemals",
    "en": r"not|no|never|hardly|cannot|\w*n't|nobody|no\s+one|none",
    "uk": r"не|ні|ніколи|жодн\w*",
    "ru": r"не|нет|ни|никогда|ничуть",
    "ar": r"لا|لم|لن|ليس\w*|لست\w*|غير|ما|بدون|بلا",
    "fa": r"نه|هیچ|بدون",
}
_NEGATION_AFTER = {
    "fa": r"نیست\w*|نبود\w*|نشد\w*|ندار\w*|نکرد\w*|نمی\w*",
    "tr": r"değil\w*|olmadı\w*|kalmadı\w*|yok\w*|etmedi\w*|olmuyor\w*|etmiyor\w*",
}
_WORD = re.compile(r"\w")
_NON_WORD = re.compile(r"\W")
_MAX_QUOTES = 3
_MAX_AFFIX = 40  # word characters one `\w*` may take: compounds, not a run of 4,000 letters
_AFFIX = re.compile(r"\\w([*+])")


def _fold(pattern: str) -> str:
    """A pattern (or a lower-cased text) with each letter as `_FOLD` has it, ignorables dropped."""
    return "".join(c for c in pattern.translate(_FOLD) if c not in _IGNORED)


def _spellings(pattern: str, lang: str = "de") -> str:
    """Let a pattern also match its language's other spellings (outside [] and escapes).

    German: ä/ö/ü/ß and ss also match ae/oe/ue and ss/ß; Turkish: ş/ç/ğ/ı/ö/ü also match s/c/
    g/i/o/u. `\\w*` and `\\w+` become bounded repetitions (`_MAX_AFFIX`), see the module
    docstring.
    """
    letters = _SPELLINGS.get(lang, {})
    german = lang == "de"
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
        elif german and pattern.startswith("ss", i):
            out.append("(?:ss|ß)")
            i += 2
        else:
            out.append(letters.get(char, char))
            i += 1
    return "".join(out)


def _compile(pattern: str, lang: str = "de") -> re.Pattern[str]:
    """A table pattern as a regex for folded text, ending at a word boundary.

    The start boundary of a pattern that starts with a letter is checked in `_matches`: a
    leading lookbehind would stop the regex engine from searching for the pattern's literal
    prefix, which makes matching ~5x slower. Any other pattern has no such prefix and gets the
    lookbehind, so that it is tried at word starts only.
    """
    pattern = _fold(pattern)
    start = "" if pattern[0].isalpha() else r"(?<!\w)"
    return re.compile(rf"{start}(?:{_spellings(pattern, lang)})(?!\w)")


def _negations(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The negation before a match (up to two words between) and after it (one word between)."""
    before = _NEGATION_BEFORE.get(lang)
    after = _NEGATION_AFTER.get(lang)
    return (
        re.compile(
            rf"(?<!\w)(?:{_spellings(_fold(before), lang)})\s+(?:\w+\s+){{0,2}}$"
        ) if before else None,
        re.compile(
            rf"\s+(?:\w{{1,{_MAX_AFFIX}}}\s+)?(?:{_spellings(_fold(after), lang)})(?!\w)"
        ) if after else None,
    )  # fmt: skip


# --- the prefilter: strings a match must hold, so that most searches are skipped or shortened

# The regex engine's own parser, to read what a compiled pattern needs (no typing stubs).
sre: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")

# Strings one of which every match holds, and how far at most the one it holds starts after
# the start of the match (`_MAX_LEAD` or more: no bound known).
_Need = tuple[frozenset[str], int]
_MAX_LEAD = int(sre.MAXREPEAT)
_PROBE_LEAD = 8  # with a need this close to the start, the regex is tried at the need only
_PROBE_MIN = 3  # … and if its strings have at least this many characters
_PROBES = 16  # needs tried so, per search, before the regex searches on by itself


def _rarest(need: _Need) -> tuple[int, int]:
    """Prefer the need that occurs least: the longer shortest string, then fewer strings."""
    return min(map(len, need[0])), -len(need[0])


def _closest(need: _Need) -> tuple[bool, int, int]:
    """Prefer a need near the start of the match (to try the regex there), then the rarest."""
    return need[1] <= _PROBE_LEAD, *_rarest(need)


def _required(items: Any, prefer: Callable[[_Need], Any]) -> _Need | None:
    """What every match of a parsed regex sequence holds (None: nothing known).

    Read from the regex engine's own parse (`re._parser`), so it is the regex that was compiled,
    spellings and folding included: a run of literal characters is needed as it stands; a group
    or a repetition of at least one needs what its content needs; alternatives need one of what
    each needs. What stands before a need adds its longest width to the need's lead. Of several
    needs the one `prefer` ranks highest is kept.
    """
    needs: list[_Need] = []
    run: list[str] = []
    offset = run_offset = 0  # the longest width before the item, and before the literal run
    for op, value in items:
        if op is sre.LITERAL:
            run_offset = offset if not run else run_offset
            run.append(chr(value))
            offset += 1
            continue
        if run:
            needs.append((frozenset(("".join(run),)), run_offset))
            run = []
        if (need := _required_of(op, value, prefer)) is not None:
            needs.append((need[0], min(_MAX_LEAD, offset + need[1])))
        offset = min(_MAX_LEAD, offset + _width(items, op, value))
    if run:
        needs.append((frozenset(("".join(run),)), run_offset))
    return max(needs, key=prefer, default=None)


def _required_of(op: Any, value: Any, prefer: Callable[[_Need], Any]) -> _Need | None:
    """What one parsed item (a group, repetition or alternation) needs, as `_required`."""
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, items = value
        if (add_flags | del_flags) & sre.SRE_FLAG_IGNORECASE:
            return None
        return _required(items, prefer)
    if op is sre.ATOMIC_GROUP:
        return _required(value, prefer)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, items = value
        return _required(items, prefer) if low >= 1 else None  # held by the first repetition
    if op is sre.BRANCH:
        alternatives = [_required(items, prefer) for items in value[1]]
        needs = [need for need in alternatives if need is not None]
        if len(needs) < len(alternatives):
            return None
        return frozenset().union(*(need[0] for need in needs)), max(need[1] for need in needs)
    return None


def _width(items: Any, op: Any, value: Any) -> int:
    """The longest text one parsed item can match (lookarounds: 0)."""
    return int(sre_parse.SubPattern(items.state, [(op, value)]).getwidth()[1])


@dataclass(frozen=True)
class _Prefilter:
    """Where a regex can match: only where one of its needed strings starts at most a lead later.

    `rare`, the rarest such strings, rule a search out when none of them occurs after its
    start; `near`, strings close to the start of a match, if the regex has such, point at the
    few positions where the regex is tried (`_Pattern.search`).
    """

    rare: tuple[str, ...]
    rare_lead: int
    near: tuple[str, ...] = ()
    near_lead: int = 0

    @staticmethod
    def of(regex: re.Pattern[str]) -> _Prefilter | None:
        """The prefilter of a compiled pattern, or None where its needs are not known."""
        if regex.flags & re.IGNORECASE:
            return None
        try:
            parsed = sre_parse.parse(regex.pattern, regex.flags)
            rare, near = _required(parsed, _rarest), _required(parsed, _closest)
        except Exception:  # another Python's parser: no prefilter, the same results
            return None
        if rare is None or not all(rare[0]):
            return None
        if near is None or near[1] > _PROBE_LEAD or _rarest(near)[0] < _PROBE_MIN:
            return _Prefilter(tuple(sorted(rare[0])), rare[1])
        return _Prefilter(tuple(sorted(rare[0])), rare[1], tuple(sorted(near[0])), near[1])


def _first(folded: str, strings: tuple[str, ...], start: int) -> int:
    """Where the first of `strings` at or after `start` begins, or -1."""
    first = -1
    for string in strings:
        found = folded.find(string, start)
        if found >= 0 and (first < 0 or found < first):
            first = found
    return first


@dataclass(frozen=True)
class _Pattern:
    """One compiled table pattern, with what the matcher needs of its rule."""

    regex: re.Pattern[str]
    lang: str
    gloss: str | None
    negations: tuple[re.Pattern[str] | None, re.Pattern[str] | None] | None
    prefilter: _Prefilter | None = None

    def search(self, folded: str, start: int = 0) -> re.Match[str] | None:
        """`self.regex.search(folded, start)`: the same match, found with less work.

        A match starting at `start` or later holds a needed string there or later, so at or
        after the first one, and starts at most its lead before it. So: no such string, no
        match. With near strings, the regex is tried only at the positions up to their lead
        before each (`match` there is exactly what `search` tries there), for the first
        `_PROBES` of them; then it searches on from the first position not yet ruled out, or
        from the lead before the next rare string. Lookbehinds still see the text before the
        position, so the match is the one `search` from `start` finds.
        """
        need = self.prefilter
        if need is None:
            return self.regex.search(folded, start)
        if (rare_at := _first(folded, need.rare, start)) < 0:
            return None
        position = start  # no match starts from `start` up to before it
        for _ in range(_PROBES if need.near else 0):
            near_at = _first(folded, need.near, position)
            if near_at < 0:
                return None
            for candidate in range(max(position, near_at - need.near_lead), near_at + 1):
                if match := self.regex.match(folded, candidate):
                    return match
            position = near_at + 1
        if position > rare_at:
            rare_at = _first(folded, need.rare, position)
            if rare_at < 0:
                return None
        return self.regex.search(folded, max(position, rare_at - need.rare_lead))


@dataclass(frozen=True)
class _Group:
    """Every pattern, in every language, of one flag or kind (the reason quotes at most 3)."""

    role: str
    name: str
    patterns: tuple[_Pattern, ...]


def _groups(rules: Iterable[Rule]) -> tuple[_Group, ...]:
    """The table by flag or kind, in the order of first appearance (German first)."""
    grouped: dict[tuple[str, str], list[_Pattern]] = {}
    negations = {lang: _negations(lang) for lang in LANGUAGES}
    for rule in rules:
        negation = negations[rule.lang] if rule.negatable else None
        for source in rule.patterns:
            regex = _compile(source, rule.lang)
            pattern = _Pattern(regex, rule.lang, rule.gloss, negation, _Prefilter.of(regex))
            grouped.setdefault((rule.role, rule.name), []).append(pattern)
    return tuple(_Group(role, name, tuple(found)) for (role, name), found in grouped.items())


_COMPILED = _groups(RULES)


_Position = tuple[int, int]  # a pattern in a `_Table`: its group's index, its index there


@dataclass(frozen=True)
class _Table:
    """The patterns of the languages a text may be in, with an index of their rare strings.

    A pattern none of whose rare strings occurs in the folded text cannot match it; `live`
    finds the others with one substring test per distinct string whose first three characters
    occur in the text (one set of the text's triples), instead of one search per pattern.
    """

    groups: tuple[_Group, ...]  # every group, with only these languages' patterns
    always: tuple[_Position, ...]  # patterns with no prefilter
    short: tuple[tuple[str, tuple[_Position, ...]], ...]  # rare strings under 3 characters
    by_start: dict[tuple[str, str, str], tuple[tuple[str, tuple[_Position, ...]], ...]]
    # the first three characters of the other rare strings -> (string, the patterns it rules)

    def live(self, folded: str) -> list[tuple[_Group, tuple[_Pattern, ...]]]:
        """Each group with the patterns that may match `folded`, both in table order."""
        positions = set(self.always)
        for string, ruled in self.short:
            if string in folded:
                positions.update(ruled)
        triples = set(zip(folded, folded[1:], folded[2:], strict=False))
        for start in triples.intersection(self.by_start):
            for string, ruled in self.by_start[start]:
                if string in folded:
                    positions.update(ruled)
        chosen: dict[int, list[_Pattern]] = {}
        for group, pattern in sorted(positions):
            chosen.setdefault(group, []).append(self.groups[group].patterns[pattern])
        return [(self.groups[group], tuple(patterns)) for group, patterns in chosen.items()]


# In a text with Persian letters, Arabic runs for the high-risk flags only (see `_prepare`).
_ARABIC_RISKS_ONLY = "ar:risks"


def _runs(pattern: _Pattern, group_name: str, languages: frozenset[str]) -> bool:
    if pattern.lang in languages:
        return True
    return (
        pattern.lang == "ar" and _ARABIC_RISKS_ONLY in languages and group_name in HIGH_RISK_FLAGS
    )


@lru_cache(maxsize=32)
def _table(languages: frozenset[str]) -> _Table:
    """The table for one mix of languages (a text's scripts decide it; a handful exist)."""
    groups = tuple(
        _Group(
            group.role,
            group.name,
            tuple(p for p in group.patterns if _runs(p, group.name, languages)),
        )
        for group in _COMPILED
    )
    always: list[_Position] = []
    by_string: dict[str, list[_Position]] = {}
    for g, group in enumerate(groups):
        for i, pattern in enumerate(group.patterns):
            if pattern.prefilter is None:
                always.append((g, i))
            for string in pattern.prefilter.rare if pattern.prefilter else ():
                by_string.setdefault(string, []).append((g, i))
    short = tuple((string, tuple(ruled)) for string, ruled in by_string.items() if len(string) < 3)
    by_start: dict[tuple[str, str, str], list[tuple[str, tuple[_Position, ...]]]] = {}
    for string, ruled in by_string.items():
        if len(string) >= 3:
            key = (string[0], string[1], string[2])
            by_start.setdefault(key, []).append((string, tuple(ruled)))
    starts = {key: tuple(value) for key, value in by_start.items()}
    return _Table(groups, tuple(always), short, starts)


@dataclass(frozen=True)
class _Text:
    """The customer's text, its folded copy for matching, and which languages may match."""

    original: str
    folded: str
    origin: list[int] | None  # folded position -> original position, if characters were dropped
    languages: frozenset[str]

    def quote(self, match: re.Match[str]) -> str:
        """The words to quote, as written: the `w` group if the pattern has one, else all."""
        start, end = match.span("w") if "w" in match.re.groupindex else match.span()
        if self.origin is not None:  # with the marks on its last letter (tanwin, shadda)
            start = self.origin[start]
            end = self.origin[end] if end < len(self.origin) else len(self.original)
        return " ".join(self.original[start:end].strip(_JOINERS).split())


def _lower(text: str) -> str:
    """`text` in lower case, character for character (positions stay valid for quoting)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _prepare(text: str) -> _Text:
    """Fold `text` for matching (one pass), remembering where each kept character came from."""
    lowered = _lower(text)
    scripts = {script for script, letters in _SCRIPTS.items() if letters.search(lowered)}
    chosen = {lang for lang, script in _SCRIPT_OF.items() if script in scripts}
    if "persian" in scripts:
        # Persian letters: a Persian text, whose words Arabic hints would misread ("عالی" is
        # excellent, "عالي" high) — or Arabic typed on a Persian keyboard (ی ک) or in a dialect
        # (گ چ). A threat, a bribe or the press in Arabic must never be missed for that, so the
        # Arabic rules of the high-risk flags still run; the other Arabic rules do not.
        chosen.discard("ar")
        chosen.add(_ARABIC_RISKS_ONLY)
    languages = frozenset(chosen)
    folded = lowered.translate(_FOLD)
    if _IGNORED.isdisjoint(folded):
        return _Text(text, folded, None, languages)
    origin = [i for i, char in enumerate(folded) if char not in _IGNORED]
    return _Text(text, "".join(folded[i] for i in origin), origin, languages)


def _word_end(text: str, position: int) -> int:
    """Where the word around `position` ends."""
    found = _NON_WORD.search(text, position)
    return found.start() if found else len(text)


def _negated(folded: str, match: re.Match[str], pattern: _Pattern) -> bool:
    """True if a negation of the pattern's language stands before (or after) the match."""
    if pattern.negations is None:
        return False
    before, after = pattern.negations
    start = match.start()
    if before is not None and before.search(folded, max(0, start - 40), start):
        return True
    return after is not None and after.match(folded, match.end()) is not None


Quote = tuple[str, str | None]  # the customer's words, and their German gloss (None: German)


def _matches(text: _Text, patterns: Iterable[_Pattern]) -> list[Quote]:
    """The quotes for the matches of one flag or kind, in order, without repeats (at most 3).

    `patterns` are the flag's or kind's, in table order, of the text's languages (`_Table`).
    """
    quotes: list[Quote] = []
    seen: set[str] = set()
    folded = text.folded
    for pattern in patterns:
        match = pattern.search(folded)
        while match and len(quotes) < _MAX_QUOTES:
            start = match.start()
            if start and _WORD.match(folded, start - 1):  # inside a word: go to its end
                next_start = _word_end(folded, start)
            elif _negated(folded, match, pattern):
                next_start = start + 1
            else:
                next_start = max(match.end(), start + 1)
                quote = text.quote(match)
                if quote.casefold() not in seen:
                    seen.add(quote.casefold())
                    quotes.append((quote, pattern.gloss))
            match = pattern.search(folded, next_start)
    return quotes


def _reason(quotes: list[Quote]) -> str:
    """`vorgeschlagen wegen: 'Zeitung', 'газети' (Zeitung)` (at most three quotes).

    A German word is quoted alone; a word in another language says what it means in German.
    """
    shown = (f"'{q}'" if gloss is None else f"'{q}' ({gloss})" for q, gloss in quotes)
    return "vorgeschlagen wegen: " + ", ".join(list(shown)[:_MAX_QUOTES])


def suggest(text: str) -> Suggestion:
    """Suggest a kind and raise flags for `text`, each with the words that caused it."""
    flags: dict[str, list[Quote]] = {}
    kinds: dict[str, list[Quote]] = {}
    prepared = _prepare(text)
    for group, patterns in _table(prepared.languages).live(prepared.folded):
        quotes = _matches(prepared, patterns)
        if not quotes:
            continue
        target = flags if group.role == "flag" else kinds
        target.setdefault(group.name, []).extend(quotes)
        if group.role == "flag" and group.name in FLAG_KINDS:
            kinds.setdefault(FLAG_KINDS[group.name], []).extend(quotes)
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
    """True if the reaction goes to the anti-corruption officer (GA 5.3), bypassing the leads.

    The flag is the same in every language: "корупція", "رشوة", "rüşvet" route like "Bestechung".
    """
    return any(flag.name == "corruption" for flag in flags)
