"""The quarterly bulletin (通报) as data: everything the document shows, computed once.

``bulletin_data`` is pure: progress frames in (``progress.PROGRESS_COLUMNS``), a frozen
``Bulletin`` out. The PDF, the Excel/CSV/JSON downloads and the page read the same object, so
they cannot disagree. The ranking comes from ``data_model.ranking``; the summary sentences are
generated from the numbers by ``data_model.bulletin_summary``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache

import pandas as pd
from sqlalchemy.orm import Session

from data_model.bulletin_summary import summary_sentences
from data_model.catalog import stored_plan
from data_model.demo import is_demo_database
from data_model.periods import Quarter
from data_model.plan_catalog import Plan
from data_model.progress import DataView, load_progress_inputs
from data_model.ranking import (
    RankingMethod,
    load_method,
    rank_change,
    rank_cities,
    rank_stability,
)

LAGGING = ("behind", "serious")


@dataclass(frozen=True)
class IndicatorStatus:
    """One indicator in one region at the bulletin's quarter."""

    indicator: str
    name: str
    unit: str
    target: float
    cumulative: float
    completion: float  # fraction; NaN without a target
    gap: float  # completion − 序时进度, fraction
    status: str
    status_label: str

    @property
    def lagging(self) -> bool:
        return self.status in LAGGING


@dataclass(frozen=True)
class RankedCity:
    rank: int
    region_code: str
    region: str
    score: float  # unrounded; format with the method's display decimals
    components: tuple[float, ...]  # component scores in the method's order
    core_value: float  # the core indicator's raw count (小巨人认定数量)
    previous_rank: int | None
    rank_change: int | None  # positive: moved up
    tier: str
    rank_min: int  # best rank under perturbed weights
    rank_max: int  # worst rank under perturbed weights


@dataclass(frozen=True)
class CompletionRow:
    """One indicator's completion in every region, in ``Bulletin.regions`` order."""

    indicator: str
    name: str
    unit: str
    cells: tuple[IndicatorStatus, ...]


@dataclass(frozen=True)
class LaggingCity:
    region_code: str
    region: str
    rank: int
    indicators: tuple[IndicatorStatus, ...]  # status behind or serious, worst gap first


@dataclass(frozen=True)
class ComponentNote:
    code: str
    name: str
    weight: float
    description: str


@dataclass(frozen=True)
class MethodNote:
    name: str
    description: str
    components: tuple[ComponentNote, ...]
    core_component: str  # the core component's name
    core_unit: str  # unit of the core value, e.g. 家
    pace_cap: float
    tiers: tuple[tuple[str, int, int], ...]  # (name, first rank, last rank)
    stability_band: float
    stability_samples: int
    display_decimals: int


@dataclass(frozen=True)
class Bulletin:
    plan_code: str
    plan_name: str
    issuer: str
    document: str
    period: str  # e.g. 2022Q3
    quarter_label: str  # e.g. 2022年第三季度
    previous_label: str | None  # the quarter ranks are compared with; None for the first
    title: str
    expected: float  # 序时进度 at the quarter
    issued_on: date
    data_as_of: datetime | None
    is_demo: bool
    summary: tuple[str, ...]
    headline: tuple[IndicatorStatus, ...]  # province, headline indicators
    province: tuple[IndicatorStatus, ...]  # province, every indicator
    ranking: tuple[RankedCity, ...]
    regions: tuple[tuple[str, str], ...]  # (code, name): the province, then the cities
    completion: tuple[CompletionRow, ...]
    lagging: tuple[LaggingCity, ...]
    method: MethodNote


def bulletin_title(quarter: Quarter) -> str:
    """Return the document title for a quarter.

    >>> bulletin_title(Quarter(2022, 3))
    '关于2022年第三季度全省“千企升级”工作进展情况的通报'
    """
    return f"关于{quarter.label}全省“千企升级”工作进展情况的通报"


def bulletin_data(
    progress_now: pd.DataFrame,
    progress_previous: pd.DataFrame | None,
    plan: Plan,
    quarter: Quarter,
    method: RankingMethod,
    is_demo: bool,
    *,
    issued_on: date | None = None,
    data_as_of: datetime | None = None,
) -> Bulletin:
    """Return the bulletin for ``quarter`` from its progress frame and the previous quarter's.

    ``progress_previous`` is None when there is no previous quarter to compare ranks with.
    """
    province_rows = progress_now[progress_now["level"] == "province"]
    city_rows = progress_now[progress_now["level"] == "city"]
    ranking = _ranking(city_rows, progress_previous, method)
    statuses = {(row.region_code, row.indicator): _status(row) for row in progress_now.itertuples()}
    regions = tuple(
        dict.fromkeys(zip(progress_now["region_code"], progress_now["region"], strict=True))
    )
    province = tuple(statuses[(plan.province_code, i.code)] for i in plan.indicators)
    headline_codes = {i.code for i in plan.indicators if i.headline}
    bulletin = Bulletin(
        plan_code=plan.code,
        plan_name=plan.name,
        issuer=plan.issuer,
        document=plan.document,
        period=str(quarter),
        quarter_label=quarter.label,
        previous_label=quarter.previous().label if progress_previous is not None else None,
        title=bulletin_title(quarter),
        expected=float(province_rows["expected"].iloc[0]),
        issued_on=issued_on or date.today(),
        data_as_of=data_as_of,
        is_demo=is_demo,
        summary=(),
        headline=tuple(s for s in province if s.indicator in headline_codes),
        province=province,
        ranking=ranking,
        regions=regions,
        completion=tuple(
            CompletionRow(
                i.code, i.name, i.unit, tuple(statuses[(code, i.code)] for code, _ in regions)
            )
            for i in plan.indicators
        ),
        lagging=_lagging(ranking, statuses, plan),
        method=_method_note(method, plan),
    )
    return replace(bulletin, summary=summary_sentences(bulletin))


