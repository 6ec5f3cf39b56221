"""Where the dashboard's figures come from and what a URL selects: the source (sessions, plan,
cache, approved-or-pending view), the quarters on offer, and the names users put in URLs.

A value a user can put in the URL that names nothing raises ``InvalidSelection`` with a Chinese
message the page shows as is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dashboard.progress_cache import ProgressCache
from data_model import queries
from data_model.catalog import stored_plan
from data_model.db import read_session
from data_model.demo import is_demo_database
from data_model.periods import Quarter
from data_model.plan_catalog import Indicator, Plan
from data_model.progress import DataView, ProgressInputs, load_progress_inputs
from data_model.regions import Region, RegionMatcher, cities
from data_model.schema import PlanRecord, Submission
from data_model.submissions import APPROVED, PENDING


class InvalidSelection(ValueError):
    """A value from the URL that names nothing; ``str()`` is the Chinese message to show."""


@dataclass(frozen=True)
class Source:
    """Where the figures come from: a session factory, the plan shown and, optionally, the
    process's cache of progress inputs (without one, every call reads the database)."""

    sessions: sessionmaker[Session]
    plan_code: str
    cache: ProgressCache | None = field(default=None, compare=False)
    view: DataView = DataView()  # approved figures only, unless the user asked for pending ones


PENDING_PREFERENCE = "include_pending"


def current_source() -> Source:
    """Return the Source of the app serving this request (with the user's pending-figures choice)."""
    from flask import has_request_context, session

    from dashboard.runtime import runtime

    rt = runtime()
    pending = has_request_context() and bool(session.get(PENDING_PREFERENCE))
    return Source(
        rt.sessions, rt.config.plan_code, rt.progress_cache, DataView(include_pending=pending)
    )


@dataclass(frozen=True)
class Periods:
    """The plan's quarters and those with counted figures (oldest first)."""

    quarters: tuple[Quarter, ...]
    with_data: tuple[Quarter, ...]

    @property
    def latest(self) -> Quarter | None:
        return self.with_data[-1] if self.with_data else None


def load_inputs(session: Session, source: Source) -> ProgressInputs:
    """Return the progress inputs every page figure is computed from (approved figures).

    With a cache, they are read once per data version: the stamp costs a few aggregate reads,
    the inputs a full read of every counted revision.
    """
    view = source.view
    if source.cache is None:
        return load_progress_inputs(session, source.plan_code, view)
    plan_id = session.scalar(select(PlanRecord.id).where(PlanRecord.code == source.plan_code))
    if plan_id is None:  # let load_progress_inputs raise its message
        return load_progress_inputs(session, source.plan_code, view)
    key = (source.plan_code, view, queries.data_version(session, plan_id))
    return source.cache.get(key, lambda: load_progress_inputs(session, source.plan_code, view))


def pick_quarter(
    text: str | None, quarters: list[Quarter] | tuple[Quarter, ...], with_data: tuple[Quarter, ...]
) -> Quarter | None:
    """Return the plan quarter named by ``text``; None means the latest with data (None if none)."""
    if text is None or str(text).strip() == "":
        return with_data[-1] if with_data else None
    try:
        quarter = Quarter.parse(text)
    except ValueError:
        raise InvalidSelection(f"无法识别的季度“{text}”，季度应写作 2021Q3 这样的形式。") from None
    if quarter not in quarters:
        first, last = quarters[0], quarters[-1]
        raise InvalidSelection(
            f"{quarter.label}不在计划期（{first.label}至{last.label}）内。"
        ) from None
    return quarter


def periods(source: Source) -> Periods:
    """Return the plan's quarters and those with counted figures, for the quarter selector."""
    counted = [APPROVED, PENDING] if source.view.include_pending else [APPROVED]
    with read_session(source.sessions) as session:
        plan, record = stored_plan(session, source.plan_code)
        # The quarters counted_values returns for this view.
        rows = session.scalars(
            select(Submission.period)
            .distinct()
            .where(
                Submission.plan_id == record.id,
                Submission.status.in_(counted),
                Submission.region_code.in_([c.code for c in cities()]),
            )
        ).all()
    with_data = tuple(sorted(Quarter.parse(p) for p in rows if plan.covers(Quarter.parse(p))))
    return Periods(tuple(plan.quarters), with_data)


def check_period(source: Source, text: str | None) -> tuple[Periods, Quarter | None]:
    """Return the periods and the quarter the URL asks for (default: latest with data)."""
    choice = periods(source)
    return choice, pick_quarter(text, choice.quarters, choice.with_data)


def is_demo(source: Source) -> bool:
    with read_session(source.sessions) as session:
        return is_demo_database(session)


def plan_indicators(source: Source) -> tuple[Indicator, ...]:
    with read_session(source.sessions) as session:
        plan, _ = stored_plan(session, source.plan_code)
    return plan.indicators


def find_indicator(plan: Plan, code: str | None) -> Indicator:
    try:
        return plan.indicator(str(code))
    except KeyError:
        raise InvalidSelection(f"未找到指标“{code}”，请从指标列表中选择。") from None


def find_city(text: str | None) -> Region:
    """Return the city named by a 6-digit code or its Chinese name (南京市 or 南京)."""
    match = RegionMatcher().match(text or "")
    if match.region is not None and match.region.level == "city":
        return match.region
    if match.region is not None:
        raise InvalidSelection(f"“{match.region.name}”不是设区市，请选择 13 个设区市之一。")
    hint = f"是否要找“{match.suggestion}”？" if match.suggestion else "请选择 13 个设区市之一。"
    raise InvalidSelection(f"未找到设区市“{text}”。{hint}")
