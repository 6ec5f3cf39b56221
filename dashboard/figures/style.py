"""The look shared by every figure: Chinese font stack, margins, number separators."""

from __future__ import annotations

import plotly.graph_objects as go

FONT_FAMILY = (
    '"WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif'
)
GRAPH_CONFIG = {"displaylogo": False, "responsive": True, "locale": "zh-CN"}
TARGET_COLOR = "#5f6368"
ACTUAL_COLOR = "#2f6db5"


def base_figure(title: str, height: int = 420) -> go.Figure:
    """Return an empty figure with the house layout and ``title``."""
    figure = go.Figure()
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        font={"family": FONT_FAMILY, "size": 12},
        separators=".,",
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"font": {"family": FONT_FAMILY}},
        legend={"orientation": "h", "y": -0.15, "x": 0},
    )
    return figure
