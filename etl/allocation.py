"""Load city targets (分解目标) from an allocation file; city shares must add up to the plan's target.

Two layouts: a long table (地区, 指标 or 指标代码, 目标) or a wide one (one row per indicator, one
column per city, as offices usually draw it). Any problem rejects the whole file.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session, sessionmaker

from data_model import audit
from data_model.catalog import indicator_ids, stored_plan
from data_model.db import write_session
from data_model.plan_catalog import Plan
from data_model.regions import RegionMatcher, cities
from data_model.schema import TargetSet
from data_model.targets import store_target_set
from etl.layouts import normalise_header
from etl.numbers import parse_numbers
from etl.problems import FileProblem, Problem, problem
from etl.readers import Sheet, read_sheet

_REGION = {"地区", "地市", "设区市", "城市", "region"}
_INDICATOR = {"指标", "指标名称", "指标代码", "indicator", "code"}
_TARGET = {"目标", "分解目标", "三年目标", "目标值", "target"}
SUM_TOLERANCE = 1e-6


@dataclass
class AllocationResult:
    status: str  # loaded | rejected | already_loaded | checked
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    indicators: int = 0


def parse_allocation(data: bytes, plan: Plan) -> tuple[pd.DataFrame, list[Problem]]:
    """Return (rows with indicator, region_code, value; problems)."""
    try:
        sheet = read_sheet(data)
    except FileProblem as exc:
        return pd.DataFrame(), [exc.problem]
    records, problems = _records(sheet)
    if problems:
        return pd.DataFrame(), problems
    matcher = RegionMatcher()
    by_key = {i.code.lower(): i.code for i in plan.indicators} | {
        _squash(i.name): i.code for i in plan.indicators
    }
    rows = []
    for number, region_text, indicator_text, value_text, column in records:
        region = matcher.match(region_text).region
        indicator = by_key.get(_squash(indicator_text).lower()) or by_key.get(
            _squash(indicator_text)
        )
        if region is None or region.level != "city":
            code = "unknown_region" if region is None else "not_a_city"
            problems.append(
                problem(
                    code,
                    row=number,
                    column=column if column != "目标" else "地区",
                    value=region_text,
                    hint="",
                )
            )
        if indicator is None:
            problems.append(
                problem(
                    "unknown_indicator", row=number, column="指标", value=indicator_text, hint=""
                )
            )
        rows.append((number, column, region.code if region else None, indicator, value_text))
    frame = pd.DataFrame(rows, columns=["row", "column", "region_code", "indicator", "text"])
    frame["value"] = parse_numbers(frame["text"])
    counts = {i.code for i in plan.indicators if i.is_count}
    for r in frame.itertuples():
        if r.text == "":
            problems.append(problem("missing_value", row=r.row, column=r.column))
        elif np.isnan(r.value):
            problems.append(problem("not_a_number", row=r.row, column=r.column, value=r.text))
        elif r.value < 0:
            problems.append(problem("negative_value", row=r.row, column=r.column, value=r.text))
        elif r.indicator in counts and not float(r.value).is_integer():
            indicator = plan.indicator(r.indicator)
            problems.append(
                problem(
                    "fractional_count",
                    row=r.row,
                    column=r.column,
                    value=r.text,
                    indicator=indicator.name,
                    unit=indicator.unit,
                )
            )
    if problems:
        return frame, problems
    problems += _check_sums(frame, plan)
    return frame, problems


def _records(sheet: Sheet) -> tuple[list[tuple[int, str, str, str, str]], list[Problem]]:
    """Return (row, region, indicator, value, column header) for either layout."""
    rows = sheet.head()
    header_number, header = rows[0]
    names = [normalise_header(h) for h in header]
    if _REGION & set(names):
        try:
            r = next(i for i, n in enumerate(names) if n in _REGION)
            k = next(i for i, n in enumerate(names) if n in _INDICATOR)
            t = next(i for i, n in enumerate(names) if n in _TARGET)
        except StopIteration:
            return [], [
                problem("missing_column", row=header_number, column="目标", name="地区、指标、目标")
            ]
        return [(n, _at(c, r), _at(c, k), _at(c, t), header[t]) for n, c in rows[1:]], []
    matcher = RegionMatcher()
    city_columns = {
        i: h for i, h in enumerate(header) if (m := matcher.match(h).region) and m.level == "city"
    }
    k = next((i for i, n in enumerate(names) if n in _INDICATOR), None)
    if k is None or not city_columns:
        return [], [
            problem(
                "no_header", row=header_number, expected="地区、指标、目标（或：指标 + 各设区市列）"
            )
        ]
    return [
        (n, h, _at(c, k), _at(c, i), h) for n, c in rows[1:] for i, h in city_columns.items()
    ], []


def _at(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).replace('"', "“")


def _check_sums(frame: pd.DataFrame, plan: Plan) -> list[Problem]:
    problems = []
    city_codes = {c.code: c.name for c in cities()}
    duplicated = frame.duplicated(subset=["indicator", "region_code"], keep="first")
    for r in frame[duplicated].itertuples():
        first = frame[(frame.indicator == r.indicator) & (frame.region_code == r.region_code)].iloc[
            0
        ]
        problems.append(
            problem("duplicate_row", row=r.row, column=r.column, value=r.text, other=int(first.row))
        )
    if problems:
        return problems
    for code, group in frame.groupby("indicator", sort=False):
        indicator = plan.indicator(code)
        missing = [name for c, name in city_codes.items() if c not in set(group.region_code)]
        if missing:
            problems.append(
                problem("target_missing_city", indicator=indicator.name, cities="、".join(missing))
            )
            continue
        total = float(group["value"].sum())
        if abs(total - indicator.target) > SUM_TOLERANCE:
            problems.append(
                problem(
                    "target_sum_mismatch",
                    row=int(group["row"].min()),
                    column=str(group["column"].iloc[0]),
                    value=f"{total:g}",
                    indicator=indicator.name,
                    total=f"{total:g}",
                    target=f"{indicator.target:g}",
                )
            )
    return problems


def load_allocation(
    factory: sessionmaker[Session],
    plan_code: str,
    data: bytes,
    file_name: str,
    actor: str,
    *,
    dry_run: bool = False,
) -> AllocationResult:
    """Validate and store an allocation file as a new target set (all or nothing)."""
    sha = hashlib.sha256(data).hexdigest()
    with write_session(factory) as session:
        plan, record = stored_plan(session, plan_code)
        latest = (
            session.query(TargetSet)
            .filter_by(plan_id=record.id)
            .order_by(TargetSet.id.desc())
            .first()
        )
        if latest is not None and latest.sha256 == sha:
            return AllocationResult("already_loaded", sha)
        frame, problems = parse_allocation(data, plan)
        if problems:
            return AllocationResult("rejected", sha, problems)
        if dry_run:
            return AllocationResult("checked", sha, indicators=frame["indicator"].nunique())
        frame["indicator_id"] = frame["indicator"].map(indicator_ids(session, record.id))
        store_target_set(session, record.id, frame, file_name=file_name, sha256=sha, actor=actor)
        audit.record(
            session,
            actor,
            "targets.load",
            "target_set",
            sha[:12],
            {"file": file_name, "sha256": sha, "indicators": int(frame["indicator"].nunique())},
        )
        return AllocationResult("loaded", sha, indicators=frame["indicator"].nunique())
