"""Tier counts from the roster, shaped like the quarterly values the progress frame sums.

The roster records tier events by year (a batch is announced once a year), so a year's new
enterprises are placed in the first quarter of that year: at any quarter of year Y the cumulative
count holds every enterprise that reached the tier in a plan year up to and including Y. Events
dated before the plan's start are not counted (the plan counts what was achieved during it), and
leaving the pool does not reduce ``pool_firms`` (the indicator counts enterprises that entered).
An enterprise that is both a national little giant and a 单项冠军 counts once, in the earlier year.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_model.catalog import stored_plan
from data_model.enterprises.models import Enterprise
from data_model.enterprises.roster import event_years
from data_model.periods import Quarter

ROSTER_INDICATORS = {
    "pool_firms": "entered_pool_year",
    "provincial_giants": "provincial_year",
    "national_giants": "national_year",
}
VALUE_COLUMNS = ["region_code", "indicator", "period", "value"]


def roster_tier_counts(session: Session, plan_code: str, quarter: Quarter) -> pd.DataFrame:
    """Return VALUE_COLUMNS: per city, tier indicator and plan quarter up to ``quarter``, the
    enterprises new to the tier in that quarter (a plan starting mid-year puts its first year's
    enterprises in its first quarter) (see the module docstring for the dating rule).

    Example: 3 Suzhou firms entering the pool in 2020 and 2 in 2021 give, for quarter 2021Q2,
    rows (320500, pool_firms, 2020Q1, 3) and (320500, pool_firms, 2021Q1, 2).
    """
    plan, _ = stored_plan(session, plan_code)
    years = event_years()
    frames = []
    for indicator, column in ROSTER_INDICATORS.items():
        year = years.c[column]
        query = (
            select(Enterprise.city_code, year, func.count())
            .join(years, years.c.enterprise_id == Enterprise.id)
            .where(year.is_not(None))
            .group_by(Enterprise.city_code, year)
        )
        rows = session.execute(query).all()
        frame = pd.DataFrame(rows, columns=["region_code", "year", "value"])
        frame["indicator"] = indicator
        frames.append(frame)
    counts = pd.concat(frames, ignore_index=True)
    first_quarter: dict[int, str] = {}
    for q in plan.quarters:
        if q <= quarter:
            first_quarter.setdefault(q.year, str(q))
    counts["period"] = counts["year"].map(lambda y: first_quarter.get(int(y)))
    counts = counts.dropna(subset=["period"])
    counts = counts.astype({"value": float})
    return counts[VALUE_COLUMNS].sort_values(VALUE_COLUMNS[:3]).reset_index(drop=True)


def roster_covers_plan(session: Session, plan_code: str) -> bool:
    """Return True when the roster holds an enterprise with a tier event in a plan year."""
    plan, _ = stored_plan(session, plan_code)
    return not roster_tier_counts(session, plan_code, plan.quarters[-1]).empty
