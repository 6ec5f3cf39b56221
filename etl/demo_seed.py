"""Seed the demo database through the real loaders, exactly as bureaus' files would arrive."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from data_model.allocation_rule import demo_allocation
from data_model.catalog import stored_plan
from data_model.db import read_session, write_session
from data_model.demo import demo_submissions, is_demo_database, mark_demo
from data_model.regions import region_by_code
from etl.allocation import load_allocation
from etl.quarterly import LoadRequest, load_file

DEADLINE_DAYS = 15


def _csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def allocation_csv(plan) -> bytes:
    """Return the demo allocation as a long CSV (地区, 指标代码, 目标)."""
    rows = [
        [region_by_code(city).name, indicator, value]
        for (indicator, city), value in demo_allocation(plan).items()
    ]
    return _csv_bytes(["地区", "指标代码", "目标"], rows)


def seed_demo(
    factory: sessionmaker[Session], plan_code: str, progress: Callable[[str], None] | None = None
) -> int:
    """Load demo targets and the demo history; return the number of submissions stored.

    Does nothing (returns 0) when the database already holds demo data.
    """
    with read_session(factory) as session:
        if is_demo_database(session):
            return 0
        plan, _ = stored_plan(session, plan_code)
    result = load_allocation(
        factory, plan_code, allocation_csv(plan), "演示分解目标.csv", "演示数据"
    )
    if result.status not in ("loaded", "already_loaded"):
        raise RuntimeError(f"demo allocation rejected: {[p.describe() for p in result.problems]}")
    stored = 0
    submissions = demo_submissions(plan)
    for number, item in enumerate(submissions, start=1):
        region = region_by_code(item.region_code).name
        rows = [[region, item.period, code, value] for code, value in item.values.items()]
        data = _csv_bytes(["地区", "季度", "指标代码", "本季度新增"], rows)
        request = LoadRequest(
            data=data,
            file_name=f"{region}-{item.period}-第{number}份.csv",
            actor=f"{region}工信局（演示）",
            channel="demo",
            approved=item.approved,
            deadline_days=DEADLINE_DAYS,
            at=item.at,
            is_demo=True,
        )
        outcome = load_file(factory, plan_code, request)
        if outcome.status != "loaded":
            raise RuntimeError(f"demo file rejected: {[p.describe() for p in outcome.problems]}")
        stored += len(outcome.submissions)
        if progress and number % 20 == 0:
            progress(f"{number}/{len(submissions)}")
    with write_session(factory) as session:
        mark_demo(session)
    return stored
