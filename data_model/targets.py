"""City targets (分解目标): stored as append-only target sets; the latest set per indicator wins."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from data_model import audit
from data_model.schema import IndicatorRecord, TargetSet, TargetValue


def store_target_set(
    session: Session,
    plan_id: int,
    rows: pd.DataFrame,
    *,
    file_name: str,
    sha256: str,
    actor: str,
    note: str = "",
) -> TargetSet:
    """Store validated targets (columns ``indicator_id, region_code, value``) as a new set."""
    target_set = TargetSet(
        plan_id=plan_id,
        file_name=file_name,
        sha256=sha256,
        loaded_by=actor,
        loaded_at=datetime.now(),
        note=note,
    )
    session.add(target_set)
    session.flush()
    session.execute(
        insert(TargetValue),
        [
            {
                "target_set_id": target_set.id,
                "indicator_id": int(r.indicator_id),
                "region_code": r.region_code,
                "value": float(r.value),
            }
            for r in rows.itertuples()
        ],
    )
    audit.record(
        session,
        actor,
        "targets.load",
        "target_set",
        target_set.id,
        {"file": file_name, "sha256": sha256, "rows": len(rows)},
    )
    return target_set


def city_targets(session: Session, plan_id: int, as_of: datetime | None = None) -> pd.DataFrame:
    """Return the targets in force, columns ``indicator, region_code, target``.

    For each indicator, the newest target set (loaded at or before ``as_of``) that names it holds
    that indicator's targets for every city.
    """
    latest = (
        select(TargetValue.indicator_id, func.max(TargetSet.id).label("set_id"))
        .join(TargetSet, TargetSet.id == TargetValue.target_set_id)
        .where(TargetSet.plan_id == plan_id)
        .group_by(TargetValue.indicator_id)
    )
    if as_of is not None:
        latest = latest.where(TargetSet.loaded_at <= as_of)
    latest = latest.subquery()
    query = (
        select(
            IndicatorRecord.code.label("indicator"),
            TargetValue.region_code,
            TargetValue.value.label("target"),
        )
        .join(IndicatorRecord, IndicatorRecord.id == TargetValue.indicator_id)
        .join(
            latest,
            (latest.c.indicator_id == TargetValue.indicator_id)
            & (latest.c.set_id == TargetValue.target_set_id),
        )
    )
    rows = session.execute(query).all()
    return pd.DataFrame(rows, columns=["indicator", "region_code", "target"]).astype(
        {"target": float}
    )


def find_target_set(session: Session, plan_id: int, sha256: str) -> TargetSet | None:
    return session.scalar(
        select(TargetSet).where(TargetSet.plan_id == plan_id, TargetSet.sha256 == sha256)
    )
