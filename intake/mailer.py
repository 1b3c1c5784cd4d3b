"""Outgoing mail: answers, forwarding links and digests.

With MAIL_SMTP_HOST set, mail goes out over SMTP (STARTTLS by default). Without it (development,
tests, the demo) every message is written as an `.eml` file to MAIL_OUTBOX_DIR (default
`instance/outbox`), where it can be opened in any mail program. Logs name the kind of message
and a count, never an address or a text.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app

from intake.models import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    """One plain-text message."""

    to: str
    subject: str
    body: str
    purpose: str  # answer, forward, digest: for the log line only


class MailError(RuntimeError):
    """The message could not be handed to the SMTP server."""


def outbox_dir() -> Path:
    """Where development mail is written."""
    configured = current_app.config.get("MAIL_OUTBOX_DIR") or ""
    return Path(configured) if configured else Path(current_app.instance_path) / "outbox"


def build(mail: Mail) -> EmailMessage:
    """The message as it goes out."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=current_app.config["MAIL_FROM"].rpartition("@")[2])
    message.set_content(mail.body)
    return message


def send(mail: Mail) -> None:
    """Send over SMTP, or write to the outbox folder when no SMTP server is configured."""
    message = build(mail)
    config = current_app.config
    host = config.get("MAIL_SMTP_HOST") or ""
    if not host:
        folder = outbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{utcnow():%Y%m%dT%H%M%S}-{mail.purpose}-{secrets.token_hex(4)}.eml"
        (folder / name).write_bytes(message.as_bytes())
        log.info("mail: 1 %s message written to the outbox folder", mail.purpose)
        return
    try:
        with smtplib.SMTP(host, int(config["MAIL_SMTP_PORT"]), timeout=30) as smtp:
            if config.get("MAIL_SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("MAIL_SMTP_USER"):
                smtp.login(config["MAIL_SMTP_USER"], config["MAIL_SMTP_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail: sending 1 %s message failed (%s)", mail.purpose, type(exc).__name__)
        raise MailError(type(exc).__name__) from exc
    log.info("mail: 1 %s message sent", mail.purpose)
