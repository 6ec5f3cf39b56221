"""The page frame: navigation bar, demo-data marker and the page container."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc

from dashboard.auth.identity import current_identity
from dashboard.auth.menu import account_menu
from dashboard.navigation import visible_items


def layout():
    identity = current_identity()
    links = [
        dbc.NavItem(dbc.NavLink(item.label, href=item.href, active="exact"))
        for item in visible_items(identity.role if identity else None)
    ]
    return dbc.Container(
        [
            dbc.NavbarSimple(
                [*links, *account_menu(identity)],
                brand="江苏省“千企升级”进展监测平台",
                brand_href="/",
                color="primary",
                dark=True,
            ),
            dash.page_container,
        ],
        fluid=True,
        className="px-0",
    )
