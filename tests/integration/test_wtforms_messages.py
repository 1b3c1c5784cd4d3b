"""WTForms' own messages speak the visitor's language, from catalogs read once per process.

The public forms' messages are our German msgids; a few come from WTForms itself (a field
longer than its limit). Flask-WTF read WTForms' catalog from disk on every request that built
a form (0.6 ms of each submission); `intake.web.forms.WTFormsCatalog` keeps one per locale.
These tests hold that the cache changed no word: German by default, English with ?lang=en,
Ukrainian with ?lang=uk, one after the other in the same worker, and that the catalog is read
once per locale, not per request.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from intake.web import forms as web_forms
from tests.helpers import submit

TOO_LONG_NAME = {
    "name": "Jana Beispiel" * 20,  # 260 characters, the limit is 200
    "email": "jana@example.org",
    "preferred": "email",
    "consent": "y",
}
GERMAN = "Feld kann nicht länger als 200 Zeichen sein."
ENGLISH = "Field cannot be longer than 200 characters."
UKRAINIAN = "Значення поля має містити не більше ніж 200 символів."


def name_error(client: FlaskClient, query: str = "") -> str:
    response = submit(client, f"/m/diez{query}", **TOO_LONG_NAME)
    assert response.status_code == 422
    html: str = response.get_data(as_text=True)
    return html


def test_a_wtforms_message_is_german_by_default_and_english_with_lang_en(
    client: FlaskClient,
) -> None:
    german = name_error(client)
    assert GERMAN in german and ENGLISH not in german
    english = name_error(client, "?lang=en")
    assert ENGLISH in english and GERMAN not in english
    assert GERMAN in name_error(client)  # and back: nothing of English stuck to the worker


def test_each_language_gets_its_own_catalog_in_turn(client: FlaskClient) -> None:
    for query, expected in (("?lang=uk", UKRAINIAN), ("", GERMAN), ("?lang=de-x-ls", GERMAN)):
        assert expected in name_error(client, query), query
    assert ENGLISH in name_error(client, "?lang=en")


def test_the_catalog_is_read_once_per_locale(app: Flask, client: FlaskClient) -> None:
    web_forms.wtforms_catalog.cache_clear()
    for _ in range(3):
        name_error(client)
        name_error(client, "?lang=en")
    info = web_forms.wtforms_catalog.cache_info()
    assert info.misses == 2 and info.hits > 0


def test_without_wtforms_i18n_the_messages_are_wtforms_english(
    app: Flask, client: FlaskClient
) -> None:
    app.config["WTF_I18N_ENABLED"] = False
    assert ENGLISH in name_error(client)
