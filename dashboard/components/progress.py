"""Progress bars with the 序时进度 marker, coloured by status."""

from __future__ import annotations

import math

from dash import html

from dashboard.components.formatting import percent, points, quantity
from dashboard.components.status import status_badge, status_color

# Bars show up to 150% so that over-achievement stays visible without squashing the marker.
BAR_SCALE = 1.5


def _width(fraction) -> float:
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return 0.0
    return max(0.0, min(float(fraction), BAR_SCALE)) / BAR_SCALE * 100


def progress_bar(completion, expected, status: str) -> html.Div:
    """Return a bar filled to ``completion`` with a vertical marker at ``expected`` (序时进度)."""
    return html.Div(
        [
            html.Div(
                className="pbar-fill",
                style={
                    "width": f"{_width(completion):.1f}%",
                    "backgroundColor": status_color(status),
                },
            ),
            html.Div(
                className="pbar-target", style={"left": f"{_width(1.0):.1f}%"}, title="三年目标"
            ),
            html.Div(
                className="pbar-marker",
                style={"left": f"{_width(expected):.1f}%"},
                title=f"序时进度 {percent(expected)}",
            ),
        ],
        className="pbar",
        role="progressbar",
        **{
            "aria-valuenow": f"{_width(completion):.1f}",
            "aria-label": f"完成率 {percent(completion)}",
        },
    )


def indicator_progress_row(row, href: str) -> html.Div:
    """Return one line of a group: name (linked), bar, completion, gap and status."""
    return html.Div(
        [
            html.Div(
                [
                    html.A(row["indicator_name"], href=href, className="ind-name"),
                    html.Span(
                        f"{quantity(row['cumulative'], row['unit'])} / {quantity(row['target'], row['unit'])}",
                        className="ind-values text-muted",
                    ),
                ],
                className="ind-head",
            ),
            progress_bar(row["completion"], row["expected"], row["status"]),
            html.Div(
                [
                    html.Span(f"完成 {percent(row['completion'])}", className="me-2"),
                    html.Span(f"序时 {percent(row['expected'])}", className="me-2 text-muted"),
                    html.Span(points(row["gap"]), className="me-2"),
                    status_badge(row["status"]),
                ],
                className="ind-foot small",
            ),
        ],
        className="ind-row",
        **{"data-indicator": row["indicator"], "data-status": row["status"]},
    )
