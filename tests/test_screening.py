"""Tests for data_model.enterprises.screening: the criteria file, the engine and verdicts."""

import copy
import dataclasses
import datetime as dt
import doctest

import pytest
import yaml

from data_model.enterprises import screening
from data_model.enterprises.figures import FIGURES, EnterpriseYear
from data_model.enterprises.screening import (
    CRITERIA_PATH,
    AllOf,
    AnyOf,
    Assessment,
    Compare,
    CriteriaError,
    evaluate,
    load_criteria,
    parse_criteria,
    screen,
)

CRITERIA = load_criteria()
BY_ID = {c.id: c for c in CRITERIA.criteria}
RAW = yaml.safe_load(CRITERIA_PATH.read_text(encoding="utf-8"))
ON = dt.date(2021, 3, 1)


def result_of(criterion_id, figures, assessments=None):
    (result,) = evaluate([BY_ID[criterion_id]], figures, assessments)
    return result


def test_doctests():
    assert doctest.testmod(screening).failed == 0


# --- the criteria file ------------------------------------------------------------------


def test_criteria_count_per_tier_and_track():
    counts = {}
    for c in CRITERIA.criteria:
        counts[(c.tier, c.track)] = counts.get((c.tier, c.track), 0) + 1
    assert counts == {
        ("pool", "common"): 1,
        ("pool", "manufacturing"): 6,
        ("pool", "innovation"): 4,
        ("provincial", "product"): 3,
        ("provincial", "manufacturing"): 6,
        ("provincial", "innovation"): 2,
        ("national", "national_giant"): 8,
        ("national", "champion"): 7,
    }


def test_thirteen_clusters():
    assert len(CRITERIA.sets["advanced_manufacturing_clusters"]) == 13


@pytest.mark.parametrize(
    ("tier", "track", "expected"),
    [
        ("pool", "manufacturing", ["t1.common", *(f"t1.mfg.{n}" for n in range(1, 7))]),
        ("pool", "innovation", ["t1.common", *(f"t1.inn.{n}" for n in range(1, 5))]),
        ("provincial", "manufacturing", [f"t2.giant.mfg.{n}" for n in range(1, 7)]),
        ("provincial", "innovation", ["t2.giant.inn.1", "t2.giant.inn.2"]),
        ("provincial", "product", ["t2.product.1", "t2.product.2", "t2.product.3"]),
        ("national", "manufacturing", [f"t3.giant.{n}" for n in range(1, 9)]),
        ("national", "innovation", [f"t3.giant.{n}" for n in range(1, 9)]),
        ("national", "champion_enterprise", [f"t3.champ.{n}" for n in range(1, 8)]),
        ("national", "champion_product", [f"t3.champ.{n}" for n in range(1, 8)]),
    ],
)
def test_select(tier, track, expected):
    assert [c.id for c in CRITERIA.select(tier, track)] == expected


@pytest.mark.parametrize(("tier", "track"), [("pool", "product"), ("city", "manufacturing")])
def test_select_rejects_unknown(tier, track):
    with pytest.raises(ValueError, match="unknown"):
        CRITERIA.select(tier, track)


def broken(path, value):
    """Return the raw criteria file with the item at `path` set to `value`."""
    data = copy.deepcopy(RAW)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def t1_mfg_3():
    return next(i for i, c in enumerate(RAW["criteria"]) if c["id"] == "t1.mfg.3")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("field", "valid_patent", "unknown field 'valid_patent'"),
        ("op", "=>", "unknown op '=>'"),
        ("unit", "元", "valid_patents is in 项, not 元"),
        ("value", "2项", "value must be a number"),
    ],
)
def test_loader_rejects_bad_comparisons(key, value, message):
    data = broken(["criteria", t1_mfg_3(), "rule", key], value)
    with pytest.raises(CriteriaError) as error:
        parse_criteria(data)
    (problem,) = error.value.problems
    assert problem.startswith(f"t1.mfg.3: {message}")


def test_loader_rejects_a_percentage_written_as_a_whole_number():
    index = next(i for i, c in enumerate(RAW["criteria"]) if c["id"] == "t2.giant.mfg.6")
    with pytest.raises(CriteriaError, match=r"rd_expense_ratio is a fraction \(0.05 = 5%\), got 3"):
        parse_criteria(broken(["criteria", index, "rule", "value"], 3))


def test_loader_rejects_rule_and_judgement_together():
    with pytest.raises(CriteriaError, match="either a rule or judgement"):
        parse_criteria(broken(["criteria", t1_mfg_3(), "judgement"], True))


