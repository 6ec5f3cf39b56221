"""Metrics against hand-computed values."""

import math

import pandas as pd
import pytest

from data_model import metrics


@pytest.mark.parametrize(("index", "expected"), [(1, 1 / 12), (6, 0.5), (7, 7 / 12), (12, 1.0)])
def test_expected_progress_is_the_share_of_quarters_elapsed(index, expected):
    assert metrics.expected_progress(index, 12) == pytest.approx(expected, abs=1e-12)


def test_expected_progress_outside_the_plan_is_an_error():
    with pytest.raises(ValueError):
        metrics.expected_progress(13, 12)


def test_completion_and_missing_targets():
    assert metrics.completion(412.0, 500.0) == 0.824
    assert math.isnan(metrics.completion(3.0, 0.0))
    assert list(metrics.completion([50.0, 0.0], [100.0, 20.0])) == [0.5, 0.0]


@pytest.mark.parametrize(
    ("completion", "expected", "status"),
    [
        (1.0, 0.5, "completed"),
        (1.3, 1.0, "completed"),
        (0.55, 0.5, "ahead"),  # +5 points exactly → ahead
        (0.5499, 0.5, "on_pace"),
        (0.45, 0.5, "on_pace"),  # −5 points exactly → on pace
        (0.4499, 0.5, "behind"),
        (0.35, 0.5, "behind"),  # −15 points exactly → behind
        (0.3499, 0.5, "serious"),
        (0.0, 0.25, "serious"),
        (float("nan"), 0.5, "no_target"),
    ],
)
def test_status_bands_at_their_edges(completion, expected, status):
    assert list(metrics.status_codes([completion], expected)) == [status]


@pytest.mark.parametrize(
    ("ratio", "verdict"),
    [
        (1.5, "on_track"),
        (0.95, "on_track"),
        (0.9499, "accelerate"),
        (0.6, "accelerate"),
        (0.5999, "limited"),
    ],
)
def test_verdicts(ratio, verdict):
    assert list(metrics.verdict_codes([ratio])) == [verdict]


def test_projection_continues_the_average_pace():
    assert metrics.projected(350.0, 7, 12) == 600.0


def test_progress_columns_worked_example():
    # 2021Q3 is quarter 7 of 12: 序时进度 7/12 = 0.5833.
    frame = pd.DataFrame({"target": [500.0, 200.0, 0.0], "cumulative": [412.0, 70.0, 3.0]})
    out = metrics.add_progress_columns(frame, 7, 12)
    assert out["completion"].round(4).tolist()[:2] == [0.824, 0.35]
    assert math.isnan(out["completion"][2])
    assert out["gap"].round(4).tolist()[:2] == [0.2407, -0.2333]
    assert out["projected"].round(2).tolist() == [706.29, 120.0, 5.14]
    assert out["required_pace"].round(2).tolist() == [17.6, 26.0, 0.0]
    assert out["status"].tolist() == ["ahead", "serious", "no_target"]
    assert out["status_label"].tolist() == ["超序时", "严重滞后", "无分解目标"]
    assert out["verdict"].tolist()[:2] == ["on_track", "accelerate"]  # 0.35 ÷ 7/12 = 0.6
    assert out["verdict_label"].tolist() == ["可按期完成", "需加快进度", ""]


def test_status_labels_and_colours_come_from_the_bands_file():
    scheme = metrics.status_scheme()
    assert [b.label for b in scheme.bands] == ["已完成", "超序时", "符合序时", "滞后", "严重滞后"]
    assert scheme.color("serious") == "#c8332b"


def test_expected_progress_array_is_one_share_per_quarter():
    assert metrics.expected_progress_array([3, 6, 12], 12).tolist() == [0.25, 0.5, 1.0]
    with pytest.raises(ValueError):
        metrics.expected_progress_array([1, 13], 12)


def test_add_progress_columns_takes_one_quarter_index_per_row():
    # Target 500 and cumulative 350 at quarter 7 of 12; target 100 and cumulative 30 at quarter 3;
    # target 80 and cumulative 90 in the last quarter (none remain).
    frame = pd.DataFrame({"target": [500.0, 100.0, 80.0], "cumulative": [350.0, 30.0, 90.0]})
    out = metrics.add_progress_columns(frame, [7, 3, 12], 12)
    assert out["expected"].tolist() == [7 / 12, 0.25, 1.0]
    assert out["completion"].tolist() == [0.7, 0.3, 1.125]
    assert out["gap"].round(4).tolist() == [0.1167, 0.05, 0.125]
    assert out["projected"].tolist() == [600.0, 120.0, 90.0]
    assert out["pace_ratio"].round(4).tolist() == [1.2, 1.2, 1.125]
    assert out["required_pace"].tolist()[:2] == [30.0, 70 / 9]
    assert math.isnan(out["required_pace"].iloc[2])
    assert out["status"].tolist() == ["ahead", "ahead", "completed"]
    assert out["verdict"].tolist() == ["on_track", "on_track", "on_track"]


def test_add_progress_columns_per_row_equals_one_quarter_at_a_time():
    frame = pd.DataFrame(
        {"target": [500.0, 100.0, 40.0, 80.0], "cumulative": [350.0, 30.0, 4.0, 90.0]}
    )
    indices = [7, 3, 5, 12]
    together = metrics.add_progress_columns(frame, indices, 12)
    one_by_one = pd.concat(
        [metrics.add_progress_columns(frame.iloc[[n]], q, 12) for n, q in enumerate(indices)]
    )
    pd.testing.assert_frame_equal(together, one_by_one, check_exact=True)


def test_add_progress_columns_wants_one_index_per_row():
    frame = pd.DataFrame({"target": [500.0, 100.0], "cumulative": [350.0, 30.0]})
    with pytest.raises(ValueError):
        metrics.add_progress_columns(frame, [7], 12)
