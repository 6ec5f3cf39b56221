"""Tests for data_model.ranking: the city ranking method, its scores and its robustness."""

import ast
from pathlib import Path

import pytest
import yaml

from data_model import ranking
from data_model.ranking import (
    RankingMethodError,
    load_method,
    parse_method,
    plan_indicator_codes,
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
