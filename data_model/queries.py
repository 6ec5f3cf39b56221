"""Read queries returning DataFrames with documented columns (never ORM objects)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from data_model.enterprises.models import EnterpriseImport, EnterpriseTierEvent
from data_model.schema import (
    IndicatorRecord,
    PlanRecord,
    Submission,
    SubmissionValue,
    TargetSet,
)
from data_model.submissions import APPROVED, PENDING

VALUE_COLUMNS = [
    "region_code",
    "period",
    "indicator",
    "value",
    "submission_id",
    "revision",
    "status",
    "submitted_by",
    "submitted_at",
    "source_row",
]


def counted_values(
    session: Session,
    plan_id: int,
    *,
    as_of: datetime | None = None,
    include_pending: bool = False,
) -> pd.DataFrame:
    """Return the value that counts for each (region, quarter, indicator), columns VALUE_COLUMNS.

    A value counts when its submission was approved (by ``as_of``, if given) — or, with
    ``include_pending``, is awaiting review at that moment. The highest counted revision that
    contains an indicator supplies its value; ``status`` is that submission's status at ``as_of``.
    """
    counted = _counted_condition(as_of, include_pending)
    ranked = (
        select(
            Submission.region_code,
            Submission.period,
            IndicatorRecord.code.label("indicator"),
            SubmissionValue.value,
            Submission.id.label("submission_id"),
            Submission.revision,
            _status_at(as_of).label("status"),
            Submission.submitted_by,
            Submission.submitted_at,
            SubmissionValue.source_row,
            func.row_number()
            .over(
                partition_by=(
                    Submission.region_code,
                    Submission.period,
                    SubmissionValue.indicator_id,
                ),
                order_by=Submission.revision.desc(),
            )
            .label("newest"),
        )
        .join(Submission, Submission.id == SubmissionValue.submission_id)
        .join(IndicatorRecord, IndicatorRecord.id == SubmissionValue.indicator_id)
        .where(Submission.plan_id == plan_id, counted)
        .subquery()
    )
    rows = session.execute(
        select(*[ranked.c[name] for name in VALUE_COLUMNS]).where(ranked.c.newest == 1)
    ).all()
    frame = pd.DataFrame(rows, columns=VALUE_COLUMNS)
    return frame.astype({"value": float})


def _counted_condition(as_of: datetime | None, include_pending: bool):
    if as_of is None:
        statuses = [APPROVED, PENDING] if include_pending else [APPROVED]
        return Submission.status.in_(statuses)
    approved_by_then = and_(Submission.status == APPROVED, Submission.reviewed_at <= as_of)
    condition = and_(Submission.submitted_at <= as_of, approved_by_then)
    if include_pending:
        undecided_then = or_(Submission.reviewed_at.is_(None), Submission.reviewed_at > as_of)
        condition = and_(Submission.submitted_at <= as_of, or_(approved_by_then, undecided_then))
    return condition


def _status_at(as_of: datetime | None):
    if as_of is None:
        return Submission.status
    return case(
        (
            and_(Submission.reviewed_at.is_not(None), Submission.reviewed_at <= as_of),
            Submission.status,
        ),
        else_=PENDING,
    )


def latest_values(session: Session, plan_id: int) -> pd.DataFrame:
    """Return the newest non-returned value per (region, quarter, indicator): the bureau's view.

    Used to cross-check reported 累计 figures; columns as ``counted_values``.
    """
    return counted_values(session, plan_id, include_pending=True)


def data_version(session: Session, plan_id: int) -> tuple:
    """Return a stamp that changes whenever anything progress figures depend on changes.

    Submissions and their values are only ever added, and a review decision sets ``status`` and
    ``reviewed_at``; target sets and roster imports are added, never edited. So the stamp is:
    the plan file's hash; the newest submission id with the counts of approved and reviewed
    submissions and the latest review time; the newest target set; and the roster's newest import,
    newest tier event and tier-event count. A few aggregate reads, cheap next to the figures.
    """
    plan_hash = session.scalar(select(PlanRecord.sha256).where(PlanRecord.id == plan_id))
    submissions = session.execute(
        select(
            func.max(Submission.id),
            func.count(case((Submission.status == APPROVED, 1))),
            func.count(Submission.reviewed_at),
            func.max(Submission.reviewed_at),
        ).where(Submission.plan_id == plan_id)
    ).one()
    target_set = session.scalar(select(func.max(TargetSet.id)).where(TargetSet.plan_id == plan_id))
    roster = session.execute(
        select(
            select(func.max(EnterpriseImport.id)).scalar_subquery(),
            select(func.max(EnterpriseTierEvent.id)).scalar_subquery(),
            select(func.count(EnterpriseTierEvent.id)).scalar_subquery(),
        )
    ).one()
    return (plan_hash, *submissions, target_set, *roster)
