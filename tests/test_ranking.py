"""Tests for data_model.ranking: the city ranking method, its scores and its robustness."""

import ast
import doctest
from pathlib import Path

import pandas as pd
import pytest
import yaml

from data_model import ranking
from data_model.ranking import (
    RankingMethodError,
    competition_ranks,
    load_method,
    parse_method,
    plan_indicator_codes,
    rank_change,
    rank_cities,
    rank_stability,
)

GIANTS = {"provincial_giants", "national_giants"}


@pytest.fixture(scope="module")
def method():
    return load_method()


@pytest.fixture
def method_data():
    return yaml.safe_load(ranking.METHOD_PATH.read_text(encoding="utf-8"))


# --- the method file -------------------------------------------------------------------------


def test_shipped_method_has_three_components_weighted_four_two_four(method):
    assert [(c.code, c.name, c.weight) for c in method.components] == [
        ("giants_count", "小巨人认定数量", 0.4),
        ("giants_pace", "小巨人序时完成度", 0.2),
        ("overall_pace", "其他指标序时完成度", 0.4),
    ]


def test_overall_pace_covers_every_plan_indicator_except_the_giants(method):
    overall = next(c for c in method.components if c.code == "overall_pace")
    assert set(overall.indicators) == plan_indicator_codes("qianqi-2020-2022") - GIANTS
    assert len(overall.indicators) == 24


def test_shipped_tiers_split_thirteen_ranks_four_five_four(method):
    assert [(t.name, t.first_rank, t.last_rank) for t in method.tiers] == [
        ("第一梯队", 1, 4),
        ("第二梯队", 5, 9),
        ("第三梯队", 10, 13),
    ]


def test_load_method_reads_a_file_with_a_byte_order_mark(tmp_path, method_data, method):
    path = tmp_path / "method.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + yaml.safe_dump(method_data, allow_unicode=True).encode())
    assert load_method(path) == method


def _problem_codes(data, known=None):
    with pytest.raises(RankingMethodError) as error:
        parse_method(data, known)
    return [(p.code, p.field) for p in error.value.problems]


def test_weights_must_sum_to_one(method_data):
    method_data["components"][0]["weight"] = 0.5
    assert _problem_codes(method_data) == [("weights_sum", "components[].weight")]


def test_weights_within_a_billionth_of_one_are_accepted(method_data):
    method_data["components"][0]["weight"] = 0.4 + 5e-10
    assert parse_method(method_data).components[0].weight == 0.4 + 5e-10


@pytest.mark.parametrize("weight", [0, -0.1])
def test_weights_must_be_positive(method_data, weight):
    method_data["components"][1]["weight"] = weight
    codes = _problem_codes(method_data)
    assert ("out_of_range", "components[1].weight") in codes


def test_indicators_must_exist_in_the_plan(method_data):
    method_data["components"][2]["indicators"][0] = "rocket_launches"
    assert _problem_codes(method_data) == [("unknown_indicator", "components[2].indicators[0]")]


def test_known_indicators_argument_replaces_the_plan_file(method_data):
    codes = _problem_codes(method_data, known=GIANTS | {"patents"})
    assert len(codes) == 23
    assert {code for code, _ in codes} == {"unknown_indicator"}


@pytest.mark.parametrize(
    ("tiers", "expected"),
    [
        ([(1, 4), (6, 13)], ("tier_gap", "tiers")),
        ([(1, 5), (5, 13)], ("tier_overlap", "tiers")),
        ([(1, 4), (5, 12)], ("tier_coverage", "tiers")),
        ([(2, 13)], ("tier_gap", "tiers")),
        ([(1, 4), (9, 5), (10, 13)], ("tier_reversed", "tiers[1]")),
    ],
)
def test_tiers_must_cover_every_rank_once(method_data, tiers, expected):
    method_data["tiers"] = [
        {"name": f"梯队{i}", "first_rank": first, "last_rank": last}
        for i, (first, last) in enumerate(tiers)
    ]
    assert expected in _problem_codes(method_data)


def test_every_problem_is_reported_at_once(method_data):
    method_data["components"][0]["weight"] = "heavy"
    method_data["components"][1]["scoring"] = "vibes"
    del method_data["components"][2]["name"]
    method_data["stability"]["band"] = 1.5
    assert _problem_codes(method_data) == [
        ("wrong_type", "components[0].weight"),
        ("out_of_range", "components[1].scoring"),
        ("missing", "components[2].name"),
        ("out_of_range", "stability.band"),
    ]


