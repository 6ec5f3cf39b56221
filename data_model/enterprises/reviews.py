"""Screen stored enterprises against Tables 1-3: figures and assessments fetched in bulk, the
criteria loaded once, one pure ``screen()`` per enterprise.

``SCREENING_COLUMNS`` documents the export frame (one row per enterprise and criterion).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_model.enterprises.figures import FIGURES, EnterpriseYear
from data_model.enterprises.models import FIGURE_COLUMNS, Enterprise, EnterpriseAssessment
from data_model.enterprises.roster import RosterFilter, roster
from data_model.enterprises.screening import (
    Assessment,
    Compare,
    Criteria,
    ScreeningResult,
    load_criteria,
    screen,
)
from data_model.enterprises.store import latest_years

SCREENING_COLUMNS = [
    "credit_code",
    "name",
    "city_code",
    "tier",  # pool | provincial | national
    "track",
    "criterion",  # rule id, e.g. t2.giant.mfg.1
    "wording",  # the plan's text
    "result",  # met | not_met | no_data
    "value_used",  # the figures used, as text
    "threshold",  # the rule in Chinese
    "note",
    "verdict",  # the enterprise's overall result for the tier
]
RESULT_LABELS = {"met": "符合", "not_met": "不符合", "no_data": "数据不足"}


@dataclass(frozen=True)
class Screened:
    enterprise: dict  # a ROSTER_COLUMNS row
    result: ScreeningResult


def figures_by_enterprise(
    session: Session, enterprise_ids: Iterable[int] | None = None
) -> dict[int, dict[int, EnterpriseYear]]:
    """Return enterprise id → year → current figures (cluster and type filled from the roster)."""
    ids = None if enterprise_ids is None else list(enterprise_ids)
    # A long IN list is slower than reading everything once the roster is large.
    frame = latest_years(session, ids if ids is not None and len(ids) <= 500 else None)
    identity = dict(
        (row[0], (row[1], row[2]))
        for row in session.execute(
            select(Enterprise.id, Enterprise.cluster, Enterprise.enterprise_type)
        )
    )
    if ids is not None:
        frame = frame[frame["enterprise_id"].isin(ids)]
    out: dict[int, dict[int, EnterpriseYear]] = {}
    columns = ["enterprise_id", "year", *FIGURE_COLUMNS]
    plain = frame[columns].astype(object)
    plain = plain.where(plain.notna(), None)
    for row in plain.itertuples(index=False, name=None):
        enterprise_id, year = int(row[0]), int(row[1])
        cluster, kind = identity[enterprise_id]
        out.setdefault(enterprise_id, {})[year] = EnterpriseYear(
            year, *row[2:], cluster=cluster, enterprise_type=kind
        )
    return out


def assessments_by_enterprise(
    session: Session, enterprise_ids: Iterable[int] | None = None
) -> dict[int, dict[str, Assessment]]:
    """Return enterprise id → criterion key → the current (newest) assessment."""
    table = EnterpriseAssessment
    newest = select(func.max(table.id)).group_by(table.enterprise_id, table.criterion_key)
    query = select(
        table.enterprise_id,
        table.criterion_key,
        table.met,
        table.assessor,
        table.assessed_on,
        table.note,
    ).where(table.id.in_(newest.scalar_subquery()))
    wanted = None if enterprise_ids is None else set(enterprise_ids)
    out: dict[int, dict[str, Assessment]] = {}
    for enterprise_id, key, met, assessor, on, note in session.execute(query):
        if wanted is None or enterprise_id in wanted:
            out.setdefault(enterprise_id, {})[key] = Assessment(met, assessor, on, note)
    return out


def record_assessment(
    session: Session,
    credit_code: str,
    criterion_key: str,
    met: bool,
    assessor: str,
    assessed_on: date,
    note: str = "",
) -> None:
    """Add an assessment (the newest per enterprise and key is the one that counts)."""
    enterprise_id = session.scalar(
        select(Enterprise.id).where(Enterprise.credit_code == credit_code)
    )
    if enterprise_id is None:
        raise LookupError(f"培育库中没有统一社会信用代码为 {credit_code} 的企业")
    session.add(
        EnterpriseAssessment(
            enterprise_id=enterprise_id,
            criterion_key=criterion_key,
            met=met,
            assessor=assessor,
            assessed_on=assessed_on,
            note=note,
            recorded_at=datetime.now(),
        )
    )


@dataclass(frozen=True)
class ScreeningInputs:
    """Everything screening needs, fetched in a few bulk queries: the roster rows (ROSTER_COLUMNS),
    figures and assessments by enterprise id, and the parsed criteria."""

    enterprises: pd.DataFrame
    figures: dict[int, dict[int, EnterpriseYear]]
    assessments: dict[int, dict[str, Assessment]]
    criteria: Criteria


def screening_inputs(session: Session, f: RosterFilter | None = None) -> ScreeningInputs:
    """Return the ScreeningInputs for the enterprises matching ``f`` (default: all)."""
    enterprises = roster(session, f or RosterFilter())
    ids = enterprises["id"].tolist()
    return ScreeningInputs(
        enterprises,
        figures_by_enterprise(session, ids),
        assessments_by_enterprise(session, ids),
        load_criteria(),
    )


def screen_roster(
    inputs: ScreeningInputs, tier: str, year: int, *, tiers: Iterable[str] | None = None
) -> Iterator[Screened]:
    """Yield each enterprise of ``inputs`` (if given, only those currently in one of ``tiers``)
    with its screening result for ``tier`` on its own type's track."""
    enterprises = inputs.enterprises
    if tiers is not None:
        enterprises = enterprises[enterprises["tier"].isin(list(tiers))]
    for row in enterprises.to_dict("records"):
        result = screen(
            row["enterprise_type"],
            tier,
            inputs.figures.get(row["id"], {}),
            year,
            inputs.assessments.get(row["id"]),
            criteria=inputs.criteria,
        )
        yield Screened(row, result)


