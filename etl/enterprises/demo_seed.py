"""Seed the demo roster through the real roster loader, then record the demo assessments."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from data_model.db import read_session, write_session
from data_model.enterprises.demo import demo_roster
from data_model.enterprises.models import Enterprise, EnterpriseAssessment
from etl.enterprises.columns import COLUMNS
from etl.enterprises.load import RosterRequest, RosterResult, load_roster

DEMO_FILE = "演示企业培育库.csv"


def roster_csv(rows: list[dict[str, object]]) -> bytes:
    """Return rows (keyed by column field) as a roster CSV with the template's headers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.header for c in COLUMNS])
    for row in rows:
        writer.writerow([row.get(c.field, "") for c in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def seed_demo_enterprises(factory: sessionmaker[Session]) -> RosterResult | None:
    """Load the demo roster and its assessments; return None when demo enterprises exist already."""
    with read_session(factory) as session:
        if session.scalar(select(func.count()).select_from(Enterprise).where(Enterprise.is_demo)):
            return None
    rows, assessments = demo_roster()
    request = RosterRequest(roster_csv(rows), DEMO_FILE, "演示数据", channel="demo", is_demo=True)
    result = load_roster(factory, request)
    if result.status != "loaded":
        raise RuntimeError(f"demo roster rejected: {[p.describe() for p in result.problems[:5]]}")
    with write_session(factory) as session:
        ids = dict(session.execute(select(Enterprise.credit_code, Enterprise.id)).all())
        now = datetime.now()
        session.execute(
            insert(EnterpriseAssessment),
            [
                {
                    "enterprise_id": ids[a.credit_code],
                    "criterion_key": a.criterion_key,
                    "met": a.met,
                    "assessor": a.assessor,
                    "assessed_on": a.assessed_on,
                    "note": "演示数据",
                    "recorded_at": now,
                }
                for a in assessments
            ],
        )
    return result
