"""Stream a long PDF whose pages repeat a few distinct pages.

Why this exists: reportlab keeps every finished page in memory until ``save()``
(measured: about 5.7 KB per page even when a page is only four form references),
so 10,000 cards = 5,000 pages would cost some 30 MB and grow without bound. But a
print run of cards repeats the same few sheets: every full front sheet of one
office is identical, and so is every back sheet. So :mod:`cards.render` lets
reportlab draw each *distinct* page once into a small "master" PDF, and this
module writes the final file: all master objects (fonts, forms, content
streams) once, then one small page object per printed page pointing at the
shared content stream. Pages are written as they are produced; only an 8-byte
offset per page is kept for the cross-reference table.

The parser only needs to understand reportlab's own output (classic xref table,
uncompressed object dictionaries) and checks that assumption loudly.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

PAGES_PER_NODE = 128
"""Pages per intermediate page-tree node; keeps every /Kids array short."""

_REF = rb"(\d+) 0 R"


class BinaryWriter(Protocol):
    """Anything with ``write(bytes)``: a file, ``io.BytesIO``, a socket wrapper."""

    def write(self, data: bytes, /) -> object:
        """Write all of ``data``."""


class MasterFormatError(RuntimeError):
    """reportlab produced a PDF structure this module does not understand."""


@dataclass(frozen=True, slots=True)
class MasterPdf:
    """The objects of a reportlab PDF, split so its pages can be replicated."""

    header: bytes
    objects: dict[int, bytes]
    root: int
    info: int | None
    file_id: bytes | None
    pages_root: int
    pages: list[int]


def _need(match: re.Match[bytes] | None, what: str) -> re.Match[bytes]:
    """Fail loudly if reportlab's output no longer looks as this parser expects."""
    if match is None:
        raise MasterFormatError(f"unexpected master PDF structure: no {what}")
    return match


def _xref_offsets(data: bytes) -> tuple[dict[int, int], int]:
    """In-use object offsets from the classic xref table, and the table's offset."""
    start = int(_need(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data), "startxref")[1])
    head = _need(re.compile(rb"xref\s+0 (\d+)\s+").match(data, start), "xref table")
    offsets: dict[int, int] = {}
    pos = head.end()
    for number in range(int(head[1])):
        entry = data[pos : pos + 20]
        if entry[17:18] == b"n":
            offsets[number] = int(entry[:10])
        pos += 20
    return offsets, start


def parse_master(data: bytes) -> MasterPdf:
    """Split a reportlab PDF into objects and find its page tree."""
    offsets, xref_at = _xref_offsets(data)
    order = sorted(offsets.items(), key=lambda item: item[1])
    objects: dict[int, bytes] = {}
    for i, (number, offset) in enumerate(order):
        end = order[i + 1][1] if i + 1 < len(order) else xref_at
        chunk = data[offset:end]
        head = _need(re.compile(rb"%d 0 obj\r?\n" % number).match(chunk), f"object {number}")
        objects[number] = chunk[head.end() : chunk.rindex(b"endobj")]
    trailer = data[data.rindex(b"trailer", 0, len(data)) :]
    root = int(_need(re.search(rb"/Root " + _REF, trailer), "/Root")[1])
    info = re.search(rb"/Info " + _REF, trailer)
    file_id = re.search(rb"/ID\s*(\[\s*<[0-9a-fA-F]+>\s*<[0-9a-fA-F]+>\s*\])", trailer)
    pages_root = int(_need(re.search(rb"/Pages " + _REF, objects[root]), "/Pages")[1])
    kids = _need(re.search(rb"/Kids \[([^\]]*)\]", objects[pages_root]), "/Kids")[1]
    pages = [int(n) for n in re.findall(_REF, kids)]
    for page in pages:
        if len(re.findall(rb"/Parent " + _REF, objects[page])) != 1:
            raise MasterFormatError(f"page object {page} is nested or has no single /Parent")
    return MasterPdf(
        header=data[: order[0][1]],
        objects=objects,
        root=root,
        info=int(info[1]) if info else None,
        file_id=file_id[1] if file_id else None,
        pages_root=pages_root,
        pages=pages,
    )


