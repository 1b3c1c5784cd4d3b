"""The list of languages, and the pieces of the web layer that read it."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import force_locale

from intake import create_app, labels, languages
from intake.privacy.masking import PLACEHOLDERS
from intake.web.i18n import shown_placeholders


def test_german_first_then_the_customers_languages() -> None:
    assert list(languages.LANGUAGES) == ["de", "de-x-ls", "en", "uk", "ru", "ar", "fa", "tr"]
    assert [c for c, lang in languages.LANGUAGES.items() if lang.rtl] == ["ar", "fa"]
    assert languages.babel_locale("de-x-ls") == "de@ls"
    assert languages.babel_locale("xx") == "de"


@pytest.mark.parametrize(
    ("setting", "offered"),
    [
        ("", list(languages.LANGUAGES)),
        ("uk, ar", ["de", "uk", "ar"]),
        ("ar,de", ["de", "ar"]),
        ("tr,klingon", ["de", "tr"]),  # unknown codes are ignored, German always stays
    ],
)
def test_a_deployment_narrows_the_offer(setting: str, offered: list[str]) -> None:
    assert list(languages.offered(setting)) == offered


def test_every_language_has_a_back_office_label() -> None:
    assert set(languages.LANGUAGES) | {languages.MULTILINGUAL} == set(labels.LANGUAGE_LABELS)


def test_every_placeholder_has_its_words_for_the_sender() -> None:
    assert set(labels.PLACEHOLDER_LABELS) == set(PLACEHOLDERS)
    for kind, placeholder in PLACEHOLDERS.items():
        assert str(labels.PLACEHOLDER_LABELS[kind]) == placeholder  # German = the stored one


@pytest.fixture
def app() -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "DATABASE_URL": "sqlite://"})


def test_the_preview_shows_placeholders_in_the_senders_language_and_escapes(app: Flask) -> None:
    text = "<b>Hallo</b> رقمي [Telefonnummer entfernt]"
    with app.test_request_context("/?lang=en"), force_locale("en"):
        shown = str(shown_placeholders(text))
    assert shown.startswith("&lt;b&gt;Hallo&lt;/b&gt; رقمي ")
    assert shown.endswith('<mark class="removed-mark" dir="auto">[phone number removed]</mark>')


def test_every_language_greets_in_its_own_words() -> None:
    from intake.answers.services import GREETINGS

    assert set(GREETINGS) == set(languages.LANGUAGES)
    for with_name, without in GREETINGS.values():
        assert "{name}" in with_name and "{name}" not in without
    assert GREETINGS["uk"][1] == "Добрий день!" and GREETINGS["tr"][0] == "Sayın {name},"


def test_the_back_office_labels_are_the_german_names() -> None:
    """Two spellings of one fact: the translatable label (staff pages) and the plain German
    name (exports, texts for the officer); they must never drift apart."""
    for code, language in languages.LANGUAGES.items():
        assert str(labels.LANGUAGE_LABELS[code]) == language.german


@pytest.mark.parametrize(
    ("code", "text", "attrs"),
    [
        ("ar", "انتظرت ثلاث ساعات", ' dir="rtl" lang="ar"'),
        ("uk", "Я чекала три години", ' dir="ltr" lang="uk"'),
        ("de", "سأذهب إلى الصحافة", ' dir="auto" lang=""'),  # Arabic typed into the German form
        ("fa", "Ich schreibe lieber Deutsch", ' dir="auto" lang=""'),
        ("ar", "0176 …", ' dir="rtl" lang="ar"'),  # no strong character: the language decides
        (None, "Text", ' dir="auto" lang=""'),
        ("bg", "Чаках три часа", ' dir="auto" lang="bg"'),  # a tag we don't offer (yet)
        ('x" onmouseover="alert(1)', "a", ' dir="auto" lang=""'),
    ],
)
def test_customer_text_gets_its_own_direction(code: str | None, text: str, attrs: str) -> None:
    assert str(labels.text_attrs(code, text)) == attrs
