"""Who is making the current request, in plain data the pages can use."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context, request
from flask_login import current_user

from data_model.accounts import ROLE_LABELS


@dataclass(frozen=True)
class Identity:
    username: str
    role: str  # admin | leader | bureau
    role_label: str
    region_code: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_see_region(self, region_code: str) -> bool:
        """Return True when this user may read ``region_code``'s submissions."""
        return self.role != "bureau" or region_code == self.region_code


API_IDENTITY = "api_identity"


def identity_of(account) -> Identity:
    """Return the Identity of an ``Account`` (or of the session user, which has the same fields)."""
    return Identity(account.username, account.role, ROLE_LABELS[account.role], account.region_code)


def current_identity() -> Identity | None:
    """Return the signed-in user of this request (session or API token), or None."""
    if not has_request_context():
        return None
    token_identity = g.get(API_IDENTITY)
    if token_identity is not None:
        return token_identity
    if current_user and current_user.is_authenticated:
        return identity_of(current_user)
    return None


def actor_name() -> str:
    """Return a name for the audit log: the username, or ``anonymous``."""
    identity = current_identity()
    return identity.username if identity else "anonymous"


def client_address() -> str:
    """Return the address the request came from, for the audit log."""
    return (request.remote_addr or "") if has_request_context() else ""
