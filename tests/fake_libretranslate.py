"""A local fake of a LibreTranslate server, on 127.0.0.1 with a free port.

It behaves like LibreTranslate's HTTP API (../shared/docs/languages.md), so the client and
the pages are tested against the wire rather than against mocks of themselves:

- `POST /translate` (JSON or form fields `q`, `source` or `auto`, `target`, `format`,
  `api_key`) → `{"translatedText"}`, plus `detectedLanguage` for `auto`. The translation is
  deterministic: a few known sentences in the customers' languages and their German, else
  each line prefixed with the target, `"[de] " + line`.
- `POST /detect` → `[{"confidence", "language"}]`, judged by script and a few letters.
- `GET /languages` → `[{"code", "name", "targets"}]`.
- Errors as LibreTranslate sends them, `{"error": "…"}`: 400 (missing `q`, unsupported
  language), 403 (API key wrong or missing when one is set), 429 (`mode = "rate_limit"`),
  500 (`mode = "server_error"`); `mode = "slow"` sleeps `slow_seconds` before answering,
  `mode = "garbage"` answers 200 with HTML. `dead_url()` is an address nobody listens on.

Every request is recorded (`requests`), so a test can check what text left the app.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

NAMES = {
    "de": "German",
    "en": "English",
    "uk": "Ukrainian",
    "ru": "Russian",
    "ar": "Arabic",
    "fa": "Persian",
    "tr": "Turkish",
}
# (source, German): the fake's whole vocabulary, both ways.
SENTENCES: tuple[tuple[str, str, str], ...] = (
    ("uk", "Я піду до газети, це корупція.", "Ich gehe zur Zeitung, das ist Korruption."),
    (
        "uk",
        "Мені ніхто не передзвонив, я чекала три тижні.",
        "Niemand hat mich zurückgerufen, ich habe drei Wochen gewartet.",
    ),
    ("ar", "سأذهب إلى الصحافة.", "Ich werde zur Presse gehen."),
    (
        "ar",
        "الموظفة كانت لطيفة جدا وساعدتني كثيرا.",
        "Die Mitarbeiterin war sehr freundlich und hat mir sehr geholfen.",
    ),
    ("tr", "Gazeteye gideceğim, rüşvet var.", "Ich gehe zur Zeitung, es gibt Bestechung."),
    ("tr", "Personel çok yardımseverdi.", "Die Mitarbeiter waren sehr hilfsbereit."),
    ("fa", "هیچ کس به ایمیل من جواب نداد.", "Niemand hat auf meine E-Mail geantwortet."),
    ("ru", "Спасибо за быструю помощь.", "Danke für die schnelle Hilfe."),
    ("uk", "Дякуємо за ваше повідомлення.", "Vielen Dank für Ihre Nachricht."),
    ("ar", "شكرا لرسالتك.", "Vielen Dank für Ihre Nachricht."),
)
UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
PERSIAN_LETTERS = re.compile(r"[پچژگ]|ی")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
TURKISH_LETTERS = re.compile(r"[ğşıİĞŞ]")
GERMAN_HINTS = re.compile(r"[äöüß]|\b(?:und|der|die|das|ich|nicht|ist)\b", re.I)

ERRORS = {
    "key": "Invalid API key",
    "rate_limit": "Too many request limits violations",
    "server_error": "Cannot translate text: translation model crashed",
}


def detect(text: str) -> str:
    """The fake's language guess: by script, then by a few telling letters."""
    if CYRILLIC.search(text):
        return "uk" if UKRAINIAN_LETTERS.search(text) else "ru"
    if ARABIC_SCRIPT.search(text):
        return "fa" if PERSIAN_LETTERS.search(text) else "ar"
    if TURKISH_LETTERS.search(text):
        return "tr"
    return "de" if GERMAN_HINTS.search(text) else "en"


def translate(text: str, source: str, target: str) -> str:
    """Known sentences both ways, else each non-empty line as `[target] line`."""
    if source == target:
        return text
    out = []
    for line in text.split("\n"):
        out.append(_line(line, source, target) if line.strip() else line)
    return "\n".join(out)


