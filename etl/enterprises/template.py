"""The roster import template: one header row of Chinese column names, one row per enterprise-year."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from etl.enterprises.columns import COLUMNS, cluster_names

HINTS = {
    "credit_code": "18 位，含校验码（GB 32100-2015）",
    "city": "设区市名称或代码，如 苏州市 或 320500",
    "county": "县（市、区）名称或代码，须属于所填设区市",
    "cluster": "13 个先进制造业集群之一，或战略性新兴产业",
    "year": "数据所属年度，如 2022；每家企业每年一行",
    "left_pool_reason": "出库时必填",
}


def template_bytes(rows: int = 2000) -> bytes:
    """Return the .xlsx import template (header row, drop-down lists for type, cluster and flags)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "企业培育库"
    for number, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=number, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F3" if column.required else "F2F2F2")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        if column.field in HINTS:
            cell.comment = Comment(HINTS[column.field], "千企升级")
        sheet.column_dimensions[get_column_letter(number)].width = max(12, len(column.header) * 2)
    sheet.freeze_panes = "C2"
    lists = workbook.create_sheet("可选值")
    for number, name in enumerate(cluster_names(), start=1):
        lists.cell(row=number, column=1, value=name)
    choices = {
        "enterprise_type": '"制造类,创新类"',
        "has_rd_institution_city_or_above": '"是,否"',
        "cluster": f"可选值!$A$1:$A${len(cluster_names())}",
    }
    fields = [c.field for c in COLUMNS]
    for field_name, formula in choices.items():
        letter = get_column_letter(fields.index(field_name) + 1)
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.add(f"{letter}2:{letter}{rows + 1}")
        sheet.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
