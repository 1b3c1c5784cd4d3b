"""Telling the anti-corruption officers when someone touches their role or their accounts.

Separation of duties (`intake.accounts.services.may_manage`) keeps these changes out of an
administrator's hands; this makes them visible to the people they concern: every active
anti-corruption officer gets a short mail (the changed account included). The mail names
the account, the change, who made it and when, never a password, code or secret. Sent like
the digests, through `intake.mailer`; a mail that cannot be sent is counted, not fatal, and
the change is in the audit log either way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import mailer
from intake.accounts.services import PROTECTED_ROLE
from intake.models import User, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notified:
    """How many anti-corruption officers were told, and how many mails failed."""

    sent: int
    failed: int


def recipients(session: Session) -> list[str]:
    """The addresses of the active anti-corruption officers."""
    return list(
        session.scalars(
            select(User.email)
            .where(User.role == PROTECTED_ROLE, User.active.is_(True))
            .order_by(User.email)
        )
    )


def compose(to: str, change: str, account: str, by: str) -> mailer.Mail:
    """The notice: what changed, for which account, by whom, when (UTC)."""
    when = utcnow().strftime("%d.%m.%Y %H:%M UTC")
    body = "\n".join(
        [
            "Guten Tag,",
            "",
            "an einem Konto mit der Rolle Antikorruptionsbeauftragte/r wurde etwas geändert:",
            "",
            f"Änderung: {change}",
            f"Konto: {account}",
            f"durch: {by}",
            f"am: {when}",
            "",
            "Wenn Sie davon nichts wissen, melden Sie es bitte sofort Ihrer Leitung und der "
            "IT-Sicherheit. Die Änderung steht auch im Protokoll des Back Office.",
            "",
            "-- ",
            "Meinungskarte (automatische Nachricht)",
        ]
    )
    subject = "Meinungskarte: Änderung an einem Antikorruptions-Konto"
    return mailer.Mail(to=to, subject=subject, body=body + "\n", purpose="oversight")


def notify(
    session: Session, change: str, account: str, by: str, deliver: mailer.Deliver
) -> Notified:
    """Mail every active anti-corruption officer about a change to `account`.

    `deliver` sends one mail (`intake.web.settings.send_mail` in the app).
    """
    sent = failed = 0
    for to in recipients(session):
        try:
            deliver(compose(to, change, account, by))
        except (mailer.MailError, OSError):
            failed += 1
            continue
        sent += 1
    log.info("oversight: %d anti-corruption officers told, %d failed", sent, failed)
    return Notified(sent, failed)
