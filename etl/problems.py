"""Validation problems as data: a stable code, where it is (row, column), the value and a message.

Every problem in a file is collected and reported at once; codes never change meaning, so scripts
and tests can rely on them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# code → Chinese message template. Placeholders are filled from ``Problem.context``.
MESSAGES: dict[str, str] = {
    "empty_file": "文件为空，没有可导入的数据",
    "not_a_spreadsheet": "文件不是 Excel (.xlsx) 或 CSV 表格，无法读取",
    "legacy_xls": "这是旧版 Excel (.xls) 文件，请在 Excel 或 WPS 中“另存为” .xlsx 后再提交",
    "bad_encoding": "无法识别文件的文字编码，请将 CSV 保存为 UTF-8 或 GB18030/GBK 编码",
    "no_header": "未找到表头行：表头应包含“{expected}”",
    "missing_column": "缺少必需的列“{name}”",
    "missing_region": "未填写地区",
    "unknown_region": "未知地区“{value}”{hint}",
    "not_a_city": "“{value}”不是设区市，请按 13 个设区市填报",
    "region_not_allowed": "只能报送本市（{allowed}）的数据，不能报送“{value}”",
    "missing_period": "未填写季度",
    "bad_period": "无法识别的季度“{value}”，应写作 2021Q3 或 2021年第三季度",
    "period_outside_plan": "季度“{value}”不在计划期（{first}–{last}）内",
    "period_locked": "{period}已锁定，不再接受报送；如需更正请联系省工信厅",
    "missing_indicator": "未填写指标",
    "unknown_indicator": "未知指标“{value}”，请填写指标代码或完整的指标名称{hint}",
    "missing_value": "未填写数值（本季度无新增请填 0）",
    "not_a_number": "“{value}”不是有效数字",
    "negative_value": "数值不能为负数：{value}",
    "fractional_count": "“{indicator}”以“{unit}”计，应为整数，实际为 {value}",
    "wrong_unit": "单位“{value}”与指标“{indicator}”的单位“{unit}”不符",
    "duplicate_row": "与第 {other} 行重复（同一地区、季度、指标只能填报一次）",
    "cumulative_mismatch": "累计值 {value} 与已报数据不符：按已报数据应为 {expected}",
    "target_sum_mismatch": "“{indicator}”各设区市目标合计 {total}，与全省目标 {target} 不一致",
    "target_missing_city": "“{indicator}”缺少 {cities} 的分解目标",
    # Enterprise roster (etl/enterprises)
    "missing_field": "未填写“{name}”",
    "bad_credit_code": "统一社会信用代码“{value}”有误：{detail}",
    "unknown_county": "未知县（市、区）“{value}”",
    "county_not_in_city": "“{value}”不属于{city}",
    "unknown_cluster": "未知集群或产业“{value}”，应为 13 个先进制造业集群或战略性新兴产业之一{hint}",
    "bad_enterprise_type": "企业类别“{value}”应为“制造类”或“创新类”",
    "bad_year": "年份“{value}”无效，应为 {first}–{last} 之间的 4 位年份",
    "share_out_of_range": "比例应在 0–100（%）之间，实际为 {value}",
    "not_whole_number": "“{name}”应为整数，实际为 {value}",
    "bad_rank": "排名应为 1 或更大的整数，实际为 {value}",
    "bad_flag": "“{value}”应填“是”或“否”",
    "duplicate_enterprise_year": "与第 {other} 行重复（同一企业同一年度只能填报一行）",
    "conflicting_name": "同一统一社会信用代码在第 {other} 行的企业名称为“{other_value}”，与本行“{value}”不一致",
    "conflicting_value": "同一企业在第 {other} 行填写为“{other_value}”，与本行“{value}”不一致",
}


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    row: int | None = None  # as the spreadsheet shows it (1-based)
    column: str | None = None  # the column's header as written in the file
    value: str | None = None
    severity: str = "error"

    def to_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> str:
        """Return a one-line Chinese description, e.g. ``第 5 行「本季度新增」列：…``."""
        where = []
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"「{self.column}」列")
        prefix = "".join(where)
        return f"{prefix}：{self.message}" if prefix else self.message


def problem(
    code: str, row: int | None = None, column: str | None = None, value=None, **context
) -> Problem:
    """Return a Problem with the message for ``code`` filled in from ``value`` and ``context``."""
    text = "" if value is None else str(value)
    message = MESSAGES[code].format(value=text, **context)
    return Problem(
        code=code, message=message, row=row, column=column, value=None if value is None else text
    )


class FileProblem(Exception):
    """The file as a whole cannot be read; carries the one Problem that says why."""

    def __init__(self, found: Problem):
        super().__init__(found.message)
        self.problem = found