class _Out:
    """Write-through wrapper that counts bytes; ``out`` need not be seekable."""

    def __init__(self, out: BinaryWriter) -> None:
        self._out = out
        self.pos = 0

    def write(self, data: bytes) -> None:
        """Pass ``data`` on and advance the offset used for the xref table."""
        self._out.write(data)
        self.pos += len(data)

    def obj(self, number: int, body: bytes) -> int:
        """Write one indirect object; return its offset."""
        offset = self.pos
        self.write(b"%d 0 obj\n%sendobj\n" % (number, body))
        return offset


def _kids(numbers: Iterable[int]) -> bytes:
    """A /Kids array body: indirect references to ``numbers``."""
    return b" ".join(b"%d 0 R" % n for n in numbers)


def _xref(out: _Out, offsets: dict[int, int], first_new: int, new: array[int]) -> int:
    """Write the xref table; unused master numbers become a proper free list."""
    at = out.pos
    size = first_new + len(new)
    free = [n for n in range(1, first_new) if n not in offsets]
    out.write(b"xref\n0 %d\n%010d 65535 f \n" % (size, free[0] if free else 0))
    following = dict(zip(free, [*free[1:], 0], strict=True))
    for number in range(1, first_new):
        if number in offsets:
            out.write(b"%010d 00000 n \n" % offsets[number])
        else:
            out.write(b"%010d 00001 f \n" % following[number])
    for offset in new:
        out.write(b"%010d 00000 n \n" % offset)
    return at


def _write_pages(
    w: _Out,
    master: MasterPdf,
    sequence: Iterable[int],
    total: int,
    node_numbers: range,
    on_page: Callable[[int], None] | None,
) -> array[int]:
    """Write page-tree nodes and page objects while ``sequence`` yields; return offsets.

    Each node object is directly followed by its pages, so object numbers (and
    therefore the /Kids arrays) are known before the pages exist.
    """
    templates = [re.split(rb"/Parent " + _REF, master.objects[p]) for p in master.pages]
    offsets: array[int] = array("Q")
    written = 0
    for written, index in enumerate(sequence, start=1):
        if written > total:
            raise ValueError(f"page sequence yields more than the expected {total} pages")
        node, slot = divmod(written - 1, PAGES_PER_NODE)
        parent = node_numbers[node]
        if slot == 0:
            count = min(PAGES_PER_NODE, total - node * PAGES_PER_NODE)
            kids = _kids(range(parent + 1, parent + 1 + count))
            body = b"<< /Type /Pages /Parent %d 0 R /Count %d /Kids [ %s ] >>\n" % (
                master.pages_root,
                count,
                kids,
            )
            offsets.append(w.obj(parent, body))
        before, _, after = templates[index]
        offsets.append(w.obj(parent + 1 + slot, b"%s/Parent %d 0 R%s" % (before, parent, after)))
        if on_page is not None:
            on_page(written - 1)
    if written != total:
        raise ValueError(f"page sequence yielded {written} pages, expected {total}")
    return offsets


def write_replicated(
    master: MasterPdf,
    sequence: Iterable[int],
    total: int,
    out: BinaryWriter,
    on_page: Callable[[int], None] | None = None,
) -> int:
    """Write a PDF of ``total`` pages; page *i* shows master page ``sequence[i]``.

    Returns the number of bytes written. ``on_page`` is called with the 0-based
    index of each page once it has been written.
    """
    if total < 1:
        raise ValueError("a PDF needs at least one page")
    w = _Out(out)
    w.write(master.header)
    skip = {*master.pages, master.pages_root}
    offsets = {n: w.obj(n, body) for n, body in sorted(master.objects.items()) if n not in skip}
    first_new = max(master.objects) + 1
    stride = PAGES_PER_NODE + 1  # a node object and its pages
    nodes = range(first_new, first_new + -(-total // PAGES_PER_NODE) * stride, stride)
    offsets[master.pages_root] = w.obj(
        master.pages_root,
        b"<< /Type /Pages /Count %d /Kids [ %s ] >>\n" % (total, _kids(nodes)),
    )
    new = _write_pages(w, master, sequence, total, nodes, on_page)
    xref_at = _xref(w, offsets, first_new, new)
    info = b"/Info %d 0 R " % master.info if master.info else b""
    file_id = b"/ID %s " % master.file_id if master.file_id else b""
    w.write(
        b"trailer\n<< /Size %d /Root %d 0 R %s%s>>\nstartxref\n%d\n%%%%EOF\n"
        % (first_new + len(new), master.root, info, file_id, xref_at)
    )
    return w.pos
