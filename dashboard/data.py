"""Page-facing queries: each returns frozen dataclasses of DataFrames the pages and downloads render.

Every function opens its own read session, reads the counted figures once and derives everything
with ``data_model`` (progress, status, ranking); nothing here computes a metric of its own. A value
a user can put in the URL that names nothing (an unknown indicator, region or quarter) raises
``InvalidSelection`` with a Chinese message the page shows as is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.selection import (  # noqa: F401  (pages reach these through ``data``)
    PENDING_PREFERENCE,
    InvalidSelection,
    Periods,
    Source,
    check_period,
    current_source,
    find_city,
    find_indicator,
    is_demo,
    load_inputs,
    periods,
    pick_quarter,
    plan_indicators,
)
from dashboard.settings import PROJECT_DIR
from data_model.db import read_session
from data_model.metrics import expected_progress, projected, status_scheme
from data_model.periods import Quarter
from data_model.plan_catalog import Indicator, Plan
from data_model.progress import (
    PROGRESS_COLUMNS,
)
from data_model.ranking import (
    RankingMethod,
    load_method,
    rank_change,
    rank_cities,
    rank_stability,
)
from data_model.regions import Region, RegionMatcher

MEASURES = {"completion": "完成率", "score": "综合得分"}
LAGGING_SHOWN = 5


def status_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Return status code → number of rows, for every status (zeros included)."""
    scheme = status_scheme()
    codes = [b.code for b in scheme.bands] + [scheme.no_target.code]
    counts = frame["status"].value_counts()
    return {code: int(counts.get(code, 0)) for code in codes}


# --- 总览 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    quarter: Quarter | None
    has_data: bool
    plan: Plan
    province: pd.DataFrame  # PROGRESS_COLUMNS, province rows in plan order
    status_counts: dict[str, int]
    lagging: pd.DataFrame  # the most lagging indicators (滞后/严重滞后), largest gap first


def overview(source: Source, period: str | None) -> Overview:
    """Return the province's progress on every indicator at ``period`` (default: latest)."""
    with read_session(source.sessions) as session:
        inputs = load_inputs(session, source)
    quarter = pick_quarter(period, inputs.plan.quarters, inputs.with_data)
    if quarter is None or not inputs.has_data(quarter):
        empty = pd.DataFrame(columns=PROGRESS_COLUMNS)
        return Overview(quarter, False, inputs.plan, empty, status_counts(empty), empty)
    frame = inputs.frame(quarter)
    province = frame[frame["level"] == "province"].reset_index(drop=True)
    lagging = province[province["status"].isin(["behind", "serious"])]
    lagging = lagging.sort_values(["gap", "indicator"]).head(LAGGING_SHOWN).reset_index(drop=True)
    return Overview(quarter, True, inputs.plan, province, status_counts(province), lagging)


# --- 指标 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorDetail:
    indicator: Indicator
    quarter: Quarter | None
    has_data: bool
    plan: Plan
    path: pd.DataFrame  # period, label, cumulative, completion, status — province, up to quarter
    target_path: pd.DataFrame  # period, label, value — target × 序时进度 for every plan quarter
    projection: pd.DataFrame  # period, label, value — linear projection from quarter to the end
    province: pd.Series | None  # the province's PROGRESS_COLUMNS row at quarter
    cities: pd.DataFrame  # PROGRESS_COLUMNS city rows, highest completion first (no target last)


