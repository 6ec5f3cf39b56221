"""Validate extracted records against the plan, regions, locks and stored history.

Returns every problem at once (never stops at the first) and the clean rows ready to store.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data_model.periods import Quarter
from data_model.plan_catalog import Plan
from data_model.regions import RegionMatcher
from etl.layouts import Table
from etl.numbers import parse_numbers
from etl.problems import Problem, problem

CLEAN_COLUMNS = [
    "row",
    "region_code",
    "period",
    "indicator",
    "indicator_id",
    "value",
    "cumulative",
    "note",
]
# Stored values keep 4 decimals; a reported 累计 within this of the recomputed one is consistent.
CUMULATIVE_TOLERANCE = 1e-4


@dataclass(frozen=True)
class Context:
    """What validation needs to know besides the file."""

    plan: Plan
    indicator_ids: dict[str, int]
    locked_periods: frozenset[str] = frozenset()
    allowed_regions: frozenset[str] | None = None  # a bureau may send only its own city
    history: pd.DataFrame | None = None  # region_code, period, indicator, value (latest revisions)
    matcher: RegionMatcher = field(default_factory=RegionMatcher)


def validate(table: Table, context: Context) -> tuple[pd.DataFrame, list[Problem]]:
    """Return (clean rows with CLEAN_COLUMNS, problems). Clean rows are meaningful only if no problems."""
    records = table.records
    problems: list[Problem] = []
    region_codes = _regions(table, context, problems)
    periods = _periods(table, context, problems)
    indicators = _indicators(table, context, problems)
    values = _values(table, indicators, context.plan, problems)
    cumulative = _optional_numbers(table, "cumulative", problems)
    _units(table, indicators, context.plan, problems)
    clean = pd.DataFrame(
        {
            "row": records["row"],
            "region_code": region_codes,
            "period": periods,
            "indicator": indicators,
            "value": values,
            "cumulative": cumulative,
            "note": records["note"],
        }
    )
    clean["indicator_id"] = clean["indicator"].map(context.indicator_ids)
    _duplicates(clean, table, problems)
    if context.history is not None and clean["cumulative"].notna().any() and not problems:
        _cumulative(clean, table, context.history, problems)
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return clean[CLEAN_COLUMNS], problems


def _where(table: Table, field_name: str, rows: pd.Series) -> tuple[pd.Series, str]:
    """Return the row numbers to report for a field (template labels sit above the table)."""
    if field_name in table.label_rows:
        return pd.Series(table.label_rows[field_name], index=rows.index), table.columns[field_name]
    return rows, table.columns.get(field_name, field_name)


def _per_unique(texts: pd.Series, resolve) -> pd.Series:
    """Apply ``resolve`` once per distinct text (files repeat the same few names many times)."""
    uniques = texts.unique()
    mapping = {text: resolve(text) for text in uniques}
    return texts.map(mapping)


def _report_once(table: Table, field_name: str, mask: pd.Series, code: str, problems, **context):
    rows, column = _where(table, field_name, table.records["row"])
    seen = set()
    for row, text in zip(rows[mask], table.records.loc[mask, field_name], strict=True):
        if (row, text) in seen:
            continue
        seen.add((row, text))
        problems.append(problem(code, row=int(row), column=column, value=text, **context))


def _regions(table: Table, context: Context, problems: list[Problem]) -> pd.Series:
    texts = table.records["region"]
    matches = {text: context.matcher.match(text) for text in texts.unique()}
    city_of = {
        t: m.region.code for t, m in matches.items() if m.region and m.region.level == "city"
    }
    codes = texts.map(city_of)
    blank = texts == ""
    _report_once(table, "region", blank, "missing_region", problems)
    unknown_texts = {t for t, m in matches.items() if t and m.region is None}
    for text in sorted(unknown_texts):
        suggestion = matches[text].suggestion
        hint = f"，是否为“{suggestion}”？" if suggestion else ""
        _report_once(table, "region", texts == text, "unknown_region", problems, hint=hint)
    not_city = ~blank & ~texts.isin(unknown_texts) & codes.isna()
    _report_once(table, "region", not_city, "not_a_city", problems)
    if context.allowed_regions is not None:
        names = ", ".join(
            m.name for m in context.matcher.regions if m.code in context.allowed_regions
        )
        other = codes.notna() & ~codes.isin(context.allowed_regions)
        _report_once(table, "region", other, "region_not_allowed", problems, allowed=names)
        codes = codes.where(~other)
    return codes


def _parse_quarter(text: str) -> Quarter | None:
    try:
        return Quarter.parse(text)
    except ValueError:
        return None


def _periods(table: Table, context: Context, problems: list[Problem]) -> pd.Series:
    texts = table.records["period"]
    plan = context.plan
    parsed = {text: _parse_quarter(text) for text in texts.unique()}
    names = texts.map({t: str(q) for t, q in parsed.items() if q is not None and plan.covers(q)})
    blank = texts == ""
    _report_once(table, "period", blank, "missing_period", problems)
    bad = texts.isin([t for t, q in parsed.items() if t and q is None])
    _report_once(table, "period", bad, "bad_period", problems)
    outside = texts.isin([t for t, q in parsed.items() if q is not None and not plan.covers(q)])
    first, last = plan.quarters[0], plan.quarters[-1]
    _report_once(table, "period", outside, "period_outside_plan", problems, first=first, last=last)
    for name in sorted(set(names.dropna().unique()) & context.locked_periods):
        label = Quarter.parse(name).label
        _report_once(table, "period", names == name, "period_locked", problems, period=label)
    return names


def _indicators(table: Table, context: Context, problems: list[Problem]) -> pd.Series:
    plan = context.plan
    by_key: dict[str, str] = {}
    for indicator in plan.indicators:
        by_key[indicator.code.lower()] = indicator.code
        by_key[_squash(indicator.name)] = indicator.code
    codes_text = table.records["indicator_code"]
    names_text = table.records["indicator"]
    text = codes_text.where(codes_text != "", names_text)
    resolved = _per_unique(text, lambda t: by_key.get(_squash(t).lower()) or by_key.get(_squash(t)))
    field_name = "indicator_code" if "indicator_code" in table.columns else "indicator"
    blank = text == ""
    _report_once(table, field_name, blank, "missing_indicator", problems)
    unknown = ~blank & resolved.isna()
    if unknown.any():
        rows, column = _where(table, field_name, table.records["row"])
        for row, value in zip(rows[unknown], text[unknown], strict=True):
            close = _closest_indicator(value, plan)
            hint = f"，是否为“{close}”？" if close else ""
            problems.append(
                problem("unknown_indicator", row=int(row), column=column, value=value, hint=hint)
            )
    return resolved


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).replace('"', "“")


def _closest_indicator(text: str, plan: Plan) -> str | None:
    names = [i.name for i in plan.indicators]
    close = difflib.get_close_matches(_squash(text), names, n=1, cutoff=0.6)
    return close[0] if close else None


def _values(table: Table, indicators: pd.Series, plan: Plan, problems: list[Problem]) -> pd.Series:
    texts = table.records["value"]
    numbers = parse_numbers(texts)
    rows, column = _where(table, "value", table.records["row"])
    blank = texts == ""
    for row in rows[blank]:
        problems.append(problem("missing_value", row=int(row), column=column))
    bad = ~blank & numbers.isna()
    for row, text in zip(rows[bad], texts[bad], strict=True):
        problems.append(problem("not_a_number", row=int(row), column=column, value=text))
    negative = numbers < 0
    for row, text in zip(rows[negative], texts[negative], strict=True):
        problems.append(problem("negative_value", row=int(row), column=column, value=text))
    counts = {i.code: i for i in plan.indicators if i.is_count}
    is_count = indicators.isin(counts.keys())
    fractional = (
        is_count & numbers.notna() & ~np.isclose(numbers, np.round(numbers), rtol=0, atol=1e-9)
    )
    for row, text, code in zip(
        rows[fractional], texts[fractional], indicators[fractional], strict=True
    ):
        indicator = counts[code]
        problems.append(
            problem(
                "fractional_count",
                row=int(row),
                column=column,
                value=text,
                indicator=indicator.name,
                unit=indicator.unit,
            )
        )
    return numbers.round(4)


def _optional_numbers(table: Table, field_name: str, problems: list[Problem]) -> pd.Series:
    texts = table.records[field_name]
    numbers = parse_numbers(texts)
    bad = (texts != "") & numbers.isna()
    rows, column = _where(table, field_name, table.records["row"])
    for row, text in zip(rows[bad], texts[bad], strict=True):
        problems.append(problem("not_a_number", row=int(row), column=column, value=text))
    negative = numbers < 0
    for row, text in zip(rows[negative], texts[negative], strict=True):
        problems.append(problem("negative_value", row=int(row), column=column, value=text))
    return numbers.round(4)


def _units(table: Table, indicators: pd.Series, plan: Plan, problems: list[Problem]) -> None:
    texts = table.records["unit"].map(lambda t: unicodedata.normalize("NFKC", t).strip())
    units = {i.code: i for i in plan.indicators}
    given = (texts != "") & indicators.notna()
    expected = indicators[given].map(lambda c: units[c].unit)
    wrong = expected != texts[given]
    rows, column = _where(table, "unit", table.records["row"])
    for index in expected[wrong].index:
        indicator = units[indicators[index]]
        problems.append(
            problem(
                "wrong_unit",
                row=int(rows[index]),
                column=column,
                value=texts[index],
                indicator=indicator.name,
                unit=indicator.unit,
            )
        )


def _duplicates(clean: pd.DataFrame, table: Table, problems: list[Problem]) -> None:
    keys = ["region_code", "period", "indicator"]
    known = clean.dropna(subset=keys)
    repeated = known.duplicated(subset=keys, keep="first")
    if not repeated.any():
        return
    first_rows = known.drop_duplicates(subset=keys).set_index(keys)["row"]
    column = table.columns.get("indicator_code") or table.columns.get("indicator")
    for index in known.index[repeated]:
        key = tuple(known.loc[index, keys])
        problems.append(
            problem(
                "duplicate_row",
                row=int(known.loc[index, "row"]),
                column=column,
                value=table.records.loc[index, "indicator_code"]
                or table.records.loc[index, "indicator"],
                other=int(first_rows.loc[key]),
            )
        )


def _cumulative(
    clean: pd.DataFrame, table: Table, history: pd.DataFrame, problems: list[Problem]
) -> None:
    """Check each reported 累计 against stored history plus this file (which supersedes it)."""
    keys = ["region_code", "period", "indicator"]
    incoming = clean[keys + ["value"]]
    stored = history[keys + ["value"]]
    stored = stored[~stored.set_index(keys).index.isin(incoming.set_index(keys).index)]
    merged = pd.concat([stored, incoming], ignore_index=True).sort_values("period")
    merged["running"] = merged.groupby(["region_code", "indicator"])["value"].cumsum()
    running = merged.set_index(keys)["running"]
    reported = clean[clean["cumulative"].notna()]
    expected = running.reindex(pd.MultiIndex.from_frame(reported[keys])).to_numpy()
    wrong = np.abs(expected - reported["cumulative"].to_numpy()) > CUMULATIVE_TOLERANCE
    rows, column = _where(table, "cumulative", table.records["row"])
    for index, value in zip(reported.index[wrong], expected[wrong], strict=True):
        problems.append(
            problem(
                "cumulative_mismatch",
                row=int(rows[index]),
                column=column,
                value=table.records.loc[index, "cumulative"],
                expected=_format_number(value),
            )
        )


def _format_number(value: float) -> str:
    return f"{value:,.4f}".rstrip("0").rstrip(".")
