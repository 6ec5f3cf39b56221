"""Rank the 13 设区市 by their 千企升级 progress in one period.

The plan (四(二) 建立信息通报体系) makes the number of 专精特新小巨人 enterprises the core
indicator for comparing cities. The method and its weights are data in
``ranking_method.yaml``; this module only applies them. It is pure: DataFrames in, DataFrames out.

Input: ``progress``, one row per (city, indicator) for ONE period, with columns
``region_code, region, indicator, target, cumulative, completion, expected`` where
``completion = cumulative / target`` (NaN when target is 0) and ``expected`` is the 序时进度.

Method. Each component scores a city 0-100 over its list of indicators:

* ``share_of_best`` (小巨人认定数量): the city's summed ``cumulative`` divided by the best city's,
  times 100; everyone scores 0 when the best is 0.
* ``pace`` (小巨人序时完成度, 其他指标序时完成度): per indicator
  ``min(completion / expected, pace_cap) / pace_cap * 100``, averaged over the indicators the
  city can be scored on (target > 0, completion not NaN, expected > 0). No such indicator: 0.

``score = sum(weight * component score)``. Scores are compared unrounded; two scores within
``tie_tolerance`` (1e-9) tie and share a rank, the next rank is skipped (1, 2, 2, 4), and tied
cities are listed by region_code. A city's 梯队 comes from the rank bands in the YAML.

Worked example (weights 0.4/0.2/0.4, cap 1.2, expected 0.5), two cities, three indicators:

    city   provincial_giants    national_giants   patents
    南京    30 of 40 (0.75)     2 of 4 (0.5)      600 of 1000 (0.6)
    无锡    12 of 30 (0.40)     0 of 2 (0.0)      200 of 800 (0.25)

    giants_count  南京 32 → 100;        无锡 12/32 → 37.5
    giants_pace   南京 (100 + 83.33)/2; 无锡 (66.67 + 0)/2 = 33.33
    overall_pace  南京 min(1.2,1.2)/1.2 → 100;  无锡 0.5/1.2 → 41.67
    score         南京 40 + 18.33 + 40 = 98.33;  无锡 15 + 6.67 + 16.67 = 38.33

Robustness (``rank_stability``): the ranking is recomputed ``samples`` times with each weight
multiplied by a factor drawn uniformly from ``[1 - band, 1 + band]`` and the weights rescaled to
sum to 1, using ``numpy.random.default_rng(seed)`` so the result is reproducible. Each city's
best and worst rank over those runs (and the unperturbed run) tell whether its place depends
on the choice of weights.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from data_model.ranking_method import (  # noqa: F401  (re-exported: the ranking API in one place)
    METHOD_PATH,
    Component,
    RankingMethod,
    RankingMethodError,
    Stability,
    Tier,
    load_method,
    method_problems,
    parse_method,
    plan_indicator_codes,
)

PROGRESS_COLUMNS = (
    "region_code",
    "region",
    "indicator",
    "target",
    "cumulative",
    "completion",
    "expected",
)


def ranking_columns(method: RankingMethod) -> list[str]:
    """Return the columns of a ranking frame, in order."""
    components = [c.code for c in method.components]
    return ["rank", "region_code", "region", "score", *components, "core_value", "tier"]


def rank_cities(progress: pd.DataFrame, method: RankingMethod) -> pd.DataFrame:
    """Return one row per city with its rank, score, component scores, core_value and tier.

    Columns are ``ranking_columns(method)``; rows are sorted by rank, then region_code.
    ``score`` and the component scores are unrounded (see ``display_ranking``).
    """
    columns = ranking_columns(method)
    if progress.empty:
        text = {"region_code", "region", "tier"}
        dtypes = {c: "int64" if c == "rank" else "str" if c in text else float for c in columns}
        return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in columns})
    table = component_scores(progress, method)
    table["score"] = table[[c.code for c in method.components]].to_numpy() @ method.weights
    table["rank"] = competition_ranks(table["score"].to_numpy(), method.tie_tolerance)
    table["tier"] = [method.tier_for(rank) for rank in table["rank"]]
    return table.sort_values(["rank", "region_code"], ignore_index=True)[columns]


def component_scores(progress: pd.DataFrame, method: RankingMethod) -> pd.DataFrame:
    """Return one row per city (by region_code): region_code, region, core_value and scores.

    Each component gets a 0-100 score column named by its code; see the module docstring.
    """
    _check_progress(progress, method)
    city = progress["region_code"]
    pace = _pace(progress, method.pace_cap)
    table = progress.groupby(city, sort=True)[["region"]].first()
    for component in method.components:
        rows = progress["indicator"].isin(component.indicators)
        if component.scoring == "share_of_best":
            raw = progress["cumulative"].where(rows).groupby(city).sum()
            best = raw.max()
            table[component.code] = raw / best * 100 if best > 0 else raw * 0.0
            if component.code == method.core_component:
                table["core_value"] = raw
        else:
            table[component.code] = pace.where(rows).groupby(city).mean().fillna(0.0)
    return table.reset_index()


def _pace(progress: pd.DataFrame, cap: float) -> pd.Series:
    """Return each row's pace score 0-100; NaN where the row has no target or no pace."""
    scorable = (progress["target"] > 0) & (progress["expected"] > 0)
    ratio = (progress["completion"] / progress["expected"]).where(scorable)
    return ratio.clip(lower=0.0, upper=cap) / cap * 100


