"""Who is making the current request, in plain data the pages can use."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Identity:
    username: str
    role: str  # admin | leader | bureau
    role_label: str
    region_code: str | None = None


def current_identity() -> Identity | None:
    """Return the signed-in user of this request, or None (until accounts land: None)."""
    return None


def actor_name() -> str:
    """Return a name for the audit log: the username, or ``anonymous``."""
    identity = current_identity()
    return identity.username if identity else "anonymous"