def test_error_message_names_each_problem(method_data):
    method_data["components"][0]["weight"] = 0.5
    with pytest.raises(RankingMethodError, match=r"\[weights_sum\].*must sum to 1, got 1.1"):
        parse_method(method_data)


def test_core_component_must_score_share_of_best(method_data):
    method_data["core_component"] = "giants_pace"
    assert _problem_codes(method_data) == [("bad_core_component", "core_component")]


def test_a_method_that_is_not_a_mapping_is_rejected():
    assert _problem_codes(["weights"]) == [("wrong_type", "")]


def test_ranking_module_imports_neither_dash_nor_flask():
    tree = ast.parse(Path(ranking.__file__).read_text(encoding="utf-8"))
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
        )
    }
    assert imported.isdisjoint({"dash", "flask", "sqlalchemy"})


# --- scoring and ranking ---------------------------------------------------------------------

CITIES = {
    "320100": "南京市",
    "320200": "无锡市",
    "320300": "徐州市",
    "320400": "常州市",
}


def progress_frame(rows, expected=0.5):
    """Build a progress frame from (region_code, indicator, target, cumulative) tuples."""
    records = [
        {
            "region_code": code,
            "region": CITIES.get(code, f"市{code}"),
            "indicator": indicator,
            "target": float(target),
            "cumulative": float(cumulative),
            "completion": cumulative / target if target else float("nan"),
            "expected": expected,
        }
        for code, indicator, target, cumulative in rows
    ]
    return pd.DataFrame.from_records(records)


# Four cities, expected pace 0.5, cap 1.2 (pace score = min(completion/0.5, 1.2)/1.2*100):
#            provincial_giants  national_giants  tech_centers   patents
#   南京      30/40 → 100        2/4 → 83.33      8/20 → 66.67   600/1000 → 100
#   无锡      12/30 → 66.67      0/2 → 0          5/10 → 83.33   200/800 → 41.67
#   徐州      16/20 → 100        0/0 skipped      1/0 skipped    150/500 → 50
#   常州       5/25 → 33.33      1/2 → 83.33      6/8 → 100      100/400 → 41.67
# giants_count (best 32): 南京 32 → 100, 无锡 12 → 37.5, 徐州 16 → 50, 常州 6 → 18.75
# giants_pace:            南京 91.67, 无锡 33.33, 徐州 100, 常州 58.33
# overall_pace:           南京 83.33, 无锡 62.5, 徐州 50, 常州 70.83
# score = .4 count + .2 giants_pace + .4 overall_pace:
#   南京 40 + 18.33 + 33.33 = 91.67; 徐州 20 + 20 + 20 = 60; 常州 7.5 + 11.67 + 28.33 = 47.5;
#   无锡 15 + 6.67 + 25 = 46.67
TOY_ROWS = [
    ("320100", "provincial_giants", 40, 30),
    ("320100", "national_giants", 4, 2),
    ("320100", "tech_centers", 20, 8),
    ("320100", "patents", 1000, 600),
    ("320200", "provincial_giants", 30, 12),
    ("320200", "national_giants", 2, 0),
    ("320200", "tech_centers", 10, 5),
    ("320200", "patents", 800, 200),
    ("320300", "provincial_giants", 20, 16),
    ("320300", "national_giants", 0, 0),
    ("320300", "tech_centers", 0, 1),
    ("320300", "patents", 500, 150),
    ("320400", "provincial_giants", 25, 5),
    ("320400", "national_giants", 2, 1),
    ("320400", "tech_centers", 8, 6),
    ("320400", "patents", 400, 100),
]


@pytest.fixture
def toy():
    return progress_frame(TOY_ROWS)


def test_toy_ranking_scores_and_ranks(toy, method):
    shown = ranking.display_ranking(rank_cities(toy, method), method)
    assert shown.drop(columns="tier").to_dict("list") == {
        "rank": [1, 2, 3, 4],
        "region_code": ["320100", "320300", "320400", "320200"],
        "region": ["南京市", "徐州市", "常州市", "无锡市"],
        "score": [91.67, 60.0, 47.5, 46.67],
        "giants_count": [100.0, 50.0, 18.75, 37.5],
        "giants_pace": [91.67, 100.0, 58.33, 33.33],
        "overall_pace": [83.33, 50.0, 70.83, 62.5],
        "core_value": [32.0, 16.0, 6.0, 12.0],
    }


