"""The choropleth of the 13 cities (schematic geometry, no base map tiles: works offline)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.components.formatting import percent, quantity
from dashboard.components.status import status_codes, status_color, status_label
from dashboard.figures.style import base_figure

SCORE_SCALE = [[0.0, "#e8eff8"], [1.0, "#1f4e8c"]]


def _status_scale() -> tuple[list, dict[str, int]]:
    """Return a stepped colourscale over status indexes 0..n-1 and the code → index map."""
    codes = status_codes()
    n = len(codes)
    scale = []
    for i, code in enumerate(codes):
        scale += [[i / n, status_color(code)], [(i + 1) / n, status_color(code)]]
    return scale, {code: i for i, code in enumerate(codes)}


def choropleth_figure(values: pd.DataFrame, geojson: dict, measure: str, title: str) -> go.Figure:
    """Return the city map coloured by status (measure ``completion``) or by score (``score``).

    ``values``: region_code, region, value, status, cumulative, target, unit. Feature ids of
    ``geojson`` are the 6-digit codes; ``properties.center`` places the labels.
    """
    figure = base_figure(title, height=560)
    if measure == "completion":
        scale, index = _status_scale()
        z = [index[s] + 0.5 for s in values["status"]]
        hover = [
            f"{r}<br>完成率 {percent(v)}<br>累计 {quantity(c, u)} / 目标 {quantity(t, u)}<br>状态 {status_label(s)}"
            for r, v, c, t, u, s in zip(
                values["region"],
                values["value"],
                values["cumulative"],
                values["target"],
                values["unit"],
                values["status"],
                strict=True,
            )
        ]
        labels = [percent(v) for v in values["value"]]
        color = {"colorscale": scale, "zmin": 0, "zmax": len(index), "showscale": False}
    else:
        hover = [
            f"{r}<br>综合得分 {v:.2f}分<br>小巨人认定数量 {c:,.0f}家"
            for r, v, c in zip(values["region"], values["value"], values["cumulative"], strict=True)
        ]
        z = list(values["value"])
        labels = [f"{v:.1f}" for v in values["value"]]
        color = {
            "colorscale": SCORE_SCALE,
            "zmin": 0,
            "zmax": 100,
            "colorbar": {"title": {"text": "得分"}, "thickness": 12},
        }
    figure.add_trace(
        go.Choropleth(
            geojson=geojson,
            locations=list(values["region_code"]),
            featureidkey="id",
            z=z,
            customdata=list(values["region_code"]),
            text=hover,
            hovertemplate="%{text}<extra></extra>",
            marker={"line": {"color": "white", "width": 1}},
            **color,
        )
    )
    centers = {f["id"]: f["properties"].get("center") for f in geojson["features"]}
    located = [(code, centers.get(code)) for code in values["region_code"]]
    figure.add_trace(
        go.Scattergeo(
            lon=[c[1][0] for c in located if c[1]],
            lat=[c[1][1] for c in located if c[1]],
            text=[
                f"{name.removesuffix('市')}<br>{label}"
                for (code, center), name, label in zip(
                    located, values["region"], labels, strict=True
                )
                if center
            ],
            mode="text",
            textfont={"size": 11, "color": "#202124"},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    figure.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    figure.update_layout(margin={"l": 0, "r": 0, "t": 60, "b": 0})
    return figure


def status_legend_items() -> list[tuple[str, str]]:
    """Return (label, colour) for the map's status legend."""
    return [(status_label(c), status_color(c)) for c in status_codes()]
