"""The lists the office publishes each year, from one screening pass per table.

- ``leave``: pool firms (not yet provincial) that no longer meet Table 1 — candidates to leave
  the pool (取消入库资格). A firm is listed when a criterion is not met; missing data alone is not
  a reason to remove a firm, so those appear with verdict no_data only in the screening export.
- ``recommend``: pool firms that meet every criterion of Table 2 but are not yet certified
  provincial — candidates to recommend.
- ``national``: provincial little giants (not yet national) that meet Table 3's 小巨人 column.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from data_model.enterprises.roster import RosterFilter
from data_model.enterprises.roster_screening import screen_tables, screening_tables
from data_model.enterprises.screening import MET, NOT_MET
from data_model.regions import region_by_code

LIST_COLUMNS = [
    "credit_code",
    "name",
    "city",
    "cluster",
    "enterprise_type",
    "entered_pool_year",
    "provincial_year",
    "verdict",  # met | not_met
    "criteria_not_met",  # ids, comma separated (empty when all are met)
    "reasons",  # the thresholds not met, in Chinese
]
LISTS = {
    "leave": ("取消入库资格候选", "pool", ("pool",), NOT_MET),
    "recommend": ("推荐认定省级小巨人候选", "provincial", ("pool",), MET),
    "national": ("推荐申报国家级候选", "national", ("provincial",), MET),
}


def yearly_lists(
    session: Session, year: int, city_code: str | None = None
) -> dict[str, pd.DataFrame]:
    """Return list name (LISTS) → LIST_COLUMNS for ``year``'s figures, by credit code."""
    tables = screening_tables(session, RosterFilter(city_code=city_code))
    out = {}
    for name, (_, tier, tiers, wanted) in LISTS.items():
        screened = screen_tables(tables, tier, year, tiers=tiers)
        listed = screened.verdicts == wanted
        failed = [f for f, keep in zip(screened.not_met(), listed, strict=True) if keep]
        rows = screened.enterprises[listed].to_dict("records")
        out[name] = pd.DataFrame(
            [
                (
                    e["credit_code"],
                    e["name"],
                    region_by_code(e["city_code"]).name,
                    e["cluster"],
                    e["enterprise_type"],
                    e["entered_pool_year"],
                    e["provincial_year"],
                    wanted,
                    ",".join(c.criterion.id for c in f),
                    "；".join(c.threshold for c in f),
                )
                for e, f in zip(rows, failed, strict=True)
            ],
            columns=LIST_COLUMNS,
        )
    return out
