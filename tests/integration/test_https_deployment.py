"""Served over HTTPS (PUBLIC_BASE_URL https, as behind the reverse proxy): forms and cookies.

Browsers send no Referer to us (`Referrer-Policy: no-referrer`), and Chromium sends
`Origin: null` with such a form post. Cross-site posts are refused by `Sec-Fetch-Site` and
`Origin` instead of the Referer (intake.web.security.refuse_cross_site), and the CSRF token is
still required on every form except the embeddable one.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from intake.models import Case
from intake.web.extensions import db
from tests.helpers import PASSWORD, hidden_fields, make_user

BASE = "https://feedback.jobcenter.example"
CHROMIUM_SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Origin": "null"}
CROSS_SITE = {"Sec-Fetch-Site": "cross-site", "Origin": "https://boese.example"}


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"PUBLIC_BASE_URL": BASE}


def count(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(Case.id))) or 0)


def send(
    client: FlaskClient, url: str, headers: dict[str, str], text: str = "Danke für die Hilfe!"
) -> Any:
    """Load the form over HTTPS and send it back with its tokens and the given headers."""
    page = client.get(url, base_url=BASE).get_data(as_text=True)
    data = {"kind": "praise", "text": text, "office": "", **hidden_fields(page)}
    return client.post(url, data=data, headers=headers, base_url=BASE)


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(CHROMIUM_SAME_ORIGIN, id="chromium-no-referrer"),
        pytest.param({"Sec-Fetch-Site": "same-origin", "Origin": BASE}, id="own-origin"),
        pytest.param({"Origin": BASE + ":443"}, id="own-origin-default-port"),
        pytest.param({}, id="old-browser-no-headers"),
    ],
)
def test_same_origin_post_without_referrer_is_accepted(
    app: Flask, client: FlaskClient, headers: dict[str, str]
) -> None:
    response = send(client, "/m/diez", headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert 'id="receipt-code"' in response.get_data(as_text=True)
    assert count(app) == 1


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(CROSS_SITE, id="cross-site"),
        pytest.param({"Sec-Fetch-Site": "cross-site", "Origin": "null"}, id="cross-site-null"),
        pytest.param({"Sec-Fetch-Site": "same-site"}, id="sibling-subdomain"),
        pytest.param({"Origin": "https://boese.example"}, id="foreign-origin-only"),
        pytest.param({"Origin": "http://feedback.jobcenter.example"}, id="downgraded-scheme"),
    ],
)
def test_cross_site_post_gets_the_friendly_page_and_stores_nothing(
    app: Flask, client: FlaskClient, headers: dict[str, str]
) -> None:
    response = send(client, "/m/diez", headers, text="Untergeschobener Text")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "noch einmal ab" in html  # the form again, as for an expired token
    assert count(app) == 0


def test_the_embedded_form_is_sent_from_its_frame_on_another_site(
    app: Flask, client: FlaskClient
) -> None:
    """Framed on the homepage, our own document posts the form: same-origin, Origin null."""
    app.config["EMBED_ALLOWED_ORIGINS"] = ["https://www.jobcenter.example"]
    framed = send(
        client, "/embed", CHROMIUM_SAME_ORIGIN, text="Gerne mehr Sitzplätze im Wartebereich."
    )
    assert framed.status_code == 200, framed.get_data(as_text=True)
    assert count(app) == 1


def test_another_page_cannot_post_to_the_embedded_form(app: Flask, client: FlaskClient) -> None:
    """A page elsewhere auto-posting to /embed from its visitors' browsers (tokens fetched
    beforehand) would spread spam over many addresses: refused, nothing stored."""
    response = send(client, "/embed", CROSS_SITE, text="Billige Uhren hier: https://spam.example")
    assert response.status_code == 400
    assert count(app) == 0


def test_the_embedded_form_still_needs_its_form_token(app: Flask, client: FlaskClient) -> None:
    data = {"kind": "praise", "text": "Ohne Formular-Token.", "form_token": "gefälscht"}
    response = client.post("/embed", data=data, headers=CHROMIUM_SAME_ORIGIN, base_url=BASE)
    assert response.status_code != 200 or 'id="receipt-code"' not in response.get_data(as_text=True)
    assert count(app) == 0


def test_receipt_lookup_and_staff_login_work_without_referrer(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app)
    page = client.get("/status", base_url=BASE).get_data(as_text=True)
    data = {"code": "ABCD-EFGH-JK", **hidden_fields(page)}
    response = client.post("/status", data=data, headers=CHROMIUM_SAME_ORIGIN, base_url=BASE)
    assert response.status_code == 404  # looked up, not refused
    page = client.get("/staff/login", base_url=BASE).get_data(as_text=True)
    data = {"email": "officer@example.org", "password": PASSWORD, **hidden_fields(page)}
    response = client.post("/staff/login", data=data, headers=CHROMIUM_SAME_ORIGIN, base_url=BASE)
    assert response.status_code == 302


def test_cross_site_login_is_refused(app: Flask, client: FlaskClient) -> None:
    """Login CSRF: another site must not log a visitor into an account of its choosing."""
    make_user(app)
    page = client.get("/staff/login", base_url=BASE).get_data(as_text=True)
    data = {"email": "officer@example.org", "password": PASSWORD, **hidden_fields(page)}
    response = client.post("/staff/login", data=data, headers=CROSS_SITE, base_url=BASE)
    assert response.status_code == 400
    assert "<h1>" in response.get_data(as_text=True)  # our error page, not a bare 400


def test_the_csrf_token_is_still_required_same_origin(app: Flask, client: FlaskClient) -> None:
    client.get("/m/diez", base_url=BASE)
    data = {"kind": "praise", "text": "Ohne CSRF-Token."}
    response = client.post("/m/diez", data=data, headers=CHROMIUM_SAME_ORIGIN, base_url=BASE)
    assert response.status_code == 400
    assert count(app) == 0


def test_session_cookie_over_https_is_secure_and_host_prefixed(client: FlaskClient) -> None:
    cookies = client.get("/m/diez", base_url=BASE).headers.getlist("Set-Cookie")
    assert len(cookies) == 1
    name, _, rest = cookies[0].partition("=")
    attributes = [part.strip() for part in rest.split(";")[1:]]
    assert name == "__Host-mk_session"
    assert {"Secure", "HttpOnly", "Path=/", "SameSite=Lax"} <= set(attributes)
    assert not any(part.lower().startswith("domain=") for part in attributes)


def test_plain_http_development_keeps_a_plain_cookie(app_factory: Any) -> None:
    app = app_factory(PUBLIC_BASE_URL="http://127.0.0.1:5000")
    cookie = app.test_client().get("/").headers["Set-Cookie"]
    assert cookie.startswith("mk_session=") and "Secure" not in cookie
