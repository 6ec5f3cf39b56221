"""A hand-made roster for tests: four firms whose screening outcomes are known by construction.

- A (南京, pool): only 1 valid patent → fails Table 1 (t1.mfg.3): on the 取消入库 list.
- B (苏州, pool): meets Table 2 once t2.giant.mfg.3 is assessed: on the recommendation list.
- C (苏州, provincial 2021): meets Table 3: on the national list.
- D (无锡, pool): strong figures but no assessments: on no list (Table 2 is no_data).
"""

from __future__ import annotations

import io

from openpyxl import Workbook

from data_model.enterprises.credit_code import check_character
from etl.enterprises.columns import COLUMNS
from etl.enterprises.demo_seed import roster_csv


def code(county: str, n: int) -> str:
    body = f"91{county}MA{n:07d}"
    return body + check_character(body)


A, B, C, D = code("320102", 1), code("320506", 2), code("320583", 3), code("320281", 4)


def strong(year: int, **overrides) -> dict[str, object]:
    revenue = round(10000 * 1.15 ** (year - 2019), 4)
    row = {
        "year": year,
        "operating_revenue": revenue,
        "main_business_revenue": round(revenue * 0.9, 4),
        "main_product_revenue_share": 80,
        "operating_profit": round(revenue * 0.12, 4),
        "profit_and_tax": round(revenue * 0.17, 4),
        "net_profit": round(revenue * 0.1, 4),
        "rd_expense": round(revenue * 0.05, 4),
        "rd_staff": 30,
        "total_staff": 150,
        "invention_patents": 6,
        "utility_patents": 10,
        "design_patents": 1,
        "market_share_rank_national": 3,
        "market_share_rank_provincial": 2,
        "standards_led_or_joined": 1,
        "quality_awards_or_famous_trademarks": 1,
        "asset_liability_ratio": 50,
        "founded_year": 2005,
        "has_rd_institution_city_or_above": "是",
        "safety_env_violations_3y": 0,
    }
    return row | overrides


def firm(credit_code, name, city, county, **identity) -> list[dict[str, object]]:
    figures = identity.pop("figures", {})
    base = {
        "credit_code": credit_code,
        "name": name,
        "city": city,
        "county": county,
        "cluster": "高端装备",
        "enterprise_type": "制造类",
        "entered_pool_year": 2020,
        "entered_pool_batch": "2020年第1批",
    } | identity
    return [base | strong(year, **figures) for year in (2019, 2020, 2021, 2022)]


def roster_rows() -> list[dict[str, object]]:
    return [
        *firm(
            A,
            "测试·南京甲机械有限公司",
            "南京市",
            "玄武区",
            figures={"invention_patents": 1, "utility_patents": 0},
        ),
        *firm(B, "测试·苏州乙装备有限公司", "苏州市", "吴中区"),
        *firm(
            C,
            "测试·苏州丙材料有限公司",
            "320500",
            "昆山市",
            provincial_year=2021,
            provincial_batch="2021年度",
        ),
        *firm(D, "测试·无锡丁科技有限公司", "无锡", "江阴市", entered_pool_year=2021),
    ]


def csv_bytes(rows=None, encoding: str = "utf-8-sig") -> bytes:
    return (
        roster_csv(rows if rows is not None else roster_rows()).decode("utf-8-sig").encode(encoding)
    )


def xlsx_bytes(rows=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.header for c in COLUMNS])
    for row in rows if rows is not None else roster_rows():
        sheet.append([row.get(c.field, None) for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