def test_loader_reports_every_problem_at_once():
    data = broken(["criteria", t1_mfg_3(), "rule", "field"], "nope")
    data["criteria"][t1_mfg_3() + 1]["rule"]["op"] = "≥"
    with pytest.raises(CriteriaError) as error:
        parse_criteria(data)
    assert [p.split(":")[0] for p in error.value.problems] == ["t1.mfg.3", "t1.mfg.4"]


def test_loader_rejects_duplicate_ids():
    data = copy.deepcopy(RAW)
    data["criteria"].append(copy.deepcopy(data["criteria"][1]))
    with pytest.raises(CriteriaError, match="duplicate id or judgement key 't1.mfg.1'"):
        parse_criteria(data)


def test_load_criteria_reads_a_path_with_a_bom(tmp_path):
    path = tmp_path / "criteria.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + CRITERIA_PATH.read_bytes())
    assert load_criteria(path) == CRITERIA


# --- every numeric threshold, at, just below and just above -----------------------------

STEP = {"ratio": 0.0001, "money": 1, "count": 1, "rank": 1, "years": 1}
EXPECTED = {
    ">=": ("not_met", "met", "met"),
    "<=": ("met", "met", "not_met"),
    "==": ("not_met", "met", "not_met"),
}


def numeric_leaves(node):
    if isinstance(node, AnyOf | AllOf):
        return [leaf for branch in node.branches for leaf in numeric_leaves(branch)]
    is_numeric = isinstance(node, Compare) and node.op in EXPECTED
    return [node] if is_numeric else []


THRESHOLD_CASES = [
    pytest.param(
        criterion,
        leaf,
        offset,
        EXPECTED[leaf.op][offset + 1],
        id=f"{criterion.id}-{leaf.field}-{offset:+d}",
    )
    for criterion in CRITERIA.criteria
    for leaf in numeric_leaves(criterion.rule)
    for offset in (-1, 0, 1)
]


def test_every_rule_op_is_covered_by_threshold_cases():
    ops = {leaf.op for c in CRITERIA.criteria for leaf in numeric_leaves(c.rule)}
    assert ops == set(EXPECTED)


@pytest.mark.parametrize(("criterion", "leaf", "offset", "expected"), THRESHOLD_CASES)
def test_threshold(criterion, leaf, offset, expected):
    value = leaf.value + offset * STEP[FIGURES[leaf.field].kind]
    single = dataclasses.replace(criterion, rule=leaf)
    (result,) = evaluate([single], {leaf.field: value}, {})
    assert (result.result, result.value_used) == (expected, value)


# --- either/or, both, membership, flags -------------------------------------------------


@pytest.mark.parametrize(
    ("revenue", "profit_and_tax", "expected"),
    [
        (3000, None, "met"),
        (None, 800, "met"),
        (2999, 800, "met"),
        (3000, 799, "met"),
        (2999, 799, "not_met"),
        (2999, None, "no_data"),
        (None, None, "no_data"),
    ],
)
def test_either_or(revenue, profit_and_tax, expected):
    figures = {"main_business_revenue": revenue, "profit_and_tax": profit_and_tax}
    result = result_of("t2.giant.mfg.1", figures)
    assert (result.result, result.value_used) == (expected, figures)


@pytest.mark.parametrize(
    ("share", "revenue_growth", "profit_growth", "expected"),
    [
        (0.7, 0.1, None, "met"),
        (0.7, 0.05, 0.12, "met"),
        (0.7, 0.05, 0.05, "not_met"),
        (0.69, 0.2, 0.2, "not_met"),
        (0.69, None, None, "not_met"),
        (0.7, 0.05, None, "no_data"),
        (None, 0.2, None, "no_data"),
    ],
)
def test_all_of_with_a_nested_either_or(share, revenue_growth, profit_growth, expected):
    figures = {
        "main_business_share": share,
        "main_business_revenue_growth_avg_2y": revenue_growth,
        "net_profit_growth_avg_2y": profit_growth,
    }
    assert result_of("t3.giant.3", figures).result == expected


@pytest.mark.parametrize(
    ("cluster", "expected"),
    [("物联网", "met"), ("高端纺织", "met"), ("纺织", "not_met"), (None, "no_data")],
)
def test_cluster_membership(cluster, expected):
    assert result_of("t1.mfg.1", {"cluster": cluster}).result == expected


@pytest.mark.parametrize(
    ("flag", "expected"), [(True, "met"), (False, "not_met"), (None, "no_data")]
)
def test_flag(flag, expected):
    assert (
        result_of("t2.giant.mfg.5", {"has_rd_institution_city_or_above": flag}).result == expected
    )


