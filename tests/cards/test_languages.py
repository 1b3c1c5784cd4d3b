"""Cards and posters in every customer language: shaped, right to left where the language is,
readable back out of the PDF, and every QR code still decodes.

The words come from `language_texts` (the library knows no catalogs). What the tests read
back is what poppler, a tool independent of our drawing code, finds in the files.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from cards import CardSpec, CardTexts, LayoutOverflow, is_rtl
from cards.drawing import FONT, FONT_BOLD, register_fonts
from cards.text import shape
from tests.cards import pdftools
from tests.cards.conftest import OFFICE, URL, Render, make_spec
from tests.cards.language_texts import (
    ARABIC,
    EASY_GERMAN,
    MULTILINGUAL_LINES,
    PERSIAN,
    TURKISH,
    UKRAINIAN,
)

PICKER_URL = "https://feedback.example.de/l/diez/k12"
_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def extracted(pdf: Path, page: int) -> str:
    """pdftotext's text of a page, without the direction marks it adds around runs, line
    breaks and runs of spaces as one space.

    Deliberately *not* NFKC-normalised: the fonts' ToUnicode maps give base letters.
    """
    raw = pdftools.run("pdftotext", "-f", str(page), "-l", str(page), pdf, "-")
    return " ".join(_BIDI_MARKS.sub("", raw).split())


def assert_plain_letters(text: str) -> None:
    """No presentation forms and no private-use characters: what a person would type."""
    odd = {
        c
        for c in text
        if 0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFF or 0xE000 <= ord(c) <= 0xF8FF
    }
    assert not odd, [f"U+{ord(c):04X}" for c in sorted(odd)]


def spoken(word: pdftools.Word) -> str:
    """A right-to-left word as read: `pdftotext -bbox` lists its letters left to right."""
    return word.text[::-1]


def multilingual(layout: str) -> CardSpec:
    return CardSpec(
        office=OFFICE,
        url=PICKER_URL,
        qr_payload=PICKER_URL.upper(),
        layout=layout,  # type: ignore[arg-type]
        language="mul",
        lines=MULTILINGUAL_LINES,
    )


def qr_texts(pdf: Path, tmp_path: Path) -> list[str]:
    out = tmp_path / f"png-{pdf.stem}"
    out.mkdir()
    pages = pdftools.render_pages(pdf, out)
    return [code.text for page in pages for code in pdftools.decode_qr(page)]


def all_fonts_embedded(pdf: Path) -> set[str]:
    fonts = pdftools.fonts(pdf)
    assert fonts and all(embedded == "yes" for _, embedded in fonts), fonts
    return {name.split("+", 1)[-1] for name, _ in fonts}


# --- shaping --------------------------------------------------------------------------------


def test_arabic_letters_join_and_lam_alef_is_one_ligature() -> None:
    register_fonts()
    line = shape("السلام", FONT, True)
    glyphs = "".join(run.glyphs for run in line.runs)
    # Five glyphs drawn for six letters (lam-alef is one), plus one blank slot so that the
    # ligature extracts as two letters; the joined forms are not the isolated characters.
    assert len(glyphs) == 6
    assert sum(1 for g in glyphs if g in "السلام") < 3


@pytest.mark.parametrize("letter", ["پ", "چ", "ژ", "گ", "ی"])
def test_persian_letters_have_their_own_glyphs(letter: str) -> None:
    register_fonts()
    run = shape(f"ب{letter}ب", FONT, True).runs[0]
    assert run.font.endswith("NotoSansArabic")
    assert len(run.glyphs) == 3  # medial form between two behs, no .notdef box
    assert "\0" not in run.glyphs


def test_right_to_left_text_keeps_numbers_and_urls_left_to_right() -> None:
    register_fonts()
    line = shape("رقم 2026 على feedback.example.de/m/diez", FONT, True)
    latin = [run for run in line.runs if run.font == FONT]
    assert any("feedback.example.de/m/diez" in run.glyphs for run in latin)
    # Visual order, left to right: the URL (last in logical order) comes first.
    assert "feedback" in line.runs[0].glyphs


def test_direction_follows_the_language() -> None:
    assert is_rtl("ar") and is_rtl("fa") and is_rtl("ar-SY")
    assert not any(is_rtl(code) for code in ("de", "de-x-ls", "en", "uk", "ru", "tr", "mul"))


# --- cards and posters ----------------------------------------------------------------------


def test_arabic_card_extracts_in_logical_order_and_is_mirrored(
    render: Render, tmp_path: Path
) -> None:
    pdf = render(make_spec("card", language="ar", texts=ARABIC), 4, "ar", min_batch=1)
    front, back = extracted(pdf, 1), extracted(pdf, 2)
    for phrase in ("رأيك يهمنا", "شكر أو فكرة أو نقد", "امسح رمز", "بكاميرا الهاتف"):
        assert phrase in front, phrase
    for phrase in ("ما مدى رضاك", "جيد جدًا", "سيئ جدًا", "أوافق على حفظ بياناتي", "الاسم"):
        assert phrase in back, phrase
    assert "لا نحفظ عنوان" in front  # lam-alef ligature extracts as lam, alef
    assert URL.removeprefix("https://") in front  # the URL stays one left-to-right word
    assert_plain_letters(front + back)
    assert {"DejaVuSans", "DejaVuSans-Bold", "NotoSansArabic-Regular", "NotoSansArabic-Bold"} <= (
        all_fonts_embedded(pdf)
    )
    assert qr_texts(pdf, tmp_path) == [URL.upper()] * 4

    # Mirrored: the call to action ends at the right margin of the top-left card …
    words = pdftools.words(pdf, 1)
    heading = [
        w
        for w in words
        if spoken(w) in ("رأيك", "يهمنا") and w.y0 < 120 and w.x1 < 105 * pdftools.MM
    ]
    assert heading and max(w.x1 for w in heading) == pytest.approx(99 * pdftools.MM, abs=3)
    # … and on the back the rating runs from the right, best first (the top-right slot
    # holds the back of the top-left card, in long-edge duplex).
    back_words = pdftools.words(pdf, 2)
    row = [w for w in back_words if w.y0 < 200 and w.x0 > 105 * pdftools.MM]
    best = min(w.x0 for w in row if spoken(w) == "جيد")  # "جيد جدًا", "جيد": leftmost is 2nd
    worst = [w for w in row if spoken(w) == "سيئ"]
    assert worst and max(w.x0 for w in worst) < best


def test_persian_poster(render: Render, tmp_path: Path) -> None:
    pdf = render(make_spec("poster-a4", language="fa", texts=PERSIAN), 1, "fa")
    text = extracted(pdf, 1)
    for phrase in ("نظر شما مهم است", "کد را با گوشی اسکن کنید", "ذخیره نمی‌کنیم", "ثبت‌نام"):
        assert phrase in text, phrase
    assert_plain_letters(text)
    assert "NotoSansArabic-Bold" in all_fonts_embedded(pdf)
    assert qr_texts(pdf, tmp_path) == [URL.upper()]
    headline = [w for w in pdftools.words(pdf, 1) if spoken(w) in ("نظر", "شما", "مهم")]
    assert headline and max(w.x1 for w in headline) == pytest.approx(
        195 * pdftools.MM, abs=4
    )  # right-aligned at the poster's right margin


@pytest.mark.parametrize(
    ("language", "texts", "phrases"),
    [
        ("uk", UKRAINIAN, ("Ваша думка важлива", "Наскільки ви задоволені")),
        ("tr", TURKISH, ("Görüşünüz önemli", "Teşekkür, fikir ya da eleştiri")),
        ("de-x-ls", EASY_GERMAN, ("Ihre Meinung ist wichtig", "Sagen Sie es uns. Ohne Namen.")),
    ],
)
def test_left_to_right_languages(
    render: Render, tmp_path: Path, language: str, texts: CardTexts, phrases: tuple[str, ...]
) -> None:
    pdf = render(make_spec("card", language=language, texts=texts), 4, language, min_batch=1)
    text = extracted(pdf, 1) + extracted(pdf, 2)
    for phrase in phrases:
        assert phrase in text, phrase
    assert all_fonts_embedded(pdf) == {"DejaVuSans", "DejaVuSans-Bold"}
    assert qr_texts(pdf, tmp_path) == [URL.upper()] * 4


def test_ukrainian_poster(render: Render, tmp_path: Path) -> None:
    pdf = render(make_spec("poster-a3", language="uk", texts=UKRAINIAN), 1, "uk")
    assert "Ваша думка важлива!" in extracted(pdf, 1)
    assert qr_texts(pdf, tmp_path) == [URL.upper()]


@pytest.mark.parametrize("layout", ["card", "poster-a4", "poster-a3"])
def test_multilingual_card_and_poster(render: Render, tmp_path: Path, layout: str) -> None:
    pdf = render(multilingual(layout), 4 if layout == "card" else 1, layout, min_batch=1)
    text = extracted(pdf, 1)
    assert "Ihre Meinung zählt" in text
    for _code, line in MULTILINGUAL_LINES:
        words = line.rstrip(".").split(" – ")[0]
        assert words in text, line
    assert PICKER_URL.removeprefix("https://") in text
    assert_plain_letters(text)
    assert "NotoSansArabic-Regular" in all_fonts_embedded(pdf)
    codes = qr_texts(pdf, tmp_path)
    assert codes and set(codes) == {"HTTPS://FEEDBACK.EXAMPLE.DE/L/DIEZ/K12"}
    if layout == "card":  # the back is the German paper form
        assert "Wie zufrieden sind Sie?" in extracted(pdf, 2)


def test_multilingual_lines_are_in_reading_order(render: Render) -> None:
    pdf = render(multilingual("poster-a4"), 1, "order")
    text = extracted(pdf, 1)
    positions = [text.index(line.split(" – ")[0]) for _, line in MULTILINGUAL_LINES]
    assert positions == sorted(positions)


def test_multilingual_needs_its_lines() -> None:
    with pytest.raises(ValueError, match="lines"):
        CardSpec(office=OFFICE, url=PICKER_URL, qr_payload="X", layout="card", language="mul")


def test_too_many_language_lines_raise_instead_of_shrinking_the_code(render: Render) -> None:
    spec = CardSpec(
        office=OFFICE,
        url=PICKER_URL,
        qr_payload=PICKER_URL.upper(),
        layout="card",
        language="mul",
        lines=MULTILINGUAL_LINES * 3,
    )
    with pytest.raises(LayoutOverflow):
        render(spec, 4, "overflow", min_batch=1)


def test_german_cards_do_not_embed_the_arabic_font(render: Render) -> None:
    pdf = render(make_spec("card"), 4, "de", min_batch=1)
    assert all_fonts_embedded(pdf) == {"DejaVuSans", "DejaVuSans-Bold"}
    assert unicodedata.normalize("NFC", "Ihre Meinung zählt") in extracted(pdf, 1)
    assert FONT_BOLD != FONT
