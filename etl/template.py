"""The official quarterly template (填报表): one region and quarter, laid out like a government form.

The loader reads it back: region and quarter from the labelled cells above the table, one row per
indicator below the header, and nothing after the first blank row (the notes).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from data_model.periods import Quarter
from data_model.plan_catalog import Plan
from data_model.regions import Region

HEADERS = [
    "序号",
    "指标代码",
    "指标名称",
    "单位",
    "三年目标",
    "上季度末累计",
    "本季度新增",
    "累计（选填）",
    "备注",
]
WIDTHS = [6, 26, 40, 12, 12, 14, 14, 14, 24]
INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_ROW = 5
NOTES = [
    "填报说明：",
    "1. 只填写黄色单元格。“本季度新增”填写本季度新增数量（不是累计数），本季度没有新增的填 0，不得留空。",
    "2. 以“家、项、个、人”为单位的指标填写整数；“新增节能能力”以万吨标准煤计，可保留小数。",
    "3. “累计（选填）”为自 {start} 起至本季度末的累计数，填写后系统将与已报数据核对。",
    "4. 请勿修改指标代码、指标名称、单位及表头；可另存为 .xlsx 或 CSV（UTF-8/GBK）后上传。",
    "5. 同一季度再次报送视为更正，系统保留全部历史版本。",
]


def build_template(
    plan: Plan,
    region: Region,
    quarter: Quarter,
    targets: dict[str, float] | None = None,
    cumulative_before: dict[str, float] | None = None,
) -> bytes:
    """Return the .xlsx template for ``region`` and ``quarter``.

    ``targets`` and ``cumulative_before`` (indicator code → number) fill the reference columns.
    """
    targets = targets or {}
    cumulative_before = cumulative_before or {}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "季度填报"
    last_col = get_column_letter(len(HEADERS))
    sheet.merge_cells(f"A1:{last_col}1")
    sheet["A1"] = f"{plan.name}进展情况季度填报表"
    sheet["A1"].font = Font(size=15, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.row_dimensions[1].height = 28
    sheet["A3"], sheet["B3"] = "填报地区：", region.name
    sheet["D3"], sheet["E3"] = "报送季度：", quarter.label
    sheet["G3"], sheet["H3"] = "填报日期：", ""
    for ref in ("A3", "D3", "G3"):
        sheet[ref].font = Font(bold=True)
    for col, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=HEADER_ROW, column=col, value=header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
        sheet.column_dimensions[get_column_letter(col)].width = width
    numbers = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
    )
    numbers.error, numbers.errorTitle = "请填写不小于 0 的数字", "数值无效"
    sheet.add_data_validation(numbers)
    row = HEADER_ROW
    for number, indicator in enumerate(plan.indicators, start=1):
        row = HEADER_ROW + number
        cells = [
            number,
            indicator.code,
            indicator.name,
            indicator.unit,
            targets.get(indicator.code),
            cumulative_before.get(indicator.code),
            None,
            None,
            None,
        ]
        for col, value in enumerate(cells, start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            cell.border = BORDER
            if col in (7, 8, 9):
                cell.fill = INPUT_FILL
            if col in (5, 6, 7, 8):
                cell.number_format = "0" if indicator.is_count else "0.0###"
        numbers.add(f"G{row}:H{row}")
    for offset, note in enumerate(NOTES, start=2):
        sheet.cell(row=row + offset, column=1, value=note.format(start=plan.quarters[0].label))
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
