"""The bulletin as data, on a hand-made three-city progress frame with literal numbers.

The cities follow the worked example of ``data_model.ranking`` (南京 98.33, 无锡 38.33 at
序时进度 50 %); a third city, 堃城市, reports exactly what 无锡 reports, so the two tie.
"""

from __future__ import annotations

import doctest
import subprocess
import sys
from datetime import date, datetime

import pandas as pd
import pytest

from data_model import bulletin as bulletin_module
from data_model import bulletin_summary, formatting
from data_model.bulletin import bulletin_data
from data_model.metrics import add_progress_columns
from data_model.periods import Quarter
from data_model.plan_catalog import parse_plan
from data_model.ranking import parse_method

PLAN_YAML = """
code: mini
name: 测试计划
issuer: 江苏省堃喆昇测试办公室
document: 测试〔2020〕1号
start: 2020-01-01
end: 2022-12-31
province: {code: "320000", name: 江苏省}
count_units: [家, 项]
groups: [{code: g, name: 组}]
indicators:
  - {code: provincial_giants, name: 省级小巨人, name_en: a, group: g, unit: 家, target: 100,
     clause: x, headline: true}
  - {code: national_giants, name: 国家小巨人, name_en: b, group: g, unit: 家, target: 10,
     clause: x, headline: true}
  - {code: patents, name: 授权专利, name_en: c, group: g, unit: 项, target: 3000, clause: x}
"""
METHOD = {
    "code": "mini-ranking",
    "plan": "mini",
    "name": "测试综合排名",
    "description": "得分差值不超过10⁻⁹视为并列。",
    "city_count": 3,
    "core_component": "giants_count",
    "pace_cap": 1.2,
    "tie_tolerance": 1e-9,
    "display_decimals": 2,
    "components": [
        {
            "code": "giants_count",
            "name": "小巨人认定数量",
            "description": "数量。",
            "weight": 0.4,
            "scoring": "share_of_best",
            "indicators": ["provincial_giants", "national_giants"],
        },
        {
            "code": "giants_pace",
            "name": "小巨人序时完成度",
            "description": "序时。",
            "weight": 0.2,
            "scoring": "pace",
            "indicators": ["provincial_giants", "national_giants"],
        },
        {
            "code": "overall_pace",
            "name": "其他指标序时完成度",
            "description": "其他。",
            "weight": 0.4,
            "scoring": "pace",
            "indicators": ["patents"],
        },
    ],
    "tiers": [
        {"name": "第一梯队", "first_rank": 1, "last_rank": 1},
        {"name": "第二梯队", "first_rank": 2, "last_rank": 3},
    ],
    "stability": {"band": 0.2, "samples": 50, "seed": 1},
}
CITIES = {"320100": "南京市", "320200": "无锡市", "329900": "堃城市"}
# (target, cumulative) per city and indicator
NOW = {
    "320100": {"provincial_giants": (40, 30), "national_giants": (4, 2), "patents": (1000, 600)},
    "320200": {"provincial_giants": (30, 12), "national_giants": (2, 0), "patents": (800, 200)},
    "329900": {"provincial_giants": (30, 12), "national_giants": (2, 0), "patents": (800, 200)},
}
BEFORE = {
    "320100": {"provincial_giants": (40, 10), "national_giants": (4, 0), "patents": (1000, 100)},
    "320200": {"provincial_giants": (30, 12), "national_giants": (2, 1), "patents": (800, 200)},
    "329900": {"provincial_giants": (30, 5), "national_giants": (2, 0), "patents": (800, 100)},
}


@pytest.fixture(scope="module")
def plan():
    return parse_plan(PLAN_YAML)


@pytest.fixture(scope="module")
def method():
    return parse_method(METHOD, {"provincial_giants", "national_giants", "patents"})


def progress_rows(plan, figures, quarter: Quarter) -> pd.DataFrame:
    """Return a PROGRESS_COLUMNS-like frame: the cities' figures and the province's sums."""
    rows = []
    for code, by_indicator in figures.items():
        for indicator in plan.indicators:
            target, cumulative = by_indicator[indicator.code]
            rows.append((code, CITIES[code], "city", indicator, target, cumulative))
    for indicator in plan.indicators:
        total = sum(f[indicator.code][1] for f in figures.values())
        rows.append(("320000", "江苏省", "province", indicator, indicator.target, total))
    frame = pd.DataFrame(
        [
            {
                "region_code": code,
                "region": name,
                "level": level,
                "indicator": i.code,
                "indicator_name": i.name,
                "unit": i.unit,
                "period": str(quarter),
                "target": float(target),
                "cumulative": float(cumulative),
            }
            for code, name, level, i, target, cumulative in rows
        ]
    )
    frame = frame.sort_values(["level", "region_code"], key=lambda s: s.map(_order))
    return add_progress_columns(frame.reset_index(drop=True), plan.quarter_index(quarter), 12)


def _order(value):
    return {"province": 0, "city": 1}.get(value, value)


