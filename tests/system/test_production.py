"""The deployment docs/operations.md describes, tested as a whole (see tests/system/production.py).

Chromium goes through nginx's TLS to gunicorn, the app, PostgreSQL and Redis: a citizen sends
feedback from the office form and reads its status, another visitor uses the form framed by
the Jobcenter's homepage on another origin, the officer logs in and classifies and forwards
the case, the team lead answers through the link from the outbox. Plain HTTP requests check
what nginx adds and takes away. Last, nginx's and gunicorn's logs, the database and Redis are
searched for the visitors' address, forwarded address and user agent.
"""

from __future__ import annotations

import gzip
import http.client
import re
import ssl
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlencode

import pyotp
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect

from tests.helpers import PG_URL, REDIS_URL, hidden_fields, require_service
from tests.system.production import (
    FORGED_TEXT,
    NGINX,
    ROOT,
    STAFF_EMAIL,
    STAFF_PASSWORD,
    Deployment,
    deploy,
    in_chromium,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.slow,
]

SOURCE_ADDRESS = "127.0.0.78"
FORWARDED_FOR = "203.0.113.78"  # sent by the client: nginx must replace it
USER_AGENT = "ProbeAgent/9.9 (unique-agent-4e7b20)"
REFERRER = "https://referrer.example/private-page-0815"
NEEDLES = (SOURCE_ADDRESS, FORWARDED_FOR, "unique-agent-4e7b20", "private-page-0815")
CITIZEN_TEXT = (
    "Mein Termin wurde zweimal verschoben, ohne dass mir jemand Bescheid gab. "
    "Bitte rufen Sie mich zurück: 0176 98765432."
)
EMBED_TEXT = "Ein Wegweiser vom Parkplatz zum Eingang wäre hilfreich."
STATEMENT = "Die Terminverschiebung lag an einer Krankheitswelle; wir rufen künftig vorher an."


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """One deployment for the module (starting it is the slow part)."""
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} is missing: scripts/test installs Debian's nginx package")
    database = require_service("database", PG_URL)
    redis_url = require_service("redis", REDIS_URL)
    with deploy(tmp_path_factory.mktemp("production"), database, redis_url) as running:
        yield running


