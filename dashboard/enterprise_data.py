"""The enterprise page's data functions: plain, testable with a session and an identity.

Bureaus see only their own city: every function takes the identity and filters on the server.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.auth.identity import Identity
from dashboard.exports.enterprise_lists import TYPE_LABELS, scope_city
from data_model.catalog import stored_plan
from data_model.enterprises.roster import TIER_LABELS, RosterFilter, roster_page, tier_breakdown
from data_model.regions import region_by_code

PAGE_SIZE = 50
TIER_INDICATORS = (
    ("pool", "pool_firms", "培育库入库"),
    ("provincial", "provincial_giants", "省级小巨人"),
    ("national", "national_giants", "国家级"),
)


def scoped_filter(
    identity: Identity | None, city=None, cluster=None, tier=None, kind=None, text=""
) -> RosterFilter:
    """Return the filter to run: a bureau's own city always replaces the chosen one."""
    return RosterFilter(
        scope_city(identity) or city or None,
        cluster or None,
        tier or None,
        kind or None,
        text or "",
    )


def grid_page(
    session: Session, identity: Identity | None, f: RosterFilter, page: int
) -> tuple[list[dict], int]:
    """Return (grid rows for page ``page`` counted from 0, matching total), scoped to ``identity``."""
    f = scoped_filter(identity, f.city_code, f.cluster, f.tier, f.enterprise_type, f.text)
    frame, total = roster_page(session, f, page, PAGE_SIZE)
    rows = [
        {
            "credit_code": r["credit_code"],
            "name": r["name"],
            "city": region_by_code(r["city_code"]).name,
            "cluster": r["cluster"],
            "type": TYPE_LABELS.get(r["enterprise_type"], r["enterprise_type"]),
            "tier": TIER_LABELS[r["tier"]],
            **{
                k: None if pd.isna(r[k]) else int(r[k])
                for k in ("entered_pool_year", "provincial_year", "national_year")
            },
        }
        for r in frame.astype(object).to_dict("records")
    ]
    return rows, total


def summary(session: Session, identity: Identity | None, city: str | None, plan_code: str) -> dict:
    """Return the funnel counts and targets and the breakdowns by city and cluster."""
    f = scoped_filter(identity, city)
    plan, _ = stored_plan(session, plan_code)
    targets = {i.code: i.target for i in plan.indicators}
    by_city = tier_breakdown(session, "city_code", f)
    totals = by_city[["pool", "provincial", "national"]].sum()
    funnel = [
        (label, int(totals[tier]), targets.get(code)) for tier, code, label in TIER_INDICATORS
    ]
    return {
        "funnel": funnel,
        "by_city": by_city,
        "by_cluster": tier_breakdown(session, "cluster", f),
    }