def indicator_detail(source: Source, code: str, period: str | None) -> IndicatorDetail:
    """Return the province's path for one indicator and the 13 cities at ``period``."""
    with read_session(source.sessions) as session:
        inputs = load_inputs(session, source)
    plan = inputs.plan
    indicator = find_indicator(plan, code)
    quarter = pick_quarter(period, plan.quarters, inputs.with_data)
    n = len(plan.quarters)
    target_path = pd.DataFrame(
        {
            "period": [str(q) for q in plan.quarters],
            "label": [q.label for q in plan.quarters],
            "value": [indicator.target * expected_progress(i + 1, n) for i in range(n)],
        }
    )
    empty = pd.DataFrame(columns=["period", "label", "value"])
    if quarter is None or not inputs.has_data(quarter):
        none = pd.DataFrame(columns=PROGRESS_COLUMNS)
        return IndicatorDetail(
            indicator, quarter, False, plan, none, target_path, empty, None, none
        )
    history = inputs.frames([q for q in plan.quarters if q <= quarter])
    history = history[history["indicator"] == indicator.code]
    path = history[history["level"] == "province"].reset_index(drop=True)
    path["label"] = [Quarter.parse(p).label for p in path["period"]]
    at = history[history["period"] == str(quarter)]
    province = at[at["level"] == "province"].iloc[0]
    city_rows = at[at["level"] == "city"].sort_values(
        ["completion", "region_code"], ascending=[False, True], na_position="last"
    )
    index = plan.quarter_index(quarter)
    later = plan.quarters[index - 1 :]
    # The same linear projection as the ``projected`` column, drawn quarter by quarter.
    projection = pd.DataFrame(
        {
            "period": [str(q) for q in later],
            "label": [q.label for q in later],
            "value": [
                projected(province["cumulative"], index, plan.quarter_index(q)) for q in later
            ],
        }
    )
    return IndicatorDetail(
        indicator,
        quarter,
        True,
        plan,
        path,
        target_path,
        projection,
        province,
        city_rows.reset_index(drop=True),
    )


# --- 城市 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CityDetail:
    region: Region
    quarter: Quarter | None
    has_data: bool
    rows: pd.DataFrame  # PROGRESS_COLUMNS for this city, plan order
    status_counts: dict[str, int]
    rank_history: (
        pd.DataFrame
    )  # period, label, rank, score, tier — quarters with data up to quarter


def city_detail(source: Source, region: str, period: str | None) -> CityDetail:
    """Return one city's scorecard at ``period`` and its rank in every quarter up to it."""
    city = find_city(region)
    method = load_method()
    with read_session(source.sessions) as session:
        inputs = load_inputs(session, source)
    quarter = pick_quarter(period, inputs.plan.quarters, inputs.with_data)
    if quarter is None or not inputs.has_data(quarter):
        none = pd.DataFrame(columns=PROGRESS_COLUMNS)
        history = pd.DataFrame(columns=["period", "label", "rank", "score", "tier"])
        return CityDetail(city, quarter, False, none, status_counts(none), history)
    shown = [q for q in inputs.with_data if q <= quarter]
    frames = inputs.frames(shown)
    city_frames = frames[frames["level"] == "city"]
    history = []
    for q in shown:
        ranking = rank_cities(city_frames[city_frames["period"] == str(q)], method)
        mine = ranking[ranking["region_code"] == city.code].iloc[0]
        history.append((str(q), q.label, int(mine["rank"]), float(mine["score"]), mine["tier"]))
    frame = frames[frames["period"] == str(quarter)]
    rows = frame[frame["region_code"] == city.code].reset_index(drop=True)
    return CityDetail(
        city,
        quarter,
        True,
        rows,
        status_counts(rows),
        pd.DataFrame(history, columns=["period", "label", "rank", "score", "tier"]),
    )


# --- 排名 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingView:
    quarter: Quarter | None
    previous: Quarter | None  # the quarter the change is measured against (None: no data then)
    has_data: bool
    method: RankingMethod
    # ranking_columns(method) + previous_rank, rank_change, rank_min, rank_max
    table: pd.DataFrame


def city_ranking(source: Source, period: str | None) -> RankingView:
    """Return the ranking at ``period`` with the change since the previous quarter and the rank
    range under perturbed weights (``rank_stability``)."""
    method = load_method()
    with read_session(source.sessions) as session:
        inputs = load_inputs(session, source)
    quarter = pick_quarter(period, inputs.plan.quarters, inputs.with_data)
    if quarter is None or not inputs.has_data(quarter):
        empty = rank_cities(pd.DataFrame(), method)
        return RankingView(quarter, None, False, method, empty)
    frame = inputs.frame(quarter)
    cities_now = frame[frame["level"] == "city"]
    current = rank_cities(cities_now, method)
    previous_quarter = quarter.previous()
    if inputs.plan.covers(previous_quarter) and inputs.has_data(previous_quarter):
        before = inputs.frame(previous_quarter)
        previous = rank_cities(before[before["level"] == "city"], method)
    else:
        previous_quarter, previous = None, rank_cities(pd.DataFrame(), method)
    table = rank_change(current, previous)
    stability = rank_stability(cities_now, method)[["region_code", "rank_min", "rank_max"]]
    table = table.merge(stability, on="region_code", how="left")
    return RankingView(quarter, previous_quarter, True, method, table)


