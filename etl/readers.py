"""Turn uploaded bytes into rows of text, whatever office software or encoding produced them.

Accepts .xlsx (Microsoft Office, WPS, openpyxl) and CSV in UTF-8, UTF-8 with BOM, or GB18030
(a superset of GBK and GB2312). Everything else is refused with a FileProblem, never a traceback.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from etl.problems import FileProblem, problem

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"MZ",
    b"\x1f\x8b",
    b"Rar!",
)
_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class Sheet:
    """Non-blank rows as text cells ("" when empty), indexed by the row number the spreadsheet shows."""

    grid: pd.DataFrame
    kind: str  # xlsx | csv
    encoding: str | None = None

    def head(self, count: int | None = None) -> list[tuple[int, list[str]]]:
        """Return the first ``count`` rows (all when None) as (row number, cells)."""
        part = self.grid if count is None else self.grid.iloc[:count]
        return [
            (int(n), list(cells))
            for n, cells in zip(part.index, part.itertuples(index=False, name=None), strict=True)
        ]


def _sheet(rows: list[tuple[int, list[str]]], kind: str, encoding: str | None = None) -> Sheet:
    width = max(len(cells) for _, cells in rows)
    padded = [cells + [""] * (width - len(cells)) for _, cells in rows]
    grid = pd.DataFrame(padded, index=[n for n, _ in rows], dtype=object)
    return Sheet(grid, kind, encoding)


def read_sheet(data: bytes) -> Sheet:
    """Return the rows of the first worksheet (xlsx) or of the CSV text in ``data``."""
    if not data or not data.strip():
        raise FileProblem(problem("empty_file"))
    if data.startswith(_OLE2):
        raise FileProblem(problem("legacy_xls"))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:4096]:
        raise FileProblem(problem("not_a_spreadsheet"))
    return _read_csv(data)


def _read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise FileProblem(problem("not_a_spreadsheet"))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileProblem:
        raise
    except Exception as exc:  # a damaged or disguised archive: say so, never a traceback
        raise FileProblem(problem("not_a_spreadsheet")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if any(cells):
                rows.append((number, cells))
    finally:
        workbook.close()
    if not rows:
        raise FileProblem(problem("empty_file"))
    return _sheet(rows, "xlsx")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _read_csv(data: bytes) -> Sheet:
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileProblem(problem("bad_encoding"))
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    grid = _fast_csv(text, delimiter)
    if grid is not None:
        return Sheet(grid, "csv", encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            if "".join(cells).strip():
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise FileProblem(problem("not_a_spreadsheet")) from exc
    if not rows:
        raise FileProblem(problem("empty_file"))
    return _sheet(rows, "csv", encoding)


def _fast_csv(text: str, delimiter: str) -> pd.DataFrame | None:
    """Parse with pandas' C reader when row numbers stay exact (no quoted line breaks, no ragged
    rows); return None to fall back to the csv module otherwise."""
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL,
            engine="c",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None
    if len(grid) != text.rstrip("\r\n").count("\n") + 1:
        return None  # a quoted cell spans lines: row numbers would drift
    grid.index = range(1, len(grid) + 1)
    grid = grid.astype(object)
    grid.columns = range(grid.shape[1])
    filled = grid.ne("").any(axis=1)
    grid = grid[filled]
    if grid.empty:
        raise FileProblem(problem("empty_file"))
    return grid
