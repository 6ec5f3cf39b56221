"""A deterministic synthetic roster of about 12,000 obviously fictitious enterprises.

Every name starts with "演示·"; credit codes are well formed (real Jiangsu county division codes,
a fictitious organisation code, the GB 32100 check character). Tier counts by city follow the
demo allocation's weights (2022 GDP × the city's demo pace, see data_model.demo); national
little giants follow the published city counts in reference/jiangsu_reference_stats.csv
(苏州 > 无锡 > 南京 > 常州 > 南通, the other cities below 南通). Some pool firms fail Table 1
(the 取消入库 list), some meet Table 2 without being certified (the recommendation list), and
some provincial little giants meet Table 3.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date

from data_model.allocation_rule import STATS_CSV, city_weights, largest_remainder
from data_model.demo import CITY_PACE
from data_model.enterprises.credit_code import CHARSET, check_character
from data_model.enterprises.screening import load_criteria
from data_model.regions import all_regions, cities

SEED = 20200101
YEARS = (2019, 2020, 2021, 2022)
TOTALS = {"enterprises": 12_000, "pool": 11_000, "provincial": 1_080, "national": 110}
SHARES = {"fail_t1": 0.05, "meet_t2": 0.04, "meet_t3": 0.25, "innovation": 0.2, "left": 0.02}
WORDS_A = "华恒瑞泰宏达精诚博远鼎新盛嘉卓越锦程天润中科启明永信汇通弘毅".replace("", " ").split()
WORDS_B = ("精密机械", "智能装备", "新材料", "电子科技", "生物科技", "环保科技", "汽车部件")
WORDS_B += ("软件", "光电", "医疗器械", "纺织科技", "船舶配套", "传感技术", "显示材料")
ASSESSOR = "演示评审组"
TABLE1_KEYS = {
    "manufacturing": ("t1.common", "t1.mfg.2", "t1.mfg.5"),
    "innovation": ("t1.common", "t1.inn.1.four_new", "t1.inn.3", "t1.inn.4"),
}
TABLE2_KEYS = {"manufacturing": ("t2.giant.mfg.3",), "innovation": ("t2.giant.inn.1",)}


@dataclass(frozen=True)
class DemoAssessment:
    credit_code: str
    criterion_key: str
    met: bool
    assessor: str
    assessed_on: date


def national_weights() -> dict[str, float]:
    """Return city → weight for national little giants: published counts for the top five,
    GDP-proportional (scaled below 南通) for the rest."""
    with STATS_CSV.open(encoding="utf-8") as handle:
        published = {
            r["region_code"]: float(r["value"])
            for r in csv.DictReader(handle)
            if r["metric"].startswith("国家级专精特新小巨人 (cumulative incl. 5th batch)")
        }
    gdp = city_weights()
    floor = min(published.values())
    scale = 0.6 * floor / max(g for c, g in gdp.items() if c not in published)
    return {c.code: published.get(c.code, gdp[c.code] * scale) for c in cities()}


def credit_code_for(county_code: str, number: int) -> str:
    """Return a well-formed credit code: 91 (enterprise), the county, MA + 7 chars, check."""
    chars = []
    value = number * 7919 + 104729  # spread consecutive numbers over the code space
    for _ in range(7):
        value, digit = divmod(value, len(CHARSET))
        chars.append(CHARSET[digit])
    body = f"91{county_code}MA{''.join(reversed(chars))}"
    return body + check_character(body)


def demo_roster() -> tuple[list[dict[str, object]], list[DemoAssessment]]:
    """Return (file rows keyed by etl column field, assessments) for the demo roster."""
    rng = random.Random(SEED)
    weights = {c: w * CITY_PACE[c] for c, w in city_weights().items()}
    per_city = {
        "enterprises": largest_remainder(TOTALS["enterprises"], weights),
        "pool": largest_remainder(TOTALS["pool"], weights),
        "provincial": largest_remainder(TOTALS["provincial"], weights),
        "national": largest_remainder(TOTALS["national"], national_weights()),
    }
    counties = {}
    for region in all_regions():
        if region.level == "county":
            counties.setdefault(region.parent_code, []).append(region.code)
    sets = load_criteria().sets
    rows, assessments = [], []
    number = 0
    for city in cities():
        n = {k: int(v[city.code]) for k, v in per_city.items()}
        for i in range(n["enterprises"]):
            number += 1
            tier = (
                "national"
                if i < n["national"]
                else "provincial"
                if i < n["provincial"]
                else "pool"
                if i < n["pool"]
                else "none"
            )
            code = credit_code_for(rng.choice(counties[city.code]), number)
            firm = _firm(rng, city, code, tier, sets)
            rows.extend(firm.rows)
            assessments.extend(firm.assessments)
    return rows, assessments


@dataclass
class _Firm:
    rows: list[dict[str, object]]
    assessments: list[DemoAssessment]


def _firm(rng: random.Random, city, code: str, tier: str, sets) -> _Firm:
    kind = "innovation" if rng.random() < SHARES["innovation"] else "manufacturing"
    pool_set = sets[
        "strategic_emerging_industries"
        if kind == "innovation"
        else "advanced_manufacturing_clusters"
    ]
    profile = "normal"
    if tier == "pool":
        draw = rng.random()
        profile = (
            "fail_t1"
            if draw < SHARES["fail_t1"]
            else "meet_t2"
            if draw < SHARES["fail_t1"] + SHARES["meet_t2"]
            else "normal"
        )
    elif tier in ("provincial", "national"):
        profile = "meet_t3" if tier == "national" or rng.random() < SHARES["meet_t3"] else "meet_t2"
    cluster = rng.choice(pool_set)
    if profile == "fail_t1" and kind == "manufacturing" and rng.random() < 0.3:
        cluster = "其他制造业"
    entered = rng.choice((2020, 2020, 2021, 2021, 2022))
    provincial = rng.randint(entered, 2022) if tier in ("provincial", "national") else None
    national = rng.randint(provincial, 2022) if tier == "national" else None
    left = None
    if tier == "pool" and profile == "normal" and rng.random() < SHARES["left"] and entered < 2022:
        left = 2022
    identity = {
        "credit_code": code,
        "name": f"演示·{city.short_name}{rng.choice(WORDS_A)}{rng.choice(WORDS_A)}{rng.choice(WORDS_B)}有限公司",
        "city": city.name,
        "county": code[2:8],
        "cluster": cluster,
        "enterprise_type": "制造类" if kind == "manufacturing" else "创新类",
        "entered_pool_year": entered if tier != "none" else "",
        "entered_pool_batch": f"{entered}年第{rng.randint(1, 2)}批" if tier != "none" else "",
        "provincial_year": provincial or "",
        "provincial_batch": f"{provincial}年度" if provincial else "",
        "national_giant_year": national or "",
        "national_giant_batch": f"第{national - 2018}批" if national else "",
        "left_pool_year": left or "",
        "left_pool_reason": "企业迁出江苏（演示）" if left else "",
    }
    # Each year draws the firm's traits from the same seed, so they stay constant over the years
    # and only what depends on the year (revenue, profit) moves.
    seed = rng.random()
    rows = [identity | _figures(random.Random(seed), profile, year) for year in YEARS]
    assessments = []
    if tier != "none":
        on = date(entered, 6, 30)
        for key in TABLE1_KEYS[kind]:
            assessments.append(DemoAssessment(code, key, True, ASSESSOR, on))
    if profile in ("meet_t2", "meet_t3"):
        for key in TABLE2_KEYS[kind]:
            assessments.append(DemoAssessment(code, key, True, ASSESSOR, date(2022, 9, 30)))
    return _Firm(rows, assessments)


def _figures(rng: random.Random, profile: str, year: int) -> dict[str, object]:
    strong = profile in ("meet_t2", "meet_t3")
    top = profile == "meet_t3"
    base = (
        rng.uniform(12_000, 40_000)
        if top
        else rng.uniform(3_500, 12_000)
        if strong
        else rng.uniform(800, 6_000)
    )
    growth = rng.uniform(0.11, 0.2) if strong else rng.uniform(-0.02, 0.14)
    revenue = round(base * (1 + growth) ** (year - 2019), 1)
    margin = rng.uniform(0.11, 0.18) if strong else rng.uniform(0.05, 0.12)
    if profile == "fail_t1":
        growth, margin = rng.uniform(-0.08, 0.02), rng.uniform(-0.03, 0.04)
        revenue = round(base * (1 + growth) ** (year - 2019), 1)
    main_business = round(
        revenue * (rng.uniform(0.8, 0.97) if strong else rng.uniform(0.6, 0.95)), 1
    )
    staff = rng.randint(120, 900) if top else rng.randint(40, 400)
    share = rng.uniform(62, 92) if strong else rng.uniform(42, 85)
    patents = rng.randint(2, 12)
    if profile == "fail_t1" and rng.random() < 0.5:
        share, patents = rng.uniform(20, 38), 1
    return {
        "year": year,
        "operating_revenue": revenue,
        "main_business_revenue": main_business,
        "main_product_revenue_share": round(share, 2),
        "operating_profit": round(revenue * margin, 1),
        "profit_and_tax": round(revenue * (margin + 0.05), 1),
        "net_profit": round(
            revenue * margin * 0.8 * (1 + (0.12 if top else 0)) ** (year - 2019), 1
        ),
        "rd_expense": round(
            revenue * (rng.uniform(0.035, 0.08) if strong else rng.uniform(0.01, 0.06)), 1
        ),
        "rd_staff": int(staff * (rng.uniform(0.16, 0.3) if top else rng.uniform(0.05, 0.25))),
        "total_staff": staff,
        "invention_patents": rng.randint(5, 30) if top else max(0, patents - 2),
        "utility_patents": patents + (10 if top else 0),
        "design_patents": rng.randint(0, 6),
        "market_share_rank_national": rng.randint(1, 5) if strong else rng.randint(3, 40),
        "market_share_rank_provincial": rng.randint(1, 3) if top else rng.randint(1, 15),
        "standards_led_or_joined": rng.randint(1, 4) if top else rng.randint(0, 2),
        "quality_awards_or_famous_trademarks": rng.randint(1, 3) if top else rng.randint(0, 1),
        "asset_liability_ratio": round(rng.uniform(25, 65) if top else rng.uniform(20, 85), 2),
        "founded_year": 2000 + rng.randint(0, 14),
        "has_rd_institution_city_or_above": "是" if strong or rng.random() < 0.4 else "否",
        "safety_env_violations_3y": 0 if strong or rng.random() < 0.9 else 1,
    }