class Client:
    """Plain HTTP(S) requests with a chosen source address and identifying headers."""

    def __init__(self, deployment: Deployment, source: str = SOURCE_ADDRESS) -> None:
        self.deployment = deployment
        self.source = source
        self.context = ssl.create_default_context(cafile=str(deployment.ca_file))
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        port: int | None = None,
        tls: bool = True,
    ) -> tuple[http.client.HTTPResponse, bytes]:
        port = port or self.deployment.ports.https
        connection: http.client.HTTPConnection
        if tls:
            connection = http.client.HTTPSConnection(
                "127.0.0.1", port, timeout=15, context=self.context, source_address=(self.source, 0)
            )
        else:
            connection = http.client.HTTPConnection(
                "127.0.0.1", port, timeout=15, source_address=(self.source, 0)
            )
        sent = {
            "User-Agent": USER_AGENT,
            "Referer": REFERRER,
            "X-Forwarded-For": FORWARDED_FOR,
            **(
                {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
                if self.cookies
                else {}
            ),
            **(headers or {}),
        }
        if body:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response, data


def page_text(response: http.client.HTTPResponse, data: bytes) -> str:
    if response.headers.get("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def test_nginx_serves_tls_headers_gzip_static_files_and_redirects(deployment: Deployment) -> None:
    client = Client(deployment, source="127.0.0.1")
    response, data = client.request("GET", "/m/diez", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Ihre Meinung zählt" in page_text(response, data)
    headers = response.headers
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Server"] == "nginx"  # server_tokens off: no version
    assert "gunicorn" not in str(headers).lower()
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("__Host-mk_session=")
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "path"} <= attributes and "domain" not in attributes
    assert "SameSite=Lax" in cookie and "Path=/" in cookie

    # Static files come from nginx: the bytes on disk, without the app's headers.
    css = (ROOT / "intake" / "static" / "css" / "site.css").read_bytes()
    response, data = client.request(
        "GET", "/static/css/site.css", headers={"Accept-Encoding": "gzip"}
    )
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(data) == css
    assert "Content-Security-Policy" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=3600" in response.headers["Cache-Control"]
    assert response.headers["Server"] == "nginx"

    # Back-office pages are not compressed (BREACH: CSRF token next to echoed input).
    response, _ = client.request("GET", "/staff/login", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200 and "Content-Encoding" not in response.headers

    # Plain HTTP only redirects to HTTPS.
    response, _ = client.request("GET", "/m/diez?lang=en", port=deployment.ports.http, tls=False)
    assert response.status == 301
    assert response.headers["Location"] == "https://127.0.0.1/m/diez?lang=en"

    # Bodies larger than the app's MAX_CONTENT_LENGTH stop at nginx.
    response, _ = client.request("POST", "/m/diez", body=b"text=" + b"x" * 70_000)
    assert response.status == 413


def test_gunicorn_does_not_name_itself(deployment: Deployment) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", deployment.ports.gunicorn, timeout=10)
    connection.request("GET", "/impressum", headers={"X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 200
    assert "gunicorn" not in response.headers.get("Server", "").lower()


def send_with_identifying_headers(deployment: Deployment) -> str:
    """A visitor from a known address with a user agent and referrer sends feedback."""
    visitor = Client(deployment)
    response, data = visitor.request("GET", "/m/diez")
    assert response.status == 200
    fields = hidden_fields(page_text(response, data))
    body = urlencode({**fields, "kind": "praise", "text": "Sehr nette Beratung am Empfang."})
    response, data = visitor.request("POST", "/m/diez", body=body.encode())
    assert response.status == 200, page_text(response, data)[:2000]
    assert 'id="receipt-code"' in page_text(response, data)
    return visitor.cookies["__Host-mk_session"]


def new_context(browser: Browser) -> BrowserContext:
    """A German desktop browser with a marked user agent and a forged forwarded address."""
    return browser.new_context(
        locale="de-DE",
        user_agent=USER_AGENT,
        extra_http_headers={"X-Forwarded-For": FORWARDED_FOR},
        viewport={"width": 1280, "height": 900},
    )


def form_posts(page: Page) -> list[Request]:
    """Every POST the page sends from now on (to read the headers Chromium really sends)."""
    posts: list[Request] = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    return posts


def citizen_sends_and_reads_status(browser: Browser, url: str) -> None:
    context = new_context(browser)
    page = context.new_page()
    posts = form_posts(page)
    page.goto(url + "/m/diez/w")
    page.get_by_label("Kritik oder Beschwerde").check()
    page.get_by_label("Ihre Nachricht").fill(CITIZEN_TEXT)
    page.get_by_role("button", name="Absenden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bitte prüfen: Das entfernen wir")
    expect(page.get_by_text("[Telefonnummer entfernt]")).to_be_visible()
    page.get_by_role("button", name="So absenden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank!")
    code = page.locator("#receipt-code").input_value()
    page.goto(url + "/status")
    page.get_by_label("Ihr Code").fill(code)
    page.get_by_role("button", name="Abrufen").click()
    expect(page.get_by_text("eingegangen", exact=True)).to_be_visible()
    # What the design rests on: no Referer, `Origin: null`, but Sec-Fetch-Site is reliable.
    headers = posts[0].all_headers()
    assert "referer" not in headers
    assert headers["origin"] == "null" and headers["sec-fetch-site"] == "same-origin"
    (session,) = [c for c in context.cookies() if "mk_session" in c["name"]]
    assert session["name"] == "__Host-mk_session"
    assert session["secure"] and session["httpOnly"] and session["sameSite"] == "Lax"
    assert session["path"] == "/" and session["domain"] == "127.0.0.1"
    context.close()


def homepage_visitor_uses_embedded_form(browser: Browser, homepage: str) -> None:
    context = new_context(browser)
    page = context.new_page()
    page.goto(homepage + "/")
    frame = page.frame_locator("iframe")
    frame.get_by_label("Idee oder Anregung").check()
    frame.get_by_label("Geschäftsstelle").select_option(label="Geschäftsstelle Diez")
    frame.get_by_label("Ihre Nachricht").fill(EMBED_TEXT)
    frame.get_by_role("button", name="Absenden").click()
    expect(frame.get_by_role("heading", level=1)).to_have_text("Vielen Dank!")
    context.close()


def another_site_posts_to_the_form(browser: Browser, homepage: str) -> None:
    """A page elsewhere submits a form to ours: the visitor sees the form again, nothing is sent."""
    context = new_context(browser)
    page = context.new_page()
    posts = form_posts(page)
    page.goto(homepage + "/forged.html")
    page.get_by_role("button", name="Gewinnspiel").click()
    expect(page.get_by_text("bitte senden Sie ihn noch einmal ab")).to_be_visible()
    assert posts[0].all_headers()["sec-fetch-site"] == "cross-site"
    context.close()


class StaffLogin:
    """Logs in with e-mail and password, and with TOTP when the back office asks for it."""

    def __init__(self) -> None:
        self.secret = ""

    def __call__(self, page: Page, url: str) -> None:
        page.goto(url + "/staff/login")
        page.get_by_label("E-Mail-Adresse").fill(STAFF_EMAIL)
        page.get_by_label("Passwort").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_load_state()
        if page.locator("#totp-secret").count():
            self.secret = re.sub(r"\s", "", page.locator("#totp-secret").inner_text())
            self._enter_code(page)
            if page.locator("#recovery-codes").count():
                page.locator("#continue").click()
        elif page.locator('input[name="code"]').count():
            assert self.secret, "asked for a TOTP code before enrolment"
            self._enter_code(page)
        expect(page).to_have_url(re.compile(r"/staff/(?!login)"))

    def _enter_code(self, page: Page) -> None:
        page.locator('input[name="code"]').fill(pyotp.TOTP(self.secret).now())
        page.locator('input[name="code"]').press("Enter")
        page.wait_for_load_state()


def officer_classifies_and_forwards(browser: Browser, url: str) -> None:
    context = new_context(browser)
    page = context.new_page()
    StaffLogin()(page, url)
    page.goto(url + "/staff/inbox")
    page.get_by_role("link", name=re.compile("Mein Termin wurde zweimal verschoben")).click()
    expect(page.get_by_text("[Telefonnummer entfernt]")).to_be_visible()
    page.get_by_label("Art der Kundenreaktion").select_option("beschwerde")
    page.get_by_role("radio", name="ja").check()
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.get_by_text("Klassifizierung gespeichert.")).to_be_visible()
    page.get_by_label("oder E-Mail-Adresse").fill("teamleitung@jobcenter-test.example")
    page.get_by_role("button", name="Link erstellen und senden").click()
    expect(page.get_by_text("Link für die Teamleitung")).to_be_visible()
    context.close()


def forwarding_link(outbox: Path, base_url: str) -> str:
    """The link in the one forwarding mail written to the outbox folder."""
    (mail,) = [p for p in outbox.glob("*.eml") if "forward" in p.name]
    message = message_from_bytes(mail.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain",))
    assert body is not None
    found = re.search(re.escape(base_url) + r"/f/[A-Za-z0-9_-]+", body.get_content())
    assert found, body.get_content()
    return found.group(0)


def team_lead_answers(browser: Browser, link: str) -> None:
    context = new_context(browser)
    page = context.new_page()
    page.goto(link)
    expect(page.get_by_text("Mein Termin wurde zweimal verschoben")).to_be_visible()
    page.get_by_label("Stellungnahme", exact=True).fill(STATEMENT)
    page.get_by_role("button", name="Stellungnahme absenden").click()
    expect(page.get_by_text("Vielen Dank!")).to_be_visible()
    context.close()


ARABIC_TEXT = "انتظرت ثلاث ساعات في الممر. رقمي ٠١٧٦١٢٣٤٥٦٧٨"
ARABIC_NUMBER = "٠١٧٦١٢٣٤٥٦٧٨"


def arabic_phone_sends(browser: Browser, url: str) -> None:
    """An Arabic phone behind the TLS proxy: its page, mirrored; its number masked."""
    context = browser.new_context(
        locale="ar-SY",
        user_agent=USER_AGENT,
        extra_http_headers={"X-Forwarded-For": FORWARDED_FOR},
        viewport={"width": 360, "height": 740},
        is_mobile=True,
    )
    page = context.new_page()
    page.goto(url + "/m/diez/w")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("input[name=kind][value=complaint]").check()
    page.locator("textarea[name=text]").fill(ARABIC_TEXT)
    page.locator("form.feedback-form button[type=submit]").first.click()
    preview = page.locator("blockquote.masked-text")
    expect(preview).not_to_contain_text(ARABIC_NUMBER)
    expect(preview.locator("mark")).to_have_count(1)
    page.locator("button[name=action][value=send_masked]").click()
    expect(page.locator("#receipt-code")).to_have_attribute("dir", "ltr")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    context.close()


def test_journeys_through_the_production_stack_leave_no_trace(deployment: Deployment) -> None:
    visitor_cookie = send_with_identifying_headers(deployment)

    def journeys(browser: Browser) -> None:
        citizen_sends_and_reads_status(browser, deployment.url)
        arabic_phone_sends(browser, deployment.url)
        homepage_visitor_uses_embedded_form(browser, deployment.homepage)
        another_site_posts_to_the_form(browser, deployment.homepage)
        officer_classifies_and_forwards(browser, deployment.url)
        link = forwarding_link(deployment.instance / "outbox", deployment.url)
        team_lead_answers(browser, link)

    in_chromium(deployment, journeys)

    stores = {"database": deployment.database_dump(), "redis": deployment.redis_dump()}
    stores.update(deployment.log_files())
    assert b"Wegweiser vom Parkplatz" in stores["database"], "nothing stored: proves nothing"
    assert b"Krankheitswelle" in stores["database"]
    assert "انتظرت ثلاث ساعات في الممر".encode() in stores["database"]
    assert ARABIC_NUMBER.encode() not in stores["database"]
    assert FORGED_TEXT.encode() not in stores["database"]
    assert stores["redis"], "the rate limiter stored nothing in Redis: proves nothing"
    assert b"/staff/login" in stores["meinungskarte-staff.log"], "nginx's staff log is empty"
    assert b"/staff/login" in stores["gunicorn-access.log"], "gunicorn's access log is empty"
    for name, content in stores.items():
        for needle in (*NEEDLES, visitor_cookie):
            assert needle.encode() not in content, f"{needle!r} found in {name}"
