"""Forwarding a case to a team lead with a secret, expiring link (no staff account needed).

The link's token is made here and shown once (flashed to the officer, mailed to the lead);
only its SHA-256 is stored, so a copy of the database opens no case. A link shows only its
own case and takes the lead's statement and proposed measures. Every step is audited:
creating ("forward"), opening ("link_view", by the view), answering ("link_statement", or
"lead_statement" when a logged-in lead answers) and revoking ("forward_revoke").

No request handling here: callers pass the session, the user and `now`, and commit.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import CursorResult, select, true, update
from sqlalchemy.orm import Session

from intake import audit
from intake.labels import DUE_LABELS
from intake.mailer import Mail
from intake.models import Case, ForwardLink, User
from intake.roles import Role
from intake.triage import cases, rules

MIN_DAYS, MAX_DAYS = 1, 60
# A link's state, for lists: open, answered, expired or revoked.
OPEN, ANSWERED, EXPIRED, REVOKED = "open", "answered", "expired", "revoked"
LEAD_ROLE = Role.TEAM_LEAD
# secrets.token_urlsafe(32) gives 43 characters of the URL-safe alphabet.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


class ForwardError(ValueError):
    """A case cannot be forwarded; the message says why (shown to the officer)."""


def hash_token(token: str) -> str:
    """What is stored of a token: its SHA-256 as hex."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def aware(moment: datetime) -> datetime:
    """A stored time as aware UTC (SQLite hands back naive datetimes)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def state(link: ForwardLink, now: datetime) -> str:
    """Where a link stands: revoked, answered, expired or open."""
    if link.revoked_at is not None:
        return REVOKED
    if link.answered_at is not None:
        return ANSWERED
    if aware(link.expires_at) <= now:
        return EXPIRED
    return OPEN


def create_link(
    session: Session,
    case: Case,
    user: User | None,
    *,
    recipient: str,
    note: str,
    days: int,
    now: datetime,
    rule_profile: rules.RuleProfile,
) -> tuple[ForwardLink, str]:
    """A new link for `case` and its token (shown once, never stored); the case is forwarded.

    Cases with corruption hints (restricted) and spam are never forwarded: the link would
    show them outside the anti-corruption role.
    """
    if case.restricted:
        raise ForwardError(_("Fälle mit Korruptionshinweis werden nicht weitergeleitet."))
    if case.is_spam:
        raise ForwardError(_("Spam wird nicht weitergeleitet."))
    recipient = recipient.strip().lower()
    if "@" not in recipient or len(recipient) > 254:
        raise ForwardError(_("Bitte geben Sie eine gültige E-Mail-Adresse an."))
    days = max(MIN_DAYS, min(MAX_DAYS, days))
    token = secrets.token_urlsafe(32)
    link = ForwardLink(
        case=case,
        token_hash=hash_token(token),
        recipient=recipient,
        note=note.strip(),
        created_by_id=user.id if user else None,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(link)
    session.flush()
    if case.status in ("answered", "closed", "handed_off"):  # forwarded again: reopen first
        cases.transition(
            session, case, "triaged", user, today=now.date(), rule_profile=rule_profile
        )
    if case.status not in ("forwarded", "statement"):
        cases.advance(session, case, "forwarded", user, today=now.date(), rule_profile=rule_profile)
    audit.record(session, user, "forward", case_id=case.id, detail=f"{recipient}, link {link.id}")
    return link, token


def find_link(session: Session, token: str, now: datetime) -> ForwardLink | None:
    """The open link of a token; None when unknown, revoked, expired or its case restricted.

    Answered links stay open until they expire, so the lead can read back the statement.
    """
    if not _TOKEN.fullmatch(token or ""):
        return None
    wanted = hash_token(token)
    link = session.scalar(
        select(ForwardLink).where(
            ForwardLink.token_hash == wanted,
            ForwardLink.revoked_at.is_(None),
            ForwardLink.expires_at > now,
        )
    )
    if link is None or not hmac.compare_digest(link.token_hash, wanted):
        return None
    if aware(link.expires_at) <= now or link.case.restricted:
        return None
    return link


def record_statement(
    session: Session,
    link: ForwardLink,
    *,
    statement: str,
    proposed_measures: str,
    now: datetime,
    rule_profile: rules.RuleProfile,
    user: User | None = None,
) -> bool:
    """Store the lead's statement; a forwarded case moves on to "statement".

    A link takes one statement: the write is a conditional UPDATE (still unanswered and
    unrevoked), so of two requests at once exactly one stores, audits and moves the case;
    the other gets False and changes nothing (what it read before is stale by then).
    """
    values = {
        "statement": statement.strip(),
        "proposed_measures": proposed_measures.strip() or None,
        "answered_at": now,
    }
    if not _claim(session, link, values, ForwardLink.answered_at.is_(None)):
        return False
    case = link.case
    action = "lead_statement" if user is not None else "link_statement"
    audit.record(session, user, action, case_id=case.id, detail=f"link {link.id}")
    if case.status == "forwarded":  # the link names the lead in the case's trail
        cases.transition(
            session,
            case,
            "statement",
            user,
            today=now.date(),
            rule_profile=rule_profile,
            detail=f"link {link.id}",
        )
    return True


def _claim(session: Session, link: ForwardLink, values: dict[str, Any], *unset: Any) -> bool:
    """UPDATE the link only while `unset` (and not revoked) holds; whether this call won."""
    result = session.execute(
        update(ForwardLink)
        .where(ForwardLink.id == link.id, ForwardLink.revoked_at.is_(None), *unset)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    won = cast(CursorResult[Any], result).rowcount == 1
    session.refresh(link)  # the winner's values, whoever won
    return won


def link_for_lead(session: Session, case: Case, user: User, now: datetime) -> ForwardLink:
    """The link a logged-in lead's statement belongs to.

    The newest unanswered, unrevoked link to the lead's address, else any unanswered,
    unrevoked link of the case; else (the case was forwarded without a link, or every link
    is answered) a record whose token nobody ever sees, so the statement is kept the same way.
    """
    candidates = [
        link
        for link in sorted(case.forward_links, key=lambda ln: aware(ln.created_at), reverse=True)
        if link.answered_at is None and link.revoked_at is None
    ]
    for link in candidates:
        if link.recipient == user.email:
            return link
    if candidates:
        return candidates[0]
    link = ForwardLink(
        case=case,
        token_hash=hash_token(secrets.token_urlsafe(32)),
        recipient=user.email,
        note="",
        created_by_id=user.id,
        created_at=now,
        expires_at=now,  # never opens: the lead answers from the back office
    )
    session.add(link)
    session.flush()
    return link


def revoke(session: Session, link: ForwardLink, user: User | None, now: datetime) -> bool:
    """End a link before it expires (idempotent: only the first revocation is audited)."""
    if not _claim(session, link, {"revoked_at": now}):
        return False
    audit.record(session, user, "forward_revoke", case_id=link.case_id, detail=f"link {link.id}")
    return True


# The officer's own deadlines; a lead is told the ones that wait for the statement.
OFFICER_DUES = frozenset((rules.ACK, rules.FORWARD))


def lead_due(
    session: Session, case: Case, today: date, rule_profile: rules.RuleProfile
) -> rules.Due | None:
    """The earliest open deadline that waits for the lead (answer, 2nd follow-up ticket …)."""
    pending = [
        s.due
        for s in cases.due_states(session, case, rule_profile, today=today)
        if s.met_on is None and s.due.name not in OFFICER_DUES
    ]
    return min(pending, key=lambda due: (due.due_on, due.name), default=None)


def lead_recipients(session: Session, office_id: int | None) -> list[User]:
    """The active team leads of an office, by address."""
    if office_id is None:
        return []
    return list(
        session.scalars(
            select(User)
            .where(
                User.role == LEAD_ROLE,
                User.active.is_(true()),
                User.office_id == office_id,
            )
            .order_by(User.email)
        )
    )


def lead_mail(
    session: Session, link: ForwardLink, case: Case, url: str, rule_profile: rules.RuleProfile
) -> Mail:
    """The e-mail to the lead: the link, office, due date and the officer's note.

    Never the case text or contact data: such mails get forwarded around. German, whatever
    language the officer works in.
    """
    with force_locale("de"):
        office = case.office.name if case.office else _("keine Geschäftsstelle angegeben")
        lines = [
            _("Guten Tag,"),
            "",
            _(
                "das Kundenreaktionsmanagement bittet Sie um eine Stellungnahme zu einer "
                "Kundenreaktion (%(office)s).",
                office=office,
            ),
            "",
            _("Den Fall lesen und Ihre Stellungnahme abgeben können Sie hier:"),
            url,
            "",
            _(
                "Der Link gilt bis %(date)s und zeigt nur diesen einen Fall. Bitte geben Sie "
                "ihn nicht weiter.",
                date=format_date(aware(link.expires_at).date(), "long"),
            ),
        ]
        due = lead_due(session, case, aware(link.created_at).date(), rule_profile)
        if due is not None:
            lines.append(
                _(
                    "Frist: %(due)s (%(name)s).",
                    due=format_date(due.due_on, "long"),
                    name=DUE_LABELS.get(due.name, due.name),
                )
            )
        if link.note:
            lines += ["", _("Hinweis des Kundenreaktionsmanagements:"), link.note]
        lines += [
            "",
            _("Kontaktdaten der Kundin oder des Kunden bleiben beim Kundenreaktionsmanagement."),
        ]
        subject = _("Bitte um Stellungnahme – %(office)s", office=office)
        return Mail(
            to=link.recipient,
            subject=str(subject),
            body="\n".join(map(str, lines)),
            purpose="forward",
        )
