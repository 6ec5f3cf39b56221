"""Completeness of reporting: for every city and quarter, where its figures stand.

A cell's ``state`` is the status of the newest revision (pending / returned / approved), or
``missing`` when nothing was sent. A cell is ``late`` when its first revision arrived after the
deadline (``is_late``; administrative loads, whose lateness is not judged, count as on time) or when
nothing has arrived and the deadline has passed. Per city, the on-time rate is the share of *due*
quarters (deadline before ``today``) whose first revision was on time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_model.schema import Submission

MISSING = "missing"
STATES = (MISSING, "pending", "returned", "approved")
STATE_LABELS = {MISSING: "未报送", "pending": "待审核", "returned": "已退回", "approved": "已通过"}
LATE_LABEL = "逾期"
SUBMISSION_COLUMNS = ["region_code", "period", "revision", "status", "is_late"]
MATRIX_COLUMNS = ["region_code", "period", "state", "late", "revisions", "due"]
SUMMARY_COLUMNS = ["region_code", *STATES, "late", "due", "on_time", "on_time_rate"]


def matrix(
    submissions: pd.DataFrame,
    region_codes: Sequence[str],
    deadlines: dict[str, date],
    today: date,
) -> pd.DataFrame:
    """Return MATRIX_COLUMNS, one row per region and quarter (``deadlines``: period → last day).

    ``submissions`` has SUBMISSION_COLUMNS. Example: a city whose 2021Q1 revision 1 (late) was
    returned and revision 2 is pending gives ``state="pending", late=True, revisions=2``.
    """
    rows = []
    grouped = {key: group for key, group in submissions.groupby(["region_code", "period"])}
    for region in region_codes:
        for period, last_day in deadlines.items():
            due = last_day < today
            group = grouped.get((region, period))
            if group is None or group.empty:
                rows.append((region, period, MISSING, due, 0, due))
                continue
            ordered = group.sort_values("revision")
            first_late = ordered["is_late"].iloc[0]
            late = bool(first_late) if first_late is not None and not pd.isna(first_late) else False
            rows.append((region, period, ordered["status"].iloc[-1], late, len(ordered), due))
    return pd.DataFrame(rows, columns=MATRIX_COLUMNS)


def summary(cells: pd.DataFrame) -> pd.DataFrame:
    """Return SUMMARY_COLUMNS per region: counts per state, late and due quarters, on-time rate."""
    rows = []
    for region, group in cells.groupby("region_code", sort=False):
        counts = group["state"].value_counts()
        due = group[group["due"]]
        on_time = int((~due["late"]).sum())
        rate = on_time / len(due) if len(due) else None
        rows.append(
            (
                region,
                *[int(counts.get(s, 0)) for s in STATES],
                int(group["late"].sum()),
                len(due),
                on_time,
                rate,
            )
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def submission_rows(session: Session, plan_id: int) -> pd.DataFrame:
    """Return SUBMISSION_COLUMNS for every submission of the plan."""
    rows = session.execute(
        select(
            Submission.region_code,
            Submission.period,
            Submission.revision,
            Submission.status,
            Submission.is_late,
        ).where(Submission.plan_id == plan_id)
    ).all()
    return pd.DataFrame(rows, columns=SUBMISSION_COLUMNS).astype({"is_late": object})