def _line(line: str, source: str, target: str) -> str:
    for language, original, german in SENTENCES:
        if source == language and target == "de" and line.strip() == original:
            return german
        if source == "de" and target == language and line.strip() == german:
            return original
    return f"[{target}] {line}"


@dataclass
class Request:
    """One request as the fake saw it."""

    method: str
    path: str
    fields: dict[str, str]


@dataclass
class FakeLibreTranslate:
    """The fake's state; tests change it between requests."""

    api_key: str | None = None  # None: no key needed; else this key is required
    mode: str = "normal"  # normal, rate_limit, server_error, slow, garbage
    slow_seconds: float = 2.0
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def texts(self, path: str = "/translate") -> list[str]:
        """Every `q` sent to `path`."""
        with self.lock:
            return [r.fields.get("q", "") for r in self.requests if r.path == path]

    def answer(self, method: str, path: str, fields: dict[str, str]) -> tuple[int, Any]:
        """Status and JSON (or bytes) for one request."""
        with self.lock:
            self.requests.append(Request(method, path, dict(fields)))
        if self.mode == "slow":
            time.sleep(self.slow_seconds)
        if self.mode == "garbage":
            return 200, b"<html><body>Proxy error</body></html>"
        if self.mode in ("rate_limit", "server_error"):
            return (429 if self.mode == "rate_limit" else 500), {"error": ERRORS[self.mode]}
        if path == "/languages" and method == "GET":
            return 200, [
                {"code": code, "name": name, "targets": [c for c in NAMES if c != code]}
                for code, name in NAMES.items()
            ]
        if method != "POST" or path not in ("/translate", "/detect"):
            return 404, {"error": "Not Found"}
        if self.api_key is not None and fields.get("api_key") != self.api_key:
            return 403, {"error": ERRORS["key"]}
        text = fields.get("q")
        if not text:
            return 400, {"error": "Invalid request: missing q parameter"}
        if path == "/detect":
            return 200, [{"confidence": 90.0, "language": detect(text)}]
        return self._translate(text, fields)

    def _translate(self, text: str, fields: dict[str, str]) -> tuple[int, Any]:
        source, target = fields.get("source", ""), fields.get("target", "")
        if not source:
            return 400, {"error": "Invalid request: missing source parameter"}
        if not target:
            return 400, {"error": "Invalid request: missing target parameter"}
        for code in (source, target):
            if code != "auto" and code not in NAMES:
                return 400, {"error": f"{code} is not supported"}
        if target == "auto":
            return 400, {"error": "auto is not supported"}
        found = detect(text) if source == "auto" else source
        body: dict[str, Any] = {"translatedText": translate(text, found, target)}
        if source == "auto":
            body["detectedLanguage"] = {"confidence": 90.0, "language": found}
        return 200, body


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read `requests` instead."""

    def do_GET(self) -> None:
        self._reply(*self.server.fake.answer("GET", self.path.split("?")[0], {}))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8")
        if (self.headers.get("Content-Type") or "").startswith("application/json"):
            try:
                parsed = json.loads(raw) if raw else {}
            except ValueError:
                self._reply(400, {"error": "Invalid request: malformed JSON"})
                return
            fields = {str(k): str(v) for k, v in parsed.items()} if isinstance(parsed, dict) else {}
        else:
            fields = {k: v[0] for k, v in parse_qs(raw).items()}
        self._reply(*self.server.fake.answer("POST", self.path.split("?")[0], fields))

    def _reply(self, status: int, body: Any) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        kind = "text/html" if isinstance(body, bytes) else "application/json"
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (slow mode)
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeLibreTranslate) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


class FakeServer:
    """The fake served from a background thread; use as a context manager."""

    def __init__(self, fake: FakeLibreTranslate | None = None) -> None:
        self.fake = fake or FakeLibreTranslate()
        self._server = _Server(self.fake)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def dead_url() -> str:
    """An address on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
