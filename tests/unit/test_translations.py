"""Every catalog: complete, placeholder-faithful, and compiled.

German is the source language (the msgids). Two domains: `public` (what customers see;
mapping babel-public.cfg; a catalog for every language in intake/languages.py) and
`messages` (the back office; mapping babel.cfg; English only). The messages are extracted
afresh from the sources with Babel's own extractor and each mapping, exactly as
`scripts/translations` does, so a German string added anywhere without its translations fails
here, naming the catalog. The fix is always: run `scripts/translations`, translate the new
entries in the .po files it names, run it again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from intake.languages import DEFAULT, LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "intake" / "translations"
# (domain, mapping file, the Babel locales that must have a complete catalog)
DOMAINS = {
    "messages": ("babel.cfg", ("en",)),
    "public": (
        "babel-public.cfg",
        tuple(lang.babel_locale for code, lang in LANGUAGES.items() if code != DEFAULT),
    ),
}
CATALOGS = [(domain, locale) for domain, (_cfg, locales) in DOMAINS.items() for locale in locales]
# Babel's defaults plus what scripts/translations passes as `-k` (babel.cfg cannot hold it).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
HOW_TO_FIX = "run scripts/translations, translate in the .po file, run it again"

# A %-format directive: `%%`, `%(name)s`, `%d`, `%5.2f` … and, as the empty last
# alternative, a stray `%` that would break the formatting (Flask-Babel formats every
# template string, even without arguments).
PLACEHOLDER = re.compile(
    r"%(?:%|(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[a-zA-Z]|)"
)

Key = tuple[str | None, str]  # (context, msgid); the singular msgid for plurals
MappingCfg = tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]
# Babel's parser of babel.cfg, the one `pybabel extract -F` uses (it has no annotations).
parse_babel_cfg: Callable[[IO[str], str], MappingCfg] = parse_mapping_cfg


def _key(msgid: str | Iterable[str], context: str | None) -> Key:
    return context, msgid if isinstance(msgid, str) else next(iter(msgid))


def _strings(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _forms(value: str | Iterable[str]) -> str | tuple[str, ...]:
    """A msgstr as one comparable value (read_po gives plural forms as a tuple, read_mo a list)."""
    return value if isinstance(value, str) else tuple(value)


def _translated(message: Message | None) -> bool:
    """Present, not fuzzy, and no form blank."""
    if message is None or message.fuzzy:
        return False
    forms = _strings(message.string)
    return bool(forms) and all(form.strip() for form in forms)


def _show(key: Key) -> str:
    context, msgid = key
    return f"{msgid!r}" + (f" (context {context!r})" if context else "")


def _po(domain: str, locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / f"{domain}.po"


def _extract(mapping: str) -> set[Key]:
    """Every message in the current sources, as `pybabel extract -F <mapping>` sees it."""
    with (ROOT / mapping).open(encoding="utf-8") as cfg:
        method_map, options_map = parse_babel_cfg(cfg, str(ROOT / mapping))
    return {
        _key(message, context)
        for _filename, _lineno, message, _comments, context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS
        )
    }


@pytest.fixture(scope="module")
def extracted() -> dict[str, set[Key]]:
    found = {domain: _extract(mapping) for domain, (mapping, _locales) in DOMAINS.items()}
    assert len(found["messages"]) > 100, "few back-office messages extracted: babel.cfg?"
    assert len(found["public"]) > 100, "few public messages extracted: babel-public.cfg?"
    return found


def _catalog(domain: str, locale: str) -> Catalog:
    path = _po(domain, locale)
    assert path.is_file(), f"{path} is missing ({HOW_TO_FIX})"
    with path.open("rb") as po:
        return read_po(po, locale=locale)


@pytest.mark.parametrize(("domain", "locale"), CATALOGS)
def test_catalog_is_complete(extracted: dict[str, set[Key]], domain: str, locale: str) -> None:
    catalog = _catalog(domain, locale)
    missing = sorted(
        (k for k in extracted[domain] if not _translated(catalog.get(k[1], context=k[0]))),
        key=lambda k: (k[1], k[0] or ""),
    )
    assert not missing, (
        f"{len(missing)} message(s) without a translation in {_po(domain, locale)} "
        f"({HOW_TO_FIX}):\n" + "\n".join(_show(k) for k in missing)
    )


@pytest.mark.parametrize(("domain", "locale"), CATALOGS)
def test_catalog_is_not_marked_fuzzy(domain: str, locale: str) -> None:
    """`pybabel compile` skips a catalog whose header is fuzzy, silently for the app."""
    assert not _catalog(domain, locale).fuzzy, f"remove '#, fuzzy' in {_po(domain, locale)}"


@pytest.mark.parametrize(("domain", "locale"), CATALOGS)
def test_placeholders_are_kept(domain: str, locale: str) -> None:
    wrong: list[str] = []
    for message in _catalog(domain, locale):
        if not message.id:
            continue
        wanted = Counter(PLACEHOLDER.findall(_strings(message.id)[0]))
        for translation in _strings(message.string):
            if translation and Counter(PLACEHOLDER.findall(translation)) != wanted:
                got = sorted(PLACEHOLDER.findall(translation))
                wrong.append(
                    f"{_show(_key(message.id, message.context))}: wants {sorted(wanted.elements())}"
                    f", has {got} in {translation!r}"
                )
    assert not wrong, (
        f"placeholders differ in {_po(domain, locale)} (a literal % is written %%):\n"
        + "\n".join(wrong)
    )


@pytest.mark.parametrize(("domain", "locale"), CATALOGS)
def test_compiled_catalog_matches_po(domain: str, locale: str) -> None:
    """The committed .mo holds exactly the translated, non-fuzzy entries of the .po.

    Compared entry by entry rather than byte by byte: the .mo header records the Babel
    version that compiled it, which must not make this test fail after an upgrade.
    """
    catalog = _catalog(domain, locale)
    mo_path = _po(domain, locale).with_suffix(".mo")
    assert mo_path.is_file(), f"{mo_path} is missing ({HOW_TO_FIX})"
    with mo_path.open("rb") as mo:
        compiled = read_mo(mo)
    # What write_mo keeps: every entry with a msgstr that is not fuzzy.
    expected = {
        _key(m.id, m.context): _forms(m.string)
        for m in catalog
        if m.id and m.string and not m.fuzzy
    }
    actual = {_key(m.id, m.context): _forms(m.string) for m in compiled if m.id}
    stale = sorted(
        (k for k in expected.keys() | actual.keys() if expected.get(k) != actual.get(k)),
        key=lambda k: (k[1], k[0] or ""),
    )
    assert not stale, (
        f"{mo_path} is out of date with its .po for {len(stale)} message(s) "
        f"(run scripts/translations):\n" + "\n".join(_show(k) for k in stale)
    )
    assert compiled.plural_forms == catalog.plural_forms


def test_every_offered_language_has_a_public_catalog() -> None:
    """Adding a language to intake/languages.py without its catalog fails here."""
    for code, language in LANGUAGES.items():
        if code != DEFAULT:
            assert _po("public", language.babel_locale).is_file(), f"no public catalog for {code}"


def test_flask_babel_finds_both_domains() -> None:
    """The directory and domains the app is configured with give English text."""
    staff = Translations.load(str(TRANSLATIONS), ["en"], "messages")
    public = Translations.load(str(TRANSLATIONS), ["en"], "public")
    assert public.gettext("Seite nicht gefunden") == "Page not found"
    assert staff.gettext("Anmelden") == "Sign in"
