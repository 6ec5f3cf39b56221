"""The roster file's columns: one header row of Chinese names, one row per enterprise and year.

Headers are matched after ``normalise_header`` (brackets and their contents, spaces and case are
ignored), so "营业收入（万元）" and "营业收入" are the same column. Percentages are written as
percent (12.5 means 12.5%) and stored as fractions (0.125), as figures.EnterpriseYear wants them.
"""

from __future__ import annotations

from dataclasses import dataclass

from data_model.enterprises.models import (
    CHAMPION,
    ENTERED_POOL,
    LEFT_POOL,
    NATIONAL_GIANT,
    PROVINCIAL,
)
from data_model.enterprises.screening import load_criteria
from etl.layouts import normalise_header

# Kinds: identity text; year (4-digit); money (万元, ≥ 0); signed (万元, may be negative: a loss);
# share (percent 0–100); count (whole number ≥ 0); rank (whole number ≥ 1); flag (是/否).


@dataclass(frozen=True)
class RosterColumn:
    field: str
    header: str  # as written in the template, with its unit
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = ()


IDENTITY = (
    RosterColumn("credit_code", "统一社会信用代码", "credit_code", True, ("信用代码",)),
    RosterColumn("name", "企业名称", "text", True, ("名称",)),
    RosterColumn("city", "设区市", "city", True, ("地区", "城市", "地市")),
    RosterColumn("county", "县（市、区）", "county", False, ("县市区", "区县", "县区")),
    RosterColumn("cluster", "所属集群或产业", "cluster", True, ("集群", "所属集群", "产业")),
    RosterColumn("enterprise_type", "企业类别（制造类/创新类）", "type", True, ("类别",)),
    RosterColumn("year", "年度", "year", True, ("年份", "数据年度")),
)
# Tier events: (kind, year column, batch or reason column).
EVENTS = (
    (ENTERED_POOL, RosterColumn("entered_pool_year", "入库年份", "year"), "entered_pool_batch"),
    (PROVINCIAL, RosterColumn("provincial_year", "省级认定年份", "year"), "provincial_batch"),
    (
        NATIONAL_GIANT,
        RosterColumn(
            "national_giant_year", "国家级小巨人认定年份", "year", aliases=("国家级认定年份",)
        ),
        "national_giant_batch",
    ),
    (
        CHAMPION,
        RosterColumn("champion_year", "单项冠军认定年份", "year", aliases=("单项冠军年份",)),
        "champion_batch",
    ),
    (LEFT_POOL, RosterColumn("left_pool_year", "出库年份", "year"), "left_pool_reason"),
)
EVENT_DETAILS = (
    RosterColumn("entered_pool_batch", "入库批次", "text"),
    RosterColumn("provincial_batch", "省级认定批次", "text"),
    RosterColumn(
        "national_giant_batch", "国家级小巨人认定批次", "text", aliases=("国家级认定批次",)
    ),
    RosterColumn("champion_batch", "单项冠军认定批次", "text"),
    RosterColumn("left_pool_reason", "出库原因", "text"),
)
FIGURES = (
    RosterColumn("operating_revenue", "营业收入（万元）", "money"),
    RosterColumn("main_business_revenue", "主营业务收入（万元）", "money"),
    RosterColumn("main_product_revenue_share", "主导产品销售收入占比（%）", "share"),
    RosterColumn("operating_profit", "营业利润（万元）", "signed"),
    RosterColumn("profit_and_tax", "利税总额（万元）", "signed"),
    RosterColumn("net_profit", "净利润（万元）", "signed"),
    RosterColumn("rd_expense", "研究开发费用（万元）", "money"),
    RosterColumn("rd_staff", "科技研发人员（人）", "count"),
    RosterColumn("total_staff", "职工总数（人）", "count"),
    RosterColumn("invention_patents", "有效发明专利（项）", "count"),
    RosterColumn("utility_patents", "有效实用新型专利（项）", "count"),
    RosterColumn("design_patents", "有效外观设计专利（项）", "count"),
    RosterColumn("market_share_rank_national", "主导产品国内市场占有率排名（位）", "rank"),
    RosterColumn("market_share_rank_provincial", "主导产品省内市场占有率排名（位）", "rank"),
    RosterColumn("standards_led_or_joined", "近2年主持或参与制修订标准（项）", "count"),
    RosterColumn(
        "quality_awards_or_famous_trademarks", "市级及以上质量奖励或驰名商标（项）", "count"
    ),
    RosterColumn("asset_liability_ratio", "资产负债率（%）", "share"),
    RosterColumn("founded_year", "成立年份", "year"),
    RosterColumn("has_rd_institution_city_or_above", "建有市级以上企业研发机构（是/否）", "flag"),
    RosterColumn("safety_env_violations_3y", "近3年安全环境违法记录（项）", "count"),
)
COLUMNS = (*IDENTITY, *(c for _, c, _ in EVENTS), *EVENT_DETAILS, *FIGURES)
BY_FIELD = {c.field: c for c in COLUMNS}
FIGURE_FIELDS = tuple(c.field for c in FIGURES)

TYPE_WORDS = {
    "制造类": "manufacturing",
    "制造": "manufacturing",
    "manufacturing": "manufacturing",
    "创新类": "innovation",
    "创新": "innovation",
    "innovation": "innovation",
}
FLAG_WORDS = {"是": True, "有": True, "1": True, "y": True, "yes": True, "true": True}
FLAG_WORDS |= {"否": False, "无": False, "0": False, "n": False, "no": False, "false": False}
# Besides the plan's named clusters and industries, a firm may belong to another strategic
# emerging industry (Table 1 创新类 ends in 等) or to other manufacturing; screening decides
# whether that qualifies, the import only refuses names it cannot place.
OTHER_CLUSTERS = ("其他战略性新兴产业", "其他制造业")


def cluster_names() -> tuple[str, ...]:
    """Return the cluster and industry names an import accepts, from criteria.yaml's sets."""
    sets = load_criteria().sets
    names = [*sets["advanced_manufacturing_clusters"], *sets["strategic_emerging_industries"]]
    return tuple(dict.fromkeys([*names, *OTHER_CLUSTERS]))


def header_index() -> dict[str, str]:
    """Return normalised header text → field for every column and alias."""
    index = {}
    for column in COLUMNS:
        for text in (column.header, *column.aliases):
            index[normalise_header(text)] = column.field
    return index
