"""Outgoing mail over TLS: certificates are verified, a password never travels in the clear.

A real SMTP server (aiosmtpd) on 127.0.0.1 with certificates from a throw-away CA (trustme)
plays the Jobcenter's mail relay, once with STARTTLS and once with implicit TLS (port 465
style). The outbox folder, used when no SMTP server is set, keeps mail private to the app.
"""

from __future__ import annotations

import ssl
import stat
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, Session
from flask import Flask

from intake import mailer
from intake.mailer import MailError, SmtpSettings, deliver
from intake.web.settings import send_mail
from tests.helpers import free_port

PASSWORD = "relay-pass-7f3a91"
FORWARD_LINK = "https://feedback.example/f/secret-forwarding-token-4711"


class Relay:
    """What the SMTP server saw: logins and messages."""

    def __init__(self) -> None:
        self.logins: list[tuple[bytes, bytes]] = []
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        self.messages.append(bytes(envelope.original_content or b""))
        return "250 OK"

    def authenticate(
        self, server: SMTPServer, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        self.logins.append((data.login, data.password))
        return AuthResult(success=True)


@pytest.fixture(scope="module")
def relay_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def server_tls(relay_ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    relay_ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture
def trusted_ca_file(relay_ca: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "relay-ca.pem"
    relay_ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def untrusted_ca_file(tmp_path: Path) -> str:
    """A CA file of some other CA: the relay's certificate does not chain to it."""
    path = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(path))
    return str(path)


def serve(relay: Relay, **options: Any) -> Iterator[int]:
    port = free_port()
    controller = Controller(
        relay,
        hostname="127.0.0.1",
        port=port,
        authenticator=relay.authenticate,
        auth_require_tls=False,  # so that any AUTH attempt at all reaches `relay.logins`
        **options,
    )
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def relay() -> Relay:
    return Relay()


@pytest.fixture
def starttls_port(relay: Relay, server_tls: ssl.SSLContext) -> Iterator[int]:
    yield from serve(relay, tls_context=server_tls, require_starttls=True)


@pytest.fixture
def implicit_port(relay: Relay, server_tls: ssl.SSLContext) -> Iterator[int]:
    yield from serve(relay, ssl_context=server_tls)


@pytest.fixture
def plain_port(relay: Relay) -> Iterator[int]:
    """A relay that offers no TLS at all."""
    yield from serve(relay)


def message() -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = "kundenreaktion@jobcenter-musterstadt.example"
    mail["To"] = "teamleitung@jobcenter-musterstadt.example"
    mail["Subject"] = "Bitte um Stellungnahme"
    mail.set_content(f"Guten Tag,\n\nbitte nehmen Sie Stellung: {FORWARD_LINK}\n")
    return mail


def settings(port: int, tls: str, ca_file: str = "", user: str = "mailer") -> SmtpSettings:
    return SmtpSettings(
        host="127.0.0.1",
        port=port,
        tls=tls,
        user=user,
        password=PASSWORD if user else "",
        ca_file=ca_file,
        timeout=5,
    )


def assert_nothing_went_out(relay: Relay) -> None:
    assert relay.logins == [] and relay.messages == []


# --- (a) a certificate the app does not trust: nothing goes out --------------------------


def test_starttls_refuses_an_unverified_certificate(relay: Relay, starttls_port: int) -> None:
    """The system CAs do not know the relay's CA: a man in the middle would look the same."""
    with pytest.raises(MailError, match="certificate"):
        deliver(message(), settings(starttls_port, "starttls"))
    assert_nothing_went_out(relay)


def test_implicit_tls_refuses_a_certificate_of_another_ca(
    relay: Relay, implicit_port: int, untrusted_ca_file: str
) -> None:
    with pytest.raises(MailError, match="certificate"):
        deliver(message(), settings(implicit_port, "implicit", untrusted_ca_file))
    assert_nothing_went_out(relay)


def test_starttls_refuses_a_certificate_of_another_ca(
    relay: Relay, starttls_port: int, untrusted_ca_file: str
) -> None:
    with pytest.raises(MailError, match="certificate"):
        deliver(message(), settings(starttls_port, "starttls", untrusted_ca_file))
    assert_nothing_went_out(relay)


def test_a_relay_without_starttls_is_not_used_in_the_clear(relay: Relay, plain_port: int) -> None:
    """No silent downgrade when the STARTTLS offer is missing (or stripped on the way)."""
    with pytest.raises(MailError):
        deliver(message(), settings(plain_port, "starttls"))
    assert_nothing_went_out(relay)


def test_a_password_is_never_sent_unencrypted(relay: Relay, plain_port: int) -> None:
    with pytest.raises(MailError, match="unencrypted"):
        deliver(message(), settings(plain_port, "none"))
    assert_nothing_went_out(relay)


# --- (b) the relay's CA is configured: mail arrives -------------------------------------


def test_starttls_with_the_configured_ca_delivers(
    relay: Relay, starttls_port: int, trusted_ca_file: str
) -> None:
    deliver(message(), settings(starttls_port, "starttls", trusted_ca_file))
    assert relay.logins == [(b"mailer", PASSWORD.encode())]
    [received] = relay.messages
    body = message_from_bytes(received, policy=policy.default)
    assert isinstance(body, EmailMessage) and FORWARD_LINK in body.get_content()


def test_implicit_tls_with_the_configured_ca_delivers(
    relay: Relay, implicit_port: int, trusted_ca_file: str
) -> None:
    deliver(message(), settings(implicit_port, "implicit", trusted_ca_file))
    assert relay.logins == [(b"mailer", PASSWORD.encode())]
    assert len(relay.messages) == 1


def test_a_local_relay_without_login_may_be_plain(relay: Relay, plain_port: int) -> None:
    """Mode `none` stays possible for a relay on the same host, as long as no password is sent."""
    deliver(message(), settings(plain_port, "none", user=""))
    assert relay.logins == [] and len(relay.messages) == 1


# --- settings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "tls"),
    [
        ({}, "starttls"),
        ({"MAIL_SMTP_TLS": "implicit"}, "implicit"),
        ({"MAIL_SMTP_TLS": "none"}, "none"),
        ({"MAIL_SMTP_STARTTLS": False}, "none"),  # the older switch keeps working
        ({"MAIL_SMTP_STARTTLS": False, "MAIL_SMTP_TLS": "implicit"}, "implicit"),
    ],
)
def test_tls_mode_from_the_settings(config: dict[str, Any], tls: str) -> None:
    base = {"MAIL_SMTP_HOST": "mail.example", "MAIL_SMTP_PORT": 587, "MAIL_SMTP_STARTTLS": True}
    assert SmtpSettings.from_config({**base, **config}).tls == tls


def test_an_unknown_tls_mode_is_refused(relay: Relay, plain_port: int) -> None:
    with pytest.raises(MailError, match="MAIL_SMTP_TLS"):
        deliver(message(), settings(plain_port, "ssl"))
    assert_nothing_went_out(relay)


def test_the_app_sends_through_the_verified_relay(
    app: Flask, relay: Relay, starttls_port: int, trusted_ca_file: str, untrusted_ca_file: str
) -> None:
    app.config.update(
        MAIL_SMTP_HOST="127.0.0.1",
        MAIL_SMTP_PORT=starttls_port,
        MAIL_SMTP_USER="mailer",
        MAIL_SMTP_PASSWORD=PASSWORD,
        MAIL_SMTP_CA_FILE=untrusted_ca_file,
    )
    mail = mailer.Mail(to="lead@example.org", subject="Test", body=FORWARD_LINK, purpose="forward")
    with app.app_context():
        with pytest.raises(MailError):
            send_mail(mail)
        assert_nothing_went_out(relay)
        app.config["MAIL_SMTP_CA_FILE"] = trusted_ca_file
        send_mail(mail)
    assert len(relay.messages) == 1


# --- the outbox folder --------------------------------------------------------------------


def test_outbox_mail_is_private_to_the_app(app: Flask, tmp_path: Path) -> None:
    """An outbox mail can hold a live forwarding link: 0600 files in a 0700 folder."""
    folder = tmp_path / "outbox"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)  # as an older version left it
    app.config.update(MAIL_SMTP_HOST="", MAIL_OUTBOX_DIR=str(folder))
    mail = mailer.Mail(to="lead@example.org", subject="Link", body=FORWARD_LINK, purpose="forward")
    with app.app_context():
        send_mail(mail)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    [written] = list(folder.iterdir())  # no temporary file left behind
    assert written.suffix == ".eml" and stat.S_IMODE(written.stat().st_mode) == 0o600
    saved = message_from_bytes(written.read_bytes(), policy=policy.default)
    assert isinstance(saved, EmailMessage) and FORWARD_LINK in saved.get_content()


def test_a_new_outbox_folder_is_private_whatever_the_umask(app: Flask, tmp_path: Path) -> None:
    import os

    folder = tmp_path / "instance" / "outbox"
    app.config.update(MAIL_SMTP_HOST="", MAIL_OUTBOX_DIR=str(folder))
    mail = mailer.Mail(to="lead@example.org", subject="Link", body=FORWARD_LINK, purpose="forward")
    previous = os.umask(0o000)
    try:
        with app.app_context():
            send_mail(mail)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()] == [0o600]
