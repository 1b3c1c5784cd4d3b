"""BITV 2.0 § 4: the Leichte-Sprache page and the page in German Sign Language (issue 10).

The sign-language video is a tiny MP4 (or WebM) written here by hand: only its header
matters for the duration; the rest is padding, served as it is.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask

from intake.config import ConfigError, from_environment
from intake.public import signvideo

# Plain links to official pages the Leichte-Sprache text names; nothing is loaded from them.
OFFICIAL_HOSTS = {"www.arbeitsagentur.de", "www.bmas.de", "www.schlichtungsstelle-bgg.de"}
MAX_WORDS = 15  # Leichte Sprache: short sentences, one statement each
PREPARING = "Das Video in Deutscher Gebärdensprache wird gerade erstellt."
BLOCKS = {"p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "dt", "dd", "div", "section", "br"}


# --- hand-written video headers ------------------------------------------------------------


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def mvhd(timescale: int, duration: int, version: int = 0) -> bytes:
    if version == 1:
        times = struct.pack(">QQIQ", 0, 0, timescale, duration)
    else:
        times = struct.pack(">IIII", 0, 0, timescale, duration)
    rest = b"\0" * 80  # rate, volume, matrix, next track id: unread
    return box(b"mvhd", bytes([version, 0, 0, 0]) + times + rest)


def mp4_header(timescale: int = 1000, duration: int = 205_000, version: int = 0) -> bytes:
    ftyp = box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")
    moov = box(b"moov", mvhd(timescale, duration, version) + box(b"trak", b"\0" * 16))
    return ftyp + moov


def write_mp4(path: Path, total_size: int, **header: int) -> Path:
    """A fast-start MP4 of exactly `total_size` bytes: ftyp, moov, then one (sparse) mdat."""
    head = mp4_header(**header)
    mdat_size = total_size - len(head)
    with path.open("wb") as file:
        file.write(head + struct.pack(">I4s", mdat_size, b"mdat") + b"\0\0\0\1" * 4)
        file.truncate(total_size)
    return path


def ebml(element_id: int, payload: bytes) -> bytes:
    """An EBML element with an 8-byte size."""
    raw_id = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    return raw_id + bytes([0x01]) + len(payload).to_bytes(7, "big") + payload


def webm_header(duration_ms: float, float_size: int = 8) -> bytes:
    header = ebml(0x1A45DFA3, ebml(0x4282, b"webm"))
    duration = struct.pack(">d" if float_size == 8 else ">f", duration_ms)
    info = ebml(0x1549A966, ebml(0x2AD7B1, (1_000_000).to_bytes(3, "big")) + ebml(0x4489, duration))
    seek_head = ebml(0x114D9B74, b"\0" * 12)
    cluster = ebml(0x1F43B675, b"\0" * 64)
    return header + ebml(0x18538067, seek_head + info + cluster)


# --- HTML helpers --------------------------------------------------------------------------


class Links(HTMLParser):
    """Every href and src of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"href", "src"} and value is not None:
                self.found.append((tag, name, value))


