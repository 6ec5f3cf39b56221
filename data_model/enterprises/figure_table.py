"""Every enterprise's screening figures for one year as one DataFrame, computed column-wise.

The column-wise twin of ``figures.derive``: the same definitions and the same rounding, applied to
whole columns of the bulk query result (``store.latest_years``) instead of one EnterpriseYear at a
time. Missing figures are NaN (``derive`` gives None); the screening reports them as no_data.

Exactness: numpy's ``round`` scales, rounds to an integer and scales back, while Python's
``round`` rounds the exact decimal value, and ``statistics.fmean`` sums exactly (``math.fsum``).
Both agree except when the scaled value lies within a hair of a half; those few values are
recomputed with the scalar functions of ``figures.py``, so every figure is bit-for-bit ``derive``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from statistics import fmean

import numpy as np
import pandas as pd

from data_model.enterprises.figures import FIGURES, RATIO_DECIMALS
from data_model.enterprises.models import FIGURE_COLUMNS

_SCALE = 10.0**RATIO_DECIMALS
# Scaled values this close to a half (in units of the last kept decimal), or this large, are
# recomputed exactly; float error in the scaling is below 1e-4 of a unit up to 1e12.
_HALF_MARGIN = 1e-3
_EXACT_ABOVE = 1e12


def figure_table(years: pd.DataFrame, enterprises: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return one row per enterprise (index: ``enterprises["id"]``, in that order) and one column
    per name in FIGURES: ``year``'s reported figures plus the derived ones, NaN where missing.

    ``years`` has enterprise_id, year and FIGURE_COLUMNS (``store.latest_years``); ``enterprises``
    has id, cluster and enterprise_type (``roster.roster``). Cluster and type count as reported
    in ``year`` only when the enterprise reported that year, as in ``derive``.

    >>> years = pd.DataFrame({"enterprise_id": [7] * 4, "year": [2017, 2018, 2019, 2020],
    ...     "operating_revenue": [2000, 2200, 2420, 2662.0],
    ...     "operating_profit": [None, 110, 121, 133.1]})
    >>> ids = pd.DataFrame({"id": [7], "cluster": ["物联网"], "enterprise_type": ["manufacturing"]})
    >>> row = figure_table(years, ids, 2020).loc[7]
    >>> row["revenue_growth_avg_3y"], row["operating_margin_avg_3y"], row["cluster"]
    (np.float64(0.1), np.float64(0.05), '物联网')
    """
    ids = pd.Index(enterprises["id"], name="enterprise_id")
    rows = years.reindex(columns=["enterprise_id", "year", *FIGURE_COLUMNS])
    by_year = {
        y: rows[rows["year"] == y].set_index("enterprise_id").reindex(ids)
        for y in range(year - 3, year + 1)
    }
    current = by_year[year]
    table = current.drop(columns="year")
    reported = ids.isin(rows.loc[rows["year"] == year, "enterprise_id"])
    identity = enterprises.set_index("id")[["cluster", "enterprise_type"]]
    for name in ("cluster", "enterprise_type"):
        table[name] = identity[name].astype(object).where(reported, None).to_numpy()

    def series(name: str) -> dict[int, np.ndarray]:
        return {y: _floats(frame[name]) for y, frame in by_year.items()}

    revenue = series("operating_revenue")
    table["revenue_growth_avg_3y"] = average_growth(revenue, year, 3)
    table["operating_margin_avg_3y"] = average_margin(series("operating_profit"), revenue, year, 3)
    table["main_business_revenue_growth_avg_2y"] = average_growth(
        series("main_business_revenue"), year, 2
    )
    table["net_profit_growth_avg_2y"] = average_growth(series("net_profit"), year, 2)
    column = {name: _floats(current[name]) for name in FIGURE_COLUMNS}
    table["main_business_share"] = ratio(
        column["main_business_revenue"], column["operating_revenue"]
    )
    table["rd_expense_ratio"] = ratio(column["rd_expense"], column["operating_revenue"])
    table["rd_staff_share"] = ratio(column["rd_staff"], column["total_staff"])
    table["valid_patents"] = current["invention_patents"] + current["utility_patents"]
    table["utility_and_design_patents"] = current["utility_patents"] + current["design_patents"]
    table["years_in_operation"] = year - founded_years(rows, current["founded_year"])
    return table[list(FIGURES)]


def founded_years(rows: pd.DataFrame, current: pd.Series) -> pd.Series:
    """Return the founding year per enterprise: ``current``'s where given, else the first year's
    row (in ``rows`` order) that reports one — ``derive``'s rule."""
    reported = rows.dropna(subset=["founded_year"]).drop_duplicates("enterprise_id")
    first = reported.set_index("enterprise_id")["founded_year"].reindex(current.index)
    return current.where(current.notna(), first)


def growth(previous: np.ndarray, current: np.ndarray) -> np.ndarray:
    """Return ``figures.growth`` element-wise: NaN when either is missing or previous ≤ 0.

    >>> growth(np.array([1000, -50, np.nan]), np.array([1100, 100, 5]))
    array([0.1, nan, nan])
    """
    defined = (previous > 0) & ~np.isnan(current)
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.where(defined, (current - previous) / previous, np.nan)
    return round_ratios(raw, lambda i: round(float(raw[i]), RATIO_DECIMALS))


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """Return ``figures.ratio`` element-wise: NaN when either is missing or the denominator ≤ 0.

    >>> ratio(np.array([90, 1, np.nan]), np.array([3000, 0, 10]))
    array([0.03,  nan,  nan])
    """
    defined = (denominator > 0) & ~np.isnan(numerator)
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.where(defined, numerator / denominator, np.nan)
    return round_ratios(raw, lambda i: round(float(raw[i]), RATIO_DECIMALS))


def average_growth(series: dict[int, np.ndarray], year: int, years: int) -> np.ndarray:
    """Return ``figures.average_growth`` element-wise over aligned yearly columns."""
    rates = [growth(series[y - 1], series[y]) for y in range(year - years + 1, year + 1)]
    return _mean(np.column_stack(rates))


def average_margin(
    profits: dict[int, np.ndarray], revenues: dict[int, np.ndarray], year: int, years: int
) -> np.ndarray:
    """Return ``figures.average_margin`` element-wise over aligned yearly columns."""
    margins = [ratio(profits[y], revenues[y]) for y in range(year - years + 1, year + 1)]
    return _mean(np.column_stack(margins))


def _mean(values: np.ndarray) -> np.ndarray:
    """Return the rounded row means (NaN if any is NaN), as ``round(fmean(row), 9)``."""
    approx = values.sum(axis=1) / values.shape[1]
    return round_ratios(approx, lambda i: round(fmean(values[i].tolist()), RATIO_DECIMALS))


def round_ratios(values: np.ndarray, exact: Callable[[int], float]) -> np.ndarray:
    """Return ``values`` rounded to RATIO_DECIMALS; where numpy's rounding could differ from
    Python's (near a half, or huge), take ``exact(i)`` instead. NaN stays NaN."""
    scaled = values * _SCALE
    with np.errstate(invalid="ignore"):
        out = np.rint(scaled) / _SCALE
        doubtful = np.isfinite(values) & (
            (np.abs(scaled - np.floor(scaled) - 0.5) < _HALF_MARGIN)
            | (np.abs(scaled) >= _EXACT_ABOVE)
        )
    for i in np.flatnonzero(doubtful):
        out[i] = exact(i)
    return out


def _floats(column: pd.Series) -> np.ndarray:
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
