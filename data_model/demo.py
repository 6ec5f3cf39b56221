"""Deterministic, plausible demo data: a 12-quarter history for the 13 cities.

Cities move at different paces (a few ahead, a few behind, 宿迁 slow for two years then catching
up), with seasonality (Q1 quiet, Q4 busy), indicator-wide differences, and a few corrected
revisions. Everything seeded is marked as demo data (``app_setting.demo_data``).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_model.allocation_rule import demo_allocation
from data_model.plan_catalog import Plan
from data_model.regions import cities
from data_model.schema import AppSetting

SEASONALITY = (0.6, 1.0, 1.0, 1.4)  # Q1..Q4, mean 1
# City code → pace over the plan (1 = exactly on target); 宿迁 is slow, then catches up.
CITY_PACE = {
    "320100": 1.18,
    "320200": 1.10,
    "320300": 0.86,
    "320400": 1.04,
    "320500": 1.25,
    "320600": 1.00,
    "320700": 0.74,
    "320800": 0.68,
    "320900": 0.92,
    "321000": 0.97,
    "321100": 0.90,
    "321200": 1.02,
    "321300": 1.00,
}
LATE_STARTER, LATE_START_QUARTER = "321300", 9
DEMO_SETTING = "demo_data"


@dataclass(frozen=True)
class DemoSubmission:
    region_code: str
    period: str
    at: datetime
    values: dict[str, float]  # indicator code → new this quarter
    approved: bool = True


def _rng(*keys: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("|".join(map(str, keys)).encode()))


def _pace_profile(city: str, quarters: int) -> np.ndarray:
    if city != LATE_STARTER:
        return np.full(quarters, CITY_PACE[city])
    slow = LATE_START_QUARTER - 1
    early, late = 0.55, (quarters * CITY_PACE[city] - slow * 0.55) / (quarters - slow)
    return np.array([early] * slow + [late] * (quarters - slow))


def demo_history(plan: Plan) -> pd.DataFrame:
    """Return columns region_code, indicator, period, value (new in the quarter) for every city."""
    allocation = demo_allocation(plan)
    quarters = plan.quarters
    n = len(quarters)
    season = np.array([SEASONALITY[q.quarter - 1] for q in quarters])
    rows = []
    for indicator in plan.indicators:
        indicator_factor = _rng("indicator", indicator.code).uniform(0.78, 1.12)
        for city in cities():
            rng = _rng(city.code, indicator.code)
            pace = _pace_profile(city.code, n) * indicator_factor
            noise = rng.lognormal(0.0, 0.18, n)
            flow = allocation[(indicator.code, city.code)] / n * pace * season * noise
            cumulative = np.cumsum(flow)
            step = 1.0 if indicator.is_count else 0.1
            rounded = np.round(cumulative / step) * step
            new = np.diff(np.concatenate([[0.0], rounded])).round(4)
            rows += [
                (city.code, indicator.code, str(q), float(v))
                for q, v in zip(quarters, new, strict=True)
            ]
    return pd.DataFrame(rows, columns=["region_code", "indicator", "period", "value"])


def demo_submissions(plan: Plan) -> list[DemoSubmission]:
    """Return the demo submissions in the order they arrive, corrections included.

    Three city-quarters first arrive with a slip (one figure ten times too big, or a figure
    missing), then a corrected revision follows a few days later; the last quarter of 宿迁 has a
    correction still awaiting review.
    """
    history = demo_history(plan)
    submissions = []
    corrections = {("320700", "2021Q2"), ("320300", "2020Q4"), ("321000", "2022Q1")}
    for (city, period), group in history.groupby(["region_code", "period"], sort=True):
        values = dict(zip(group["indicator"], group["value"], strict=True))
        quarter = next(q for q in plan.quarters if str(q) == period)
        rng = _rng("when", city, period)
        days = int(rng.integers(4, 15)) if rng.random() > 0.08 else int(rng.integers(16, 26))
        at = datetime.combine(
            quarter.end + timedelta(days=days), time(9 + int(rng.integers(0, 8)), 30)
        )
        if (city, period) in corrections:
            slipped = dict(values)
            slipped["patents"] = values["patents"] * 10
            submissions.append(DemoSubmission(city, period, at, slipped))
            at += timedelta(days=3)
        submissions.append(DemoSubmission(city, period, at, values))
    last = str(plan.quarters[-1])
    pending = next(s for s in submissions if s.region_code == LATE_STARTER and s.period == last)
    corrected = dict(pending.values)
    corrected["talent_trained"] = corrected["talent_trained"] + 40
    submissions.append(
        DemoSubmission(
            LATE_STARTER, last, pending.at + timedelta(days=5), corrected, approved=False
        )
    )
    return sorted(submissions, key=lambda s: s.at)


def is_demo_database(session: Session) -> bool:
    """Return True when demo data has been seeded into this database."""
    return session.scalar(select(AppSetting.value).where(AppSetting.key == DEMO_SETTING)) == "1"


def mark_demo(session: Session) -> None:
    if session.get(AppSetting, DEMO_SETTING) is None:
        session.add(AppSetting(key=DEMO_SETTING, value="1"))
