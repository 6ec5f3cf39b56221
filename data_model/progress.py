"""Progress by indicator, region and quarter: the one function every page, export and bulletin uses.

``PROGRESS_COLUMNS`` documents the frame. Province figures are the sum of the 13 cities; the
province target is the plan's target.

Tier indicators from the roster: when the enterprise roster holds any enterprise with a tier
event in a plan year, the values of ``pool_firms``, ``provincial_giants`` and ``national_giants``
come from the roster (``enterprises.tiers.roster_tier_counts``) instead of bureaus' quarterly
submissions, so the dashboard and the roster agree exactly. Roster counts ignore ``DataView``
(the roster has no review workflow or history by date).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy.orm import Session

from data_model import queries, targets
from data_model.catalog import stored_plan
from data_model.enterprises.tiers import ROSTER_INDICATORS, roster_tier_counts
from data_model.metrics import add_progress_columns
from data_model.periods import Quarter
from data_model.plan_catalog import Plan
from data_model.regions import cities, region_by_code

PROGRESS_COLUMNS = [
    "indicator",  # stable code from the plan file
    "indicator_name",
    "group",
    "group_name",
    "unit",
    "region_code",
    "region",  # Chinese name, e.g. 南京市
    "level",  # province | city
    "period",  # e.g. 2021Q3
    "target",  # three-year target (the city's allocation, or the plan's for the province)
    "this_quarter",  # new in this quarter
    "cumulative",  # since the plan's start, up to and including this quarter
    "expected",  # 序时进度 (fraction)
    "completion",  # cumulative ÷ target (fraction; NaN without a target)
    "gap",  # completion − expected
    "projected",  # linear projection to the plan's end
    "pace_ratio",  # completion ÷ expected
    "required_pace",  # needed per remaining quarter
    "status",
    "status_label",
    "verdict",
    "verdict_label",
]


@dataclass(frozen=True)
class DataView:
    """Which figures count: approved only (default) or also pending, as they stood at ``as_of``."""

    as_of: datetime | None = None
    include_pending: bool = False


def cumulative_by_quarter(values: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Return quarterly and cumulative values per city, indicator and plan quarter.

    ``values`` columns: region_code, period, indicator, value. Output columns: region_code,
    indicator, period, this_quarter, cumulative — one row for every city × indicator × quarter,
    missing quarters counting as 0.
    """
    quarters = [str(q) for q in plan.quarters]
    index = pd.MultiIndex.from_product(
        [[c.code for c in cities()], [i.code for i in plan.indicators], quarters],
        names=["region_code", "indicator", "period"],
    )
    series = values.groupby(["region_code", "indicator", "period"])["value"].sum()
    grid = series.reindex(index, fill_value=0.0).rename("this_quarter").to_frame()
    grid["cumulative"] = grid.groupby(level=["region_code", "indicator"])["this_quarter"].cumsum()
    return grid.reset_index()


def progress_frame(
    cumulative: pd.DataFrame, city_targets: pd.DataFrame, plan: Plan, quarter: Quarter
) -> pd.DataFrame:
    """Return PROGRESS_COLUMNS for the province and every city at ``quarter``.

    ``cumulative`` as returned by ``cumulative_by_quarter``; ``city_targets`` columns indicator,
    region_code, target.
    """
    return progress_frames(cumulative, city_targets, plan, [quarter])


def progress_frames(
    cumulative: pd.DataFrame,
    city_targets: pd.DataFrame,
    plan: Plan,
    quarters: Sequence[Quarter],
) -> pd.DataFrame:
    """Return PROGRESS_COLUMNS for the province and every city at each of ``quarters``, in one pass.

    The rows of each quarter in turn, in the order ``quarters`` are given, each block exactly
    ``progress_frame`` of that quarter: the same as concatenating the per-quarter frames.
    """
    for quarter in quarters:
        if not plan.covers(quarter):
            raise ValueError(f"{quarter} 不在计划期内")
    position = {str(q): n for n, q in enumerate(quarters)}
    if len(position) != len(quarters):
        raise ValueError("每个季度只能出现一次")
    at = cumulative[cumulative["period"].isin(position)]
    city_rows = at.merge(city_targets, on=["indicator", "region_code"], how="left")
    city_rows["level"] = "city"
    province = at.groupby(["period", "indicator"], as_index=False)[
        ["this_quarter", "cumulative"]
    ].sum()
    province["region_code"] = plan.province_code
    province["target"] = province["indicator"].map({i.code: i.target for i in plan.indicators})
    province["level"] = "province"
    frame = pd.concat([province, city_rows], ignore_index=True)
    frame["target"] = frame["target"].astype(float)
    index_of = {str(q): plan.quarter_index(q) for q in quarters}
    frame = add_progress_columns(
        frame, frame["period"].map(index_of).to_numpy(), len(plan.quarters)
    )
    indicators = {i.code: i for i in plan.indicators}
    frame["indicator_name"] = frame["indicator"].map({c: i.name for c, i in indicators.items()})
    frame["group"] = frame["indicator"].map({c: i.group for c, i in indicators.items()})
    frame["group_name"] = frame["group"].map({g: plan.group(g).name for g in set(frame["group"])})
    frame["unit"] = frame["indicator"].map({c: i.unit for c, i in indicators.items()})
    frame["region"] = frame["region_code"].map(
        {c: region_by_code(c).name for c in set(frame["region_code"])}
    )
    order = {i.code: n for n, i in enumerate(plan.indicators)}
    frame["_quarter"] = frame["period"].map(position)
    frame["_level"] = (frame["level"] != "province").astype(int)
    frame["_order"] = frame["indicator"].map(order)
    frame = frame.sort_values(["_quarter", "_level", "region_code", "_order"])
    return frame[PROGRESS_COLUMNS].reset_index(drop=True)


