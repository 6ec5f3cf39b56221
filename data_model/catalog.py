"""Put reference data into the database: regions and plan definitions (idempotent)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_model import audit
from data_model.plan_catalog import Plan, available_plan_files, load_plan_file, parse_plan
from data_model.regions import all_regions
from data_model.schema import IndicatorRecord, PlanRecord, RegionRecord


def sync_regions(session: Session) -> int:
    """Insert the regions that are missing; return how many were added."""
    existing = set(session.scalars(select(RegionRecord.code)))
    added = 0
    for region in all_regions():
        if region.code in existing:
            continue
        session.add(
            RegionRecord(
                code=region.code,
                name=region.name,
                level=region.level,
                parent_code=region.parent_code,
                kind=region.kind,
                position=region.position,
            )
        )
        added += 1
    session.flush()
    return added


def sync_plan(session: Session, plan: Plan, definition: str, actor: str = "system") -> PlanRecord:
    """Store ``plan`` (or bring a stored plan of the same code up to date); return its record.

    A changed plan file is recorded in the audit log with the old and new province targets, so a
    target change is never silent.
    """
    record = session.scalar(select(PlanRecord).where(PlanRecord.code == plan.code))
    now = datetime.now()
    if record is None:
        record = PlanRecord(
            code=plan.code,
            name=plan.name,
            start_date=plan.start,
            end_date=plan.end,
            definition=definition,
            sha256=plan.sha256,
            loaded_at=now,
        )
        session.add(record)
        session.flush()
        audit.record(session, actor, "plan.load", "plan", plan.code, {"sha256": plan.sha256})
    elif record.sha256 != plan.sha256:
        old = parse_plan(record.definition)
        changes = {
            i.code: {"old": old_targets.get(i.code), "new": i.target}
            for old_targets in [{o.code: o.target for o in old.indicators}]
            for i in plan.indicators
            if old_targets.get(i.code) != i.target
        }
        record.name, record.start_date, record.end_date = plan.name, plan.start, plan.end
        record.definition, record.sha256, record.loaded_at = definition, plan.sha256, now
        audit.record(
            session,
            actor,
            "plan.update",
            "plan",
            plan.code,
            {"sha256_old": old.sha256, "sha256": plan.sha256, "target_changes": changes},
        )
    _sync_indicators(session, record, plan)
    return record


def _sync_indicators(session: Session, record: PlanRecord, plan: Plan) -> None:
    stored = {
        i.code: i
        for i in session.scalars(
            select(IndicatorRecord).where(IndicatorRecord.plan_id == record.id)
        )
    }
    for position, indicator in enumerate(plan.indicators):
        row = stored.get(indicator.code)
        if row is None:
            row = IndicatorRecord(plan_id=record.id, code=indicator.code)
            session.add(row)
        row.name, row.unit, row.target, row.position = (
            indicator.name,
            indicator.unit,
            indicator.target,
            position,
        )
    session.flush()


def sync_reference_data(session: Session, actor: str = "system") -> list[str]:
    """Store the regions and every plan file shipped with the app; return the plan codes."""
    sync_regions(session)
    codes = []
    for path in available_plan_files():
        definition = path.read_text(encoding="utf-8")
        plan = load_plan_file(path)
        sync_plan(session, plan, definition, actor)
        codes.append(plan.code)
    return codes


def stored_plan(session: Session, code: str) -> tuple[Plan, PlanRecord]:
    """Return the plan with ``code`` as stored in the database, and its record."""
    record = session.scalar(select(PlanRecord).where(PlanRecord.code == code))
    if record is None:
        raise LookupError(f"数据库中没有计划 {code}，请先运行 flask init-db")
    return parse_plan(record.definition), record


def indicator_ids(session: Session, plan_id: int) -> dict[str, int]:
    """Return indicator code → database id for a stored plan."""
    rows = session.execute(
        select(IndicatorRecord.code, IndicatorRecord.id).where(IndicatorRecord.plan_id == plan_id)
    )
    return {code: id_ for code, id_ in rows}