def test_ranking_columns_and_types(toy, method):
    result = rank_cities(toy, method)
    assert list(result.columns) == [
        "rank",
        "region_code",
        "region",
        "score",
        "giants_count",
        "giants_pace",
        "overall_pace",
        "core_value",
        "tier",
    ]
    assert result["rank"].dtype == "int64"
    assert result["tier"].tolist() == ["第一梯队"] * 4


def test_scores_are_not_rounded(toy, method):
    assert rank_cities(toy, method)["score"].iloc[0] == pytest.approx(91.0 + 2 / 3, abs=1e-12)


def test_docstring_worked_example(method):
    rows = [r for r in TOY_ROWS[:8] if r[1] != "tech_centers"]
    shown = ranking.display_ranking(rank_cities(progress_frame(rows), method), method)
    assert shown["score"].tolist() == [98.33, 38.33]


def test_ties_share_a_rank_and_skip_the_next(method):
    # 无锡 and 徐州 are equal, but 徐州's completion carries float noise (0.1 + 0.2).
    frame = progress_frame(
        [
            ("320300", "provincial_giants", 10, 3),
            ("320300", "national_giants", 1, 0),
            ("320300", "patents", 100, 30),
            ("320100", "provincial_giants", 10, 10),
            ("320100", "national_giants", 1, 1),
            ("320100", "patents", 100, 100),
            ("320200", "provincial_giants", 10, 3),
            ("320200", "national_giants", 1, 0),
            ("320200", "patents", 100, 30),
            ("320400", "provincial_giants", 10, 1),
            ("320400", "national_giants", 1, 0),
            ("320400", "patents", 100, 10),
        ]
    )
    frame.loc[(frame.region_code == "320300") & (frame.indicator == "patents"), "completion"] = (
        0.1 + 0.2
    )
    result = rank_cities(frame, method)
    assert result["rank"].tolist() == [1, 2, 2, 4]
    assert result["region_code"].tolist() == ["320100", "320200", "320300", "320400"]
    assert result["score"].round(2).tolist() == [100.0, 35.91, 35.91, 11.97]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([90.0, 80.0, 80.0, 70.0], [1, 2, 2, 4]),
        ([70.0, 80.0 + 5e-10, 90.0, 80.0], [4, 2, 1, 2]),
        ([1.0, 1.0 - 2e-9], [1, 2]),
        ([5.0, 5.0, 5.0], [1, 1, 1]),
        ([], []),
    ],
)
def test_competition_ranks(scores, expected):
    assert competition_ranks(scores, 1e-9).tolist() == expected


def test_competition_ranks_doctest():
    results = doctest.testmod(ranking)
    assert (results.failed, results.attempted) == (0, 1)


def test_all_zero_giants_score_zero_without_error(method):
    frame = progress_frame(
        [
            ("320100", "provincial_giants", 10, 0),
            ("320100", "patents", 100, 60),
            ("320200", "provincial_giants", 10, 0),
            ("320200", "patents", 100, 25),
        ]
    )
    result = rank_cities(frame, method)
    assert result["giants_count"].tolist() == [0.0, 0.0]
    assert result["core_value"].tolist() == [0.0, 0.0]
    # 南京: .4 * 100 (patents 0.6/0.5 = 1.2, the cap) = 40; 无锡: .4 * 0.5/1.2*100 = 16.67
    assert result["score"].round(2).tolist() == [40.0, 16.67]


def test_nan_completions_are_skipped_and_a_city_with_none_scores_zero(method):
    frame = progress_frame(
        [
            ("320100", "provincial_giants", 10, 5),
            ("320100", "national_giants", 0, 0),
            ("320100", "patents", 0, 7),
            ("320200", "provincial_giants", 10, 2),
            ("320200", "national_giants", 1, 0),
            ("320200", "patents", 100, 20),
        ]
    )
    result = rank_cities(frame, method).set_index("region_code")
    # 南京: giants_pace from provincial only (5/10/0.5 = 1.0 → 83.33); no other indicator → 0.
    assert round(result.loc["320100", "giants_pace"], 2) == 83.33
    assert result.loc["320100", "overall_pace"] == 0.0
    # 无锡: (2/10/0.5 = 0.4 → 33.33 + 0) / 2
    assert round(result.loc["320200", "giants_pace"], 2) == 16.67


def test_tiers_follow_rank_bands(method):
    codes = [f"32{i:02d}00" for i in range(1, 14)]
    rows = [(code, "provincial_giants", 100, 100 - i) for i, code in enumerate(codes)]
    result = rank_cities(progress_frame(rows), method)
    assert result["rank"].tolist() == list(range(1, 14))
    assert result["tier"].tolist() == ["第一梯队"] * 4 + ["第二梯队"] * 5 + ["第三梯队"] * 4


