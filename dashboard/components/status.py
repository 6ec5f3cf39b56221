"""Status bands as the pages show them: labels and colours read from ``status_bands.yaml``."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from data_model.metrics import status_scheme


def status_codes() -> list[str]:
    """Return every status code in display order (best first, 无分解目标 last)."""
    scheme = status_scheme()
    return [band.code for band in scheme.bands] + [scheme.no_target.code]


def status_color(code: str) -> str:
    return status_scheme().color(code)


def status_label(code: str) -> str:
    return status_scheme().label(code)


def color_map() -> dict[str, str]:
    """Return status label → colour, for plotly's ``color_discrete_map``-style lookups."""
    return {status_label(code): status_color(code) for code in status_codes()}


def status_badge(code: str) -> html.Span:
    """Return a coloured pill with the status label."""
    return html.Span(
        status_label(code),
        className="badge status-badge",
        style={"backgroundColor": status_color(code)},
    )


def status_legend() -> html.Div:
    """Return a one-line legend of every status colour."""
    return html.Div(
        [
            html.Span(
                [
                    html.Span(
                        className="legend-swatch", style={"backgroundColor": status_color(c)}
                    ),
                    status_label(c),
                ],
                className="legend-item",
            )
            for c in status_codes()
        ],
        className="status-legend",
    )


def status_counts_row(counts: dict[str, int]) -> dbc.Row:
    """Return one small card per status with how many indicators (or cities) are in it."""
    return dbc.Row(
        [
            dbc.Col(
                html.Div(
                    [
                        html.Div(f"{counts.get(code, 0)}", className="status-count-number"),
                        html.Div(status_label(code), className="status-count-label"),
                    ],
                    className="status-count",
                    style={"borderTopColor": status_color(code)},
                    id=f"status-count-{code}",
                ),
                xs=4,
                md=2,
            )
            for code in status_codes()
        ],
        className="g-2 mb-3",
    )
