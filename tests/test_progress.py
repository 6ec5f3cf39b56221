"""Progress over the demo data: province = sum of cities, revisions, determinism, the demo marker."""

from datetime import timedelta

import pandas as pd
import pytest
from sqlalchemy import select
from tests_paths import PLAN_FILE

from data_model.db import read_session
from data_model.demo import demo_history, is_demo_database
from data_model.periods import Quarter
from data_model.plan_catalog import load_plan_file
from data_model.progress import (
    PROGRESS_COLUMNS,
    DataView,
    cumulative_by_quarter,
    load_progress_inputs,
    progress,
    progress_frame,
    progress_history,
)
from data_model.schema import Submission

PLAN = "qianqi-2020-2022"


def test_progress_frame_worked_example():
    plan = load_plan_file(PLAN_FILE)
    values = pd.DataFrame(
        {
            "region_code": ["320100", "320100", "320500"],
            "period": ["2020Q1", "2020Q3", "2020Q2"],
            "indicator": ["tech_centers"] * 3,
            "value": [10.0, 5.0, 20.0],
        }
    )
    cumulative = cumulative_by_quarter(values, plan)
    targets = pd.DataFrame(
        {
            "indicator": ["tech_centers"] * 2,
            "region_code": ["320100", "320500"],
            "target": [60.0, 0.0],
        }
    )
    frame = progress_frame(cumulative, targets, plan, Quarter(2020, 3))
    assert list(frame.columns) == PROGRESS_COLUMNS
    tech = frame[frame.indicator == "tech_centers"].set_index("region_code")
    assert tech.loc["320000", ["this_quarter", "cumulative", "target"]].tolist() == [
        5.0,
        35.0,
        500.0,
    ]
    assert tech.loc["320000", "completion"] == pytest.approx(0.07)
    assert tech.loc["320100", ["cumulative", "completion", "expected", "status"]].tolist() == [
        15.0,
        0.25,
        0.25,
        "on_pace",
    ]
    assert tech.loc["320500", "status"] == "no_target"
    assert tech.loc["320300", ["cumulative", "status"]].tolist() == [0.0, "no_target"]
    assert frame.iloc[0]["region"] == "江苏省"
    assert len(frame) == 26 * 14


def test_demo_history_is_deterministic_and_plausible():
    plan = load_plan_file(PLAN_FILE)
    first, second = demo_history(plan), demo_history(plan)
    pd.testing.assert_frame_equal(first, second)
    assert (first["value"] >= 0).all()
    totals = first.groupby("indicator")["value"].sum()
    assert totals["provincial_giants"] == 1074.0
    assert totals["pool_firms"] == 10673.0


def test_province_is_the_sum_of_its_cities(demo_db):
    with read_session(demo_db.sessions) as session:
        frame = progress(session, PLAN, Quarter(2021, 3))
        assert is_demo_database(session)
    province = frame[frame.level == "province"].set_index("indicator")["cumulative"]
    cities = frame[frame.level == "city"].groupby("indicator")["cumulative"].sum()
    pd.testing.assert_series_equal(province.sort_index(), cities.sort_index(), check_names=False)
    assert frame[frame.level == "city"]["region_code"].nunique() == 13


def test_demo_revisions_and_pending_correction(demo_db):
    with read_session(demo_db.sessions) as session:
        revisions = session.execute(
            select(Submission.revision, Submission.submitted_at)
            .where(Submission.region_code == "320700", Submission.period == "2021Q2")
            .order_by(Submission.revision)
        ).all()
        before_fix = revisions[1].submitted_at - timedelta(seconds=1)
        approved = progress(session, PLAN, Quarter(2022, 4))
        pending = progress(session, PLAN, Quarter(2022, 4), DataView(include_pending=True))
        slipped = progress(session, PLAN, Quarter(2021, 2), DataView(as_of=before_fix))
        corrected = progress(session, PLAN, Quarter(2021, 2))

    def pick(frame, region, indicator):
        return frame[(frame.region_code == region) & (frame.indicator == indicator)][
            "this_quarter"
        ].iloc[0]

    assert [r.revision for r in revisions] == [1, 2]
    # 连云港's 2021Q2 patents first arrived ten times too big, then were corrected.
    assert pick(corrected, "320700", "patents") > 0
    assert pick(slipped, "320700", "patents") == 10 * pick(corrected, "320700", "patents")
    # 宿迁's last-quarter correction adds 40 people trained and is still awaiting review.
    assert (
        pick(pending, "321300", "talent_trained") - pick(approved, "321300", "talent_trained") == 40
    )


def test_frames_equal_the_per_quarter_frames_exactly(demo_db):
    with read_session(demo_db.sessions) as session:
        inputs = load_progress_inputs(session, PLAN)
    quarters = list(inputs.plan.quarters)
    expected = pd.concat([inputs.frame(q) for q in quarters], ignore_index=True)
    pd.testing.assert_frame_equal(inputs.frames(quarters), expected, check_exact=True)


def test_frames_keep_the_order_the_quarters_are_given_in(demo_db):
    with read_session(demo_db.sessions) as session:
        inputs = load_progress_inputs(session, PLAN)
    quarters = [Quarter(2021, 3), Quarter(2020, 1)]
    expected = pd.concat([inputs.frame(q) for q in quarters], ignore_index=True)
    pd.testing.assert_frame_equal(inputs.frames(quarters), expected, check_exact=True)


def test_progress_history_is_every_quarter_up_to_until(demo_db):
    with read_session(demo_db.sessions) as session:
        history = progress_history(session, PLAN, until=Quarter(2020, 4))
        inputs = load_progress_inputs(session, PLAN)
    expected = pd.concat([inputs.frame(Quarter(2020, q)) for q in range(1, 5)], ignore_index=True)
    pd.testing.assert_frame_equal(history, expected, check_exact=True)
