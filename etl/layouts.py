"""Find the table in a sheet: the official template, or a long table with one row per value.

Both layouts become the same records frame (RECORD_COLUMNS, all text) for validation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.problems import FileProblem, problem
from etl.readers import Sheet

RECORD_COLUMNS = [
    "row",
    "region",
    "period",
    "indicator_code",
    "indicator",
    "value",
    "cumulative",
    "unit",
    "note",
]

# Normalised header text → field. Headers are matched whole (after removing spaces, brackets and
# their contents, and case), never by substring, so "上季度末累计" is not mistaken for "累计".
HEADER_ALIASES: dict[str, str] = {
    **dict.fromkeys(["地区", "地市", "设区市", "城市", "region"], "region"),
    **dict.fromkeys(["季度", "报告期", "报送季度", "period", "quarter"], "period"),
    **dict.fromkeys(["指标代码", "代码", "code", "indicatorcode"], "indicator_code"),
    **dict.fromkeys(["指标", "指标名称", "indicator", "indicatorname"], "indicator"),
    **dict.fromkeys(["本季度新增", "本季新增", "本期新增", "新增", "数值", "value"], "value"),
    **dict.fromkeys(["累计", "累计值", "cumulative"], "cumulative"),
    **dict.fromkeys(["单位", "计量单位", "unit"], "unit"),
    **dict.fromkeys(["备注", "note", "remark"], "note"),
}
FIELD_LABELS = {
    "region": "地区",
    "period": "季度",
    "indicator": "指标",
    "value": "本季度新增",
    "cumulative": "累计",
    "unit": "单位",
    "note": "备注",
    "indicator_code": "指标代码",
}
TEMPLATE_LABELS = {
    **dict.fromkeys(["填报地区", "报送地区", "地区"], "region"),
    **dict.fromkeys(["报送季度", "填报季度", "季度"], "period"),
}
_HEADER_SEARCH_ROWS = 30
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _BRACKETS.sub("", text)
    return "".join(text.split()).rstrip(":：*").lower()


@dataclass(frozen=True)
class Table:
    layout: str  # template | long
    records: pd.DataFrame  # RECORD_COLUMNS, text
    columns: dict[str, str]  # field → header as written in the file (for messages)
    label_rows: dict[str, int]  # template only: field → row of the label cell


def extract_table(sheet: Sheet) -> Table:
    """Return the records in ``sheet``; raise FileProblem when no usable header row exists."""
    head = sheet.head(_HEADER_SEARCH_ROWS)
    header_at, fields = _find_header(head)
    header_number, header_cells = head[header_at]
    columns = {fields[i]: header_cells[i] for i in fields}
    positions = {field: i for i, field in fields.items()}
    is_long = "region" in positions and "period" in positions
    if "value" not in positions or not ({"indicator", "indicator_code"} & positions.keys()):
        missing = "本季度新增" if "value" not in positions else "指标"
        raise FileProblem(
            problem("missing_column", row=header_number, column=missing, name=missing)
        )
    label_rows: dict[str, int] = {}
    fixed: dict[str, str] = {}
    body = sheet.grid.iloc[header_at + 1 :]
    if not is_long:
        fixed, label_rows = _template_labels(head[:header_at])
        body = _until_blank_gap(body, header_number)
    frame = _records(body, positions, fixed, is_long)
    if frame.empty:
        raise FileProblem(problem("empty_file"))
    for field in ("region", "period"):
        columns.setdefault(field, "填报地区" if field == "region" else "报送季度")
    return Table("long" if is_long else "template", frame, columns, label_rows)


def _records(
    body: pd.DataFrame, positions: dict[str, int], fixed: dict[str, str], is_long: bool
) -> pd.DataFrame:
    """Return RECORD_COLUMNS for the body rows that hold anything to validate (built column-wise)."""
    data: dict[str, object] = {"row": body.index.to_numpy()}
    for field in RECORD_COLUMNS[1:]:
        if positions.get(field, -1) in body.columns:
            data[field] = body[positions[field]].astype(str).str.strip().to_numpy()
        else:
            data[field] = fixed.get(field, "")
    frame = pd.DataFrame(data, columns=RECORD_COLUMNS)
    keep = (frame[["indicator_code", "indicator", "value", "cumulative"]] != "").any(axis=1)
    if is_long:
        keep |= (frame["region"] != "") | (frame["period"] != "")
    return frame[keep].reset_index(drop=True)


def _find_header(head: list[tuple[int, list[str]]]) -> tuple[int, dict[int, str]]:
    best: tuple[int, dict[int, str]] | None = None
    for at, (_, cells) in enumerate(head):
        fields: dict[int, str] = {}
        for i, cell in enumerate(cells):
            field = HEADER_ALIASES.get(normalise_header(cell))
            if field and field not in fields.values():
                fields[i] = field
        if len(fields) >= 2 and (best is None or len(fields) > len(best[1])):
            best = (at, fields)
            if {"region", "period", "value"} <= set(fields.values()):
                break
    if best is None:
        raise FileProblem(problem("no_header", expected="地区、季度、指标、本季度新增"))
    return best


def _template_labels(rows: list[tuple[int, list[str]]]) -> tuple[dict[str, str], dict[str, int]]:
    """Return region/period written beside their labels above the template's table."""
    fixed: dict[str, str] = {}
    label_rows: dict[str, int] = {}
    for number, cells in rows:
        for i, cell in enumerate(cells):
            text = unicodedata.normalize("NFKC", cell)
            label, _, rest = text.partition(":")
            field = TEMPLATE_LABELS.get(normalise_header(label))
            if field is None or field in fixed:
                continue
            value = rest.strip() or next((c for c in cells[i + 1 :] if c.strip()), "")
            fixed[field], label_rows[field] = value, number
    return fixed, label_rows


def _until_blank_gap(body: pd.DataFrame, header_number: int) -> pd.DataFrame:
    """Return the table rows of a template: they end where the sheet skips a row (the notes)."""
    numbers = body.index.to_numpy()
    expected = header_number + 1 + np.arange(len(numbers))
    gaps = np.flatnonzero(numbers != expected)
    return body.iloc[: gaps[0]] if len(gaps) else body
