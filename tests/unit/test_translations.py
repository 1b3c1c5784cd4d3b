"""The English catalog: complete, placeholder-faithful, and compiled.

German is the source language (the msgids), so English is the only catalog. The messages
are extracted afresh from the sources with Babel's own extractor and the mapping in
babel.cfg, exactly as `scripts/translations` does, so a German string added anywhere
without an English translation fails here. The fix is always: run `scripts/translations`,
translate the new entries in intake/translations/en/LC_MESSAGES/messages.po, run it again.
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

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "intake" / "translations"
EN_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
EN_MO = EN_PO.with_suffix(".mo")
# Babel's defaults plus what scripts/translations passes as `-k` (babel.cfg cannot hold it).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
HOW_TO_FIX = "run scripts/translations, translate in messages.po, run it again"

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


def _translated(message: Message | None) -> bool:
    """Present, not fuzzy, and no form blank."""
    if message is None or message.fuzzy:
        return False
    forms = _strings(message.string)
    return bool(forms) and all(form.strip() for form in forms)


def _show(key: Key) -> str:
    context, msgid = key
    return f"{msgid!r}" + (f" (context {context!r})" if context else "")


@pytest.fixture(scope="module")
def extracted() -> set[Key]:
    """Every message in the current sources, as `pybabel extract -F babel.cfg` sees it."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_babel_cfg(cfg, str(ROOT / "babel.cfg"))
    found = {
        _key(message, context)
        for _filename, _lineno, message, _comments, context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS
        )
    }
    assert len(found) > 100, f"only {len(found)} messages extracted: is babel.cfg right?"
    return found


@pytest.fixture(scope="module")
def english() -> Catalog:
    with EN_PO.open("rb") as po:
        return read_po(po, locale="en")


def test_english_is_complete(extracted: set[Key], english: Catalog) -> None:
    missing = sorted(
        (k for k in extracted if not _translated(english.get(k[1], context=k[0]))),
        key=lambda k: (k[1], k[0] or ""),
    )
    assert not missing, (
        f"{len(missing)} message(s) without an English translation ({HOW_TO_FIX}):\n"
        + "\n".join(_show(k) for k in missing)
    )


def test_catalog_is_not_marked_fuzzy(english: Catalog) -> None:
    """`pybabel compile` skips a catalog whose header is fuzzy, silently for the app."""
    assert not english.fuzzy, f"remove '#, fuzzy' above the header of {EN_PO}"


def test_placeholders_are_kept(english: Catalog) -> None:
    wrong: list[str] = []
    for message in english:
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
    assert not wrong, "placeholders differ (a literal % is written %%):\n" + "\n".join(wrong)


def test_compiled_catalog_matches_po(english: Catalog) -> None:
    """The committed .mo holds exactly the translated, non-fuzzy entries of the .po.

    Compared entry by entry rather than byte by byte: the .mo header records the Babel
    version that compiled it, which must not make this test fail after an upgrade.
    """
    assert EN_MO.is_file(), f"{EN_MO} is missing ({HOW_TO_FIX})"
    with EN_MO.open("rb") as mo:
        compiled = read_mo(mo)
    # What write_mo keeps: every entry with a msgstr that is not fuzzy.
    expected = {
        _key(m.id, m.context): m.string for m in english if m.id and m.string and not m.fuzzy
    }
    actual = {_key(m.id, m.context): m.string for m in compiled if m.id}
    stale = sorted(
        (k for k in expected.keys() | actual.keys() if expected.get(k) != actual.get(k)),
        key=lambda k: (k[1], k[0] or ""),
    )
    assert not stale, (
        f"{EN_MO.name} is out of date with {EN_PO.name} for {len(stale)} message(s) "
        f"(run scripts/translations):\n" + "\n".join(_show(k) for k in stale)
    )
    assert compiled.plural_forms == english.plural_forms


def test_flask_babel_finds_english() -> None:
    """The directory and domain the app is configured with give English text."""
    translations = Translations.load(str(TRANSLATIONS), ["en"], "messages")
    assert translations.gettext("Seite nicht gefunden") == "Page not found"
