"""The signed-in user's corner of the navigation bar: who, change password, sign out."""

from __future__ import annotations

from dash import dcc, html

from dashboard.auth import csrf
from dashboard.auth.identity import Identity
from data_model.regions import region_by_code


def account_menu(identity: Identity | None) -> list:
    """Return navigation-bar items for ``identity`` (nothing when signed out)."""
    if identity is None:
        return []
    who = identity.role_label
    if identity.region_code:
        who = f"{region_by_code(identity.region_code).name}工信局"
    # Plain links and a plain form: these are Flask routes, not Dash pages.
    return [
        html.Span(f"{identity.username}（{who}）", className="navbar-text text-white ms-3 small"),
        html.A("修改密码", href="/account/password", className="nav-link text-white-50 small"),
        html.Form(
            [
                dcc.Input(type="hidden", name=csrf.FORM_FIELD, value=csrf.token()),
                html.Button("退出", type="submit", className="btn btn-sm btn-outline-light ms-2"),
            ],
            method="POST",
            action="/logout",
            className="d-inline",
        ),
    ]
