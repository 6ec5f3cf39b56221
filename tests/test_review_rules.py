"""Pure rules with literal numbers: implausible values, completeness, the reporting quarter, access."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from dashboard.auth.access import callback_allowed, path_allowed
from data_model import completeness, plausibility
from data_model.periods import Quarter, quarters_between, reporting_quarter


@pytest.mark.parametrize(
    "value, history, expected",
    [
        (30, [10, 12, 11, 13, 9], 19 / 1.4826),  # median 11, MAD 1
        (11, [10, 12, 11, 13, 9], 0.0),
        (5, [10, 12, 11], None),  # fewer than 4 earlier quarters: no judgement
        (9, [5, 5, 5, 6], 4 / (1.2533 * 0.25)),  # MAD 0: mean absolute deviation 0.25
        (5, [5, 5, 5, 5], 0.0),
        (7, [5, 5, 5, 5], math.inf),
    ],
)
def test_robust_z(value, history, expected):
    z = plausibility.robust_z(value, history)
    assert z == (expected if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    "value, flagged",
    [(16.1, False), (16.2, True), (5.9, False), (5.8, True)],  # 11 ± 3.5 × 1.4826 = 5.81 … 16.19
)
def test_threshold_is_three_and_a_half(value, flagged):
    assert plausibility.is_implausible(value, [10, 12, 11, 13, 9]) is flagged


def test_preview_marks_changes_and_warnings():
    clean = pd.DataFrame(
        {
            "row": [6, 7],
            "region_code": ["320100", "320100"],
            "period": ["2021Q1", "2021Q1"],
            "indicator": ["a", "b"],
            "value": [300.0, 4.0],
        }
    )
    history = pd.DataFrame(
        [
            ("320100", f"2020Q{q}", "a", v)
            for q, v in zip([1, 2, 3, 4], [10, 12, 11, 13], strict=True)
        ]
        + [("320100", "2021Q1", "b", 5.0), ("320200", "2020Q1", "a", 999.0)],
        columns=["region_code", "period", "indicator", "value"],
    )
    frame = plausibility.preview(clean, history, history)
    assert frame["previous"].tolist() == [None, 5.0]
    assert frame["changed"].tolist() == [False, True]
    assert frame["warning"].tolist()[0] == "与本市以往 4 个季度（中位数 11.5）相比异常，请核实"
    assert frame["warning"].tolist()[1] == ""


def _submissions(rows):
    return pd.DataFrame(rows, columns=completeness.SUBMISSION_COLUMNS).astype({"is_late": object})


def test_completeness_matrix_and_on_time_rate():
    deadlines = {
        "2021Q1": date(2021, 4, 15),
        "2021Q2": date(2021, 7, 15),
        "2021Q3": date(2021, 10, 15),
    }
    rows = [
        ("320100", "2021Q1", 1, "returned", True),
        ("320100", "2021Q1", 2, "pending", False),
        ("320100", "2021Q2", 1, "approved", False),
        ("320200", "2021Q1", 1, "approved", None),  # administrative load: lateness not judged
    ]
    cells = completeness.matrix(
        _submissions(rows), ["320100", "320200"], deadlines, date(2021, 8, 1)
    )
    assert cells.values.tolist() == [
        ["320100", "2021Q1", "pending", True, 2, True],
        ["320100", "2021Q2", "approved", False, 1, True],
        ["320100", "2021Q3", "missing", False, 0, False],
        ["320200", "2021Q1", "approved", False, 1, True],
        ["320200", "2021Q2", "missing", True, 0, True],
        ["320200", "2021Q3", "missing", False, 0, False],
    ]
    summary = completeness.summary(cells)
    assert summary.values.tolist() == [
        ["320100", 1, 1, 0, 1, 1, 2, 1, 0.5],
        ["320200", 2, 0, 0, 1, 1, 2, 1, 0.5],
    ]


def test_a_city_with_nothing_due_has_no_rate():
    cells = completeness.matrix(
        _submissions([]), ["320100"], {"2021Q3": date(2021, 10, 15)}, date(2021, 10, 1)
    )
    assert completeness.summary(cells)["on_time_rate"].tolist() == [None]


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2019, 6, 1), "2020Q1"),
        (date(2020, 3, 31), "2020Q1"),
        (date(2020, 4, 1), "2020Q1"),
        (date(2021, 10, 3), "2021Q3"),
        (date(2023, 1, 1), "2022Q4"),
        (date(2026, 11, 27), "2022Q4"),
    ],
)
def test_reporting_quarter(today, expected):
    quarters = quarters_between(date(2020, 1, 1), date(2022, 12, 31))
    assert reporting_quarter(quarters, today) == Quarter.parse(expected)


@pytest.mark.parametrize(
    "role, path, allowed",
    [
        ("leader", "/upload", False),
        ("bureau", "/upload", True),
        ("bureau", "/audit", False),
        ("bureau", "/admin/users", False),
        ("admin", "/admin/users", True),
        ("leader", "/uploads-elsewhere", True),
        ("bureau", "/download/audit.csv", False),
    ],
)
def test_path_rules(role, path, allowed):
    assert path_allowed(role, path) is allowed


def test_callbacks_are_judged_by_every_output_and_by_the_routed_path():
    body = {
        "outputs": [
            {"id": "x-a", "property": "children"},
            {"id": "review-b", "property": "children"},
        ]
    }
    assert not callback_allowed("leader", body)
    assert callback_allowed("admin", body)
    routed = {
        "outputs": [{"id": "_pages_content", "property": "children"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/audit"}],
    }
    assert not callback_allowed("bureau", routed)
    pattern = {"outputs": {"id": {"type": "users-row", "index": 3}, "property": "children"}}
    assert not callback_allowed("leader", pattern)