class EasyText(HTMLParser):
    """The text inside the element with class easy-language, with block boundaries kept."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth == 0 and "easy-language" in classes:
            self.depth = 1
            self.lang = dict(attrs).get("lang")
            return
        if self.depth:
            self.depth += tag not in {"br", "img", "source", "input"}
            if tag in BLOCKS:
                self.parts.append("¶")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if tag in BLOCKS:
                self.parts.append("¶")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)

    def sentences(self) -> list[str]:
        text = re.sub(r"\s+", " ", "".join(self.parts))
        return [s.strip() for s in re.split(r"[.!?¶]", text) if s.strip()]


def easy_text(html: str) -> EasyText:
    parser = EasyText()
    parser.feed(html)
    return parser


@pytest.fixture
def video_app(app_factory: Callable[..., Flask], tmp_path: Path) -> Flask:
    path = write_mp4(tmp_path / "dgs.mp4", 12_400_000)
    return app_factory(SIGN_LANGUAGE_VIDEO=str(path))


# --- the Leichte-Sprache page --------------------------------------------------------------


def test_easy_language_page_in_german(app: Flask) -> None:
    response = app.test_client().get("/leichte-sprache")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Informationen in Leichter Sprache</h1>" in html
    assert "Anonym bedeutet: Wir wissen nicht, wer Sie sind." in html
    assert "Rechtlich gilt nur der Text in Alltags-Sprache." in html
    assert '<meta name="description" content="In Leichter Sprache:' in html
    assert "Jobcenter Musterstadt" in html and "mailto:kundenreaktion@" in html
    assert "Schlichtungs-Stelle" in html and 'href="/gebaerdensprache' in html
    assert easy_text(html).lang is None  # the page itself is German
    assert "Der folgende Text ist in Leichter Sprache" not in html


def test_easy_language_page_in_arabic_keeps_the_text_german(app: Flask) -> None:
    response = app.test_client().get("/leichte-sprache?lang=ar")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert '<div class="easy-language" lang="de" dir="ltr">' in html
    assert '<p class="notice" role="note">' in html  # one line in Arabic says what follows
    assert "Ein Code ist eine Reihe aus Buchstaben und Zahlen." in html


def test_every_easy_language_sentence_is_short(app: Flask) -> None:
    client = app.test_client()
    for url in ("/leichte-sprache", "/gebaerdensprache"):
        sentences = easy_text(client.get(url).get_data(as_text=True)).sentences()
        assert len(sentences) > 80
        long = [s for s in sentences if len(s.split()) > MAX_WORDS]
        assert long == [], url


def test_easy_language_links_lead_to_the_form_in_easy_language(app: Flask) -> None:
    html = app.test_client().get("/leichte-sprache?lang=uk").get_data(as_text=True)
    assert 'href="/?lang=de-x-ls"' in html and 'href="/status?lang=de-x-ls"' in html


def test_easy_language_falls_back_to_german_links_where_it_is_not_offered(
    app_factory: Callable[..., Flask],
) -> None:
    app = app_factory(LANGUAGES="de,en")
    html = app.test_client().get("/leichte-sprache").get_data(as_text=True)
    assert 'href="/?lang=de"' in html and "<q>Absenden</q>" in html


# --- the sign-language page ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_without_a_video_the_page_says_it_is_being_prepared(app: Flask, lang: str) -> None:
    response = app.test_client().get(f"/gebaerdensprache?lang={lang}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<video" not in html and "/gebaerdensprache/video" not in html
    if lang == "de":
        assert PREPARING in html
    assert 'href="mailto:kundenreaktion@jobcenter-musterstadt.example"' in html
    assert "Anonym bedeutet: Wir wissen nicht, wer Sie sind." in html  # the transcript
    assert easy_text(html).lang == (None if lang == "de" else "de")
    assert app.test_client().get("/gebaerdensprache/video").status_code == 404


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_a_configured_video_is_shown_with_size_and_duration(video_app: Flask, lang: str) -> None:
    html = video_app.test_client().get(f"/gebaerdensprache?lang={lang}").get_data(as_text=True)
    assert '<video controls preload="none"' in html and "autoplay" not in html
    source = re.search(r'<source src="([^"]+)" type="video/mp4">', html)
    assert source is not None and source.group(1).startswith("/gebaerdensprache/video?v=")
    assert PREPARING not in html
    assert "Ein Code ist eine Reihe aus Buchstaben und Zahlen." in html
    if lang == "de":
        assert "Video herunterladen</a>\n  (MP4, 12,4 MB, 3:25 Minuten)" in html
    else:
        assert "3:25" in html


def test_the_video_is_served_by_the_app_with_ranges_and_caching(video_app: Flask) -> None:
    client = video_app.test_client()
    html = client.get("/gebaerdensprache").get_data(as_text=True)
    match = re.search(r'<source src="([^"]+)"', html)
    assert match is not None
    url = match.group(1).replace("&amp;", "&")
    with client.get(url) as whole:
        assert whole.status_code == 200
        assert whole.mimetype == "video/mp4"
        assert whole.headers["Accept-Ranges"] == "bytes"
        assert int(whole.headers["Content-Length"]) == 12_400_000
        assert "max-age=86400" in whole.headers["Cache-Control"]
        assert "no-store" not in whole.headers["Cache-Control"]
        assert whole.headers["X-Content-Type-Options"] == "nosniff"
        etag = whole.headers["ETag"]
    with client.get(url, headers={"Range": "bytes=0-99"}) as part:
        assert part.status_code == 206
        assert part.headers["Content-Range"] == "bytes 0-99/12400000"
        assert part.get_data()[4:8] == b"ftyp"
    with client.get(url, headers={"If-None-Match": etag}) as unchanged:
        assert unchanged.status_code == 304
    csp = client.get("/gebaerdensprache").headers["Content-Security-Policy"]
    assert "media-src 'self'" in csp


def test_the_duration_setting_wins_and_a_missing_file_is_never_faked(
    app_factory: Callable[..., Flask], tmp_path: Path
) -> None:
    path = write_mp4(tmp_path / "dgs.mp4", 2_000_000)
    html = (
        app_factory(SIGN_LANGUAGE_VIDEO=str(path), SIGN_LANGUAGE_VIDEO_SECONDS=62)
        .test_client()
        .get("/gebaerdensprache")
        .get_data(as_text=True)
    )
    assert "(MP4, 2,0 MB, 1:02 Minuten)" in html
    gone = app_factory(SIGN_LANGUAGE_VIDEO=str(tmp_path / "fehlt.mp4")).test_client()
    html = gone.get("/gebaerdensprache").get_data(as_text=True)
    assert PREPARING in html and "<video" not in html
    assert gone.get("/gebaerdensprache/video").status_code == 404


def test_a_webm_video_in_the_instance_folder(app_factory: Callable[..., Flask]) -> None:
    app = app_factory(SIGN_LANGUAGE_VIDEO="dgs.webm")
    folder = Path(app.instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "dgs.webm"
    try:
        target.write_bytes(webm_header(95_500.0) + b"\0" * 1000)
        html = app.test_client().get("/gebaerdensprache").get_data(as_text=True)
        assert 'type="video/webm"' in html and "(WEBM, 0,1 MB, 1:36 Minuten)" in html
        with app.test_client().get("/gebaerdensprache/video") as response:
            assert response.mimetype == "video/webm"
    finally:
        target.unlink()


def test_the_pages_load_nothing_from_elsewhere(video_app: Flask) -> None:
    client = video_app.test_client()
    for url in ("/leichte-sprache", "/gebaerdensprache", "/gebaerdensprache?lang=fa"):
        parser = Links()
        parser.feed(client.get(url).get_data(as_text=True))
        for tag, attribute, value in parser.found:
            parts = urlsplit(value)
            if attribute == "src" or tag != "a":
                assert not parts.scheme and not parts.netloc, (url, value)
            elif parts.scheme == "https":
                assert parts.netloc in OFFICIAL_HOSTS, (url, value)
            else:
                assert parts.scheme in {"", "mailto"} and not parts.netloc, (url, value)


# --- reading the header --------------------------------------------------------------------


def test_mp4_duration_from_mvhd_wherever_moov_sits() -> None:
    fast_start = mp4_header(timescale=600, duration=123_000)
    assert signvideo.mp4_seconds(io.BytesIO(fast_start)) == 205.0
    mdat = struct.pack(">I4s", 4008, b"mdat") + b"\0" * 4000
    ftyp_size = struct.unpack(">I", fast_start[:4])[0]
    ftyp, moov = fast_start[:ftyp_size], fast_start[ftyp_size:]
    assert signvideo.mp4_seconds(io.BytesIO(ftyp + mdat + moov)) == 205.0
    large_mdat = struct.pack(">I4sQ", 1, b"mdat", 16 + 100) + b"\0" * 100
    assert signvideo.mp4_seconds(io.BytesIO(ftyp + large_mdat + moov)) == 205.0
    version_1 = mp4_header(timescale=90_000, duration=90_000 * 3600, version=1)
    assert signvideo.mp4_seconds(io.BytesIO(version_1)) == 3600.0


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a video at all",
        mp4_header(duration=0),  # fragmented: the duration sits in the fragments
        mp4_header(duration=0xFFFFFFFF),  # "unknown"
        mp4_header(timescale=0),
        mp4_header()[:40],  # cut off inside moov
        struct.pack(">I4s", 4, b"free") + mp4_header(),  # a box smaller than its header
    ],
)
def test_mp4_without_a_usable_duration(data: bytes) -> None:
    assert signvideo.mp4_seconds(io.BytesIO(data)) is None


def test_webm_duration_from_segment_info() -> None:
    assert signvideo.webm_seconds(io.BytesIO(webm_header(205_000.0))) == 205.0
    assert signvideo.webm_seconds(io.BytesIO(webm_header(61_000.0, float_size=4))) == 61.0
    assert signvideo.webm_seconds(io.BytesIO(webm_header(0.0))) is None
    assert signvideo.webm_seconds(io.BytesIO(b"\x1a\x45")) is None


def test_size_and_clock_as_the_page_states_them() -> None:
    assert signvideo.megabytes(12_400_000) == 12.4
    assert signvideo.megabytes(20_000) == 0.1  # never "0,0 MB"
    assert signvideo.clock(205) == "3:25"
    assert signvideo.clock(59) == "0:59"
    assert signvideo.clock(3725) == "62:05"


def test_the_video_setting_accepts_only_mp4_and_webm() -> None:
    assert from_environment({"INTAKE_SIGN_LANGUAGE_VIDEO": "/srv/dgs/start.MP4"}) == {
        "SIGN_LANGUAGE_VIDEO": "/srv/dgs/start.MP4"
    }
    assert from_environment({"INTAKE_SIGN_LANGUAGE_VIDEO": ""}) == {"SIGN_LANGUAGE_VIDEO": None}
    with pytest.raises(ConfigError, match="INTAKE_SIGN_LANGUAGE_VIDEO"):
        from_environment({"INTAKE_SIGN_LANGUAGE_VIDEO": "/srv/dgs/start.avi"})
