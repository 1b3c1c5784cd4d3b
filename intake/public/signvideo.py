"""The video in German Sign Language (DGS) that BITV 2.0 § 4 asks for on the start page.

A deployment configures one file on its own server (`SIGN_LANGUAGE_VIDEO`, an `.mp4` or
`.webm`); the app serves it itself, and the page states its size and duration as BITV 2.0
Anlage 2 Teil 1 requires for the download. The duration is read from the file's header:

- MP4: the `mvhd` box inside `moov` (duration / timescale), wherever `moov` sits in the file
  (before `mdat` for "fast start" files, after it for most camera and editor exports);
- WebM: `Segment` → `Info` → `Duration` × `TimecodeScale` (EBML).

A file whose header has no duration (a fragmented MP4 with an empty `mvhd`, a live-recorded
WebM) shows no duration unless `SIGN_LANGUAGE_VIDEO_SECONDS` gives it; that setting, when
set, always wins. Only headers are read (a few small reads, cached per file version), never
the whole video. No Flask here: the view hands in the path and the override.
"""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

MIMETYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
MAX_BOXES = 10_000  # boxes or elements walked before a header counts as unreadable
_UNKNOWN_32 = 0xFFFFFFFF
_UNKNOWN_64 = 0xFFFFFFFFFFFFFFFF


@dataclass(frozen=True)
class SignVideo:
    """One configured video file, as the page describes it."""

    path: Path
    mimetype: str
    size: int  # bytes
    seconds: int | None  # rounded; None when neither the header nor the setting says
    version: str  # changes whenever the file is replaced (cache-busting for its URL)

    @property
    def suffix(self) -> str:
        """`.mp4` or `.webm`."""
        return self.path.suffix.lower()


def find(path: Path | None, seconds_override: int = 0) -> SignVideo | None:
    """The configured video, or None when none is configured or the file cannot be used."""
    if path is None:
        return None
    mimetype = MIMETYPES.get(path.suffix.lower())
    if mimetype is None:
        log.warning("SIGN_LANGUAGE_VIDEO %s is not an .mp4 or .webm file; not shown", path)
        return None
    try:
        stat = path.stat()
    except OSError as exc:
        log.warning("SIGN_LANGUAGE_VIDEO %s cannot be read (%s); not shown", path, exc)
        return None
    if not path.is_file() or stat.st_size == 0:
        log.warning("SIGN_LANGUAGE_VIDEO %s is not a non-empty file; not shown", path)
        return None
    seconds = seconds_override if seconds_override > 0 else _seconds(path, stat.st_mtime_ns)
    version = f"{stat.st_mtime_ns:x}-{stat.st_size:x}"
    return SignVideo(path, mimetype, stat.st_size, seconds, version)


@lru_cache(maxsize=8)
def _seconds(path: Path, mtime_ns: int) -> int | None:
    """The duration from the header, cached per file version (`mtime_ns` is the key)."""
    try:
        with path.open("rb") as stream:
            raw = mp4_seconds(stream) if path.suffix.lower() == ".mp4" else webm_seconds(stream)
    except OSError as exc:
        log.warning("SIGN_LANGUAGE_VIDEO %s: header unreadable (%s)", path, exc)
        return None
    if raw is None:
        log.warning(
            "SIGN_LANGUAGE_VIDEO %s: no duration in its header; set SIGN_LANGUAGE_VIDEO_SECONDS",
            path,
        )
        return None
    return round(raw)


# --- MP4 (ISO base media file format) ------------------------------------------------------


def _box_header(stream: BinaryIO, end: int | None) -> tuple[bytes, int, int] | None:
    """(type, start of payload, end of box) of the box at the stream's position, or None."""
    start = stream.tell()
    head = stream.read(8)
    if len(head) < 8:
        return None
    size, kind = struct.unpack(">I4s", head)
    if size == 1:
        large = stream.read(8)
        if len(large) < 8:
            return None
        (size,) = struct.unpack(">Q", large)
    elif size == 0:  # the box runs to the end of its parent (or of the file)
        size = (end if end is not None else stream.seek(0, 2)) - start
    payload = stream.seek(start + (16 if head[:4] == b"\0\0\0\1" else 8))
    if size < payload - start:
        return None
    return kind, payload, start + size


