"""Validate a roster sheet: every problem at once, vectorised over the rows, and the clean data.

Returns a Roster (enterprises, years, events frames) that is meaningful only without problems.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data_model.enterprises import credit_code
from data_model.regions import all_regions
from etl.enterprises.columns import (
    BY_FIELD,
    COLUMNS,
    EVENTS,
    FIGURES,
    FLAG_WORDS,
    TYPE_WORDS,
    cluster_names,
    header_index,
)
from etl.layouts import normalise_header
from etl.numbers import parse_numbers
from etl.problems import FileProblem, Problem, problem
from etl.readers import Sheet

YEARS = (1950, 2100)
_HEADER_SEARCH_ROWS = 10
# Identity facts that must agree on every row of one enterprise.
PER_ENTERPRISE = (
    "city",
    "county",
    "cluster",
    "enterprise_type",
    *(c.field for _, c, _ in EVENTS),
    *(detail for _, _, detail in EVENTS),
)


@dataclass(frozen=True)
class Roster:
    """Clean roster data: ``enterprises`` (credit_code, name, city_code, county_code, cluster,
    enterprise_type, row), ``years`` (credit_code, year, row, one column per figure) and
    ``events`` (credit_code, kind, year, detail)."""

    enterprises: pd.DataFrame
    years: pd.DataFrame
    events: pd.DataFrame
    rows: int


def records_from(sheet: Sheet) -> tuple[pd.DataFrame, dict[str, str]]:
    """Return (text records with a ``row`` column and one column per field, field → header)."""
    number, cells, fields = _find_header(sheet)
    body = sheet.grid.loc[sheet.grid.index > number]
    records = pd.DataFrame({"row": body.index.to_numpy()}, index=body.index)
    headers = {}
    for position, name in fields.items():
        if name not in headers:
            records[name] = body[position].astype(str).str.strip()
            headers[name] = cells[position]
    for column in COLUMNS:
        if column.field not in records:
            records[column.field] = ""
    return records.reset_index(drop=True), headers


def _find_header(sheet: Sheet) -> tuple[int, list[str], dict[int, str]]:
    index = header_index()
    for number, cells in sheet.head(_HEADER_SEARCH_ROWS):
        keys = [normalise_header(c) for c in cells]
        fields = {i: index[k] for i, k in enumerate(keys) if k in index}
        if "credit_code" in fields.values() and len(fields) >= 3:
            return number, cells, fields
    raise FileProblem(problem("no_header", expected="统一社会信用代码、企业名称、设区市、年度"))


def validate_sheet(sheet: Sheet) -> tuple[Roster, list[Problem]]:
    """Return (clean roster, every problem in the sheet)."""
    records, headers = records_from(sheet)
    if records.empty:
        return _empty(), [problem("empty_file")]
    missing = [c for c in COLUMNS if c.required and c.field not in headers]
    if missing:
        return _empty(), [problem("missing_column", name=c.header) for c in missing]
    check = _Checker(records, headers)
    roster = check.run()
    check.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return roster, check.problems


def _empty() -> Roster:
    return Roster(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), 0)


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


class _Checker:
    def __init__(self, records: pd.DataFrame, headers: dict[str, str]):
        self.records = records
        self.headers = headers
        self.problems: list[Problem] = []

    def report(self, mask: pd.Series, code: str, field: str, **context) -> None:
        column = self.headers.get(field, BY_FIELD[field].header)
        for row, text in zip(self.records["row"][mask], self.records[field][mask], strict=True):
            self.problems.append(problem(code, row=int(row), column=column, value=text, **context))

    def report_at(self, index, code: str, field: str, **context) -> None:
        column = self.headers.get(field, BY_FIELD[field].header)
        row, text = self.records.at[index, "row"], self.records.at[index, field]
        self.problems.append(problem(code, row=int(row), column=column, value=text, **context))

    def required(self, field: str) -> pd.Series:
        blank = self.records[field] == ""
        self.report(blank, "missing_field", field, name=BY_FIELD[field].header)
        return blank

    def run(self) -> Roster:
        r = self.records
        codes = self.credit_codes()
        self.required("name")
        city = self.cities()
        county = self.counties(city)
        cluster = self.clusters()
        kind = self.types()
        year = self.years("year", required=True)
        figures = {column.field: self.figure(column) for column in FIGURES}
        events = {c.field: self.years(c.field) for _, c, _ in EVENTS}
        left = events["left_pool_year"].notna() & (r["left_pool_reason"] == "")
        self.report(left, "missing_field", "left_pool_reason", name="出库原因")
        frame = pd.DataFrame(
            {"credit_code": codes, "name": r["name"], "row": r["row"], "year": year}
            | {"city_code": city, "county_code": county, "cluster": cluster}
            | {"enterprise_type": kind}
        )
        self.duplicates(frame)
        self.conflicts(codes)
        enterprises = frame.drop_duplicates("credit_code")[
            ["credit_code", "name", "city_code", "county_code", "cluster", "enterprise_type", "row"]
        ].reset_index(drop=True)
        years = pd.concat(
            [frame[["credit_code", "year", "row"]], pd.DataFrame(figures)], axis=1
        ).reset_index(drop=True)
        event_rows = []
        for event_kind, column, detail in EVENTS:
            given = events[column.field].notna()
            part = pd.DataFrame(
                {
                    "credit_code": codes[given],
                    "kind": event_kind,
                    "year": events[column.field][given],
                    "detail": r[detail][given],
                }
            )
            event_rows.append(part.drop_duplicates("credit_code"))
        event_frame = pd.concat(event_rows, ignore_index=True)
        return Roster(enterprises, years, event_frame, len(r))

    def credit_codes(self) -> pd.Series:
        texts = self.records["credit_code"]
        blank = self.required("credit_code")
        checks = {t: credit_code.check(t) for t in texts[~blank].unique()}
        bad = ~blank & texts.map(lambda t: t in checks and not checks[t].valid).astype(bool)
        for index in texts.index[bad]:
            found = checks[texts[index]]
            self.problems.append(
                problem(
                    "bad_credit_code",
                    row=int(self.records.at[index, "row"]),
                    column=self.headers["credit_code"],
                    value=texts[index],
                    detail="；".join(p.message for p in found.problems),
                )
            )
        return texts.map(lambda t: checks[t].code if t in checks else "")

    def cities(self) -> pd.Series:
        texts = self.records["city"]
        blank = self.required("city")
        by_key = {}
        for region in all_regions():
            if region.level == "city":
                for key in (region.code, region.name, region.short_name):
                    by_key[key] = region.code
        keys = texts.map(_squash)
        codes = keys.map(by_key)
        unknown = ~blank & codes.isna()
        names = [r.name for r in all_regions() if r.level == "city"]
        for text in texts[unknown].unique():
            close = difflib.get_close_matches(_squash(text), names, n=1, cutoff=0.5)
            hint = f"，是否为“{close[0]}”？" if close else "（应为 13 个设区市之一）"
            self.report(unknown & (texts == text), "unknown_region", "city", hint=hint)
        return codes

    def counties(self, city: pd.Series) -> pd.Series:
        texts = self.records["county"]
        counties = [r for r in all_regions() if r.level == "county"]
        by_code = {r.code: r for r in counties}
        by_name: dict[str, list] = {}
        for region in counties:
            by_name.setdefault(region.name, []).append(region)
        names = {code: r.name for code, r in by_code.items()}
        result = pd.Series(None, index=texts.index, dtype=object)
        pairs = pd.DataFrame({"text": texts.map(_squash), "city": city}).drop_duplicates()
        for text, city_code in pairs[pairs["text"] != ""].itertuples(index=False):
            found = [by_code[text]] if text in by_code else by_name.get(text, [])
            mask = (texts.map(_squash) == text) & (
                city.isna() if city_code is None or pd.isna(city_code) else city == city_code
            )
            if not found:
                self.report(mask, "unknown_county", "county")
                continue
            inside = [r for r in found if r.parent_code == city_code]
            if inside:
                result[mask] = inside[0].code
            elif isinstance(city_code, str):
                self.report(
                    mask,
                    "county_not_in_city",
                    "county",
                    city=names.get(city_code) or _city_name(city_code),
                )
        return result

    def clusters(self) -> pd.Series:
        texts = self.records["cluster"]
        blank = self.required("cluster")
        known = {_squash(n): n for n in cluster_names()}
        names = texts.map(_squash).map(known)
        unknown = ~blank & names.isna()
        for text in texts[unknown].unique():
            close = difflib.get_close_matches(_squash(text), list(known.values()), n=1, cutoff=0.5)
            hint = f"，是否为“{close[0]}”？" if close else ""
            self.report(unknown & (texts == text), "unknown_cluster", "cluster", hint=hint)
        return names

    def types(self) -> pd.Series:
        texts = self.records["enterprise_type"]
        blank = self.required("enterprise_type")
        kinds = texts.map(lambda t: TYPE_WORDS.get(_squash(t).lower()))
        self.report(~blank & kinds.isna(), "bad_enterprise_type", "enterprise_type")
        return kinds

    def years(self, field: str, required: bool = False) -> pd.Series:
        texts = self.records[field]
        blank = self.required(field) if required else texts == ""
        numbers = parse_numbers(texts)
        good = numbers.between(*YEARS) & (numbers == np.round(numbers))
        self.report(~blank & ~good, "bad_year", field, first=YEARS[0], last=YEARS[1])
        return numbers.where(good).astype("Int64")

    def figure(self, column) -> pd.Series:
        if column.kind == "year":
            return self.years(column.field)
        texts = self.records[column.field]
        blank = texts == ""
        if column.kind == "flag":
            flags = texts.map(lambda t: FLAG_WORDS.get(_squash(t).lower()))
            self.report(~blank & flags.isna(), "bad_flag", column.field)
            return flags.astype("boolean")
        numbers = parse_numbers(texts)
        self.report(~blank & numbers.isna(), "not_a_number", column.field)
        if column.kind in ("money", "count"):
            self.report(numbers < 0, "negative_value", column.field)
        if column.kind == "share":
            self.report((numbers < 0) | (numbers > 100), "share_out_of_range", column.field)
            return (numbers / 100).round(8)
        if column.kind in ("count", "rank"):
            whole = numbers.isna() | (numbers == np.round(numbers))
            self.report(~whole, "not_whole_number", column.field, name=column.header)
            if column.kind == "rank":
                self.report(numbers < 1, "bad_rank", column.field)
            return numbers.where(whole).round().astype("Int64")
        return numbers.round(4)

    def duplicates(self, frame: pd.DataFrame) -> None:
        keyed = frame[(frame["credit_code"] != "") & frame["year"].notna()]
        repeated = keyed.duplicated(["credit_code", "year"], keep="first")
        first = keyed.drop_duplicates(["credit_code", "year"]).set_index(["credit_code", "year"])[
            "row"
        ]
        for index in keyed.index[repeated]:
            other = first[(keyed.at[index, "credit_code"], keyed.at[index, "year"])]
            self.report_at(index, "duplicate_enterprise_year", "credit_code", other=int(other))

    def conflicts(self, codes: pd.Series) -> None:
        keyed = self.records.assign(_code=codes)[codes != ""]
        for field in ("name", *PER_ENTERPRISE):
            values = keyed[["_code", "row", field]]
            if field != "name":
                values = values[values[field] != ""]  # blank repeats are fine
            first = values.drop_duplicates("_code").set_index("_code")
            expected = values["_code"].map(first[field])
            differs = values[field] != expected
            if not differs.any():
                continue
            code = "conflicting_name" if field == "name" else "conflicting_value"
            for index in values.index[differs]:
                key = values.at[index, "_code"]
                self.report_at(
                    index,
                    code,
                    field,
                    other=int(first.at[key, "row"]),
                    other_value=first.at[key, field],
                )


def _city_name(code: str) -> str:
    return next((r.name for r in all_regions() if r.code == code), code)
