"""An enterprise's yearly figures and the multi-year figures the screening criteria need.

Money is in 万元, shares and ratios are fractions (0.05 = 5%). Every figure may be None
(not reported). A derived figure whose inputs are incomplete is None too — it is never
estimated — and the screening engine reports the criterion as no_data.

Averages of growth rates and margins are arithmetic means of the yearly values:
"近3年营业收入平均增长率" is the mean of the growth rates of the last 3 years, which needs
4 years of revenue (year-3 … year); "近2年…平均增长率" needs 3 years (year-2 … year);
"近3年平均营业利润率" is the mean of the margins of year-2 … year. Derived ratios are
rounded to 9 decimals so that float noise (0.15000000000000002) never flips a threshold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from statistics import fmean

RATIO_DECIMALS = 9


@dataclass(frozen=True)
class EnterpriseYear:
    """One enterprise's reported figures for one fiscal year; None means not reported."""

    year: int
    operating_revenue: float | None = None  # 营业收入, 万元
    main_business_revenue: float | None = None  # 主营业务收入, 万元
    # 主导产品销售收入占比, 0-1. The plan's denominators differ slightly (整体收入 in Table 1,
    # 主营业务收入 in Table 2, 全部业务收入 in Table 3); bureaus report one share.
    main_product_revenue_share: float | None = None
    operating_profit: float | None = None  # 营业利润, 万元
    profit_and_tax: float | None = None  # 利税总额, 万元
    net_profit: float | None = None  # 净利润, 万元
    rd_expense: float | None = None  # 研究开发费用, 万元
    rd_staff: int | None = None  # 科技研发人员
    total_staff: int | None = None  # 职工总数
    invention_patents: int | None = None  # 有效发明专利
    utility_patents: int | None = None  # 有效实用新型专利
    design_patents: int | None = None  # 有效外观设计专利
    market_share_rank_national: int | None = None  # 主导产品国内市场占有率排名
    market_share_rank_provincial: int | None = None  # 主导产品省内市场占有率排名
    standards_led_or_joined: int | None = None  # 近2年主持或参与制修订的国际/国家/行业标准
    quality_awards_or_famous_trademarks: int | None = None  # 市级及以上政府质量奖或驰名商标
    asset_liability_ratio: float | None = None  # 资产负债率, 0-1
    founded_year: int | None = None  # 成立年份
    has_rd_institution_city_or_above: bool | None = None  # 市级以上企业研发机构
    safety_env_violations_3y: int | None = None  # 近3年安全、环境违法记录
    cluster: str | None = None  # one of the 13 clusters, or a strategic emerging industry
    enterprise_type: str | None = None  # "manufacturing" | "innovation"


@dataclass(frozen=True)
class Figure:
    """How a figure is named, measured and shown: the catalogue the criteria file is checked against."""

    name: str
    label: str  # Chinese label used in threshold texts
    kind: str  # money | ratio | count | rank | years | flag | category
    unit: str = ""


def _figure(name: str, label: str, kind: str, unit: str = "") -> tuple[str, Figure]:
    return name, Figure(name, label, kind, unit)


FIGURES: dict[str, Figure] = dict(
    [
        _figure("operating_revenue", "年度营业收入", "money", "万元"),
        _figure("main_business_revenue", "年度主营业务收入", "money", "万元"),
        _figure("main_product_revenue_share", "主导产品销售收入占比", "ratio"),
        _figure("operating_profit", "营业利润", "money", "万元"),
        _figure("profit_and_tax", "利税总额", "money", "万元"),
        _figure("net_profit", "净利润", "money", "万元"),
        _figure("rd_expense", "研究开发费用", "money", "万元"),
        _figure("rd_staff", "科技研发人员", "count", "人"),
        _figure("total_staff", "职工总数", "count", "人"),
        _figure("invention_patents", "有效发明专利", "count", "项"),
        _figure("utility_patents", "有效实用新型专利", "count", "项"),
        _figure("design_patents", "有效外观设计专利", "count", "项"),
        _figure("market_share_rank_national", "主导产品国内市场占有率排名", "rank", "位"),
        _figure("market_share_rank_provincial", "主导产品省内市场占有率排名", "rank", "位"),
        _figure("standards_led_or_joined", "近2年主持或参与制（修）订标准", "count", "项"),
        _figure(
            "quality_awards_or_famous_trademarks", "市级及以上质量奖励或驰名商标", "count", "项"
        ),
        _figure("asset_liability_ratio", "资产负债率", "ratio"),
        _figure("founded_year", "成立年份", "years", "年"),
        _figure("has_rd_institution_city_or_above", "建有市级以上企业研发机构", "flag"),
        _figure("safety_env_violations_3y", "近3年安全、环境违法记录", "count", "项"),
        _figure("cluster", "所属集群或产业", "category"),
        _figure("enterprise_type", "企业类别", "category"),
        # Derived from several years or several figures (see derive()).
        _figure("revenue_growth_avg_3y", "近3年营业收入平均增长率", "ratio"),
        _figure("operating_margin_avg_3y", "近3年平均营业利润率", "ratio"),
        _figure("main_business_revenue_growth_avg_2y", "近2年主营业务收入平均增长率", "ratio"),
        _figure("net_profit_growth_avg_2y", "近2年净利润平均增长率", "ratio"),
        _figure("main_business_share", "主营业务收入占营业收入比重", "ratio"),
        _figure("rd_expense_ratio", "研究开发费用占销售收入比重", "ratio"),
        _figure("rd_staff_share", "科技研发人员占职工总数比例", "ratio"),
        _figure("valid_patents", "有效专利（发明或实用新型）", "count", "项"),
        _figure("utility_and_design_patents", "实用新型和外观设计专利", "count", "项"),
        _figure("years_in_operation", "经营年限", "years", "年"),
    ]
)