def screening_frame(screened: Iterable[Screened], criteria: Criteria | None = None) -> pd.DataFrame:
    """Return SCREENING_COLUMNS, one row per enterprise and criterion."""
    criteria = criteria or load_criteria()
    fields = {c.id: c.rule.field for c in criteria.criteria if isinstance(c.rule, Compare)}
    rows = []
    for item in screened:
        e, r = item.enterprise, item.result
        for c in r.results:
            rows.append(
                (
                    e["credit_code"],
                    e["name"],
                    e["city_code"],
                    r.tier,
                    r.track,
                    c.criterion_id,
                    c.wording,
                    c.result,
                    value_text(c.value_used, fields.get(c.criterion_id)),
                    c.threshold,
                    c.note,
                    r.verdict,
                )
            )
    return pd.DataFrame(rows, columns=SCREENING_COLUMNS)


def value_text(value: object, name: str | None = None) -> str:
    """Return the figures a criterion used, for people: ratios in %, missing as 无数据.

    >>> value_text({"main_business_revenue": 3200.0, "profit_and_tax": None})
    '年度主营业务收入=3200万元；利税总额=无数据'
    """
    if isinstance(value, dict) and "assessor" in value:
        return (
            f"{'符合' if value['met'] else '不符合'}（{value['assessor']}，{value['assessed_on']}）"
        )
    if isinstance(value, dict):
        return "；".join(
            f"{FIGURES[k].label if k in FIGURES else '人工评定'}={value_text(v) if isinstance(v, dict) else _shown(k, v)}"
            for k, v in value.items()
        )
    return "无数据" if value is None else _shown(name, value)


def _shown(name: str | None, value: object) -> str:
    if value is None:
        return "无数据"
    figure = FIGURES.get(name) if name else None
    if figure is not None and figure.kind == "ratio" and isinstance(value, int | float):
        return f"{value * 100:.2f}%"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:g}{figure.unit if figure else ''}"
    return f"{value}{figure.unit if figure else ''}"


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value
