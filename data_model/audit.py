"""The audit log: who did what, when, from where. Insert-only; nothing in the app edits it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from data_model.schema import AuditEvent


def record(
    session: Session,
    actor: str,
    action: str,
    object_type: str = "",
    object_id: str = "",
    detail: dict | None = None,
    source: str = "",
) -> AuditEvent:
    """Add an audit event to the session's transaction and return it."""
    event = AuditEvent(
        at=datetime.now(),
        actor=actor,
        source=source,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        detail=detail or {},
    )
    session.add(event)
    return event
