"""The page data functions against the demo database and a small hand-made one (both backends)."""

from __future__ import annotations

import pytest

from dashboard import data
from data_model.periods import Quarter


@pytest.fixture
def source(demo_db):
    return data.Source(demo_db.sessions, demo_db.plan_code)


@pytest.fixture
def empty_source(db):
    return data.Source(db.sessions, db.plan_code)


def test_periods_lists_the_quarters_with_approved_figures(source):
    periods = data.periods(source)
    assert len(periods.quarters) == 12
    assert [str(q) for q in periods.with_data][:2] == ["2020Q1", "2020Q2"]
    assert periods.latest == Quarter(2022, 4)


def test_overview_counts_statuses_and_picks_the_most_lagging(source):
    view = data.overview(source, "2021Q3")
    assert view.status_counts == {
        "completed": 0,
        "ahead": 5,
        "on_pace": 13,
        "behind": 6,
        "serious": 2,
        "no_target": 0,
    }
    assert view.lagging["indicator"].tolist() == [
        "green_parks",
        "quality_benchmarks",
        "talent_trained",
        "patents",
        "smart_factories",
    ]


def test_overview_defaults_to_the_latest_quarter_with_data(source):
    view = data.overview(source, None)
    giants = view.province.set_index("indicator").loc["provincial_giants"]
    assert (str(view.quarter), giants["cumulative"], giants["status"]) == (
        "2022Q4",
        1074.0,
        "completed",
    )


def test_indicator_detail_has_the_path_projection_and_cities(source):
    detail = data.indicator_detail(source, "provincial_giants", "2021Q3")
    assert detail.path["cumulative"].tolist() == [53.0, 139.0, 234.0, 375.0, 422.0, 507.0, 590.0]
    assert detail.target_path["value"].round(4).tolist()[:3] == [83.3333, 166.6667, 250.0]
    assert detail.projection["value"].round(3).tolist() == [
        590.0, 674.286, 758.571, 842.857, 927.143, 1011.429
    ]  # fmt: skip
    assert detail.cities["region"].tolist()[:3] == ["苏州市", "南京市", "常州市"]


def test_city_detail_ranks_the_city_in_every_quarter(source):
    detail = data.city_detail(source, "南京", "2021Q3")
    assert detail.region.code == "320100"
    assert detail.rank_history["rank"].tolist() == [3, 2, 2, 2, 2, 2, 2]
    assert round(detail.rank_history["score"].iloc[-1], 2) == 77.62
    assert detail.status_counts["ahead"] == 11


def test_ranking_has_change_tiers_and_rank_ranges(source):
    view = data.city_ranking(source, "2021Q3")
    table = view.table.set_index("region")
    assert str(view.previous) == "2021Q2"
    assert table.loc["南通市", ["rank", "previous_rank", "rank_change", "rank_min", "rank_max"]].tolist() == [
        4, 5, 1, 4, 5
    ]  # fmt: skip
    assert table.loc["常州市", "rank_change"] == -1
    assert table.loc["常州市", "tier"] == "第二梯队"


def test_ranking_in_the_first_quarter_has_no_change(source):
    view = data.city_ranking(source, "2020Q1")
    assert view.previous is None
    assert view.table["rank_change"].isna().all()


@pytest.mark.parametrize(
    ("measure", "indicator", "first_value"),
    [("completion", "patents", 0.532097), ("score", None, 77.615992)],
)
def test_map_values_per_city(source, measure, indicator, first_value):
    values = data.map_values(source, indicator, "2021Q3", measure)
    assert len(values.frame) == 13
    assert values.frame.loc[0, "region"] == "南京市"
    assert round(values.frame.loc[0, "value"], 6) == first_value


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: data.overview(s, "2019Q4"), "2019年第四季度不在计划期"),
        (lambda s: data.overview(s, "last year"), "无法识别的季度“last year”"),
        (lambda s: data.indicator_detail(s, "nope", None), "未找到指标“nope”"),
        (lambda s: data.city_detail(s, "江苏省", None), "“江苏省”不是设区市"),
        (lambda s: data.map_values(s, None, None, "volume"), "未知的着色指标“volume”"),
    ],
)
def test_bad_selections_raise_a_chinese_message(source, call, message):
    with pytest.raises(data.InvalidSelection, match=message):
        call(source)


def test_an_empty_database_has_no_quarter_and_no_data(empty_source):
    assert data.periods(empty_source).latest is None
    view = data.overview(empty_source, None)
    assert (view.quarter, view.has_data) == (None, False)
    assert data.city_ranking(empty_source, None).table.empty


def test_a_quarter_without_figures_is_an_empty_state(empty_source):
    view = data.overview(empty_source, "2021Q3")
    assert (str(view.quarter), view.has_data) == ("2021Q3", False)


def test_one_hand_made_submission(db, empty_source):
    from etl.quarterly import LoadRequest, load_file

    csv = "地区,季度,指标代码,本季度新增\n南京市,2020Q2,provincial_giants,7\n".encode("utf-8-sig")
    request = LoadRequest(
        data=csv, file_name="南京.csv", actor="tests", channel="cli", approved=True
    )
    assert load_file(db.sessions, db.plan_code, request).status == "loaded"
    view = data.overview(empty_source, None)
    giants = view.province.set_index("indicator").loc["provincial_giants"]
    assert str(view.quarter) == "2020Q2"
    assert (giants["cumulative"], round(giants["completion"], 3), giants["status"]) == (
        7.0,
        0.007,
        "serious",
    )
    city = data.city_detail(empty_source, "320100", None)
    assert city.status_counts["no_target"] == 26  # no allocation loaded: nothing to compare with


def test_progress_table_filters_region_and_indicator(source):
    quarter, table = data.progress_table(source, "2021Q3", "南京市", "patents")
    assert (str(quarter), table["cumulative"].tolist()) == ("2021Q3", [746.0])