def _check_progress(progress: pd.DataFrame, method: RankingMethod) -> None:
    missing = [c for c in PROGRESS_COLUMNS if c not in progress.columns]
    if missing:
        raise ValueError(f"progress frame lacks columns: {', '.join(missing)}")
    if progress.duplicated(["region_code", "indicator"]).any():
        raise ValueError("progress frame has more than one row for a (region_code, indicator)")
    cities = progress["region_code"].nunique()
    if cities > method.city_count:
        raise ValueError(
            f"{cities} cities to rank but {method.code} has tiers for {method.city_count}"
        )


def competition_ranks(scores: Sequence[float] | np.ndarray, tolerance: float) -> np.ndarray:
    """Return competition ranks (1, 2, 2, 4) of ``scores``, highest score first.

    A score within ``tolerance`` of the highest score of a tie group joins that group, so a
    group never spans more than ``tolerance``.

    >>> competition_ranks([70.0, 90.0, 80.0, 80.0 + 1e-12], 1e-9).tolist()
    [4, 1, 2, 2]
    """
    values = np.asarray(scores, dtype=float)
    order = np.argsort(-values, kind="stable")
    ranks = np.zeros(len(values), dtype=np.int64)
    rank, leader = 0, np.nan
    for position, index in enumerate(order):
        if position == 0 or leader - values[index] > tolerance:
            rank, leader = position + 1, values[index]
        ranks[index] = rank
    return ranks


def display_ranking(ranking: pd.DataFrame, method: RankingMethod) -> pd.DataFrame:
    """Return a copy of ``ranking`` with score columns rounded to the method's decimals."""
    scores = ["score", *(c.code for c in method.components)]
    return ranking.round(dict.fromkeys(scores, method.display_decimals))


def rank_change(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Return ``current`` with ``previous_rank`` and ``rank_change`` columns (nullable ints).

    ``rank_change = previous_rank - rank``: positive means the city moved up; NA when the city
    has no previous rank.
    """
    out = current.copy()
    if previous.empty:
        previous_rank = pd.Series(pd.NA, index=out.index)
    else:
        previous_rank = out["region_code"].map(previous.set_index("region_code")["rank"])
    out["previous_rank"] = previous_rank.astype("Int64")
    out["rank_change"] = (out["previous_rank"] - out["rank"]).astype("Int64")
    return out


def rank_stability(
    progress: pd.DataFrame,
    method: RankingMethod,
    band: float | None = None,
    samples: int | None = None,
    seed: int | None = None,
) -> pd.DataFrame:
    """Return region_code, rank, rank_min and rank_max under randomly perturbed weights.

    Defaults for ``band``, ``samples`` and ``seed`` come from ``method.stability``. Each sample
    multiplies every weight by a factor drawn uniformly from [1 - band, 1 + band] and rescales
    the weights to sum to 1; rank_min/rank_max are the best/worst rank over the samples and the
    unperturbed ranking. Rows follow ``rank_cities``.
    """
    band = method.stability.band if band is None else band
    samples = method.stability.samples if samples is None else samples
    seed = method.stability.seed if seed is None else seed
    if not 0 <= band < 1:
        raise ValueError(f"band must be in [0, 1), got {band}")
    ranking = rank_cities(progress, method)
    out = ranking[["region_code", "rank"]].copy()
    scores = ranking[[c.code for c in method.components]].to_numpy()
    factors = np.random.default_rng(seed).uniform(1 - band, 1 + band, (samples, scores.shape[1]))
    weights = method.weights * factors
    weights /= weights.sum(axis=1, keepdims=True)
    runs = [out["rank"].to_numpy()]
    runs += [competition_ranks(scores @ w, method.tie_tolerance) for w in weights]
    stacked = np.vstack(runs)
    out["rank_min"] = stacked.min(axis=0)
    out["rank_max"] = stacked.max(axis=0)
    return out
