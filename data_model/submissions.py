"""Writing submissions: each (region, quarter) in an accepted file becomes a new revision.

Revision semantics (documented in the README):
- Revisions of one region and quarter are numbered 1, 2, 3 … in the order they arrive.
- For each indicator, the value that counts is the one in the highest-numbered revision that counts
  (approved; or, when pending figures are shown, approved or pending) and that contains the
  indicator. An indicator a revision leaves out therefore keeps its value from the earlier revision;
  to withdraw a figure, report 0.
- Nothing is updated or deleted: history is rebuilt with ``as_of`` (see ``queries``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, Table, func, insert, select
from sqlalchemy.orm import Session

from data_model.periods import Quarter
from data_model.schema import PeriodLock, Submission, SubmissionValue, Upload

APPROVED, PENDING, RETURNED = "approved", "pending", "returned"
STATUS_LABELS = {APPROVED: "已通过", PENDING: "待审核", RETURNED: "已退回"}


@dataclass(frozen=True)
class UploadInfo:
    file_name: str
    sha256: str
    size: int
    layout: str
    channel: str  # cli | web | api | demo
    actor: str
    at: datetime
    approved: bool  # administrative loads count as approved at once
    comment: str = ""
    is_demo: bool = False


@dataclass(frozen=True)
class StoredSubmission:
    id: int
    region_code: str
    period: str
    revision: int
    status: str


def deadline(quarter: Quarter, days_after_quarter_end: int) -> date:
    """Return the last day a quarter's figures count as on time.

    >>> deadline(Quarter(2021, 3), 15)
    datetime.date(2021, 10, 15)
    """
    return quarter.end + timedelta(days=days_after_quarter_end)


def find_upload(session: Session, plan_id: int, sha256: str) -> Upload | None:
    """Return the earlier accepted upload of the identical file, if any."""
    return session.scalar(
        select(Upload).where(Upload.plan_id == plan_id, Upload.sha256 == sha256).order_by(Upload.id)
    )


def locked_periods(session: Session, plan_id: int) -> set[str]:
    """Return the quarters whose latest lock event is ``lock``."""
    latest = (
        select(PeriodLock.period, func.max(PeriodLock.id).label("last_id"))
        .where(PeriodLock.plan_id == plan_id)
        .group_by(PeriodLock.period)
        .subquery()
    )
    rows = session.execute(
        select(PeriodLock.period, PeriodLock.action).join(latest, latest.c.last_id == PeriodLock.id)
    )
    return {period for period, action in rows if action == "lock"}


def store_submissions(
    session: Session,
    plan_id: int,
    info: UploadInfo,
    values: pd.DataFrame,
    deadline_days: int | None,
) -> list[StoredSubmission]:
    """Store one upload and one new revision per (region, period) in ``values``.

    ``values`` columns: region_code, period, indicator_id, value, cumulative (float or NaN), note,
    row. ``deadline_days`` None means lateness does not apply (administrative loads).
    """
    upload = Upload(
        plan_id=plan_id,
        file_name=info.file_name,
        sha256=info.sha256,
        size=info.size,
        layout=info.layout,
        channel=info.channel,
        uploaded_by=info.actor,
        uploaded_at=info.at,
        row_count=len(values),
        is_demo=info.is_demo,
    )
    session.add(upload)
    session.flush()
    keys = sorted(set(zip(values["region_code"], values["period"], strict=True)))
    revisions = _latest_revisions(session, plan_id, keys)
    status = APPROVED if info.approved else PENDING
    rows = [
        {
            "plan_id": plan_id,
            "upload_id": upload.id,
            "region_code": region_code,
            "period": period,
            "revision": revisions.get((region_code, period), 0) + 1,
            "status": status,
            "submitted_by": info.actor,
            "submitted_at": info.at,
            "is_late": None
            if deadline_days is None
            else info.at.date() > deadline(Quarter.parse(period), deadline_days),
            "comment": info.comment,
            "reviewed_by": info.actor if info.approved else None,
            "reviewed_at": info.at if info.approved else None,
            "review_comment": "",
        }
        for region_code, period in keys
    ]
    # Core inserts: an upload can hold thousands of submissions and 100,000 values.
    connection = session.connection()
    connection.execute(insert(Submission.__table__), rows)
    ids = {
        (region_code, period): id_
        for id_, region_code, period in connection.execute(
            select(Submission.id, Submission.region_code, Submission.period).where(
                Submission.upload_id == upload.id
            )
        )
    }
    submission_ids = [
        ids[key]
        for key in zip(values["region_code"].tolist(), values["period"].tolist(), strict=True)
    ]
    cumulative = [
        None if c != c else c for c in values["cumulative"].astype(float).tolist()
    ]  # NaN → NULL
    _insert_many(
        connection,
        SubmissionValue.__table__,
        ["submission_id", "indicator_id", "value", "cumulative_reported", "note", "source_row"],
        zip(
            submission_ids,
            values["indicator_id"].astype(int).tolist(),
            values["value"].astype(float).tolist(),
            cumulative,
            values["note"].astype(str).tolist(),
            values["row"].astype(int).tolist(),
            strict=True,
        ),
    )
    return [
        StoredSubmission(
            ids[(r["region_code"], r["period"])],
            r["region_code"],
            r["period"],
            r["revision"],
            status,
        )
        for r in rows
    ]


def _insert_many(connection: Connection, table: Table, columns: list[str], rows) -> None:
    """Insert many rows through the driver's executemany, skipping per-row SQL compilation."""
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"
    connection.exec_driver_sql(sql, list(rows))


def _latest_revisions(
    session: Session, plan_id: int, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    periods = sorted({period for _, period in keys})
    rows = session.execute(
        select(Submission.region_code, Submission.period, func.max(Submission.revision))
        .where(Submission.plan_id == plan_id, Submission.period.in_(periods))
        .group_by(Submission.region_code, Submission.period)
    )
    return {(region, period): revision for region, period, revision in rows}
