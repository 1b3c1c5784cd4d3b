"""The case page's trail ("Verlauf"): who decided what and why, in German, views folded away.

The audit log stores codes (`classify`, `link_statement`, `link 12`); this turns each event
into a line a reader understands: who (a staff account, or the team lead a forwarding link
went to), what (a German label), and the stored details (the classification with whether it
was found justified and why, the forwarding's recipient, the answer's channel). Page views
are many and say little, so they are counted and listed apart, folded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.labels import CHANNEL_LABELS, STATE_LABELS
from intake.models import AuditEvent, Case, ForwardLink
from intake.triage import cases

TRAIL_LIMIT = 200
VIEWS_LIMIT = 50
VIEW_ACTIONS = frozenset(("view", "link_view"))
_LINK = re.compile(r"\blink (\d+)\b")
_OLD_CLASSIFY = re.compile(r"^(\S+) → (\S+)(?: \(gewählt: (\S+)\))?$")

ACTION_LABELS = {
    "view": _l("Fall angesehen"),
    "link_view": _l("Link der Teamleitung geöffnet"),
    "staff_entry": _l("Kundenreaktion erfasst"),
    "paper_card": _l("Papierkarte erfasst"),
    "classify": _l("Klassifiziert"),
    "transition": _l("Status geändert"),
    "assign": _l("Zuständigkeit geändert"),
    "acknowledge": _l("Eingangsbestätigung vermerkt"),
    "acknowledgement": _l("Eingangsbestätigung gesendet"),
    "interim": _l("Zwischennachricht gesendet"),
    "answer": _l("Antwort gesendet"),
    "mail_failed": _l("E-Mail-Versand gescheitert"),
    "letter_pdf": _l("Brief (PDF) erstellt"),
    "forward": _l("An die Teamleitung weitergeleitet"),
    "forward_revoke": _l("Link der Teamleitung beendet"),
    "link_statement": _l("Stellungnahme der Teamleitung"),
    "lead_statement": _l("Stellungnahme der Teamleitung"),
    "measure": _l("Maßnahme"),
    "mark_spam": _l("In den Spam-Ordner verschoben"),
    "mark_not_spam": _l("Aus dem Spam-Ordner geholt"),
    "restrict": _l("An die Antikorruptionsstelle abgegeben"),
    "release": _l("Von der Antikorruptionsstelle freigegeben"),
    "contact_view": _l("Kontaktdaten angezeigt"),
    "machine_translation": _l("Maschinell übersetzt"),
    "google_reply_publish": _l("Antwort auf Google veröffentlicht"),
    "google_reply_update": _l("Antwort auf Google geändert"),
    "google_reply_delete": _l("Antwort auf Google gelöscht"),
    "google_reply_publish_failed": _l("Antwort auf Google gescheitert"),
    "google_reply_update_failed": _l("Änderung auf Google gescheitert"),
}
PURPOSE_LABELS = {
    "final": _l("Antwort"),
    "acknowledgement": _l("Eingangsbestätigung"),
    "interim": _l("Zwischennachricht"),
}
RECEIPT_LABEL = _l("Statusseite (Code des Absenders)")


@dataclass(frozen=True)
class Entry:
    """One line of the trail."""

    at: datetime
    who: str
    what: str
    detail: str


def _kind(key: str | None) -> str:
    if not key or key == "-":
        return "–"
    return cases.ALL_KINDS.get(key, key)


def _yes_no(value: object) -> str:
    return str(_("ja") if value else _("nein"))


def classification(detail: str) -> str:
    """A classify event's detail in words, old ("a → b (gewählt: c)") and new (JSON) form."""
    try:
        found = json.loads(detail) if detail.startswith("{") else None
    except ValueError:
        found = None
    if not isinstance(found, dict):
        old = _OLD_CLASSIFY.match(detail)
        if old is None:
            return detail
        found = {"from": old.group(1), "to": old.group(2), "chosen": old.group(3)}
    before = found.get("from")
    parts = [
        _kind(found.get("to"))
        if before in (None, "-")
        else str(_("%(old)s → %(new)s", old=_kind(before), new=_kind(found.get("to"))))
    ]
    if found.get("chosen"):
        parts.append(str(_("gewählt: %(kind)s", kind=_kind(found["chosen"]))))
    if "conduct" in found:
        parts.append(str(_("persönliches Verhalten: %(v)s", v=_yes_no(found["conduct"]))))
    if "justified" in found:
        justified = found["justified"]
        shown = _("noch offen") if justified is None else _yes_no(justified)
        parts.append(str(_("begründet: %(v)s", v=shown)))
    if found.get("reason"):
        reason = cases.JUSTIFIED_REASONS.get(found["reason"], found["reason"])
        parts.append(str(_("Grund: %(reason)s", reason=reason)))
    if found.get("note"):
        parts.append(str(_("Begründung: „%(note)s“", note=found["note"])))
    return "; ".join(parts)