REPORTED = tuple(f.name for f in fields(EnterpriseYear) if f.name != "year")


def growth(previous: float | None, current: float | None) -> float | None:
    """Return the growth rate from `previous` to `current`, or None if it is not defined.

    Growth from a zero or negative base (a loss, say) has no meaning, so it is None.

    >>> growth(1000, 1100)
    0.1
    >>> growth(-50, 100) is None
    True
    """
    if previous is None or current is None or previous <= 0:
        return None
    return round((current - previous) / previous, RATIO_DECIMALS)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """Return numerator / denominator, or None when either is missing or the denominator ≤ 0.

    >>> ratio(90, 3000)
    0.03
    """
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return round(numerator / denominator, RATIO_DECIMALS)


def average_growth(series: Mapping[int, float | None], year: int, years: int) -> float | None:
    """Return the mean of the `years` yearly growth rates ending in `year` (needs years+1 values).

    >>> average_growth({2017: 1000, 2018: 1100, 2019: 1210, 2020: 1210}, 2020, 3)
    0.066666667
    >>> average_growth({2018: 1100, 2019: 1210, 2020: 1210}, 2020, 3) is None
    True
    """
    rates = [growth(series.get(y - 1), series.get(y)) for y in range(year - years + 1, year + 1)]
    if any(rate is None for rate in rates):
        return None
    return round(fmean(rates), RATIO_DECIMALS)


def average_margin(
    profits: Mapping[int, float | None],
    revenues: Mapping[int, float | None],
    year: int,
    years: int,
) -> float | None:
    """Return the mean of the yearly profit margins of `years` years ending in `year`.

    >>> average_margin({2018: 50, 2019: 60, 2020: 70}, {2018: 1000, 2019: 1000, 2020: 1000}, 2020, 3)
    0.06
    """
    margins = [ratio(profits.get(y), revenues.get(y)) for y in range(year - years + 1, year + 1)]
    if any(margin is None for margin in margins):
        return None
    return round(fmean(margins), RATIO_DECIMALS)


def _sum(*values: int | None) -> int | None:
    return None if any(v is None for v in values) else sum(values)


def derive(figures_by_year: Mapping[int, EnterpriseYear], year: int) -> dict[str, object]:
    """Return every figure named in FIGURES for `year`: that year's reported ones plus derived ones.

    >>> years = {
    ...     2017: EnterpriseYear(2017, operating_revenue=2000),
    ...     2018: EnterpriseYear(2018, operating_revenue=2200, operating_profit=110,
    ...                          main_business_revenue=2000, net_profit=100),
    ...     2019: EnterpriseYear(2019, operating_revenue=2420, operating_profit=121,
    ...                          main_business_revenue=2200, net_profit=120),
    ...     2020: EnterpriseYear(2020, operating_revenue=2662, operating_profit=133.1,
    ...                          main_business_revenue=2420, net_profit=150, rd_expense=79.86,
    ...                          rd_staff=15, total_staff=100, invention_patents=1,
    ...                          utility_patents=2, design_patents=3, founded_year=2010),
    ... }
    >>> d = derive(years, 2020)
    >>> d["revenue_growth_avg_3y"], d["operating_margin_avg_3y"], d["rd_expense_ratio"]
    (0.1, 0.05, 0.03)
    >>> d["main_business_revenue_growth_avg_2y"], d["net_profit_growth_avg_2y"]
    (0.1, 0.225)
    >>> d["rd_staff_share"], d["valid_patents"], d["utility_and_design_patents"]
    (0.15, 3, 5)
    >>> d["main_business_share"], d["years_in_operation"]
    (0.909090909, 10)
    """
    current = figures_by_year.get(year) or EnterpriseYear(year)
    # A shallow copy: every field is a scalar, and asdict's deep copy dominated bulk screening.
    reported = {name: getattr(current, name) for name in REPORTED}

    def series(name: str) -> dict[int, float | None]:
        return {y: getattr(f, name) for y, f in figures_by_year.items()}

    revenue = series("operating_revenue")
    # The founding year is a fixed fact: take it from any year that reports it.
    founded = next((v for v in series("founded_year").values() if v is not None), None)
    if current.founded_year is not None:
        founded = current.founded_year
    derived = {
        "revenue_growth_avg_3y": average_growth(revenue, year, 3),
        "operating_margin_avg_3y": average_margin(series("operating_profit"), revenue, year, 3),
        "main_business_revenue_growth_avg_2y": average_growth(
            series("main_business_revenue"), year, 2
        ),
        "net_profit_growth_avg_2y": average_growth(series("net_profit"), year, 2),
        "main_business_share": ratio(current.main_business_revenue, current.operating_revenue),
        # The plan says 占销售收入; operating revenue (营业收入) is the reported stand-in.
        "rd_expense_ratio": ratio(current.rd_expense, current.operating_revenue),
        "rd_staff_share": ratio(current.rd_staff, current.total_staff),
        "valid_patents": _sum(current.invention_patents, current.utility_patents),
        "utility_and_design_patents": _sum(current.utility_patents, current.design_patents),
        "years_in_operation": None if founded is None else year - founded,
    }
    return reported | derived