def _status(row) -> IndicatorStatus:
    return IndicatorStatus(
        indicator=row.indicator,
        name=row.indicator_name,
        unit=row.unit,
        target=float(row.target),
        cumulative=float(row.cumulative),
        completion=float(row.completion),
        gap=float(row.gap),
        status=row.status,
        status_label=row.status_label,
    )


def _ranking(
    city_rows: pd.DataFrame, previous: pd.DataFrame | None, method: RankingMethod
) -> tuple[RankedCity, ...]:
    current = rank_cities(city_rows, method)
    if previous is None:
        before = current.iloc[0:0]
    else:
        before = rank_cities(previous[previous["level"] == "city"], method)
    ranked = rank_change(current, before)
    stability = rank_stability(city_rows, method).set_index("region_code")
    components = [c.code for c in method.components]
    return tuple(
        RankedCity(
            rank=int(row["rank"]),
            region_code=row["region_code"],
            region=row["region"],
            score=float(row["score"]),
            components=tuple(float(row[c]) for c in components),
            core_value=float(row["core_value"]),
            previous_rank=None if pd.isna(row["previous_rank"]) else int(row["previous_rank"]),
            rank_change=None if pd.isna(row["rank_change"]) else int(row["rank_change"]),
            tier=row["tier"],
            rank_min=int(stability.loc[row["region_code"], "rank_min"]),
            rank_max=int(stability.loc[row["region_code"], "rank_max"]),
        )
        for _, row in ranked.iterrows()
    )


def _lagging(
    ranking: tuple[RankedCity, ...], statuses: dict, plan: Plan
) -> tuple[LaggingCity, ...]:
    """Return the cities with a lagging indicator, in ranking order."""
    found = []
    for city in ranking:
        behind = [statuses[(city.region_code, i.code)] for i in plan.indicators]
        behind = sorted((s for s in behind if s.lagging), key=lambda s: s.gap)
        if behind:
            found.append(LaggingCity(city.region_code, city.region, city.rank, tuple(behind)))
    return tuple(found)


def _method_note(method: RankingMethod, plan: Plan) -> MethodNote:
    core = next(c for c in method.components if c.code == method.core_component)
    core_unit = plan.indicator(core.indicators[0]).unit
    return MethodNote(
        name=method.name,
        description=method.description,
        components=tuple(
            ComponentNote(c.code, c.name, c.weight, c.description) for c in method.components
        ),
        core_component=core.name,
        core_unit=core_unit,
        pace_cap=method.pace_cap,
        tiers=tuple((t.name, t.first_rank, t.last_rank) for t in method.tiers),
        stability_band=method.stability.band,
        stability_samples=method.stability.samples,
        display_decimals=method.display_decimals,
    )


@cache
def shipped_method() -> RankingMethod:
    """Return the ranking method shipped in ranking_method.yaml, read once per process.

    Parsing it (and the plan file it checks against) cost about a fifth of a bulletin's
    computing time; the file only changes with a release.
    """
    return load_method()


class BulletinUnavailable(LookupError):
    """No bulletin can be made for the requested quarter; ``message`` says why, in Chinese."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code  # not_in_plan | no_data
        self.message = message


def load_bulletin(
    session: Session,
    plan_code: str,
    quarter: Quarter,
    method: RankingMethod | None = None,
    *,
    issued_on: date | None = None,
    view: DataView | None = None,
) -> Bulletin:
    """Return the bulletin for ``quarter`` from the database, or raise BulletinUnavailable.

    A quarter has data when at least one city has a counted figure for it. Ranks are compared
    with the previous quarter only when that quarter is in the plan and has data too.
    """
    view = view or DataView()
    plan, record = stored_plan(session, plan_code)
    if not plan.covers(quarter):
        first, last = plan.quarters[0], plan.quarters[-1]
        raise BulletinUnavailable(
            "not_in_plan",
            f"{quarter.label}不在计划期（{first.label}至{last.label}）内，无法生成通报。",
        )
    inputs = load_progress_inputs(session, plan_code, view)
    if not inputs.has_data(quarter):
        raise BulletinUnavailable("no_data", f"{quarter.label}尚无已审核的报送数据，无法生成通报。")
    previous = quarter.previous()
    previous_frame = inputs.frame(previous) if inputs.has_data(previous) else None
    return bulletin_data(
        inputs.frame(quarter),
        previous_frame,
        plan,
        quarter,
        method or shipped_method(),
        is_demo_database(session),
        issued_on=issued_on,
        data_as_of=inputs.data_as_of(quarter),
    )