def _channel(code: str) -> str:
    return str(RECEIPT_LABEL) if code == "receipt" else str(CHANNEL_LABELS.get(code, code))


def _detail(event: AuditEvent) -> str:
    """The stored detail, readable; link numbers and internal ids stay out."""
    detail = event.detail or ""
    if event.action == "classify":
        return classification(detail)
    if event.action == "transition":
        moved = f"{STATE_LABELS.get(event.from_state or '', event.from_state)} → "
        moved += f"{STATE_LABELS.get(event.to_state or '', event.to_state)}"
        shown = "" if _LINK.fullmatch(detail) else detail
        return moved + (f" ({shown})" if shown else "")
    if event.action in (
        "mark_spam",
        "mark_not_spam",
        "restrict",
        "release",
        "contact_view",
        "machine_translation",
    ):
        return detail
    if event.action == "assign":
        return "–" if detail in ("", "-") else detail
    if event.action == "forward":
        return detail.split(", link ")[0]
    if event.action in ("acknowledge", "acknowledgement", "interim", "answer"):
        return _channel(detail) if detail else ""
    if event.action in ("mail_failed", "letter_pdf"):
        return str(PURPOSE_LABELS.get(detail, detail))
    if event.action == "measure":
        return detail.partition(": ")[2]
    return ""


def _who(event: AuditEvent, links: Mapping[int, ForwardLink]) -> str:
    """The staff account, or the team lead the forwarding link went to, or the system."""
    if event.user is not None:
        return event.user.email
    found = _LINK.search(event.detail or "")
    link = links.get(int(found.group(1))) if found else None
    if link is not None:
        return str(_("Teamleitung (%(email)s)", email=link.recipient))
    return str(_("System"))


def describe(event: AuditEvent, links: Mapping[int, ForwardLink]) -> Entry:
    """One audit event as a line of the trail."""
    return Entry(
        at=event.at,
        who=_who(event, links),
        what=str(ACTION_LABELS.get(event.action, event.action)),
        detail=_detail(event),
    )


def _events(session: Session, case: Case, views: bool, limit: int) -> Iterable[AuditEvent]:
    kind = AuditEvent.action.in_(VIEW_ACTIONS)
    return session.scalars(
        select(AuditEvent)
        .where(AuditEvent.case_id == case.id, kind if views else ~kind)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )


def trail_context(session: Session, case: Case) -> dict[str, Any]:
    """The case page's trail: decisions and actions, and the page views apart (folded)."""
    links = {link.id: link for link in case.forward_links}
    view_count = session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.case_id == case.id, AuditEvent.action.in_(VIEW_ACTIONS))
    )
    return {
        "trail": [describe(e, links) for e in _events(session, case, False, TRAIL_LIMIT)],
        "trail_views": [describe(e, links) for e in _events(session, case, True, VIEWS_LIMIT)],
        "trail_view_count": view_count or 0,
    }
