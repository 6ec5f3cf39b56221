"""CSRF protection: a per-session token, required on every state-changing request.

Forms send it as the ``csrf_token`` field. Dash's renderer reads the ``_csrf_token`` cookie and sends
it back as the ``X-CSRFToken`` header on every callback (Dash's ``csrf_token_name`` /
``csrf_header_name`` defaults), so callbacks need no extra JavaScript. The cookie alone proves
nothing: the header must equal the token kept in the signed session, which another site can
neither read nor set.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Response, request, session

SESSION_KEY = "csrf_token"
COOKIE_NAME = "_csrf_token"
HEADER_NAME = "X-CSRFToken"
FORM_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def token() -> str:
    """Return this session's CSRF token, creating it on first use."""
    if SESSION_KEY not in session:
        session[SESSION_KEY] = secrets.token_urlsafe(32)
    return session[SESSION_KEY]


def renew() -> str:
    """Start a new token (after sign-in, so a token seen before login is worthless)."""
    session[SESSION_KEY] = secrets.token_urlsafe(32)
    return session[SESSION_KEY]


def request_is_valid() -> bool:
    """Return True for a safe method, or when the request carries this session's token."""
    if request.method in SAFE_METHODS:
        return True
    expected = session.get(SESSION_KEY)
    sent = request.headers.get(HEADER_NAME) or request.form.get(FORM_FIELD, "")
    return bool(expected and sent) and hmac.compare_digest(str(expected), str(sent))


def set_cookie(response: Response, secure: bool) -> None:
    """Expose the session's token to Dash's renderer as a (script-readable) cookie."""
    value = session.get(SESSION_KEY)
    if value and request.cookies.get(COOKIE_NAME) != value:
        response.set_cookie(COOKIE_NAME, value, secure=secure, httponly=False, samesite="Lax")