def test_threshold_text():
    assert (
        result_of("t2.giant.mfg.1", {}).threshold
        == "年度主营业务收入 ≥ 3000万元 或 利税总额 ≥ 800万元"
    )


# --- judgement --------------------------------------------------------------------------


def test_judgement_without_assessment_is_no_data():
    result = result_of("t1.inn.3", {})
    assert (result.result, result.value_used, result.note) == (
        "no_data",
        None,
        "待人工评定：创业核心团队具有较好的专业背景",
    )


@pytest.mark.parametrize(
    ("met", "expected", "word"), [(True, "met", "符合"), (False, "not_met", "不符合")]
)
def test_judgement_reports_the_recorded_assessment(met, expected, word):
    result = result_of("t1.inn.3", {}, {"t1.inn.3": Assessment(met, "李明", ON)})
    assert (result.result, result.value_used, result.note) == (
        expected,
        {"met": met, "assessor": "李明", "assessed_on": "2021-03-01"},
        f"李明于2021-03-01评定为{word}",
    )


@pytest.mark.parametrize(
    ("rank", "supply_chain", "expected"),
    [
        (5, None, "met"),
        (6, True, "met"),
        (6, False, "not_met"),
        (6, None, "no_data"),
        (None, None, "no_data"),
    ],
)
def test_either_or_with_a_judgement_part(rank, supply_chain, expected):
    assessments = {}
    if supply_chain is not None:
        assessments["t2.giant.mfg.4.supply_chain"] = Assessment(supply_chain, "王芳", ON)
    result = result_of("t2.giant.mfg.4", {"market_share_rank_national": rank}, assessments)
    assert result.result == expected


def test_criterion_note_is_kept():
    assert result_of("t2.giant.mfg.6", {"rd_expense_ratio": 0.05}).note == "销售收入按营业收入计"


# --- screening an enterprise ------------------------------------------------------------


def manufacturer(**overrides):
    """A manufacturing firm meeting every numeric pool criterion for 2020."""
    revenue = {2017: 2000, 2018: 2100, 2019: 2205, 2020: 2315.25}  # +5% a year
    years = {
        y: EnterpriseYear(y, operating_revenue=r, operating_profit=r * 0.04)
        for y, r in revenue.items()
    }
    years[2020] = dataclasses.replace(
        years[2020],
        **{
            "cluster": "工程机械",
            "invention_patents": 1,
            "utility_patents": 1,
            "main_product_revenue_share": 0.4,
            **overrides,
        },
    )
    return years


POOL_JUDGEMENTS = {
    key: Assessment(True, "县工信局", ON) for key in ("t1.common", "t1.mfg.2", "t1.mfg.5")
}


@pytest.mark.parametrize(
    ("overrides", "assessments", "verdict"),
    [
        ({}, POOL_JUDGEMENTS, "met"),
        ({}, {}, "no_data"),
        ({"utility_patents": 0}, POOL_JUDGEMENTS, "not_met"),
        ({"utility_patents": 0}, {}, "not_met"),
        ({"main_product_revenue_share": None}, POOL_JUDGEMENTS, "no_data"),
        ({}, {**POOL_JUDGEMENTS, "t1.mfg.5": Assessment(False, "县工信局", ON)}, "not_met"),
    ],
)
def test_screen_pool_verdict(overrides, assessments, verdict):
    result = screen("manufacturing", "pool", manufacturer(**overrides), 2020, assessments)
    assert (result.verdict, result.track, len(result.results)) == (verdict, "manufacturing", 7)


def test_screen_uses_derived_figures():
    result = screen("manufacturing", "pool", manufacturer(), 2020, POOL_JUDGEMENTS)
    by_id = {r.criterion_id: r for r in result.results}
    assert by_id["t1.mfg.6"].value_used == {
        "revenue_growth_avg_3y": 0.05,
        "operating_margin_avg_3y": 0.04,
    }


def test_screen_missing_year_gives_no_data():
    years = manufacturer()
    del years[2017]
    result = screen("manufacturing", "pool", years, 2020, POOL_JUDGEMENTS)
    by_id = {r.criterion_id: r.result for r in result.results}
    assert (by_id["t1.mfg.6"], result.verdict) == ("no_data", "no_data")


@pytest.mark.parametrize(
    ("tier", "track", "count"),
    [
        ("provincial", None, 6),
        ("provincial", "product", 3),
        ("national", None, 8),
        ("national", "champion_product", 7),
    ],
)
def test_screen_track(tier, track, count):
    result = screen("manufacturing", tier, manufacturer(), 2020, track=track)
    assert (result.track, len(result.results)) == (track or "manufacturing", count)
