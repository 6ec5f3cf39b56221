"""Read the roster: each enterprise with its current tier, filtered and paged in SQL.

``ROSTER_COLUMNS`` documents the frames. An enterprise's tier is the highest step it reached:
national (a national little giant or 单项冠军) > provincial > pool; a pool firm whose current
出库 year is not before its 入库 year has ``left``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import case, func, literal, or_, select
from sqlalchemy.orm import Session

from data_model.enterprises.models import (
    CHAMPION,
    ENTERED_POOL,
    LEFT_POOL,
    NATIONAL_GIANT,
    PROVINCIAL,
    Enterprise,
    EnterpriseTierEvent,
)

ROSTER_COLUMNS = [
    "id",
    "credit_code",
    "name",
    "city_code",
    "county_code",
    "cluster",
    "enterprise_type",  # manufacturing | innovation
    "entered_pool_year",
    "provincial_year",
    "national_year",  # the earlier of the national little giant and 单项冠军 years
    "left_pool_year",
    "tier",  # national | provincial | pool | left | none
]
TIER_LABELS = {
    "national": "国家级",
    "provincial": "省级小巨人",
    "pool": "培育库",
    "left": "已出库",
    "none": "未入库",
}


@dataclass(frozen=True)
class RosterFilter:
    """What the roster page asks for; ``city_code`` is forced to a bureau's own city upstream."""

    city_code: str | None = None
    cluster: str | None = None
    tier: str | None = None
    enterprise_type: str | None = None
    text: str = ""  # part of the name or the credit code


def event_years():
    """Return a subquery: enterprise_id and the current year of each event kind."""
    events = EnterpriseTierEvent
    current = select(func.max(events.id)).group_by(events.enterprise_id, events.kind)

    def year_of(*kinds: str):
        return func.min(case((events.kind.in_(kinds), events.year)))

    return (
        select(
            events.enterprise_id,
            year_of(ENTERED_POOL).label("entered_pool_year"),
            year_of(PROVINCIAL).label("provincial_year"),
            year_of(NATIONAL_GIANT, CHAMPION).label("national_year"),
            year_of(LEFT_POOL).label("left_pool_year"),
        )
        .where(events.id.in_(current.scalar_subquery()))
        .group_by(events.enterprise_id)
        .subquery()
    )


def _status_query():
    years = event_years()
    tier = case(
        (years.c.national_year.is_not(None), literal("national")),
        (years.c.provincial_year.is_not(None), literal("provincial")),
        (
            years.c.left_pool_year.is_not(None)
            & (years.c.left_pool_year >= func.coalesce(years.c.entered_pool_year, 0)),
            literal("left"),
        ),
        (years.c.entered_pool_year.is_not(None), literal("pool")),
        else_=literal("none"),
    ).label("tier")
    query = select(
        Enterprise.id,
        Enterprise.credit_code,
        Enterprise.name,
        Enterprise.city_code,
        Enterprise.county_code,
        Enterprise.cluster,
        Enterprise.enterprise_type,
        years.c.entered_pool_year,
        years.c.provincial_year,
        years.c.national_year,
        years.c.left_pool_year,
        tier,
    ).outerjoin(years, years.c.enterprise_id == Enterprise.id)
    return query, tier


def _filtered(f: RosterFilter):
    query, tier = _status_query()
    if f.city_code:
        query = query.where(Enterprise.city_code == f.city_code)
    if f.cluster:
        query = query.where(Enterprise.cluster == f.cluster)
    if f.enterprise_type:
        query = query.where(Enterprise.enterprise_type == f.enterprise_type)
    if f.tier:
        query = query.where(tier == f.tier)
    text = f.text.strip()
    if text:
        query = query.where(
            or_(Enterprise.name.contains(text, autoescape=True), Enterprise.credit_code == text)
        )
    return query


def roster(session: Session, f: RosterFilter = RosterFilter()) -> pd.DataFrame:
    """Return ROSTER_COLUMNS for every enterprise matching ``f``, by credit code."""
    rows = session.execute(_filtered(f).order_by(Enterprise.credit_code)).all()
    return _frame(rows)


def roster_page(
    session: Session, f: RosterFilter, page: int, page_size: int = 50
) -> tuple[pd.DataFrame, int]:
    """Return (ROSTER_COLUMNS for page ``page`` counted from 0, the number of matching rows)."""
    query = _filtered(f)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(
        query.order_by(Enterprise.credit_code).offset(max(page, 0) * page_size).limit(page_size)
    ).all()
    return _frame(rows), int(total or 0)


def tier_breakdown(session: Session, by: str, f: RosterFilter = RosterFilter()) -> pd.DataFrame:
    """Return per ``by`` (city_code | cluster) the enterprises that ever reached each tier:
    columns ``by``, pool, provincial, national, left."""
    inner = _filtered(f).subquery()
    key = inner.c[by]
    query = select(
        key,
        func.count(inner.c.entered_pool_year).label("pool"),
        func.count(inner.c.provincial_year).label("provincial"),
        func.count(inner.c.national_year).label("national"),
        func.sum(case((inner.c.tier == "left", 1), else_=0)).label("left"),
    ).group_by(key)
    rows = session.execute(query.order_by(key)).all()
    frame = pd.DataFrame(rows, columns=[by, "pool", "provincial", "national", "left"])
    return frame.astype({c: int for c in ("pool", "provincial", "national", "left")})


def _frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=ROSTER_COLUMNS)
    for column in ("entered_pool_year", "provincial_year", "national_year", "left_pool_year"):
        frame[column] = frame[column].astype("Int64")
    return frame
