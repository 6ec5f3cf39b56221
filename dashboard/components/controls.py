"""Page controls and the page header; every control's value also lives in the URL."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.data import Periods
from data_model.periods import Quarter


def quarter_options(periods: Periods) -> list[dict]:
    """Return the dropdown options: every plan quarter, newest first, marking those without data."""
    options = []
    for quarter in reversed(periods.quarters):
        label = quarter.label if quarter in periods.with_data else f"{quarter.label}（暂无数据）"
        options.append({"label": label, "value": str(quarter)})
    return options


def quarter_selector(control_id: str, periods: Periods, quarter: Quarter | None) -> html.Div:
    """Return the as-of quarter dropdown set to ``quarter``."""
    return html.Div(
        [
            dbc.Label("截至季度", html_for=control_id, className="mb-0 small text-muted"),
            dcc.Dropdown(
                id=control_id,
                options=quarter_options(periods),
                value=str(quarter) if quarter else None,
                clearable=False,
                searchable=False,
                placeholder="暂无数据",
                className="quarter-select",
            ),
        ],
        className="control",
    )


def query_string(**params: str | None) -> str:
    """Return ``?a=1&b=2`` for the given non-empty parameters ('' when there are none)."""
    query = urlencode({k: v for k, v in params.items() if v})
    return f"?{query}" if query else ""


def page_header(title: str, controls: list, subtitle: str = "") -> html.Div:
    """Return the page title with its controls beside it (stacked on a phone)."""
    return dbc.Row(
        [
            dbc.Col(
                [
                    html.H2(title, className="page-title"),
                    html.P(subtitle, className="text-muted mb-0"),
                ],
                xs=12,
                lg=6,
            ),
            dbc.Col(html.Div(controls, className="controls"), xs=12, lg=6),
        ],
        className="page-header align-items-end g-2",
    )
