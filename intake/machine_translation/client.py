"""Client for a LibreTranslate server: translate, detect, list languages.

LibreTranslate's HTTP API (../shared/docs/languages.md, "Machine translation the Jobcenter
runs itself"): `POST /translate` with `q`, `source` (or `auto`), `target`, `format`, optional
`api_key` → `{"translatedText": …}` plus `detectedLanguage` for `auto`; `POST /detect` →
`[{"language", "confidence"}]`; `GET /languages` → `[{"code", "name", "targets"}]`. Errors
come as `{"error": "…"}` with 400, 403, 429 or 500.

Made for the request path of a web page: one attempt, a short timeout, no retries, no sleep.
Every failure — refused connection, timeout, an error answer, a body that is not the JSON the
API documents — is one `TranslationError`, whose `reason` is a stable code (a user interface
shows its own translated message for it) and whose text is German, for staff. Neither ever
holds the text sent or the API key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from intake import outbound

DEFAULT_TIMEOUT = 5.0
AUTO = "auto"

# reason -> the German message for staff
MESSAGES: dict[str, str] = {
    "unreachable": "Der Übersetzungsdienst antwortet nicht. Bitte versuchen Sie es später noch "
    "einmal.",
    "bad_request": "Der Übersetzungsdienst hat die Anfrage abgelehnt (z. B. Sprache nicht "
    "verfügbar oder Text zu lang).",
    "forbidden": "Der Übersetzungsdienst verweigert den Zugang. Bitte den API-Schlüssel "
    "(INTAKE_TRANSLATE_API_KEY) prüfen lassen.",
    "rate_limited": "Der Übersetzungsdienst ist gerade ausgelastet. Bitte versuchen Sie es in "
    "einer Minute noch einmal.",
    "server_error": "Der Übersetzungsdienst hat einen Fehler gemeldet. Bitte versuchen Sie es "
    "später noch einmal.",
    "invalid_response": "Der Übersetzungsdienst hat unerwartet geantwortet.",
}
_REASON_OF_STATUS = {400: "bad_request", 403: "forbidden", 429: "rate_limited"}


class TranslationError(Exception):
    """The service could not translate; `reason` says why, `str()` says it in German.

    `status` is the HTTP status (None when there was no answer), `service_message` the
    service's own `error` text, unchanged (for logs; it never contains the text sent).
    """

    def __init__(
        self,
        reason: str,
        *,
        status: int | None = None,
        service_message: str = "",
        timed_out: bool = False,
    ) -> None:
        self.reason = reason
        self.status = status
        self.service_message = service_message
        self.timed_out = timed_out
        super().__init__(MESSAGES[reason])


@dataclass(frozen=True)
class Translation:
    """A translated text and the language it was translated from (detected for `auto`)."""

    text: str
    source: str
    confidence: float | None = None  # the detection's confidence (0–100) for `auto`


@dataclass(frozen=True)
class Detection:
    """One candidate language of a text."""

    language: str
    confidence: float


@dataclass(frozen=True)
class ServiceLanguage:
    """A language the server translates, and what it translates it into."""

    code: str
    name: str
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class LibreTranslate:
    """One LibreTranslate server: its base URL, the optional API key and the timeout."""

    base_url: str
    api_key: str = ""
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        outbound.check_url(self.base_url)

    def translate(self, text: str, source: str, target: str) -> Translation:
        """`text` from `source` (a code, or "auto") into `target`, as plain text."""
        answer = self._post(
            "/translate", {"q": text, "source": source, "target": target, "format": "text"}
        )
        if not isinstance(answer, dict) or not isinstance(answer.get("translatedText"), str):
            raise TranslationError("invalid_response", status=200)
        found = source
        confidence = None
        detected = answer.get("detectedLanguage")
        if source == AUTO:
            if not isinstance(detected, dict) or not isinstance(detected.get("language"), str):
                raise TranslationError("invalid_response", status=200)
            found = detected["language"]
            confidence = _number(detected.get("confidence"))
        return Translation(answer["translatedText"], found, confidence)

    def detect(self, text: str) -> tuple[Detection, ...]:
        """The languages `text` may be in, most likely first."""
        answer = self._post("/detect", {"q": text})
        if not isinstance(answer, list):
            raise TranslationError("invalid_response", status=200)
        found = []
        for item in answer:
            if not isinstance(item, dict) or not isinstance(item.get("language"), str):
                raise TranslationError("invalid_response", status=200)
            found.append(Detection(item["language"], _number(item.get("confidence")) or 0.0))
        return tuple(sorted(found, key=lambda d: -d.confidence))

    def languages(self) -> tuple[ServiceLanguage, ...]:
        """The languages the server offers, with their targets."""
        answer = self._call("GET", "/languages", None)
        if not isinstance(answer, list):
            raise TranslationError("invalid_response", status=200)
        found = []
        for item in answer:
            if not isinstance(item, dict) or not isinstance(item.get("code"), str):
                raise TranslationError("invalid_response", status=200)
            targets = item.get("targets")
            found.append(
                ServiceLanguage(
                    item["code"],
                    str(item.get("name", "")),
                    tuple(str(t) for t in targets) if isinstance(targets, list) else (),
                )
            )
        return tuple(found)

    def _post(self, path: str, fields: dict[str, str]) -> Any:
        if self.api_key:
            fields = {**fields, "api_key": self.api_key}
        return self._call("POST", path, json.dumps(fields).encode("utf-8"))

    def _call(self, method: str, path: str, body: bytes | None) -> Any:
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        url = self.base_url.rstrip("/") + path
        try:
            answer = outbound.send(method, url, headers=headers, body=body, timeout=self.timeout)
        except outbound.Unreachable as error:
            raise TranslationError("unreachable", timed_out=error.timed_out) from None
        try:
            parsed = json.loads(answer.body.decode("utf-8")) if answer.body else None
        except (UnicodeDecodeError, ValueError):
            parsed = None
        if answer.status == 200:
            if parsed is None:
                raise TranslationError("invalid_response", status=200)
            return parsed
        message = ""
        if isinstance(parsed, dict) and isinstance(parsed.get("error"), str):
            message = parsed["error"][:300]
        reason = _REASON_OF_STATUS.get(answer.status)
        if reason is None:
            reason = "server_error" if answer.status >= 500 else "invalid_response"
        raise TranslationError(reason, status=answer.status, service_message=message)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