@dataclass(frozen=True)
class ProgressInputs:
    """What every progress figure is computed from: read once, then framed per quarter.

    ``with_data`` are the quarters in which any city has a counted (submitted) figure — the
    quarters the pages offer and the bulletin can be issued for.
    """

    plan: Plan
    cumulative: pd.DataFrame  # as returned by cumulative_by_quarter
    city_targets: pd.DataFrame  # indicator, region_code, target
    with_data: tuple[Quarter, ...]
    latest_submission: dict[str, datetime]  # period → newest counted submission time

    def frame(self, quarter: Quarter) -> pd.DataFrame:
        """Return PROGRESS_COLUMNS for the province and every city at ``quarter``."""
        return progress_frame(self.cumulative, self.city_targets, self.plan, quarter)

    def frames(self, quarters: Sequence[Quarter]) -> pd.DataFrame:
        """Return PROGRESS_COLUMNS at each of ``quarters`` (in that order), computed in one pass:
        equal to concatenating ``frame(q)`` for each."""
        return progress_frames(self.cumulative, self.city_targets, self.plan, quarters)

    def has_data(self, quarter: Quarter) -> bool:
        return quarter in self.with_data

    def data_as_of(self, quarter: Quarter) -> datetime | None:
        """Return when the newest figure counted up to ``quarter`` was submitted."""
        times = [at for period, at in self.latest_submission.items() if period <= str(quarter)]
        return max(times) if times else None


def load_progress_inputs(
    session: Session, plan_code: str, view: DataView = DataView()
) -> ProgressInputs:
    """Return the ProgressInputs of ``plan_code`` as the database holds them for ``view``."""
    plan, record = stored_plan(session, plan_code)
    values = queries.counted_values(
        session, record.id, as_of=view.as_of, include_pending=view.include_pending
    )
    values = values[values["region_code"].isin({c.code for c in cities()})]
    in_plan = {str(q) for q in plan.quarters}
    latest = values[values["period"].isin(in_plan)].groupby("period")["submitted_at"].max()
    return ProgressInputs(
        plan=plan,
        cumulative=cumulative_by_quarter(_with_roster_tiers(session, plan, values), plan),
        city_targets=targets.city_targets(session, record.id, view.as_of),
        with_data=tuple(Quarter.parse(p) for p in sorted(latest.index)),
        latest_submission={p: pd.Timestamp(t).to_pydatetime() for p, t in latest.items()},
    )


def _with_roster_tiers(session: Session, plan: Plan, values: pd.DataFrame) -> pd.DataFrame:
    """Return ``values`` with the tier indicators replaced by the roster's counts, if it has any."""
    counts = roster_tier_counts(session, plan.code, plan.quarters[-1])
    counts = counts[counts["indicator"].isin({i.code for i in plan.indicators})]
    if counts.empty:
        return values
    kept = values[~values["indicator"].isin(set(ROSTER_INDICATORS))]
    if kept.empty:
        return counts
    return pd.concat([kept, counts], ignore_index=True)


def progress(
    session: Session, plan_code: str, quarter: Quarter, view: DataView = DataView()
) -> pd.DataFrame:
    """Return PROGRESS_COLUMNS for the province and every city at ``quarter``."""
    return load_progress_inputs(session, plan_code, view).frame(quarter)


def progress_history(
    session: Session, plan_code: str, view: DataView = DataView(), until: Quarter | None = None
) -> pd.DataFrame:
    """Return PROGRESS_COLUMNS for every plan quarter up to ``until`` (default: all)."""
    inputs = load_progress_inputs(session, plan_code, view)
    quarters = [q for q in inputs.plan.quarters if until is None or q <= until]
    return inputs.frames(quarters) if quarters else pd.DataFrame(columns=PROGRESS_COLUMNS)


def quarters_with_data(values: pd.DataFrame) -> list[str]:
    """Return the quarters that have at least one counted value, oldest first."""
    return sorted(values["period"].unique().tolist()) if len(values) else []
