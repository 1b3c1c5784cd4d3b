"""Security headers on every response, as SecureDrop's tests assert them."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

PUBLIC_PAGES = (
    "/",
    "/m/diez",
    "/status",
    "/datenschutz",
    "/barrierefreiheit",
    "/impressum",
    "/m/nope",
    "/does-not-exist",
)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_carry_strict_headers(client: FlaskClient, url: str) -> None:
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers  # plain HTTP in tests


def test_pages_have_no_inline_script_or_style(client: FlaskClient) -> None:
    for url in (*PUBLIC_PAGES, "/staff/login"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and "style=" not in html and "<style" not in html
        assert " on" + "click=" not in html


def test_staff_pages_are_noindex(client: FlaskClient) -> None:
    response = client.get("/staff/login")
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.get_data(as_text=True)


def test_static_files_may_be_cached(client: FlaskClient) -> None:
    with client.get("/static/css/site.css") as response:
        assert response.status_code == 200
        assert response.headers.get("Cache-Control") != "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_over_https(client: FlaskClient) -> None:
    response = client.get("/", base_url="https://feedback.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_embed_may_be_framed_only_by_configured_origins(app: Flask, client: FlaskClient) -> None:
    assert "frame-ancestors 'none'" in client.get("/embed").headers["Content-Security-Policy"]
    app.config["EMBED_ALLOWED_ORIGINS"] = ["https://www.jobcenter.example"]
    response = client.get("/embed")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors https://www.jobcenter.example" in csp
    assert "X-Frame-Options" not in response.headers
    # Only the embed: the full form still refuses to be framed.
    assert "frame-ancestors 'none'" in client.get("/").headers["Content-Security-Policy"]


def test_session_cookie_is_hardened(app: Flask, client: FlaskClient) -> None:
    cookie = client.get("/m/diez").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    app.config["SESSION_COOKIE_SECURE"] = True
    secure = app.test_client().get("/m/diez").headers["Set-Cookie"]
    assert "Secure" in secure


def test_only_the_csrf_cookie_is_set_for_visitors(client: FlaskClient) -> None:
    response = client.get("/m/diez")
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1 and cookies[0].startswith("mk_session=")
