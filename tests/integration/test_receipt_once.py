"""The receipt code is shown once: only to the request that stored the case.

A resent form (double click, reload, the back button on a shared device, the embedded
form hours later without any cookie) is stored once and gets a friendly "already arrived"
page without the code, so the next person on the device never reads someone else's code.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from intake.models import Case
from intake.web.extensions import db
from tests.helpers import RECEIPT, hidden_fields, receipt_of

ARRIVED = "Ihre Nachricht ist schon angekommen"


def stored(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Case)) or 0


def filled_form(client: FlaskClient, url: str, **fields: Any) -> dict[str, str]:
    page = client.get(url).get_data(as_text=True)
    return {
        "kind": "complaint",
        "text": "Der Aufzug ist seit Wochen kaputt.",
        **hidden_fields(page),
        **fields,
    }


def test_resend_with_the_cookie_shows_no_code(app: Flask, client: FlaskClient) -> None:
    data = filled_form(client, "/m/diez")
    first = client.post("/m/diez", data=data).get_data(as_text=True)
    assert receipt_of(first)
    again = client.post("/m/diez", data=data)
    html = again.get_data(as_text=True)
    assert again.status_code == 200
    assert RECEIPT.search(html) is None and receipt_of(first) not in html
    assert ARRIVED in html and "nur einmal gespeichert" in html
    assert stored(app) == 1


def test_resend_from_another_browser_shows_no_code(app: Flask, client: FlaskClient) -> None:
    data = filled_form(client, "/m/diez")
    code = receipt_of(client.post("/m/diez", data=data).get_data(as_text=True))
    stranger = app.test_client()  # no cookie: the CSRF check refuses, the form comes back
    html = stranger.post("/m/diez", data=data).get_data(as_text=True)
    assert RECEIPT.search(html) is None and code not in html
    assert stored(app) == 1


def test_embed_resend_without_cookie_shows_no_code(app: Flask, client: FlaskClient) -> None:
    data = filled_form(client, "/embed")
    code = receipt_of(client.post("/embed", data=data).get_data(as_text=True))
    for visitor in (app.test_client(), app.test_client(), client):  # a cookie is never needed
        again = visitor.post("/embed", data=data)
        html = again.get_data(as_text=True)
        assert again.status_code == 200
        assert RECEIPT.search(html) is None and code not in html
        assert ARRIVED in html
    assert stored(app) == 1


def test_general_form_and_english(app: Flask, client: FlaskClient) -> None:
    data = filled_form(client, "/?lang=en", lang="en")
    assert receipt_of(client.post("/?lang=en", data=data).get_data(as_text=True))
    html = client.post("/?lang=en", data=data).get_data(as_text=True)
    assert RECEIPT.search(html) is None
    assert "It is only stored once." in html and 'lang="en"' in html
    assert stored(app) == 1


def test_each_stored_form_shows_its_own_code(app: Flask, client: FlaskClient) -> None:
    first = receipt_of(
        client.post("/m/diez", data=filled_form(client, "/m/diez")).get_data(as_text=True)
    )
    second = receipt_of(
        client.post("/m/diez", data=filled_form(client, "/m/diez")).get_data(as_text=True)
    )
    assert first != second
    assert stored(app) == 2
