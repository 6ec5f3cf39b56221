"""One enterprise in full, for its card: identity, tier history, figures and screening results."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_model.enterprises.models import EVENT_LABELS, Enterprise, EnterpriseTierEvent
from data_model.enterprises.reviews import (
    Screened,
    assessments_by_enterprise,
    figures_by_enterprise,
    screening_frame,
)
from data_model.enterprises.roster import RosterFilter, roster
from data_model.enterprises.screening import ScreeningResult, load_criteria, screen

HISTORY_COLUMNS = ["kind", "label", "year", "batch", "reason", "current"]


@dataclass(frozen=True)
class EnterpriseCard:
    enterprise: dict  # a ROSTER_COLUMNS row
    history: pd.DataFrame  # HISTORY_COLUMNS, oldest first; superseded rows have current False
    figures: pd.DataFrame  # one row per year, the current version's figures
    screening: dict[str, ScreeningResult]  # tier → result
    criteria_rows: pd.DataFrame  # reviews.SCREENING_COLUMNS for every tier


def enterprise_card(
    session: Session, credit_code: str, year: int, city_code: str | None = None
) -> EnterpriseCard | None:
    """Return the card of the enterprise, or None if it is unknown or outside ``city_code``."""
    found = roster(session, RosterFilter(city_code=city_code, text=credit_code))
    found = found[found["credit_code"] == credit_code]
    if found.empty:
        return None
    row = found.iloc[0].to_dict()
    enterprise_id = int(row["id"])
    events = session.execute(
        select(
            EnterpriseTierEvent.id,
            EnterpriseTierEvent.kind,
            EnterpriseTierEvent.year,
            EnterpriseTierEvent.batch,
            EnterpriseTierEvent.reason,
        )
        .join(Enterprise, Enterprise.id == EnterpriseTierEvent.enterprise_id)
        .where(Enterprise.id == enterprise_id)
        .order_by(EnterpriseTierEvent.year, EnterpriseTierEvent.id)
    ).all()
    history = pd.DataFrame(events, columns=["id", "kind", "year", "batch", "reason"])
    newest = history.groupby("kind")["id"].transform("max") if len(history) else history["id"]
    history["current"] = history["id"] == newest
    history["label"] = history["kind"].map(EVENT_LABELS)
    figures = figures_by_enterprise(session, [enterprise_id]).get(enterprise_id, {})
    assessments = assessments_by_enterprise(session, [enterprise_id]).get(enterprise_id)
    criteria = load_criteria()
    results = {
        tier: screen(row["enterprise_type"], tier, figures, year, assessments, criteria=criteria)
        for tier in ("pool", "provincial", "national")
    }
    rows = screening_frame([Screened(row, r) for r in results.values()], criteria)
    table = (
        pd.DataFrame([vars(f) for f in figures.values()]).sort_values("year")
        if figures
        else pd.DataFrame()
    )
    return EnterpriseCard(row, history[HISTORY_COLUMNS], table, results, rows)
