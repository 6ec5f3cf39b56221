"""Screen the whole roster column-wise: the yearly lists' and the screening export's engine.

Fetches the roster, the current figures and the current assessments as three frames (no
EnterpriseYear objects), derives every figure column-wise (``figure_table``) and evaluates each
rule over whole columns (``bulk_screening``). ``screening.screen`` stays the reference; a test
holds both to the same results for every enterprise, criterion and tier of the demo roster.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_model.enterprises.bulk_screening import (
    ASSESSMENT_COLUMNS,
    NOT_MET_CODE,
    RESULT_WORDS,
    Columns,
    CriterionColumn,
    evaluate_columns,
    verdict_codes,
)
from data_model.enterprises.figure_table import figure_table
from data_model.enterprises.models import EnterpriseAssessment
from data_model.enterprises.reviews import SCREENING_COLUMNS, value_text
from data_model.enterprises.roster import RosterFilter, roster
from data_model.enterprises.screening import Compare, Criteria, load_criteria
from data_model.enterprises.store import latest_years

# Up to this many enterprises an IN list beats reading every figure row (cf. figures_by_enterprise).
_IN_LIST_LIMIT = 500


@dataclass(frozen=True)
class ScreeningTables:
    """What screening the roster needs, as frames from a few bulk queries: the roster rows
    (ROSTER_COLUMNS), their current figures (``store.latest_years``), their current
    assessments (ASSESSMENT_COLUMNS) and the parsed criteria."""

    enterprises: pd.DataFrame
    years: pd.DataFrame
    assessments: pd.DataFrame
    criteria: Criteria


def screening_tables(session: Session, f: RosterFilter | None = None) -> ScreeningTables:
    """Return the ScreeningTables for the enterprises matching ``f`` (default: all)."""
    enterprises = roster(session, f or RosterFilter())
    ids = enterprises["id"].tolist()
    years = latest_years(session, ids if len(ids) <= _IN_LIST_LIMIT else None)
    years = years[years["enterprise_id"].isin(ids)]
    return ScreeningTables(enterprises, years, assessment_table(session, ids), load_criteria())


def assessment_table(session: Session, enterprise_ids: Iterable[int]) -> pd.DataFrame:
    """Return ASSESSMENT_COLUMNS: the current (newest) assessment per enterprise and key."""
    table = EnterpriseAssessment
    newest = select(func.max(table.id)).group_by(table.enterprise_id, table.criterion_key)
    query = select(*(getattr(table, c) for c in ASSESSMENT_COLUMNS)).where(
        table.id.in_(newest.scalar_subquery())
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=ASSESSMENT_COLUMNS)
    return frame[frame["enterprise_id"].isin(list(enterprise_ids))]


@dataclass(frozen=True)
class TrackResults:
    """The criteria of one track evaluated for the enterprises screened on it."""

    track: str
    positions: np.ndarray  # rows of ScreenedRoster.enterprises
    results: list[CriterionColumn]


@dataclass(frozen=True)
class ScreenedRoster:
    """Every enterprise's screening for one tier and year, each on its own type's track."""

    enterprises: pd.DataFrame  # ROSTER_COLUMNS, the enterprises screened, index 0..n-1
    tier: str
    year: int
    verdicts: np.ndarray  # met | not_met | no_data per enterprise
    tracks: tuple[TrackResults, ...]

    def not_met(self) -> list[list[CriterionColumn]]:
        """Return, per enterprise, the criteria it does not meet, in the criteria's order."""
        out: list[list[CriterionColumn]] = [[] for _ in range(len(self.enterprises))]
        for group in self.tracks:
            failed = np.column_stack([r.codes == NOT_MET_CODE for r in group.results])
            for position, row in zip(group.positions, failed, strict=True):
                out[position] = [r for r, no in zip(group.results, row, strict=True) if no]
        return out

    def frame(self) -> pd.DataFrame:
        """Return SCREENING_COLUMNS, one row per enterprise and criterion (as screening_frame)."""
        parts = [self._track_frame(group) for group in self.tracks]
        if not parts:
            return pd.DataFrame(columns=SCREENING_COLUMNS)
        frame = pd.concat(parts, ignore_index=True).sort_values("position", kind="stable")
        return frame[SCREENING_COLUMNS].reset_index(drop=True)

    def _track_frame(self, group: TrackResults) -> pd.DataFrame:
        k = len(group.results)
        rows = self.enterprises.iloc[group.positions]

        def by_row(columns: list) -> np.ndarray:
            # criteria × enterprises → enterprise by enterprise, criteria in order
            return np.array(columns, dtype=object).reshape(k, -1).T.ravel()

        fields = [r.criterion.rule for r in group.results]
        return pd.DataFrame(
            {
                "position": np.repeat(group.positions, k),
                "credit_code": np.repeat(rows["credit_code"].to_numpy(dtype=object), k),
                "name": np.repeat(rows["name"].to_numpy(dtype=object), k),
                "city_code": np.repeat(rows["city_code"].to_numpy(dtype=object), k),
                "tier": self.tier,
                "track": group.track,
                "criterion": np.tile([r.criterion.id for r in group.results], len(rows)),
                "wording": np.tile([r.criterion.wording for r in group.results], len(rows)),
                "result": by_row([r.results() for r in group.results]),
                "value_used": by_row(
                    [
                        [
                            value_text(v, rule.field if isinstance(rule, Compare) else None)
                            for v in r.values_used()
                        ]
                        for r, rule in zip(group.results, fields, strict=True)
                    ]
                ),
                "threshold": np.tile([r.threshold for r in group.results], len(rows)),
                "note": by_row([r.notes() for r in group.results]),
                "verdict": np.repeat(self.verdicts[group.positions], k),
            }
        )


def screen_tables(
    tables: ScreeningTables,
    tier: str,
    year: int,
    *,
    tiers: Iterable[str] | None = None,
    track: str | None = None,
) -> ScreenedRoster:
    """Return the screening for ``tier`` of ``year``'s figures of every enterprise in ``tables``
    (if given, only those currently in one of ``tiers``), each on its own type's track unless
    ``track`` names one for all (as ``screen``'s ``track``)."""
    enterprises = tables.enterprises
    if tiers is not None:
        enterprises = enterprises[enterprises["tier"].isin(list(tiers))]
    enterprises = enterprises.reset_index(drop=True)
    figures = figure_table(tables.years, enterprises, year)
    verdicts = np.empty(len(enterprises), dtype=object)
    tracks = []
    kinds = enterprises["enterprise_type"].astype(object)
    if track is not None:
        kinds = pd.Series(track, index=enterprises.index, dtype=object)
    for kind in dict.fromkeys(kinds.tolist()):
        positions = np.flatnonzero((kinds == kind).to_numpy())
        rules = tables.criteria.select(tier, kind)
        columns = Columns(figures.iloc[positions], tables.assessments)
        results = evaluate_columns(rules, columns)
        verdicts[positions] = RESULT_WORDS[verdict_codes(results, len(positions))]
        tracks.append(TrackResults(kind, positions, results))
    return ScreenedRoster(enterprises, tier, year, verdicts, tuple(tracks))
