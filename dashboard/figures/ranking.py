"""The ranking as a chart: each city's composite score split into its weighted components."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.style import base_figure
from data_model.ranking import RankingMethod

COMPONENT_COLORS = ("#2f6db5", "#7fa8d9", "#3a9d5d", "#e0a100", "#9aa0a6")


def ranking_figure(table: pd.DataFrame, method: RankingMethod, as_of: str) -> go.Figure:
    """Return stacked horizontal bars: weight × component score per city, best rank on top.

    ``table``: rank, region and one 0–100 column per component (``rank_cities`` output).
    """
    figure = base_figure(
        f"设区市综合得分（截至{as_of}，满分100分）", height=max(300, 80 + 30 * len(table))
    )
    labels = [f"{r}. {name}" for r, name in zip(table["rank"], table["region"], strict=True)]
    for i, component in enumerate(method.components):
        contribution = table[component.code] * component.weight
        figure.add_trace(
            go.Bar(
                x=contribution,
                y=labels,
                orientation="h",
                name=f"{component.name}（权重{component.weight:.0%}）",
                marker={"color": COMPONENT_COLORS[i % len(COMPONENT_COLORS)]},
                customdata=list(zip(table[component.code], table["score"], strict=True)),
                hovertemplate="%{y}<br>"
                + component.name
                + "：%{customdata[0]:.2f}分 × "
                + f"{component.weight:g}"
                + " = %{x:.2f}<br>综合得分 %{customdata[1]:.2f}<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_xaxes(range=[0, 100], title_text="综合得分（分）", gridcolor="#eee")
    figure.update_yaxes(autorange="reversed", automargin=True)
    return figure
