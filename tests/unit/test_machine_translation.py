"""The LibreTranslate client against the local fake: every answer and every failure."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from intake.machine_translation import LibreTranslate, TranslationError
from intake.machine_translation.client import MESSAGES
from tests.fake_libretranslate import FakeLibreTranslate, FakeServer, dead_url

UKRAINIAN = "Я піду до газети, це корупція."
ARABIC = "سأذهب إلى الصحافة."
PERSIAN = "هیچ کس به ایمیل من جواب نداد."
TURKISH = "Gazeteye gideceğim, rüşvet var."


@pytest.fixture
def fake() -> FakeLibreTranslate:
    return FakeLibreTranslate()


@pytest.fixture
def server(fake: FakeLibreTranslate) -> Iterator[FakeServer]:
    with FakeServer(fake) as running:
        yield running


def client(server: FakeServer, *, api_key: str = "", timeout: float = 5.0) -> LibreTranslate:
    return LibreTranslate(server.url, api_key=api_key, timeout=timeout)


def test_translates_a_known_language_into_german(server: FakeServer) -> None:
    result = client(server).translate(UKRAINIAN, "uk", "de")
    assert result.text == "Ich gehe zur Zeitung, das ist Korruption."
    assert result.source == "uk"
    assert result.confidence is None


@pytest.mark.parametrize(
    ("text", "language", "german"),
    [
        (ARABIC, "ar", "Ich werde zur Presse gehen."),
        (PERSIAN, "fa", "Niemand hat auf meine E-Mail geantwortet."),
        (TURKISH, "tr", "Ich gehe zur Zeitung, es gibt Bestechung."),
    ],
)
def test_auto_reports_the_detected_language(
    server: FakeServer, text: str, language: str, german: str
) -> None:
    result = client(server).translate(text, "auto", "de")
    assert (result.text, result.source, result.confidence) == (german, language, 90.0)


def test_sends_json_with_format_text_and_no_key_unless_configured(
    server: FakeServer, fake: FakeLibreTranslate
) -> None:
    client(server).translate("Vielen Dank für Ihre Nachricht.", "de", "uk")
    sent = fake.requests[-1]
    assert sent.path == "/translate"
    assert sent.fields == {
        "q": "Vielen Dank für Ihre Nachricht.",
        "source": "de",
        "target": "uk",
        "format": "text",
    }


def test_the_api_key_is_sent_and_a_wrong_one_is_forbidden(
    server: FakeServer, fake: FakeLibreTranslate
) -> None:
    fake.api_key = "jc-schluessel-42"
    assert client(server, api_key="jc-schluessel-42").translate(ARABIC, "ar", "de").text
    assert fake.requests[-1].fields["api_key"] == "jc-schluessel-42"
    for wrong in ("", "falsch"):
        with pytest.raises(TranslationError) as caught:
            client(server, api_key=wrong).translate(ARABIC, "ar", "de")
        assert caught.value.reason == "forbidden"
        assert caught.value.status == 403
        assert caught.value.service_message == "Invalid API key"
        assert "jc-schluessel-42" not in str(caught.value)
        assert str(caught.value) == MESSAGES["forbidden"]


def test_detect_and_languages(server: FakeServer) -> None:
    found = client(server).detect(UKRAINIAN)
    assert [(d.language, d.confidence) for d in found] == [("uk", 90.0)]
    assert client(server).detect("Спасибо за быструю помощь.")[0].language == "ru"
    offered = {lang.code: lang for lang in client(server).languages()}
    assert {"de", "uk", "ar", "fa", "tr", "ru", "en"} <= offered.keys()
    assert "de" in offered["uk"].targets and offered["uk"].name == "Ukrainian"


BAD_INPUT: dict[str, Callable[[LibreTranslate], object]] = {
    "missing q": lambda c: c.translate("", "uk", "de"),
    "unsupported language": lambda c: c.translate(UKRAINIAN, "xx", "de"),
    "nothing to detect": lambda c: c.detect(""),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_a_400(server: FakeServer, case: str) -> None:
    with pytest.raises(TranslationError) as caught:
        BAD_INPUT[case](client(server))
    assert (caught.value.reason, caught.value.status) == ("bad_request", 400)
    assert caught.value.service_message.startswith(("Invalid request", "xx is not"))


@pytest.mark.parametrize(
    ("mode", "reason", "status"),
    [("rate_limit", "rate_limited", 429), ("server_error", "server_error", 500)],
)
def test_error_answers_become_one_exception_with_a_german_message(
    server: FakeServer, fake: FakeLibreTranslate, mode: str, reason: str, status: int
) -> None:
    fake.mode = mode
    calls: tuple[Callable[[LibreTranslate], object], ...] = (
        lambda c: c.translate(UKRAINIAN, "uk", "de"),
        lambda c: c.detect(UKRAINIAN),
        lambda c: c.languages(),
    )
    for call in calls:
        with pytest.raises(TranslationError) as caught:
            call(client(server))
        assert (caught.value.reason, caught.value.status) == (reason, status)
        assert str(caught.value) == MESSAGES[reason]
        assert UKRAINIAN not in str(caught.value)


def test_a_body_that_is_not_the_documented_json_is_invalid(
    server: FakeServer, fake: FakeLibreTranslate
) -> None:
    fake.mode = "garbage"
    with pytest.raises(TranslationError) as caught:
        client(server).translate(UKRAINIAN, "uk", "de")
    assert caught.value.reason == "invalid_response"


def test_a_slow_server_times_out_once_without_retrying(
    server: FakeServer, fake: FakeLibreTranslate
) -> None:
    fake.mode, fake.slow_seconds = "slow", 2.0
    started = time.monotonic()
    with pytest.raises(TranslationError) as caught:
        client(server, timeout=0.3).translate(UKRAINIAN, "uk", "de")
    elapsed = time.monotonic() - started
    assert caught.value.reason == "unreachable" and caught.value.timed_out
    assert caught.value.status is None
    assert str(caught.value).startswith("Der Übersetzungsdienst antwortet nicht")
    assert elapsed < 1.5, elapsed
    assert len(fake.requests) == 1  # no retry


def test_a_dead_server_is_unreachable_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(TranslationError) as caught:
        LibreTranslate(dead_url(), timeout=5).translate(UKRAINIAN, "uk", "de")
    assert caught.value.reason == "unreachable" and not caught.value.timed_out
    assert time.monotonic() - started < 2


def test_only_http_urls_are_accepted() -> None:
    for url in ("file:///etc/passwd", "ftp://example.org", "translate.local"):
        with pytest.raises(ValueError, match="not an http"):
            LibreTranslate(url)
    assert LibreTranslate("https://translate.jobcenter.internal/").base_url
