"""Any input gets a clear answer or is stored safely as text: never a 500."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.models import Case
from intake.web.extensions import db
from tests.helpers import hidden_fields, login, make_user, submit


def texts(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Case.text)))


def test_huge_body_gets_a_friendly_413(client: FlaskClient) -> None:
    response = client.post("/m/diez", data={"text": "x" * 200_000})
    assert response.status_code == 413
    assert "zu groß" in response.get_data(as_text=True)


def test_invalid_utf8_is_not_a_500(client: FlaskClient) -> None:
    page = client.get("/m/diez").get_data(as_text=True)
    tokens = "&".join(f"{k}={v}" for k, v in hidden_fields(page).items())
    body = b"kind=idea&text=Gr%FC%DFe+%FF%FE&" + tokens.encode()
    response = client.post("/m/diez", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in {200, 400, 422}


@pytest.mark.parametrize(
    "content_type", ["application/json", "text/plain", "multipart/form-data", "application/xml"]
)
def test_wrong_content_types_get_a_clear_answer(client: FlaskClient, content_type: str) -> None:
    response = client.post("/m/diez", data=b'{"text": "hi"}', content_type=content_type)
    assert response.status_code in {400, 415, 422}
    assert "<h1>" in response.get_data(as_text=True)


def test_markup_and_template_syntax_are_stored_and_shown_as_text(
    app: Flask, client: FlaskClient
) -> None:
    nasty = "<script>alert(1)</script> {{ 7*7 }} {% raw %} <img src=x onerror=alert(2)>"
    assert submit(client, text=nasty).status_code == 200
    assert texts(app) == [nasty]
    make_user(app)
    login(client)
    inbox = client.get("/staff/inbox").get_data(as_text=True)
    detail_link = re.findall(r'href="/staff/cases/(\d+)', inbox)[0]
    detail = client.get(f"/staff/cases/{detail_link}").get_data(as_text=True)
    for html in (inbox, detail):
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html
    found = re.search(r'class="case-text"[^>]*>(.*?)</div>', detail, re.S)
    assert found, "the case page shows the text"
    shown = found.group(1)
    assert "{{ 7*7 }}" in shown and "49" not in shown


def test_control_and_direction_characters_are_removed(app: Flask, client: FlaskClient) -> None:
    submit(client, text="Hallo\x00\x07 Welt\u202e!\r\nZweite Zeile\x1b[31m")
    assert texts(app) == ["Hallo Welt!\nZweite Zeile[31m"]


def test_unknown_fields_are_ignored(app: Flask, client: FlaskClient) -> None:
    response = submit(client, is_spam="0", status="answered", id="1", office_id="5")
    assert response.status_code == 200
    with app.app_context():
        row = db.session.scalar(select(Case))
        assert row is not None and row.status == "new" and row.office is not None
        assert row.office.code == "DIEZ"


@pytest.mark.parametrize(
    "field,value", [("kind", "hack"), ("rating", "9"), ("rating", "abc"), ("preferred", "fax")]
)
def test_out_of_range_choices_are_refused(client: FlaskClient, field: str, value: str) -> None:
    extra = {"email": "a@example.org", "consent": "y"} if field == "preferred" else {}
    response = submit(client, **{field: value}, **extra)
    assert response.status_code == 422


def test_very_long_url_is_not_a_500(client: FlaskClient) -> None:
    response = client.get("/m/" + "A" * 5000)
    assert response.status_code == 404
    response = client.get("/?" + "x=" + "y" * 10000)
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_unexpected_methods_get_405(client: FlaskClient, method: str) -> None:
    response = client.open("/m/diez", method=method)
    assert response.status_code == 405
    assert "<h1>" in response.get_data(as_text=True)


def test_error_pages_follow_the_language(client: FlaskClient) -> None:
    html = client.get("/nowhere?lang=en").get_data(as_text=True)
    assert '<html lang="en"' in html and "Page not found" in html


@pytest.mark.parametrize("url", ["/", "/m/diez", "/m/diez/k12", "/embed", "/status"])
def test_head_requests_are_answered_like_gets(client: FlaskClient, url: str) -> None:
    """Monitoring checks and link previews send HEAD: the page, not a failed form post."""
    head, get = client.head(url), client.get(url)
    assert head.status_code == get.status_code == 200
    assert head.headers["Content-Type"] == get.headers["Content-Type"]


def test_head_on_back_office_forms_shows_the_page(app: Flask) -> None:
    make_user(app, "admin@example.org", "admin")
    client = app.test_client()
    login(client, "admin@example.org")
    for url in ("/staff/admin/users", "/staff/admin/offices"):
        assert client.head(url).status_code == 200, url
