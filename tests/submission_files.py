"""Files a bureau might send: a clean long CSV for one city and quarter, and broken variants."""

from __future__ import annotations

import csv
import io
import zipfile

from data_model.plan_catalog import available_plan_files, load_plan_file
from data_model.regions import region_by_code


def indicator_codes() -> list[str]:
    plan = next(load_plan_file(p) for p in available_plan_files() if "2020-2022" in p.name)
    return [i.code for i in plan.indicators]


def figures_csv(
    region_code: str, period: str, value: float = 3, bad_value: str | None = None
) -> bytes:
    """Return a long CSV with ``value`` for every indicator (the first one ``bad_value`` if given)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["地区", "季度", "指标代码", "本季度新增"])
    for number, code in enumerate(indicator_codes()):
        cell = bad_value if (bad_value is not None and number == 0) else value
        writer.writerow([region_by_code(region_code).name, period, code, cell])
    return buffer.getvalue().encode("utf-8-sig")


PNG_AS_XLSX = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def zip_as_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "不是表格")
    return buffer.getvalue()
