"""Write a DataFrame as CSV, JSON or a formatted Excel sheet, safe against formula injection."""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Return text that spreadsheet software will not run as a formula.

    >>> neutralise("=HYPERLINK(1)"), neutralise("南京市"), neutralise(-3)
    ("'=HYPERLINK(1)", '南京市', -3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    name: str  # machine name (CSV/JSON header)
    header: str  # Chinese header (Excel)
    number_format: str | None = None  # Excel format; None for text
    width: float = 12


def _clean(frame: pd.DataFrame, columns: list[Column]) -> pd.DataFrame:
    out = frame[[c.name for c in columns]].copy()
    for column in columns:
        if column.number_format is None:
            out[column.name] = out[column.name].map(neutralise)
    return out


def to_csv(frame: pd.DataFrame, columns: list[Column]) -> bytes:
    """Return UTF-8 CSV with the machine column names."""
    return _clean(frame, columns).to_csv(index=False, lineterminator="\n").encode("utf-8")


def to_json(frame: pd.DataFrame, columns: list[Column]) -> bytes:
    """Return a JSON array of records; missing numbers become null."""
    records = []
    for row in _clean(frame, columns).to_dict(orient="records"):
        records.append(
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        )
    return json.dumps(records, ensure_ascii=False, indent=1, default=_json_default).encode("utf-8")


def _json_default(value):
    if hasattr(value, "item"):
        return value.item()
    if pd.isna(value):
        return None
    return str(value)


def to_xlsx(sheets: list[tuple[str, pd.DataFrame, list[Column], str | None]]) -> bytes:
    """Return a workbook with one sheet per (name, frame, columns, title line or None).

    Chinese headers, number formats, frozen header row, column widths and an auto-filter.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, frame, columns, title in sheets:
        sheet = workbook.create_sheet(name[:31])
        header_row = 1
        if title:
            sheet.cell(row=1, column=1, value=neutralise(title)).font = Font(bold=True, size=13)
            header_row = 3
        for col, column in enumerate(columns, start=1):
            cell = sheet.cell(row=header_row, column=col, value=column.header)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE7F3")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            sheet.column_dimensions[get_column_letter(col)].width = column.width
        for r, row in enumerate(
            _clean(frame, columns).itertuples(index=False), start=header_row + 1
        ):
            for col, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
                if isinstance(value, float) and math.isnan(value):
                    value = None
                elif hasattr(value, "item"):
                    value = value.item()
                cell = sheet.cell(row=r, column=col, value=value)
                if column.number_format:
                    cell.number_format = column.number_format
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        if len(frame):
            sheet.auto_filter.ref = (
                f"A{header_row}:{get_column_letter(len(columns))}{header_row + len(frame)}"
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