@pytest.fixture(scope="module")
def made(plan, method):
    quarter = Quarter(2021, 2)  # 6th of 12 quarters: 序时进度 50 %
    return bulletin_data(
        progress_rows(plan, NOW, quarter),
        progress_rows(plan, BEFORE, quarter.previous()),
        plan,
        quarter,
        method,
        is_demo=False,
        issued_on=date(2021, 7, 20),
        data_as_of=datetime(2021, 7, 14, 9, 30),
    )


def test_title_issuer_and_quarter(made):
    assert made.title == "关于2021年第二季度全省“千企升级”工作进展情况的通报"
    assert (made.issuer, made.period, made.previous_label) == (
        "江苏省堃喆昇测试办公室",
        "2021Q2",
        "2021年第一季度",
    )
    assert made.expected == 0.5


def test_ranking_scores_ties_and_changes(made):
    rows = [
        (c.rank, c.region, round(c.score, 2), c.core_value, c.previous_rank, c.rank_change, c.tier)
        for c in made.ranking
    ]
    assert rows == [
        (1, "南京市", 98.33, 32.0, 2, 1, "第一梯队"),
        (2, "无锡市", 38.33, 12.0, 1, -1, "第二梯队"),
        (2, "堃城市", 38.33, 12.0, 3, 1, "第二梯队"),
    ]
    assert [tuple(round(v, 2) for v in c.components) for c in made.ranking] == [
        (100.0, 91.67, 100.0),
        (37.5, 33.33, 41.67),
        (37.5, 33.33, 41.67),
    ]


def test_rank_ranges_hold_the_rank_itself(made):
    assert [(c.rank_min, c.rank_max) for c in made.ranking] == [(1, 1), (2, 2), (2, 2)]


def test_headline_figures_are_the_province_sums(made):
    assert [(s.indicator, s.cumulative, s.target, s.completion) for s in made.headline] == [
        ("provincial_giants", 54.0, 100.0, 0.54),
        ("national_giants", 2.0, 10.0, 0.2),
    ]


def test_completion_table_has_every_region_and_indicator(made):
    assert [name for _, name in made.regions] == ["江苏省", "南京市", "无锡市", "堃城市"]
    patents = made.completion[2]
    assert patents.name == "授权专利"
    assert [round(c.completion, 4) for c in patents.cells] == [0.3333, 0.6, 0.25, 0.25]
    assert [c.status for c in patents.cells] == ["serious", "ahead", "serious", "serious"]


def test_lagging_cities_list_their_lagging_indicators_worst_first(made):
    assert [(c.region, c.rank) for c in made.lagging] == [("无锡市", 2), ("堃城市", 2)]
    assert [(s.indicator, s.status_label) for s in made.lagging[0].indicators] == [
        ("national_giants", "严重滞后"),
        ("patents", "严重滞后"),
        ("provincial_giants", "滞后"),
    ]


def test_summary_is_built_from_the_numbers(made):
    assert made.summary == (
        "截至2021年第二季度末，序时进度为50.0%。全省省级小巨人累计54家，完成三年目标100家的"
        "54.0%，超出序时进度4.0个百分点；国家小巨人累计2家，完成三年目标10家的20.0%，"
        "落后序时进度30.0个百分点。",
        "全省3项指标中，符合序时1项，严重滞后2项。滞后序时进度的指标共2项：国家小巨人、授权专利。",
        "按测试综合排名，综合得分居前的是南京市（第1名，98.33分）；居后的是无锡市（第2名，"
        "38.33分）和堃城市（第2名，38.33分）。核心指标小巨人认定数量最多的是南京市（32家）。",
        "与2021年第一季度相比，排名上升的2个市，下降的1个市，持平的0个市；南京市和堃城市"
        "上升最多（上升1位）；无锡市下降最多（下降1位）。",
        "2个设区市共有6项次指标滞后序时进度（其中严重滞后4项次），滞后指标最多的是无锡市和堃城市"
        "（3项）。",
    )


def test_first_quarter_has_no_previous_ranks(plan, method):
    quarter = Quarter(2020, 1)
    made = bulletin_data(progress_rows(plan, NOW, quarter), None, plan, quarter, method, True)
    assert made.previous_label is None
    assert {(c.previous_rank, c.rank_change) for c in made.ranking} == {(None, None)}
    assert not any(s.startswith("与") for s in made.summary)
    assert made.is_demo


def test_the_top_ends_keep_tied_cities_together():
    city = bulletin_module.RankedCity
    ranks = [1, 2, 3, 3, 5, 6, 7, 8, 9, 10, 11, 11, 13]
    ranking = tuple(
        city(r, str(n), f"市{n}", 0.0, (), 0.0, None, None, "", r, r) for n, r in enumerate(ranks)
    )
    top, bottom = bulletin_summary._ends(ranking)
    assert [c.rank for c in top] == [1, 2, 3, 3]
    assert [c.rank for c in bottom] == [11, 11, 13]


@pytest.mark.parametrize("module", [formatting, bulletin_module])
def test_docstring_examples(module):
    assert doctest.testmod(module).failed == 0


def test_data_model_imports_no_web_or_pdf_library():
    code = (
        "import sys, data_model.bulletin, data_model.bulletin_summary, data_model.formatting; "
        "print(sorted(m for m in ('dash', 'flask', 'reportlab') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
