"""Per-user view preferences kept in the session: whether dashboards include pending figures.

Dashboards count approved figures only. A signed-in user may switch pending (待审核) figures on;
pages then show them, marked, until switched off. The bulletin always counts approved figures.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from dash import dcc, html
from flask import Blueprint, Flask, redirect, request, session

from dashboard.auth import csrf
from dashboard.data import PENDING_PREFERENCE

blueprint = Blueprint("preferences", __name__)
PATH = "/preferences/pending"


def install(server: Flask) -> None:
    server.register_blueprint(blueprint)


@blueprint.post(PATH)
def set_pending():
    """Switch pending figures on (``on=1``) or off, then go back to the page the user was on."""
    session[PENDING_PREFERENCE] = request.form.get("on") == "1"
    return redirect(_same_site_referrer())


def _same_site_referrer() -> str:
    """Return the path (and query) of the page the form was on, or / if it came from elsewhere."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or not referrer.path.startswith("/"):
        return "/"
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


def pending_switch(include_pending: bool) -> list:
    """Return the navbar's marker and switch for pending figures."""
    marker = (
        [html.Span("含待审核数据", className="badge bg-info text-dark ms-2", id="pending-marker")]
        if include_pending
        else []
    )
    form = html.Form(
        [
            dcc.Input(type="hidden", name=csrf.FORM_FIELD, value=csrf.token()),
            dcc.Input(type="hidden", name="on", value="0" if include_pending else "1"),
            html.Button(
                "仅看已审核" if include_pending else "含待审核",
                type="submit",
                className="btn btn-sm btn-outline-light ms-2",
                id="pending-switch",
                title="切换是否在看板中计入待审核的报送数据",
            ),
        ],
        method="POST",
        action=PATH,
        className="d-inline",
    )
    return [*marker, form]
