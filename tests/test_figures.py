"""Figure builders and formatting helpers on small hand-made frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.components import formatting
from dashboard.figures.map import choropleth_figure
from dashboard.figures.progress import (
    completion_bars_figure,
    indicator_path_figure,
    rank_history_figure,
    status_counts_figure,
)
from dashboard.figures.ranking import ranking_figure
from data_model.ranking import load_method

GREEN, BLUE, AMBER, RED = "#1b7f3b", "#2f6db5", "#e0a100", "#c8332b"


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: formatting.number(1234567.0), "1,234,567"),
        (lambda: formatting.number(173.4), "173.4"),
        (lambda: formatting.number(math.nan), "—"),
        (lambda: formatting.quantity(1074.0, "家"), "1,074家"),
        (lambda: formatting.percent(0.84834), "84.8%"),
        (lambda: formatting.percent(1.0), "100.0%"),
        (lambda: formatting.points(-0.1833), "-18.3个百分点"),
        (lambda: formatting.points(0.0675), "+6.8个百分点"),
        (lambda: formatting.rank_change(2), "↑2"),
        (lambda: formatting.rank_change(-1), "↓1"),
        (lambda: formatting.rank_change(0), "→"),
        (lambda: formatting.rank_change(pd.NA), "—"),
        (lambda: formatting.rank_range(5, 7), "5–7"),
        (lambda: formatting.rank_range(3, 3), "3"),
    ],
)
def test_formatting(call, expected):
    assert call() == expected


CITIES = pd.DataFrame(
    {
        "region": ["苏州市", "南京市", "宿迁市"],
        "completion": [0.72, 0.53, float("nan")],
        "status": ["ahead", "behind", "no_target"],
        "cumulative": [144.0, 746.0, 3.0],
        "target": [199.0, 1402.0, float("nan")],
        "unit": ["家", "家", "家"],
    }
)


def test_completion_bars_use_status_colours_and_the_time_marker():
    figure = completion_bars_figure(CITIES, "region", "标题（截至2021年第三季度）", expected=0.5833)
    bar = figure.data[0]
    assert list(bar.marker.color) == ["#3a9d5d", AMBER, "#9aa0a6"]
    assert list(bar.text) == ["72.0%", "53.0%", "—"]
    assert list(bar.x) == [0.72, 0.53, 0.0]
    assert list(bar.customdata[1][:2]) == ["746家", "1,402家"]
    assert figure.layout.shapes[0].x0 == 0.5833
    assert figure.layout.title.text == "标题（截至2021年第三季度）"


def test_indicator_path_draws_actual_target_path_projection_and_target():
    path = pd.DataFrame(
        {
            "label": ["2020年第一季度", "2020年第二季度"],
            "cumulative": [53.0, 139.0],
            "completion": [0.053, 0.139],
            "status": ["on_pace", "serious"],
        }
    )
    target_path = pd.DataFrame(
        {
            "label": ["2020年第一季度", "2020年第二季度", "2020年第三季度"],
            "value": [83.3, 166.7, 250.0],
        }
    )
    projection = pd.DataFrame(
        {"label": ["2020年第二季度", "2020年第三季度"], "value": [139.0, 208.5]}
    )
    figure = indicator_path_figure(
        path, target_path, projection, "省级小巨人", "家", 1000.0, "2020年第二季度"
    )
    names = [trace.name for trace in figure.data]
    assert names == ["序时目标（按时间均匀推进）", "按当前进度预计", "实际累计完成"]
    assert list(figure.data[2].y) == [53.0, 139.0]
    assert list(figure.data[2].marker.color) == [BLUE, RED]
    assert figure.layout.shapes[0].y0 == 1000.0
    assert (
        figure.layout.title.text
        == "省级小巨人：全省累计完成与序时目标（截至2020年第二季度，单位：家）"
    )


def test_status_counts_figure_keeps_every_status_in_order():
    figure = status_counts_figure({"completed": 19, "behind": 4, "serious": 3}, "各状态")
    assert list(figure.data[0].x) == [
        "已完成",
        "超序时",
        "符合序时",
        "滞后",
        "严重滞后",
        "无分解目标",
    ]
    assert list(figure.data[0].y) == [19, 0, 0, 4, 3, 0]
    assert figure.data[0].marker.color[0] == GREEN


def test_rank_history_puts_rank_one_on_top():
    history = pd.DataFrame(
        {
            "label": ["2020年第一季度", "2020年第二季度"],
            "rank": [3, 2],
            "score": [48.3, 59.4],
            "tier": ["第一梯队"] * 2,
        }
    )
    figure = rank_history_figure(history, "南京市", 13, "2020年第二季度")
    assert tuple(figure.layout.yaxis.range) == (13.5, 0.5)
    assert list(figure.data[0].text) == ["3", "2"]


def test_ranking_figure_stacks_weighted_components():
    method = load_method()
    table = pd.DataFrame(
        {
            "rank": [1, 2],
            "region": ["苏州市", "南京市"],
            "score": [100.0, 50.0],
            "giants_count": [100.0, 50.0],
            "giants_pace": [100.0, 50.0],
            "overall_pace": [100.0, 50.0],
        }
    )
    figure = ranking_figure(table, method, "2021年第三季度")
    assert [list(trace.x) for trace in figure.data] == [[40.0, 20.0], [20.0, 10.0], [40.0, 20.0]]
    assert list(figure.data[0].y) == ["1. 苏州市", "2. 南京市"]
    assert figure.data[0].name == "小巨人认定数量（权重40%）"


SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "id": "320100", "properties": {"name": "南京市", "center": [118.8, 32.0]},
         "geometry": {"type": "Polygon", "coordinates": [[[118, 31], [119, 31], [119, 32], [118, 31]]]}},
    ],
}  # fmt: skip


def test_choropleth_colours_by_status_without_base_map():
    values = pd.DataFrame(
        {
            "region_code": ["320100"],
            "region": ["南京市"],
            "value": [0.532],
            "status": ["behind"],
            "cumulative": [746.0],
            "target": [1402.0],
            "unit": ["项"],
        }
    )
    figure = choropleth_figure(values, SQUARE, "completion", "地图")
    choropleth, labels = figure.data
    assert list(choropleth.locations) == ["320100"]
    assert list(choropleth.z) == [3.5]  # behind is the 4th status band
    assert choropleth.colorscale[6][1] == AMBER
    assert choropleth.text[0] == "南京市<br>完成率 53.2%<br>累计 746项 / 目标 1,402项<br>状态 滞后"
    assert list(labels.text) == ["南京<br>53.2%"]
    assert figure.layout.geo.fitbounds == "locations"
    assert figure.layout.geo.visible is False


def test_choropleth_by_score_uses_a_continuous_scale():
    values = pd.DataFrame(
        {
            "region_code": ["320100"],
            "region": ["南京市"],
            "value": [77.6],
            "status": [""],
            "cumulative": [98.0],
            "target": [float("nan")],
            "unit": [""],
        }
    )
    figure = choropleth_figure(values, SQUARE, "score", "地图")
    assert (list(figure.data[0].z), figure.data[0].zmax) == ([77.6], 100)
    assert figure.data[0].text[0] == "南京市<br>综合得分 77.60分<br>小巨人认定数量 98家"
