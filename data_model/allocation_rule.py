"""The demo allocation of province targets to cities, from public figures (documented rule).

Rule: each city's weight is its 2022 GDP as listed in ``reference/jiangsu_reference_stats.csv``.
徐州 has no exact figure there; its source note quotes "近8500亿", which is used. 淮安 and 盐城 have
none at all; each is interpolated linearly on the 2023 manufacturing innovation index (same file)
between the two cities with a GDP figure whose index is nearest below and above. Shares are
rounded by the largest-remainder method (to whole units, or to 0.1 for non-count units) so that
city targets add up exactly to the province target.
"""

from __future__ import annotations

import csv
import math
import re
from functools import cache
from pathlib import Path

from data_model.plan_catalog import Plan
from data_model.regions import cities

STATS_CSV = Path(__file__).parent / "reference" / "jiangsu_reference_stats.csv"


@cache
def city_weights() -> dict[str, float]:
    """Return city code → 2022 GDP (亿元), exact or estimated as the module docstring says."""
    with STATS_CSV.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["region_level"] == "city"]
    gdp: dict[str, float] = {}
    index: dict[str, float] = {}
    for row in rows:
        if row["metric"] == "GDP" and row["period"] == "2022":
            if row["value"]:
                gdp[row["region_code"]] = float(row["value"])
            elif match := re.search(r"近(\d+)", row["note"]):
                gdp[row["region_code"]] = float(match.group(1))
        elif row["metric"].startswith("制造业创新指数"):
            index[row["region_code"]] = float(row["value"])
    for city in cities():
        if city.code not in gdp:
            gdp[city.code] = _interpolate(index[city.code], index, gdp)
    return {c.code: gdp[c.code] for c in cities()}


def _interpolate(x: float, index: dict[str, float], gdp: dict[str, float]) -> float:
    known = sorted((index[c], gdp[c]) for c in gdp)
    below = max((p for p in known if p[0] <= x), default=known[0])
    above = min((p for p in known if p[0] >= x), default=known[-1])
    if above[0] == below[0]:
        return below[1]
    return below[1] + (x - below[0]) / (above[0] - below[0]) * (above[1] - below[1])


def largest_remainder(
    total: float, weights: dict[str, float], step: float = 1.0
) -> dict[str, float]:
    """Split ``total`` in proportion to ``weights`` in multiples of ``step``, summing exactly to it.

    >>> largest_remainder(5, {"a": 6, "b": 3, "c": 1})
    {'a': 3.0, 'b': 2.0, 'c': 0.0}
    """
    units = round(total / step)
    weight_sum = sum(weights.values())
    quotas = {k: units * w / weight_sum for k, w in weights.items()}
    shares = {k: math.floor(q) for k, q in quotas.items()}
    left = units - sum(shares.values())
    for key in sorted(quotas, key=lambda k: (-(quotas[k] - shares[k]), k))[:left]:
        shares[key] += 1
    return {k: round(v * step, 6) for k, v in shares.items()}


def demo_allocation(plan: Plan) -> dict[tuple[str, str], float]:
    """Return (indicator code, city code) → target for every indicator of ``plan``."""
    weights = city_weights()
    allocation = {}
    for indicator in plan.indicators:
        step = 1.0 if indicator.is_count else 0.1
        for city, value in largest_remainder(indicator.target, weights, step).items():
            allocation[(indicator.code, city)] = value
    return allocation
