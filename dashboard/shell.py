"""The page frame: navigation bar, demo-data marker and the page container."""

from __future__ import annotations

import logging

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import data
from dashboard.auth.identity import current_identity
from dashboard.auth.menu import account_menu
from dashboard.navigation import visible_items

logger = logging.getLogger(__name__)

DEMO_BADGE = "demo-badge"


def _demo_marker():
    try:
        demo = data.is_demo(data.current_source())
    except Exception:  # the marker must never take the whole site down
        logger.exception("could not tell whether the database holds demo data")
        return None
    if not demo:
        return None
    return dbc.Badge(
        "演示数据",
        color="warning",
        text_color="dark",
        className="ms-2 demo-badge",
        id=DEMO_BADGE,
        title="当前显示的是演示数据，并非真实报送数据",
    )


def _pending_switch(identity) -> list:
    if identity is None:
        return []
    from flask import session

    from dashboard.preferences import pending_switch

    return pending_switch(bool(session.get(data.PENDING_PREFERENCE)))


def _links(items) -> list:
    """Return the bar's links, with items that name a menu gathered into that drop-down."""
    links, menus = [], {}
    for item in items:
        if item.menu is None:
            active = "partial" if item.href != "/" else "exact"
            links.append(dbc.NavItem(dbc.NavLink(item.label, href=item.href, active=active)))
        else:
            menus.setdefault(item.menu, []).append(dbc.DropdownMenuItem(item.label, href=item.href))
    for label, entries in menus.items():
        links.append(
            dbc.DropdownMenu(entries, label=label, nav=True, in_navbar=True, align_end=True)
        )
    return links


def layout():
    identity = current_identity()
    links = _links(visible_items(identity.role if identity else None))
    brand = html.Span(["江苏省“千企升级”进展监测平台", _demo_marker()], className="brand")
    return html.Div(
        [
            dbc.Navbar(
                dbc.Container(
                    [
                        dbc.NavbarBrand(brand, href="/"),
                        dbc.NavbarToggler(id="navbar-toggler"),
                        dbc.Collapse(
                            dbc.Nav(
                                [*links, *account_menu(identity), *_pending_switch(identity)],
                                navbar=True,
                                className="ms-auto align-items-center",
                            ),
                            id="navbar-collapse",
                            navbar=True,
                            is_open=False,
                        ),
                    ],
                    fluid=True,
                ),
                color="primary",
                dark=True,
                className="mb-3",
            ),
            dbc.Container(dash.page_container, fluid=True, className="page-container"),
            html.Footer(
                "数据来源：各设区市工业和信息化主管部门季度报送（经审核通过的数据）。",
                className="site-footer text-muted small",
            ),
        ]
    )


@dash.callback(
    dash.Output("navbar-collapse", "is_open"),
    dash.Input("navbar-toggler", "n_clicks"),
    dash.State("navbar-collapse", "is_open"),
    prevent_initial_call=True,
)
def toggle_navbar(clicks, is_open):
    """Open or close the menu on narrow screens."""
    return not is_open
