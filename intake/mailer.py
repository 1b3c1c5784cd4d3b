"""Outgoing mail: answers, forwarding links, digests and the monthly summary.

With MAIL_SMTP_HOST set, mail goes out over SMTP, encrypted (STARTTLS by default, or implicit
TLS) with the server's certificate verified, since the mail holds forwarding links, answers
and the SMTP password. Without it (development, tests, the demo) every message is written as
an `.eml` file to MAIL_OUTBOX_DIR (default `instance/outbox`), readable by the app's user only,
where it can be opened in any mail program. Logs name the kind of message and a count, never
an address or a text.

The settings come in as a `MailSettings` value (`intake.web.settings.mail_settings` reads them
from the app), so this module and the services that send mail never read `current_app`;
services take a `Deliver` function, which tests and dry runs replace.
"""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from intake.models import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    """A file sent with a mail (the monthly summary's PDF)."""

    filename: str
    content_type: str  # "application/pdf"
    data: bytes


@dataclass(frozen=True)
class Mail:
    """One plain-text message, with files attached where given."""

    to: str
    subject: str
    body: str
    purpose: str  # answer, forward, digest: for the log line only
    attachments: tuple[Attachment, ...] = ()


# How a service hands a mail on: `intake.web.settings.send_mail` in the app, something
# that collects or prints the mails in tests and dry runs. Raises MailError (or OSError).
Deliver = Callable[[Mail], None]


class MailError(RuntimeError):
    """The message could not be handed to the SMTP server."""


def build(mail: Mail, sender: str) -> EmailMessage:
    """The message as it goes out."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    message.set_content(mail.body)
    for attachment in mail.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        if not subtype:
            maintype, subtype = "application", "octet-stream"
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=attachment.filename,
        )
    return message


def send(mail: Mail, settings: MailSettings) -> None:
    """Send over SMTP, or write to the outbox folder when no SMTP server is configured."""
    message = build(mail, settings.sender)
    if settings.smtp is None:
        try:
            write_private(settings.outbox, _outbox_name(mail), message.as_bytes())
        except OSError as exc:
            log.warning("mail: writing 1 %s message failed (%s)", mail.purpose, type(exc).__name__)
            raise MailError(type(exc).__name__) from exc
        log.info("mail: 1 %s message written to the outbox folder", mail.purpose)
        return
    try:
        deliver(message, settings.smtp)
    except MailError as exc:
        log.warning("mail: sending 1 %s message failed (%s)", mail.purpose, exc)
        raise
    log.info("mail: 1 %s message sent", mail.purpose)


# --- SMTP -------------------------------------------------------------------------------

TLS_MODES = ("starttls", "implicit", "none")


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the mail server; `tls` is one of TLS_MODES."""

    host: str
    port: int
    tls: str = "starttls"
    user: str = ""
    password: str = ""
    ca_file: str = ""  # an internal CA instead of the system's trusted ones
    timeout: float = 30

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmtpSettings:
        """Read the MAIL_SMTP_* settings; MAIL_SMTP_STARTTLS=false still means no TLS."""
        tls = str(config.get("MAIL_SMTP_TLS") or "starttls").strip().lower()
        if tls == "starttls" and not config.get("MAIL_SMTP_STARTTLS", True):
            tls = "none"
        return cls(
            host=str(config["MAIL_SMTP_HOST"]),
            port=int(config["MAIL_SMTP_PORT"]),
            tls=tls,
            user=str(config.get("MAIL_SMTP_USER") or ""),
            password=str(config.get("MAIL_SMTP_PASSWORD") or ""),
            ca_file=str(config.get("MAIL_SMTP_CA_FILE") or ""),
        )


@dataclass(frozen=True)
class MailSettings:
    """Everything `send` needs: the sender address, and the SMTP server or else the outbox."""

    sender: str
    outbox: Path  # where mail is written when there is no SMTP server
    smtp: SmtpSettings | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any], instance_path: str | Path) -> MailSettings:
        """Read MAIL_FROM, MAIL_OUTBOX_DIR (default `<instance>/outbox`) and MAIL_SMTP_*."""
        configured = str(config.get("MAIL_OUTBOX_DIR") or "")
        outbox = Path(configured) if configured else Path(instance_path) / "outbox"
        smtp = SmtpSettings.from_config(config) if config.get("MAIL_SMTP_HOST") else None
        return cls(sender=str(config["MAIL_FROM"]), outbox=outbox, smtp=smtp)


def deliver(message: EmailMessage, settings: SmtpSettings) -> None:
    """Hand one message to the SMTP server; raises MailError, with a reason an operator can act on.

    Nothing is sent before the connection is encrypted and the certificate verified (unless
    the mode is `none`), and a password is never sent over an unencrypted connection.
    """
    if settings.tls not in TLS_MODES:
        raise MailError(f"MAIL_SMTP_TLS must be one of {', '.join(TLS_MODES)}")
    if settings.tls == "none" and settings.user:
        raise MailError(
            "refusing to send the SMTP password over an unencrypted connection; "
            "set MAIL_SMTP_TLS to starttls or implicit"
        )
    try:
        with _connect(settings) as smtp:
            if settings.user:
                smtp.login(settings.user, settings.password)
            smtp.send_message(message)
    except ssl.SSLCertVerificationError as exc:
        raise MailError(
            f"the SMTP server's TLS certificate could not be verified ({exc.verify_message}); "
            "for an internal CA set MAIL_SMTP_CA_FILE"
        ) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise MailError("the SMTP server does not offer STARTTLS") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(type(exc).__name__) from exc


def tls_context(ca_file: str) -> ssl.SSLContext:
    """Certificate and host name checked: against `ca_file` if given, else the system CAs."""
    return ssl.create_default_context(cafile=ca_file or None)


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    """An SMTP connection, already encrypted unless the mode is `none`."""
    if settings.tls == "implicit":
        return smtplib.SMTP_SSL(
            settings.host,
            settings.port,
            timeout=settings.timeout,
            context=tls_context(settings.ca_file),
        )
    smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        if settings.tls == "starttls":
            smtp.starttls(context=tls_context(settings.ca_file))  # raises if not offered
    except BaseException:
        smtp.close()
        raise
    return smtp


# --- the outbox folder --------------------------------------------------------------------


def _outbox_name(mail: Mail) -> str:
    return f"{utcnow():%Y%m%dT%H%M%S}-{mail.purpose}-{secrets.token_hex(4)}.eml"


def write_private(folder: Path, name: str, data: bytes) -> Path:
    """Write a file only the app's user can read (0600 in a 0700 folder), whole or not at all.

    An outbox mail may hold a live forwarding link. The modes are set explicitly, so they do
    not depend on the umask, and a folder an older version left open is closed.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if stat_mode(folder) != 0o700:
        os.chmod(folder, 0o700)
    target, partial = folder / name, folder / f".{name}.partial"
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def stat_mode(path: Path) -> int:
    """The permission bits of a file or folder."""
    return path.stat().st_mode & 0o777
