"""Every offered language's real card words fit card, A4 and A3 poster, even beside an office
name that takes two lines: the headline (and the card's call to action) shrinks to stay on
one line before it wraps, and the QR code keeps its size.

The words are the app's own translations, read straight from its `public` catalogs with
Babel; the msgids come from `intake/printing/words.py`, read as text (the library and its
tests know nothing of the app).
"""

from __future__ import annotations

import ast
import re
from dataclasses import fields
from itertools import pairwise
from pathlib import Path

import pytest
from babel.support import Translations

from cards import CardOffice, CardSpec, CardTexts, Layout, LayoutOverflow, is_rtl
from cards.drawing import (
    FONT_BOLD,
    ONE_LINE_SHARE,
    fit,
    fit_one_line,
    register_fonts,
    text_width,
)
from cards.front import MARGIN_A4
from cards.layout import CARD_W, MARGIN, PAGE_SIZES
from tests.cards import pdftools
from tests.cards.conftest import URL, Render

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "intake" / "translations"
WORDS = ROOT / "intake" / "printing" / "words.py"

LONG_OFFICE = CardOffice(
    "Geschäftsstelle Bad Ems-Nassau, Außenstelle Lahnstein-Oberlahnstein",
    "Schaumburger Str. 1, 65582 Diez",
)
NOMINAL = {"card": 21.0, "poster-a4": 44.0, "poster-a3": 44.0}
"""The call to action's (card) and headline's (poster) size on A4, in points."""
MIN_CODE_MM = {"poster-a4": 80, "poster-a3": 113}
_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _msgid(call: ast.expr) -> str:
    assert isinstance(call, ast.Call) and isinstance(call.args[0], ast.Constant), call
    value = call.args[0].value
    assert isinstance(value, str)
    return value


