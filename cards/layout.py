"""Which page shows what: card imposition on A4 sheets, duplex order, posters.

Card imposition
    Four A6 cards fill a portrait A4 sheet in a 2×2 grid, slots numbered in
    reading order: 0 top left, 1 top right, 2 bottom left, 3 bottom right.
    Page 1 of each sheet holds the fronts, page 2 the backs.

Duplex decision (long-edge flip)
    Office printers print portrait A4 "beidseitig, an langer Kante spiegeln" by
    turning the sheet over its long (vertical) edge. A point at ``(x, y)`` on the
    front is then behind ``(W - x, y)`` on the back: rows stay, columns swap, and
    the back stays upright. So the back of the card in slot 0 (top left) is
    printed top *right*, and so on: back column = 1 - front column. (Short-edge
    flip would instead swap rows and turn backs upside down; the PDF asks viewers
    for long-edge duplex via its viewer preferences.)

Nothing here keeps a list of pages: :meth:`PagePlan.pages` computes page *i*
from the card numbers on it, so a plan for 10,000 cards is as small as for 100.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.units import mm

from cards.model import CardSpec, CardTexts, Layout

CARD_W = 105 * mm
CARD_H = 148 * mm
MARGIN = 6 * mm
"""Distance of all card content from the card edge (at least 5 mm): it absorbs
cutting tolerance and the 1–2 mm misregistration of office duplex printers."""

SLOTS = 4
PAGE_SIZES: dict[Layout, tuple[float, float]] = {"card": A4, "poster-a4": A4, "poster-a3": A3}

# The 2×2 grid leaves 1 mm of A4's height over; split it above and below.
_SHEET_Y0 = (A4[1] - 2 * CARD_H) / 2


def slot_origin(position: int) -> tuple[float, float]:
    """Lower left corner of the card at ``position`` (0–3, reading order) on a page."""
    column, row = position % 2, position // 2
    return column * CARD_W, _SHEET_Y0 + (1 - row) * CARD_H


def back_position(front_position: int) -> int:
    """Position on the back page that lies behind ``front_position``.

    Long-edge flip keeps the row and swaps the column: 0↔1, 2↔3.
    """
    return front_position ^ 1


def cut_lines() -> tuple[list[float], list[float]]:
    """x and y coordinates of the inner cut lines of a card sheet."""
    return [CARD_W], [_SHEET_Y0 + CARD_H]


PageKey = tuple[str, tuple[int | None, ...]]
"""What a page shows: ``("front", spec per position)``, ``("back", back design per
position)`` or ``("poster", (spec,))``; positions are page positions in reading
order, so a back key is already mirrored. Equal keys mean identical pages, which
are drawn once."""


@dataclass(frozen=True, slots=True)
class PagePlan:
    """The ordered pages of one document.

    ``specs`` are distinct; ``sequence`` lists, per requested spec, its index in
    ``specs``; each gets ``count`` copies, laid out one after another.
    """

    specs: tuple[CardSpec, ...]
    backs: tuple[int, ...]
    sequence: tuple[int, ...]
    count: int
    layout: Layout

    @property
    def items(self) -> int:
        """Cards or posters in the document."""
        return len(self.sequence) * self.count

    @property
    def total_pages(self) -> int:
        """Pages in the document: two per card sheet, one per poster."""
        if self.layout == "card":
            return 2 * -(-self.items // SLOTS)
        return self.items

    def _spec_of(self, item: int) -> int | None:
        """Spec index of card number ``item``; ``None`` past the end (empty slots)."""
        if item >= self.items:
            return None
        return self.sequence[item // self.count]

    def items_done_after(self, page: int) -> int:
        """Cards or posters complete once page ``page`` (0-based) is written.

        A card counts as done with its back, so front pages report 0.
        """
        if self.layout != "card":
            return page + 1
        if page % 2 == 0:
            return 0
        return min((page // 2 + 1) * SLOTS, self.items)

    def pages(self) -> Iterator[PageKey]:
        """Yield each page's key, in print order."""
        if self.layout != "card":
            for item in range(self.items):
                yield "poster", (self._spec_of(item),)
            return
        for sheet in range(-(-self.items // SLOTS)):
            fronts = tuple(self._spec_of(sheet * SLOTS + slot) for slot in range(SLOTS))
            yield "front", fronts
            backs: list[int | None] = [None] * SLOTS
            for position, spec in enumerate(fronts):
                if spec is not None:
                    backs[back_position(position)] = self.backs[spec]
            yield "back", tuple(backs)


def back_design(spec: CardSpec) -> tuple[CardTexts, str, bool]:
    """Everything the card back depends on; equal values share one back form."""
    return spec.texts, spec.branding.primary_colour, spec.rtl


def make_plan(specs: list[CardSpec], count: int) -> PagePlan:
    """Deduplicate ``specs`` (equal specs share forms and pages) into a plan."""
    distinct: dict[CardSpec, int] = {}
    for spec in specs:
        distinct.setdefault(spec, len(distinct))
    first_with_back: dict[tuple[CardTexts, str, bool], int] = {}
    for index, spec in enumerate(distinct):
        first_with_back.setdefault(back_design(spec), index)
    return PagePlan(
        specs=tuple(distinct),
        backs=tuple(first_with_back[back_design(s)] for s in distinct),
        sequence=tuple(distinct[s] for s in specs),
        count=count,
        layout=specs[0].layout,
    )
