"""Small files for loader tests, built the way bureaus' software writes them."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

LONG_HEADER = ["地区", "季度", "指标", "本季度新增"]


def csv_bytes(rows: list[list[object]], header=LONG_HEADER, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], header=LONG_HEADER, title: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
