"""Shaped, bidirectional text: Arabic and Persian joined and right to left, as real text.

ReportLab draws a string as a row of each character's default glyph, left to right. That is
right for German, Turkish, Ukrainian or Russian, and wrong for Arabic script: a letter takes
a different form at the start, middle and end of a word, lam + alef become one ligature,
and words run right to left while numbers, URLs and codes inside them stay left to right.
So every line that is written right to left, or that contains Arabic script, goes through
this module:

1. **Levels.** The Unicode Bidirectional Algorithm (python-bidi) gives every character its
   embedding level; the paragraph direction is the card's (``rtl``), not a guess.
2. **Runs.** Characters are grouped into runs of one level and one font: Arabic-script
   characters take Noto Sans Arabic, everything else DejaVu Sans; spaces, digits and
   punctuation follow their neighbours when the font has them.
3. **Shaping.** HarfBuzz (uharfbuzz) shapes each run with the whole line as context: the
   joined form of each letter, ligatures, mark positions, kerning.
4. **Order.** The runs are put in visual order (rule L2 of the algorithm); HarfBuzz has
   already ordered the glyphs inside a right-to-left run.
5. **Drawing.** Glyphs are drawn as text with ReportLab's embedded, subset TrueType fonts.
   A glyph without its own character (a joined form, a ligature) gets a private-use code
   for the embedding, and :class:`ShapedTTFont` writes the font's ToUnicode map so that
   each such code stands for the *base letters* it shows: ``pdftotext``, copy and paste and
   screen readers get "رأيك يهمنا", not presentation forms or private-use characters.
   Viewers put the right-to-left words back into logical order themselves.

Text that needs none of this (left to right, no Arabic script) is measured and drawn by
ReportLab as before, so German cards stay byte for byte what they were.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import uharfbuzz as hb  # type: ignore[import-untyped]
from bidi import algorithm as uba  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.ttfonts import SUBSETN, ShapeData, ShapedStr, TTFont
from reportlab.pdfgen.canvas import Canvas

_PUA_FIRST, _PUA_LAST = 0xE000, 0xF8FF
_lock = threading.Lock()


class ShapedTTFont(TTFont):
    """A TrueType font whose shaped glyphs extract as the letters they stand for.

    ReportLab embeds subsets of at most 256 codes, each code one Unicode character, and maps
    code to glyph through the font's cmap. A shaped glyph (``beh.init``, the lam-alef
    ligature) has no character of its own, so :meth:`code_for` gives it a private-use
    character for the embedding and remembers the real text; :meth:`addObjects` then
    rewrites the subset's ToUnicode map with that text.
    """

    def __init__(self, name: str, filename: str | Path) -> None:
        super().__init__(name, str(filename))
        self.path = Path(filename)
        self.actual_text: dict[int, str] = {}
        self._codes: dict[tuple[int, str, float], int] = {}
        self._next_private = _PUA_FIRST

    def code_for(self, gid: int, text: str, advance: float) -> int:
        """The character that draws glyph ``gid``, extracts as ``text`` and advances by
        ``advance`` (thousandths of an em: its /Widths entry)."""
        key = (gid, text, round(advance, 3))
        code = self._codes.get(key)
        if code is not None:
            return code
        with _lock:
            face = self.face
            while self._next_private in face.charToGlyph:
                self._next_private += 1
            if self._next_private > _PUA_LAST:
                raise ValueError(f"{self.fontName}: no private-use codes left for shaped glyphs")
            code = self._next_private
            face.charToGlyph[code] = gid
            face.charWidths[code] = advance
            self.actual_text[code] = text
            self._codes[key] = code
        return code

    def addObjects(self, doc: PDFDocument) -> None:
        """Embed the subsets as ReportLab does, then fix their ToUnicode maps."""
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            if not any(code in self.actual_text for code in subset):
                continue
            base = (SUBSETN(number) + b"+" + self.face.name + self.face.subfontNameX).decode()
            stream: Any = doc.idToObject["toUnicodeCMap:" + base]
            stream.content = _to_unicode_cmap(base, subset, self.actual_text)


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(name: str, subset: list[int], actual: dict[int, str]) -> str:
    """A ToUnicode CMap: code -> the text it stands for (several letters for a ligature)."""
    entries = []
    for code, char in enumerate(subset):
        text = actual.get(char, chr(char))
        if text:  # a glyph that only completes its cluster's first glyph extracts as nothing
            entries.append(f"<{code:02X}> <{_utf16_hex(text)}>")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            *_chunks(entries),
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _chunks(entries: list[str]) -> list[str]:
    """bfchar sections of at most 100 entries, as the CMap format requires."""
    lines: list[str] = []
    for start in range(0, len(entries), 100):
        part = entries[start : start + 100]
        lines += [f"{len(part)} beginbfchar", *part, "endbfchar"]
    return lines


# --- fonts -------------------------------------------------------------------------------

_PARTNERS: dict[str, str] = {}
"""Latin font name -> the Arabic font set beside it (regular with regular, bold with bold)."""
_SCALES: dict[str, float] = {}
"""Font name -> size factor against the nominal size (1 unless set by :func:`pair_fonts`)."""


def pair_fonts(latin: str, arabic: str, scale: float = 1.0) -> None:
    """Declare ``arabic`` the font for Arabic-script runs in text set in ``latin``, drawn
    ``scale`` times the nominal size (so that its letters look as large as the Latin ones)."""
    _PARTNERS[latin] = arabic
    _SCALES[arabic] = scale


def _font(name: str) -> ShapedTTFont:
    font = pdfmetrics.getFont(name)
    if not isinstance(font, ShapedTTFont):
        raise TypeError(f"{name} is not registered as a ShapedTTFont")
    return font


@lru_cache(maxsize=8)
def _hb_font(name: str) -> Any:
    """The HarfBuzz font for a registered font (positions in font units)."""
    return hb.Font(hb.Face(hb.Blob(_font(name).path.read_bytes())))


def _is_arabic(char: str) -> bool:
    code = ord(char)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


def needs_shaping(text: str, rtl: bool) -> bool:
    """Whether ``text`` needs this module (else ReportLab's plain drawing is right)."""
    return rtl or any(_is_arabic(c) for c in text)


def _has_glyph(font: str, char: str) -> bool:
    return ord(char) in _font(font).face.charToGlyph


def _is_strong(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("L", "R", "AL")


def _fonts_for(text: str, latin: str) -> list[str]:
    """The font of every character: Arabic script in the partner font, the rest in Latin."""
    arabic = _PARTNERS.get(latin, latin)
    fonts: list[str | None] = [
        arabic if _is_arabic(c) else (latin if _is_strong(c) else None) for c in text
    ]
    # Spaces, digits and punctuation follow the preceding letter (else the following one).
    previous: str | None = None
    for i, font in enumerate(fonts):
        if font is None:
            fonts[i] = previous
        else:
            previous = font
    following: str | None = None
    for i in range(len(fonts) - 1, -1, -1):
        if fonts[i] is None:
            fonts[i] = following
        elif _is_arabic(text[i]) or _is_strong(text[i]):
            following = fonts[i]
    chosen = [font or latin for font in fonts]
    for i, char in enumerate(text):
        if not _has_glyph(chosen[i], char):
            chosen[i] = arabic if chosen[i] == latin else latin
    return chosen


def _levels(text: str, rtl: bool) -> list[int]:
    """Embedding levels (even: left to right, odd: right to left) of every character."""
    storage: dict[str, Any] = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(text, storage)
    chars = list(storage["chars"])  # explicit_embed_and_overrides drops some (X9)
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels: list[int] = []
    for char in chars:
        removed = char["orig"] in uba.X9_REMOVED  # e.g. the Persian zero-width non-joiner
        levels.append(levels[-1] if removed and levels else int(char["level"]))
    return levels


# --- shaping -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """Glyphs of one font, in visual order, ready for ReportLab's text operators."""

    font: str
    glyphs: ShapedStr  # one character per glyph, carrying HarfBuzz's positions
    width: float  # thousandths of the line's nominal size
    scale: float  # the run's font size against the line's nominal size


@dataclass(frozen=True, slots=True)
class Line:
    """One shaped line: runs in visual order, left to right."""

    runs: tuple[Run, ...]
    width: float  # thousandths of an em


def _runs_of(text: str, latin: str, rtl: bool) -> list[tuple[int, int, int, str]]:
    """``(start, end, level, font)`` of each run, in logical order."""
    levels, fonts = _levels(text, rtl), _fonts_for(text, latin)
    runs: list[tuple[int, int, int, str]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or (levels[i], fonts[i]) != (levels[start], fonts[start]):
            runs.append((start, i, levels[start], fonts[start]))
            start = i
    return runs


def _shape_run(codepoints: list[int], start: int, end: int, level: int, font_name: str) -> Run:
    """Shape ``codepoints[start:end]`` with the rest of the line as context."""
    font = _font(font_name)
    hb_font = _hb_font(font_name)
    scale = 1000 / hb_font.face.upem
    rtl = bool(level % 2)
    buf = hb.Buffer()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_codepoints(codepoints, start, end - start)
    buf.direction = "rtl" if rtl else "ltr"
    buf.guess_segment_properties()
    hb.shape(hb_font, buf, {"kern": True, "liga": True})
    infos, positions = buf.glyph_infos, buf.glyph_positions
    starts = sorted({info.cluster for info in infos} | {end})
    seen: set[int] = set()
    chars: list[str] = []
    data: list[ShapeData] = []
    for info, pos in zip(infos, positions, strict=True):
        cluster, gid = info.cluster, info.codepoint
        text = "".join(map(chr, codepoints[cluster : starts[starts.index(cluster) + 1]]))
        text = "" if cluster in seen else text
        seen.add(cluster)
        hmtx = hb_font.get_glyph_h_advance(gid) * scale
        slots = _slots(font, gid, text[::-1] if rtl else text, hmtx)
        for code, glyph_advance in slots:
            share = 1 / len(slots)
            chars.append(chr(code))
            data.append(
                ShapeData(
                    cluster,
                    pos.x_advance * scale * share,
                    pos.y_advance * scale * share,
                    pos.x_offset * scale if code == slots[0][0] else 0,
                    pos.y_offset * scale if code == slots[0][0] else 0,
                    glyph_advance,
                )
            )
    factor = _SCALES.get(font_name, 1.0)
    width = sum(d.x_advance for d in data) * factor
    return Run(font_name, ShapedStr("".join(chars), shapeData=cast(Any, data)), width, factor)


def _slots(font: ShapedTTFont, gid: int, visual: str, hmtx: float) -> list[tuple[int, float]]:
    """The codes that draw glyph ``gid`` and extract as ``visual`` (its letters, left to
    right as they appear), each with its /Widths entry.

    One letter: the letter itself if the cmap gives this glyph (a Latin letter, an isolated
    Arabic one), else a private-use code. Several letters (a ligature such as lam-alef):
    one code per letter, side by side across the glyph's width, the first drawing the
    glyph and the others drawing an empty glyph. Every code then stands for exactly one
    letter at its own place, so readers that order text by position (poppler) and those
    that reverse right-to-left runs (pdf.js) both get the letters in logical order, which
    a single code standing for "لا" would not give.
    """
    if len(visual) == 1 and font.face.charToGlyph.get(ord(visual)) == gid:
        return [(ord(visual), hmtx)]
    if len(visual) <= 1:
        return [(font.code_for(gid, visual, hmtx), hmtx)]
    share = hmtx / len(visual)
    blank = font.face.charToGlyph.get(32, 0)
    return [(font.code_for(gid, visual[0], share), share)] + [
        (font.code_for(blank, letter, share), share) for letter in visual[1:]
    ]


def _visual_order(items: list[tuple[int, Run]]) -> list[Run]:
    """Rule L2: from the highest level down to the lowest odd one, reverse every sequence
    of runs at that level or above."""
    if not items:
        return []
    order = list(items)
    highest = max(level for level, _ in order)
    lowest_odd = min((level for level, _ in order if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if order[i][0] < level:
                i += 1
                continue
            j = i
            while j < len(order) and order[j][0] >= level:
                j += 1
            order[i:j] = reversed(order[i:j])
            i = j
    return [run for _, run in order]


@lru_cache(maxsize=4096)
def shape(text: str, latin: str, rtl: bool) -> Line:
    """Shape one line (no line breaks) set in ``latin`` (and its Arabic partner)."""
    if not text:
        return Line((), 0.0)
    codepoints = [ord(c) for c in text]
    items = [
        (level, _shape_run(codepoints, start, end, level, font))
        for start, end, level, font in _runs_of(text, latin, rtl)
    ]
    runs = tuple(_visual_order(items))
    return Line(runs, sum(run.width for run in runs))


def width(text: str, font: str, size: float, rtl: bool = False) -> float:
    """Width of one line in points."""
    if not needs_shaping(text, rtl):
        return float(pdfmetrics.stringWidth(text, font, size))
    return shape(text, font, rtl).width * size / 1000


def draw(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, rtl: bool) -> None:
    """Draw one line with its left edge at ``x`` and its baseline at ``y``."""
    if not needs_shaping(text, rtl):
        canvas.setFont(font, size)
        canvas.drawString(x, y, text)
        return
    for run in shape(text, font, rtl).runs:
        canvas.setFont(run.font, size * run.scale)
        canvas.drawString(x, y, run.glyphs)
        x += run.width * size / 1000
    canvas.setFont(font, size)  # callers go on in the font they chose