def test_tied_cities_share_a_tier(method):
    codes = [f"32{i:02d}00" for i in range(1, 14)]
    counts = [13, 12, 11, 10, 10, 8, 7, 6, 5, 4, 3, 2, 1]
    rows = [(c, "provincial_giants", 100, n) for c, n in zip(codes, counts, strict=True)]
    result = rank_cities(progress_frame(rows), method)
    assert result["rank"].tolist()[:6] == [1, 2, 3, 4, 4, 6]
    assert result["tier"].tolist()[3:6] == ["第一梯队", "第一梯队", "第二梯队"]


def test_empty_progress_gives_an_empty_ranking(method):
    result = rank_cities(progress_frame([]), method)
    assert result.empty
    assert list(result.columns) == ranking.ranking_columns(method)
    assert list(rank_cities(pd.DataFrame(), method).columns) == ranking.ranking_columns(method)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda f: f.drop(columns="expected"), "lacks columns: expected"),
        (lambda f: pd.concat([f, f.iloc[:1]]), "more than one row"),
    ],
)
def test_malformed_progress_is_a_bug(toy, method, mutate, message):
    with pytest.raises(ValueError, match=message):
        rank_cities(mutate(toy), method)


def test_more_cities_than_tiers_is_a_bug(method):
    rows = [(f"32{i:02d}00", "provincial_giants", 10, i) for i in range(1, 15)]
    with pytest.raises(ValueError, match="14 cities to rank"):
        rank_cities(progress_frame(rows), method)


# --- rank changes ----------------------------------------------------------------------------


def test_rank_change_arrows_and_a_new_city():
    current = pd.DataFrame({"region_code": ["320100", "320300", "320200", "320400"]})
    current["rank"] = [1, 2, 3, 4]
    previous = pd.DataFrame({"region_code": ["320300", "320100", "320200"], "rank": [1, 2, 3]})
    result = rank_change(current, previous)
    assert result["previous_rank"].tolist() == [2, 1, 3, pd.NA]
    assert result["rank_change"].tolist() == [1, -1, 0, pd.NA]
    assert str(result["rank_change"].dtype) == "Int64"


def test_rank_change_without_a_previous_period(toy, method):
    current = rank_cities(toy, method)
    result = rank_change(current, rank_cities(progress_frame([]), method))
    assert result["rank_change"].isna().all()
    assert result["rank"].tolist() == current["rank"].tolist()


# --- stability -------------------------------------------------------------------------------


def test_stability_is_deterministic(toy, method):
    pd.testing.assert_frame_equal(rank_stability(toy, method), rank_stability(toy, method))


def test_stability_of_the_toy_ranking(toy, method):
    # 常州 leads 无锡 by 0.83 points; weighting the count up and the paces down reverses them.
    result = rank_stability(toy, method)
    assert result.to_dict("list") == {
        "region_code": ["320100", "320300", "320400", "320200"],
        "rank": [1, 2, 3, 4],
        "rank_min": [1, 2, 3, 3],
        "rank_max": [1, 2, 4, 4],
    }


def test_band_zero_changes_no_rank(toy, method):
    result = rank_stability(toy, method, band=0.0, samples=50)
    assert (result["rank_min"] == result["rank"]).all()
    assert (result["rank_max"] == result["rank"]).all()


def test_a_dominant_city_stays_first(method):
    frame = progress_frame(
        [
            ("320100", "provincial_giants", 10, 12),
            ("320100", "patents", 10, 12),
            ("320200", "provincial_giants", 10, 2),
            ("320200", "patents", 10, 3),
            ("320300", "provincial_giants", 10, 3),
            ("320300", "patents", 10, 2),
        ]
    )
    result = rank_stability(frame, method, band=0.5, samples=500, seed=7)
    first = result.iloc[0]
    assert (first["region_code"], first["rank_min"], first["rank_max"]) == ("320100", 1, 1)


def test_stability_settings_come_from_the_method(toy, method):
    explicit = rank_stability(toy, method, band=0.2, samples=200, seed=20200101)
    pd.testing.assert_frame_equal(rank_stability(toy, method), explicit)


def test_stability_of_an_empty_frame(method):
    result = rank_stability(progress_frame([]), method)
    assert result.empty
    assert list(result.columns) == ["region_code", "rank", "rank_min", "rank_max"]


def test_band_must_be_below_one(toy, method):
    with pytest.raises(ValueError, match="band"):
        rank_stability(toy, method, band=1.0)
