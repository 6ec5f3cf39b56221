"""Reviewing submissions (approve / return), locking quarters, and tracing where a number came from.

The review decision is the one in-place change the schema allows (pending → approved | returned);
locks are append-only events. Everything here is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_model import audit
from data_model.queries import counted_values
from data_model.schema import PeriodLock, Submission, Upload
from data_model.submissions import APPROVED, PENDING, RETURNED, STATUS_LABELS, locked_periods

SUBMISSION_COLUMNS = [
    "id",
    "region_code",
    "period",
    "revision",
    "status",
    "status_label",
    "submitted_by",
    "submitted_at",
    "is_late",
    "comment",
    "reviewed_by",
    "reviewed_at",
    "review_comment",
    "file_name",
    "channel",
]


class ReviewError(ValueError):
    """A review or lock request that cannot be done; the message is for the user (Chinese).

    ``code``: not_found | not_pending | comment_required | same_state.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def submissions(
    session: Session,
    plan_id: int,
    region_codes: Iterable[str] | None = None,
    period: str | None = None,
    status: str | None = None,
    ids: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Return SUBMISSION_COLUMNS, newest first, limited to ``region_codes`` when given."""
    query = (
        select(Submission, Upload.file_name, Upload.channel)
        .join(Upload, Upload.id == Submission.upload_id)
        .where(Submission.plan_id == plan_id)
        .order_by(Submission.submitted_at.desc(), Submission.id.desc())
    )
    if region_codes is not None:
        query = query.where(Submission.region_code.in_(list(region_codes)))
    if period:
        query = query.where(Submission.period == period)
    if status:
        query = query.where(Submission.status == status)
    if ids is not None:
        query = query.where(Submission.id.in_(list(ids)))
    rows = [
        (
            s.id,
            s.region_code,
            s.period,
            s.revision,
            s.status,
            STATUS_LABELS.get(s.status, s.status),
            s.submitted_by,
            s.submitted_at,
            s.is_late,
            s.comment,
            s.reviewed_by,
            s.reviewed_at,
            s.review_comment,
            file_name,
            channel,
        )
        for s, file_name, channel in session.execute(query)
    ]
    return pd.DataFrame(rows, columns=SUBMISSION_COLUMNS).astype({"is_late": object})


def decide(
    session: Session,
    submission_id: int,
    decision: str,
    actor: str,
    comment: str = "",
    source: str = "",
) -> str:
    """Approve or return a pending submission; return its region code.

    ``decision`` is ``approved`` or ``returned``; a return needs a comment saying why.
    """
    if decision not in (APPROVED, RETURNED):
        raise ValueError(decision)
    submission = session.get(Submission, submission_id, with_for_update=True)
    if submission is None:
        raise ReviewError("not_found", f"报送 {submission_id} 不存在")
    if submission.status != PENDING:
        raise ReviewError(
            "not_pending",
            f"报送 {submission_id} 当前为“{STATUS_LABELS[submission.status]}”，只能审核待审核的报送",
        )
    if decision == RETURNED and not comment.strip():
        raise ReviewError("comment_required", "退回时请填写退回原因")
    submission.status = decision
    submission.reviewed_by = actor
    submission.reviewed_at = datetime.now()
    submission.review_comment = comment.strip()
    audit.record(
        session,
        actor,
        "submission.approve" if decision == APPROVED else "submission.return",
        "submission",
        submission_id,
        {
            "region": submission.region_code,
            "period": submission.period,
            "revision": submission.revision,
            "comment": comment.strip(),
        },
        source,
    )
    return submission.region_code


def set_lock(
    session: Session, plan_id: int, period: str, lock: bool, actor: str, note: str = "", source=""
) -> None:
    """Lock or unlock a quarter (an appended event), unless it already is in that state."""
    locked = period in locked_periods(session, plan_id)
    if locked == lock:
        raise ReviewError("same_state", f"{period} 已{'锁定' if lock else '解锁'}")
    action = "lock" if lock else "unlock"
    session.add(
        PeriodLock(
            plan_id=plan_id, period=period, action=action, actor=actor, at=datetime.now(), note=note
        )
    )
    audit.record(session, actor, f"period.{action}", "period", period, {"note": note}, source)


def provenance(
    session: Session,
    plan_id: int,
    region_code: str,
    period: str,
    indicator: str,
    include_pending: bool = False,
) -> dict | None:
    """Return where the counted value of one region, quarter and indicator came from, or None.

    Keys: value, submission_id, revision, status, submitted_by, submitted_at, source_row,
    file_name, sha256, channel, uploaded_by.
    """
    values = counted_values(session, plan_id, include_pending=include_pending)
    hit = values[
        (values["region_code"] == region_code)
        & (values["period"] == period)
        & (values["indicator"] == indicator)
    ]
    if hit.empty:
        return None
    row = hit.iloc[0].to_dict()
    upload = session.scalar(
        select(Upload)
        .join(Submission, Submission.upload_id == Upload.id)
        .where(Submission.id == int(row["submission_id"]))
    )
    row.update(
        file_name=upload.file_name,
        sha256=upload.sha256,
        channel=upload.channel,
        uploaded_by=upload.uploaded_by,
    )
    return row
