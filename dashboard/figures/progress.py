"""Progress figures: an indicator's path against 序时, completion bars, status counts, rank history."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.components.formatting import number, percent, quantity
from dashboard.components.status import status_codes, status_color, status_label
from dashboard.figures.style import ACTUAL_COLOR, TARGET_COLOR, base_figure


def indicator_path_figure(
    path: pd.DataFrame,
    target_path: pd.DataFrame,
    projection: pd.DataFrame,
    name: str,
    unit: str,
    target: float,
    as_of: str,
) -> go.Figure:
    """Return the province's cumulative figure per quarter against the straight-line target path.

    ``path``: label, cumulative, completion, status; ``target_path`` and ``projection``: label, value.
    """
    figure = base_figure(f"{name}：全省累计完成与序时目标（截至{as_of}，单位：{unit}）")
    figure.add_trace(
        go.Scatter(
            x=target_path["label"],
            y=target_path["value"],
            name="序时目标（按时间均匀推进）",
            mode="lines",
            line={"color": TARGET_COLOR, "dash": "dash"},
            hovertemplate="%{x}<br>序时目标 %{y:,.1f}" + unit + "<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=projection["label"],
            y=projection["value"],
            name="按当前进度预计",
            mode="lines",
            line={"color": ACTUAL_COLOR, "dash": "dot"},
            hovertemplate="%{x}<br>预计累计 %{y:,.1f}" + unit + "<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=path["label"],
            y=path["cumulative"],
            name="实际累计完成",
            mode="lines+markers",
            line={"color": ACTUAL_COLOR, "width": 3},
            marker={"size": 9, "color": [status_color(s) for s in path["status"]]},
            customdata=list(
                zip(
                    [percent(c) for c in path["completion"]],
                    [status_label(s) for s in path["status"]],
                    strict=True,
                )
            ),
            hovertemplate="%{x}<br>累计 %{y:,}"
            + unit
            + "<br>完成率 %{customdata[0]}<br>状态 %{customdata[1]}<extra></extra>",
        )
    )
    figure.add_hline(
        y=target,
        line={"color": status_color("completed"), "width": 1},
        annotation_text=f"三年目标 {quantity(target, unit)}",
        annotation_position="top left",
    )
    figure.update_yaxes(
        title_text=f"累计（{unit}）", tickformat=",", gridcolor="#eee", rangemode="tozero"
    )
    figure.update_xaxes(tickangle=-30)
    return figure


def completion_bars_figure(
    frame: pd.DataFrame, label_column: str, title: str, expected: float | None = None
) -> go.Figure:
    """Return horizontal bars of completion per row coloured by status, with the 序时进度 line.

    ``frame``: completion, status, cumulative, target, unit and ``label_column``; rows are drawn
    top to bottom in the given order.
    """
    height = max(260, 60 + 26 * len(frame))
    figure = base_figure(title, height=height)
    completion = frame["completion"].fillna(0.0)
    figure.add_trace(
        go.Bar(
            x=completion,
            y=frame[label_column],
            orientation="h",
            marker={"color": [status_color(s) for s in frame["status"]]},
            text=[percent(c) for c in frame["completion"]],
            textposition="outside",
            cliponaxis=False,
            customdata=list(
                zip(
                    [
                        quantity(c, u)
                        for c, u in zip(frame["cumulative"], frame["unit"], strict=True)
                    ],
                    [quantity(t, u) for t, u in zip(frame["target"], frame["unit"], strict=True)],
                    [status_label(s) for s in frame["status"]],
                    [percent(c) for c in frame["completion"]],
                    strict=True,
                )
            ),
            hovertemplate="%{y}<br>累计 %{customdata[0]} / 目标 %{customdata[1]}"
            "<br>完成率 %{customdata[3]}<br>状态 %{customdata[2]}<extra></extra>",
            showlegend=False,
        )
    )
    if expected is not None:
        figure.add_vline(
            x=expected,
            line={"color": TARGET_COLOR, "dash": "dash"},
            annotation_text=f"序时进度 {percent(expected)}",
            annotation_position="top",
        )
    upper = max(1.2, float(completion.max()) * 1.15 if len(frame) else 1.2)
    figure.update_xaxes(tickformat=".0%", range=[0, upper], gridcolor="#eee", title_text="完成率")
    figure.update_yaxes(autorange="reversed", automargin=True)
    return figure


def status_counts_figure(counts: dict[str, int], title: str) -> go.Figure:
    """Return one bar per status with its count, in status colours."""
    codes = status_codes()
    figure = base_figure(title, height=260)
    figure.add_trace(
        go.Bar(
            x=[status_label(c) for c in codes],
            y=[counts.get(c, 0) for c in codes],
            marker={"color": [status_color(c) for c in codes]},
            text=[number(counts.get(c, 0)) for c in codes],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}：%{y}项<extra></extra>",
        )
    )
    figure.update_yaxes(title_text="指标数（项）", gridcolor="#eee", rangemode="tozero")
    return figure


def rank_history_figure(
    history: pd.DataFrame, region: str, city_count: int, as_of: str
) -> go.Figure:
    """Return the city's rank per quarter (1 at the top); ``history``: label, rank, score, tier."""
    figure = base_figure(f"{region}综合排名变化（截至{as_of}，共{city_count}个设区市）", height=320)
    figure.add_trace(
        go.Scatter(
            x=history["label"],
            y=history["rank"],
            mode="lines+markers+text",
            text=[str(r) for r in history["rank"]],
            textposition="top center",
            line={"color": ACTUAL_COLOR},
            customdata=list(
                zip([f"{s:.2f}" for s in history["score"]], history["tier"], strict=True)
            ),
            hovertemplate="%{x}<br>第%{y}名（%{customdata[1]}）<br>综合得分 %{customdata[0]}<extra></extra>",
            showlegend=False,
        )
    )
    figure.update_yaxes(
        autorange=False, range=[city_count + 0.5, 0.5], dtick=1, title_text="名次", gridcolor="#eee"
    )
    figure.update_xaxes(tickangle=-30)
    return figure
