"""Page layouts and callbacks called as plain functions inside a request of an app on the demo data."""

from __future__ import annotations

import json

import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard import data


def text_of(component) -> str:
    """Return everything a component tree would render, as one JSON string (Chinese kept)."""
    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


@pytest.fixture
def request_context(make_app, demo_db):
    app = make_app(demo_db)
    with app.server.test_request_context():
        yield app


@pytest.fixture
def pages(request_context):
    from dashboard.pages import city, indicator, map, overview, ranking

    return {
        "overview": overview,
        "indicator": indicator,
        "city": city,
        "ranking": ranking,
        "map": map,
    }


def test_overview_callback_renders_the_quarter_and_writes_the_url(pages):
    content, search = pages["overview"].update("2021Q3")
    assert search == "?period=2021Q3"
    rendered = text_of(content)
    assert "企业培育核心指标（截至2021年第三季度）" in rendered
    assert "590家" in rendered


def test_indicator_callback(pages):
    content, search = pages["indicator"].update("2021Q3", "provincial_giants")
    rendered = text_of(content)
    assert search == "?period=2021Q3"
    assert "全省累计完成590家，为三年目标1,000家的59.0%" in rendered
    assert "计算方法" in rendered


def test_city_callback(pages):
    content, _ = pages["city"].update("2021Q3", "320100")
    assert "南京市综合排名第2名（第一梯队），综合得分77.62分" in text_of(content)


def test_ranking_callback_links_the_bulletin_downloads(pages):
    content, search, links = pages["ranking"].update("2021Q3")
    assert [link.href for link in links] == [
        "/downloads/bulletin.pdf?period=2021Q3",
        "/downloads/ranking.xlsx?period=2021Q3",
    ]
    assert "↑1" in text_of(content)


def test_ranking_layout_states_the_method_and_weights(pages):
    rendered = text_of(pages["ranking"].layout(period="2021Q3"))
    assert "小巨人认定数量（权重40%）" in rendered
    assert "ranking-bulletin-downloads" in rendered


def test_map_callback_and_click(pages):
    content, search = pages["map"].update("patents", "2021Q3", "completion")
    assert search == "?indicator=patents&period=2021Q3&measure=completion"
    assert "示意图" in text_of(content)
    click = {"points": [{"location": "320500"}]}
    assert pages["map"].open_city(click, "2021Q3") == "/cities/320500?period=2021Q3"


def test_a_quarter_without_data_explains_itself(make_app, db):
    app = make_app(db)
    with app.server.test_request_context():
        from dashboard.pages import overview

        content, search = overview.update("2021Q3")
    assert "该季度暂无数据" in text_of(content)
    assert search == "?period=2021Q3"


@pytest.mark.parametrize(
    ("page", "kwargs", "message"),
    [
        ("indicator", {"code": "nope"}, "未找到指标“nope”"),
        ("city", {"region": "%E7%81%AB%E6%98%9F"}, "未找到设区市“火星”"),
        ("overview", {"period": "2024Q1"}, "2024年第一季度不在计划期"),
        ("map", {"indicator": "nope"}, "未找到指标“nope”"),
    ],
)
def test_bad_url_values_show_a_friendly_message(pages, page, kwargs, message):
    rendered = text_of(pages[page].layout(**kwargs))
    assert message in rendered
    assert "无法显示该页面" in rendered


def test_an_unexpected_error_is_logged_and_shown_without_a_traceback(pages, monkeypatch, caplog):
    def broken(*_args):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(data, "overview", broken)
    content, search = pages["overview"].update("2021Q3")
    rendered = text_of(content)
    assert "页面加载时出现问题" in rendered
    assert "database on fire" not in rendered
    assert "database on fire" in caplog.text