def printed_msgids() -> tuple[dict[str, str], tuple[str, ...]]:
    """`CARD_TEXTS` (field -> msgid) and `RATING_TEXTS` from the app's words module."""
    assignments = {
        node.targets[0].id: node.value
        for node in ast.parse(WORDS.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    texts, ratings = assignments["CARD_TEXTS"], assignments["RATING_TEXTS"]
    assert isinstance(texts, ast.Dict) and isinstance(ratings, ast.Tuple)
    keys = [key.value for key in texts.keys if isinstance(key, ast.Constant)]
    return (
        {str(key): _msgid(value) for key, value in zip(keys, texts.values, strict=True)},
        tuple(_msgid(value) for value in ratings.elts),
    )


def catalog_languages() -> list[tuple[str, str]]:
    """``(Babel locale, language tag)`` for German and every `public` catalog."""
    locales = sorted(p.parents[1].name for p in CATALOGS.glob("*/LC_MESSAGES/public.mo"))
    return [("de", "de"), *((loc, loc.replace("@", "-x-")) for loc in locales)]


def catalog_texts(locale: str) -> CardTexts:
    """The card words as the app prints them in ``locale``."""
    gettext = Translations.load(str(CATALOGS), [locale], "public").gettext
    texts, ratings = printed_msgids()
    values: dict[str, object] = {key: gettext(msgid) for key, msgid in texts.items()}
    values["rating_labels"] = tuple(gettext(msgid) for msgid in ratings)
    return CardTexts.from_mapping(values)


def column(layout: Layout) -> float:
    """Width of the text column the headline is set in, in points."""
    if layout == "card":
        return CARD_W - 2 * MARGIN
    page_w = PAGE_SIZES[layout][0]
    return page_w - 2 * MARGIN_A4 * page_w / PAGE_SIZES["poster-a4"][0]


def headline(texts: CardTexts, layout: Layout) -> str:
    return texts.call_to_action if layout == "card" else texts.poster_headline


def scale(layout: Layout) -> float:
    return PAGE_SIZES[layout][0] / PAGE_SIZES["poster-a4"][0] if layout != "card" else 1.0


def test_msgids_are_the_library_defaults() -> None:
    """The app's msgids are the German defaults of `CardTexts`, field by field."""
    texts, ratings = printed_msgids()
    defaults = CardTexts()
    assert set(texts) == {f.name for f in fields(CardTexts)} - {"rating_labels", "contact_box"}
    assert {key: getattr(defaults, key) for key in texts} == texts
    assert ratings == defaults.rating_labels


def test_the_long_headlines_need_the_shrinking() -> None:
    """What this file is about: at full size these headlines are wider than the column."""
    register_fonts()
    for locale in ("uk", "ru"):
        text = catalog_texts(locale).poster_headline
        assert text != CardTexts().poster_headline, locale  # really translated
        assert text_width(text, FONT_BOLD, 44) > column("poster-a4"), text


def test_a_headline_shrinks_to_one_line_before_it_wraps() -> None:
    register_fonts()
    width = column("poster-a4")
    german = fit_one_line("Ihre Meinung zählt!", FONT_BOLD, width, size=44, max_lines=2, what="h")
    assert german == fit("Ihre Meinung zählt!", FONT_BOLD, width, size=44, max_lines=2, what="h")
    ukrainian = fit_one_line(
        "Ваша думка важлива!", FONT_BOLD, width, size=44, max_lines=2, what="h"
    )
    assert ukrainian.lines == ["Ваша думка важлива!"]
    assert 44 * ONE_LINE_SHARE <= ukrainian.size < 44
    assert ukrainian.line_width(ukrainian.lines[0]) <= width
    persian = fit_one_line(
        "نظر شما مهم است!", FONT_BOLD, 120 * pdftools.MM, size=44, max_lines=2, what="h", rtl=True
    )
    assert persian.lines == ["نظر شما مهم است!"] and persian.rtl


def test_a_headline_too_long_for_one_line_wraps_at_full_size_then_overflows() -> None:
    register_fonts()
    width, text = column("poster-a4"), "Ihre Meinung ist uns wirklich sehr wichtig!"
    wrapped = fit_one_line(text, FONT_BOLD, width, size=44, max_lines=2, what="poster_headline")
    assert len(wrapped.lines) == 2
    assert wrapped == fit(text, FONT_BOLD, width, size=44, max_lines=2, what="poster_headline")
    with pytest.raises(LayoutOverflow, match="poster_headline does not fit in 2 line"):
        fit_one_line(text * 10, FONT_BOLD, width, size=44, max_lines=2, what="poster_headline")


def _headline_lines(pdf: Path, layout: Layout) -> int:
    """How many lines the biggest words on the first card or poster take: the headline, or
    the card's call to action.

    Words of one line may sit a few points apart (Arabic script and the Latin "!" have
    different boxes); a new line starts at least half a word's height lower.
    """
    words = pdftools.words(pdf, 1)
    if layout == "card":  # the top-left card of the sheet
        words = [w for w in words if w.x1 < CARD_W and w.y0 < 148 * pdftools.MM]
    biggest = max(w.y1 - w.y0 for w in words)
    bottoms = sorted(w.y1 for w in words if w.y1 - w.y0 > 0.8 * biggest)
    return 1 + sum(1 for a, b in pairwise(bottoms) if b - a > biggest / 2)


def _page_text(pdf: Path) -> str:
    raw = pdftools.run("pdftotext", "-f", "1", "-l", "1", pdf, "-")
    return " ".join(_BIDI_MARKS.sub("", raw).split())


@pytest.mark.parametrize("layout", ["card", "poster-a4", "poster-a3"])
@pytest.mark.parametrize(("locale", "language"), catalog_languages())
def test_real_words_fit_beside_a_two_line_office_name(
    render: Render, tmp_path: Path, locale: str, language: str, layout: Layout
) -> None:
    texts = catalog_texts(locale)
    spec = CardSpec(
        office=LONG_OFFICE,
        url=URL,
        qr_payload=URL.upper(),
        layout=layout,
        language=language,
        texts=texts,
    )
    pdf = render(spec, 4 if layout == "card" else 1, f"{language}-{layout}", min_batch=1)

    # The QR code decodes, on a poster at its full minimum size.
    out = tmp_path / "png"
    out.mkdir()
    dpi = 72 if layout != "card" else 150
    pdftools.run("pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", pdf, out / "page")
    (png,) = out.glob("page-*.png")
    codes = pdftools.decode_qr(png)
    assert [c.text for c in codes] == [URL.upper()] * (4 if layout == "card" else 1)
    if layout != "card":
        assert codes[0].width / dpi * 25.4 >= MIN_CODE_MM[layout]

    # Nothing is cut, and the headline stays on one line wherever the smallest one-line size
    # lets it.
    text = headline(texts, layout)
    page = _page_text(pdf)
    if not is_rtl(language):  # right-to-left lines extract word by word, see test_languages
        assert text in page
    assert "Lahnstein-Oberlahnstein" in page
    register_fonts()
    smallest = NOMINAL[layout] * scale(layout) * ONE_LINE_SHARE
    fits = text_width(text, FONT_BOLD, smallest, is_rtl(language)) <= column(layout)
    assert fits, f"{text!r} no longer fits one line even at {smallest:.1f} pt"
    assert _headline_lines(pdf, layout) == 1
