"""Small building blocks shared by the submission, audit and user pages."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html


def refusal() -> html.Div:
    """Return the page body shown when a role may not see a page (the server refuses it too)."""
    return html.Div(dbc.Alert("您的账号无权访问此页面。", color="danger"), className="p-3")


def table(header: list[str], rows: list[list], row_classes: list[str] | None = None, **kwargs):
    """Return a plain striped table; ``row_classes`` adds a Bootstrap class per row."""
    row_classes = row_classes or [""] * len(rows)
    body = [
        html.Tr([html.Td(cell) for cell in row], className=cls or None)
        for row, cls in zip(rows, row_classes, strict=True)
    ]
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in header])), html.Tbody(body)],
        bordered=True,
        hover=True,
        size="sm",
        responsive=True,
        **kwargs,
    )
