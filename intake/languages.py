"""The languages we offer: German first, then the languages the customers speak.

A foundation module, so that the domain (answer templates in the sender's language, card
texts, the language recorded with each reaction) and the web layer (the visible switch,
`intake.web.i18n`) read the same list without the domain importing anything that knows
about requests.

Order and choice follow docs/translations.md: German, Leichte Sprache, English, then
Ukrainian, Russian, Arabic, Persian and Turkish (the largest groups of customers without
German citizenship, and the languages many of them read). A deployment narrows the offer
with `INTAKE_LANGUAGES`; German is always offered. Adding a language is one catalog
(`intake/translations/<locale>/LC_MESSAGES/public.po`) and one line here.

Leichte Sprache is German (`lang="de-x-ls"`, a private-use subtag under `de`, so screen
readers speak it as German); Babel knows it as `de@ls`, the gettext modifier that finds its
own catalog while dates and numbers stay German.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale


@dataclass(frozen=True)
class Language:
    """One offered language."""

    code: str  # in URLs, forms and the database; also the BCP 47 tag for lang/hreflang
    native: str  # its own name, in its own script (the language switch shows this)
    german: str  # its name in German (the back office shows this)
    direction: str = "ltr"  # "ltr" or "rtl"
    locale: str = ""  # Babel/gettext identifier when it differs from `code`

    @property
    def babel_locale(self) -> str:
        """The identifier Babel and gettext use for this language."""
        return self.locale or self.code

    @property
    def rtl(self) -> bool:
        """Written right to left."""
        return self.direction == "rtl"


EASY_GERMAN = "de-x-ls"
MULTILINGUAL = "mul"  # ISO 639-2 "multiple languages": the multilingual card and poster

_ALL: tuple[Language, ...] = (
    Language("de", "Deutsch", "Deutsch"),
    Language(EASY_GERMAN, "Leichte Sprache", "Leichte Sprache", locale="de@ls"),
    Language("en", "English", "Englisch"),
    Language("uk", "Українська", "Ukrainisch"),
    Language("ru", "Русский", "Russisch"),
    Language("ar", "العربية", "Arabisch", "rtl"),
    Language("fa", "فارسی", "Persisch (Farsi/Dari)", "rtl"),
    Language("tr", "Türkçe", "Türkisch"),
)

# Code -> language, in the order the switch shows them. The one place that defines the offer.
LANGUAGES: dict[str, Language] = {language.code: language for language in _ALL}
DEFAULT = "de"
# The back office speaks German and English; its pages never mix in the public catalogs.
STAFF_LANGUAGES: tuple[str, ...] = ("de", "en")


def offered(codes: str | None) -> dict[str, Language]:
    """The languages a deployment offers (`INTAKE_LANGUAGES`, comma-separated), German first.

    Unknown codes are ignored; an empty setting offers them all.
    """
    wanted = [code.strip() for code in (codes or "").split(",") if code.strip()]
    if not wanted:
        return dict(LANGUAGES)
    chosen = {DEFAULT, *wanted}
    return {code: language for code, language in LANGUAGES.items() if code in chosen}


def babel_locale(code: str) -> str:
    """The Babel identifier for a language code (`de-x-ls` -> `de@ls`); German if unknown."""
    language = LANGUAGES.get(code)
    return language.babel_locale if language else DEFAULT


def direction(code: str) -> str:
    """`ltr` or `rtl`."""
    language = LANGUAGES.get(code)
    return language.direction if language else "ltr"


def german_name(code: str | None) -> str:
    """A language's name in German ("Ukrainisch"), also for one we don't offer ("Tigrinya",
    from Babel's data: the translation service may detect any); "" for none."""
    if not code:
        return ""
    language = LANGUAGES.get(code)
    if language is not None:
        return language.german
    name = Locale("de").languages.get(code.replace("-", "_"))
    return str(name) if name else code
