"""Cards: a headline figure with its target and completion, and the page section frame."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.formatting import percent, points, quantity
from dashboard.components.progress import progress_bar
from dashboard.components.status import status_badge


def headline_card(row, card_id: str) -> dbc.Card:
    """Return a card for one indicator row of the progress frame (province level)."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(row["indicator_name"], className="headline-name"),
                html.Div(
                    [
                        html.Span(
                            quantity(row["cumulative"], row["unit"]), className="headline-value"
                        ),
                        html.Span(
                            f" / 目标 {quantity(row['target'], row['unit'])}",
                            className="text-muted",
                        ),
                    ]
                ),
                progress_bar(row["completion"], row["expected"], row["status"]),
                html.Div(
                    [
                        status_badge(row["status"]),
                        html.Span(
                            f" 完成 {percent(row['completion'])}，较序时进度 {points(row['gap'])}",
                            className="small",
                        ),
                    ]
                ),
            ]
        ),
        className="headline-card h-100",
        id=card_id,
    )


def section(title: str, children, subtitle: str = "") -> html.Section:
    """Return a titled page section."""
    heading = [html.H4(title, className="section-title")]
    if subtitle:
        heading.append(html.P(subtitle, className="text-muted small mb-2"))
    return html.Section([*heading, *children], className="page-section")
