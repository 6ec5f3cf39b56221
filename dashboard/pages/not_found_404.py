"""404: a page for addresses that lead nowhere, with the way back."""

from __future__ import annotations

import dash
from dash import html

from dashboard.navigation import NAV_ITEMS

dash.register_page(__name__, path="/404", title="页面不存在 · 千企升级", name="页面不存在")


def layout(**_kwargs):
    return html.Div(
        [
            html.H2("页面不存在", className="page-title"),
            html.P("您访问的地址不存在，可能已被移动或输入有误。可从以下页面继续浏览："),
            html.Ul([html.Li(html.A(item.label, href=item.href)) for item in NAV_ITEMS]),
        ],
        className="page not-found",
        id="not-found",
    )