# --- 地图 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapData:
    quarter: Quarter | None
    has_data: bool
    measure: str  # completion | score
    indicator: Indicator | None  # the indicator coloured (measure completion)
    # region_code, region, value (completion fraction or score), status, cumulative, target, unit
    frame: pd.DataFrame


MAP_COLUMNS = ["region_code", "region", "value", "status", "cumulative", "target", "unit"]


def map_values(
    source: Source, indicator: str | None, period: str | None, measure: str | None
) -> MapData:
    """Return one value per city to colour the map: an indicator's completion, or the score."""
    measure = measure or "completion"
    if measure not in MEASURES:
        raise InvalidSelection(
            f"未知的着色指标“{measure}”，可选：完成率（completion）或综合得分（score）。"
        )
    with read_session(source.sessions) as session:
        inputs = load_inputs(session, source)
    chosen = find_indicator(inputs.plan, indicator or default_map_indicator(inputs.plan))
    quarter = pick_quarter(period, inputs.plan.quarters, inputs.with_data)
    shown = chosen if measure == "completion" else None
    if quarter is None or not inputs.has_data(quarter):
        return MapData(quarter, False, measure, shown, pd.DataFrame(columns=MAP_COLUMNS))
    frame = inputs.frame(quarter)
    city_rows = frame[frame["level"] == "city"]
    if measure == "completion":
        out = city_rows[city_rows["indicator"] == chosen.code].rename(
            columns={"completion": "value"}
        )
    else:
        ranking = rank_cities(city_rows, load_method())
        out = ranking.rename(columns={"score": "value"})
        out["status"] = ""
        out["cumulative"] = out["core_value"]
        out["target"] = float("nan")
        out["unit"] = ""
    return MapData(
        quarter,
        True,
        measure,
        shown,
        out[MAP_COLUMNS].sort_values("region_code").reset_index(drop=True),
    )


def default_map_indicator(plan: Plan) -> str:
    """Return the indicator the map shows first: the plan's first headline indicator."""
    return next((i.code for i in plan.indicators if i.headline), plan.indicators[0].code)


# --- Downloads --------------------------------------------------------------------------------


def progress_table(
    source: Source, period: str | None, region: str | None = None, indicator: str | None = None
) -> tuple[Quarter | None, pd.DataFrame]:
    """Return the progress rows the pages show, filtered to a region and/or an indicator.

    Without ``region``: the province and all cities. ``region`` is the province or a city, by code
    or name.
    """
    with read_session(source.sessions) as session:
        inputs = load_inputs(session, source)
    quarter = pick_quarter(period, inputs.plan.quarters, inputs.with_data)
    if quarter is None or not inputs.has_data(quarter):
        return quarter, pd.DataFrame(columns=PROGRESS_COLUMNS)
    frame = inputs.frame(quarter)
    if region:
        match = RegionMatcher().match(region)
        if match.region is None or match.region.level == "county":
            raise InvalidSelection(f"未找到地区“{region}”。")
        frame = frame[frame["region_code"] == match.region.code]
    if indicator:
        frame = frame[frame["indicator"] == find_indicator(inputs.plan, indicator).code]
    return quarter, frame.reset_index(drop=True)


# --- Map geometry -----------------------------------------------------------------------------

BUNDLED_GEOJSON = PROJECT_DIR / "assets" / "geo" / "jiangsu_cities.geojson"
BUNDLED_SOURCE = (
    "示意图：边界依据 Apache ECharts 项目测试数据中的江苏省地图（Apache License 2.0）转换，"
    "仅示意各设区市相对位置，不作为行政区域界线依据。"
)


@dataclass(frozen=True)
class Geometry:
    geojson: dict  # FeatureCollection whose feature ids are the 6-digit city codes
    source: str  # the note shown under the map


def map_geometry(configured: str = "") -> Geometry:
    """Return the city shapes: the MAP_GEOJSON file if configured, else the bundled schematic map.

    Features may carry their code as ``id`` or as ``properties.adcode``.
    """
    path = Path(configured) if configured else BUNDLED_GEOJSON
    geojson = json.loads(path.read_bytes().decode("utf-8-sig"))
    for feature in geojson["features"]:
        code = feature.get("id") or feature.get("properties", {}).get("adcode")
        feature["id"] = str(code)
    source = f"示意图：边界取自配置的地图文件 {path.name}。" if configured else BUNDLED_SOURCE
    return Geometry(geojson, source)