def _find_box(stream: BinaryIO, kind: bytes, start: int, end: int | None) -> tuple[int, int] | None:
    """(payload start, end) of the first box of this type between start and end."""
    position = start
    for _ in range(MAX_BOXES):
        if end is not None and position + 8 > end:
            return None
        stream.seek(position)
        header = _box_header(stream, end)
        if header is None:
            return None
        found, payload, box_end = header
        if found == kind:
            return payload, box_end
        if box_end <= position:
            return None
        position = box_end
    return None


def mp4_seconds(stream: BinaryIO) -> float | None:
    """Duration in seconds from `moov/mvhd`, or None when the header gives none."""
    moov = _find_box(stream, b"moov", 0, None)
    if moov is None:
        return None
    mvhd = _find_box(stream, b"mvhd", moov[0], moov[1])
    if mvhd is None:
        return None
    stream.seek(mvhd[0])
    body = stream.read(32)
    if not body:
        return None
    if body[0] == 1 and len(body) >= 32:  # version 1: 64-bit times and duration
        timescale, duration = struct.unpack(">IQ", body[20:32])
        unknown = _UNKNOWN_64
    elif body[0] == 0 and len(body) >= 20:
        timescale, duration = struct.unpack(">II", body[12:20])
        unknown = _UNKNOWN_32
    else:
        return None
    if timescale == 0 or duration in (0, unknown):
        return None
    return float(duration / timescale)


# --- WebM (Matroska / EBML) ----------------------------------------------------------------

_SEGMENT = 0x18538067
_INFO = 0x1549A966
_CLUSTER = 0x1F43B675
_TIMECODE_SCALE = 0x2AD7B1
_DURATION = 0x4489


def _vint(stream: BinaryIO, keep_marker: bool) -> tuple[int, bool] | None:
    """An EBML variable-length integer: (value, all value bits set = unknown size)."""
    first = stream.read(1)
    if not first:
        return None
    length = 9 - first[0].bit_length()
    if length > 8:
        return None
    rest = stream.read(length - 1)
    if len(rest) < length - 1:
        return None
    value = first[0] if keep_marker else first[0] & (0xFF >> length)
    for byte in rest:
        value = (value << 8) | byte
    all_ones = not keep_marker and value == (1 << (7 * length)) - 1
    return value, all_ones


def _element(stream: BinaryIO) -> tuple[int, int | None, int] | None:
    """(id, size or None when unknown, payload start) of the element at the position."""
    element_id = _vint(stream, keep_marker=True)
    size = _vint(stream, keep_marker=False) if element_id else None
    if element_id is None or size is None:
        return None
    return element_id[0], None if size[1] else size[0], stream.tell()


def _segment_info(stream: BinaryIO) -> tuple[int, int] | None:
    """(start, end) of the Info element's payload: the first thing after the headers."""
    position, end = 0, stream.seek(0, 2)
    for _ in range(MAX_BOXES):
        stream.seek(position)
        element = _element(stream)
        if element is None:
            return None
        element_id, size, payload = element
        if element_id == _SEGMENT:  # enter it: its children follow
            position = payload
            continue
        if element_id == _CLUSTER or size is None:  # media data: no Info before it
            return None
        if element_id == _INFO:
            return payload, payload + size
        position = payload + size
        if position >= end:
            return None
    return None


def webm_seconds(stream: BinaryIO) -> float | None:
    """Duration in seconds from `Segment/Info/Duration`, or None when the header gives none."""
    info = _segment_info(stream)
    if info is None:
        return None
    scale, duration, position = 1_000_000, None, info[0]
    while position < info[1]:
        stream.seek(position)
        element = _element(stream)
        if element is None:
            return None
        element_id, size, payload = element
        if size is None:
            return None
        # Only the two small numbers are read; every other element is skipped by seeking.
        if element_id == _TIMECODE_SCALE and 0 < size <= 8:
            scale = int.from_bytes(stream.read(size), "big")
        elif element_id == _DURATION and size in (4, 8):
            (duration,) = struct.unpack(">f" if size == 4 else ">d", stream.read(size))
        position = payload + size
    if not duration or duration <= 0 or scale <= 0:
        return None
    return float(duration * scale / 1e9)


# --- how the page states it ----------------------------------------------------------------


def megabytes(size: int) -> float:
    """Size in megabytes (10^6 bytes, as file managers and browsers count), one decimal."""
    return round(size / 1_000_000, 1) or 0.1


def clock(seconds: int) -> str:
    """`3:25`: minutes and seconds, as the page says "3:25 Minuten" (also past one hour)."""
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"
