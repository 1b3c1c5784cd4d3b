"""Audit events: who did what, when. Callers commit with their own change."""

from __future__ import annotations

from sqlalchemy.orm import Session

from intake.models import AuditEvent, User


def record(
    session: Session,
    user: User | None,
    action: str,
    *,
    case_id: int | None = None,
    detail: str = "",
    from_state: str | None = None,
    to_state: str | None = None,
) -> AuditEvent:
    """Add an audit event to the session (committed by the caller's transaction)."""
    event = AuditEvent(
        user_id=user.id if user else None,
        action=action,
        case_id=case_id,
        detail=detail[:500],
        from_state=from_state,
        to_state=to_state,
    )
    session.add(event)
    return event
