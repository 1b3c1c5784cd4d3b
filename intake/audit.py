"""Audit events: who did what, when. Callers commit with their own change."""

from __future__ import annotations

from sqlalchemy.orm import Session

from intake.models import AuditEvent, User


def record(
    session: Session,
    user: User | None,
    action: str,
    *,
    submission_id: int | None = None,
    detail: str = "",
) -> AuditEvent:
    """Add an audit event to the session (committed by the caller's transaction)."""
    event = AuditEvent(
        user_id=user.id if user else None,
        action=action,
        submission_id=submission_id,
        detail=detail[:500],
    )
    session.add(event)
    return event
