"""The city ranking and the per-indicator completion table as downloads (CSV, JSON, Excel).

Both frames are read off the same ``Bulletin`` the PDF prints, so the files cannot disagree
with the document. Scores are rounded to the method's display decimals, as shown everywhere.
"""

from __future__ import annotations

import pandas as pd

from dashboard.exports.tables import Column, to_csv, to_json, to_xlsx
from data_model.bulletin import Bulletin

FORMATS = ("xlsx", "csv", "json")
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def ranking_columns(bulletin: Bulletin) -> list[Column]:
    """Return the ranking's columns: machine names for CSV/JSON, Chinese headers for Excel."""
    method = bulletin.method
    score_format = "0." + "0" * method.display_decimals if method.display_decimals else "0"
    return [
        Column("rank", "排名", "0", 7),
        Column("region", "设区市", None, 10),
        Column("region_code", "地区代码", None, 10),
        Column("score", "综合得分", score_format, 10),
        *[
            Column(c.code, f"{c.name}（权重{c.weight:.0%}）", score_format, 16)
            for c in method.components
        ],
        Column("core_value", f"{method.core_component}（{method.core_unit}）", "#,##0", 14),
        Column("previous_rank", "上季度排名", "0", 10),
        Column("rank_change", "名次变化（正为上升）", "+0;-0;0", 12),
        Column("tier", "梯队", None, 10),
        Column("rank_min", "排名区间·最好", "0", 12),
        Column("rank_max", "排名区间·最差", "0", 12),
    ]


def ranking_frame(bulletin: Bulletin) -> pd.DataFrame:
    """Return one row per city in ranking order, with the columns of ``ranking_columns``."""
    decimals = bulletin.method.display_decimals
    codes = [c.code for c in bulletin.method.components]
    rows = [
        {
            "rank": city.rank,
            "region": city.region,
            "region_code": city.region_code,
            "score": round(city.score, decimals),
            **{code: round(v, decimals) for code, v in zip(codes, city.components, strict=True)},
            "core_value": int(city.core_value) if city.core_value.is_integer() else city.core_value,
            "previous_rank": city.previous_rank,
            "rank_change": city.rank_change,
            "tier": city.tier,
            "rank_min": city.rank_min,
            "rank_max": city.rank_max,
        }
        for city in bulletin.ranking
    ]
    frame = pd.DataFrame(rows, columns=[c.name for c in ranking_columns(bulletin)])
    # Object columns keep whole numbers whole and a missing previous rank empty (not NaN or NA).
    for name in ("previous_rank", "rank_change"):
        frame[name] = pd.Series([row[name] for row in rows], dtype=object, index=frame.index)
    return frame


def completion_columns(bulletin: Bulletin) -> list[Column]:
    regions = [Column(code, name, "0.0%", 10) for code, name in bulletin.regions]
    return [
        Column("indicator", "指标代码", None, 24),
        Column("indicator_name", "指标名称", None, 36),
        Column("unit", "单位", None, 8),
        *regions,
    ]


def completion_frame(bulletin: Bulletin) -> pd.DataFrame:
    """Return one row per indicator: its completion (fraction) in each region, by region code."""
    rows = [
        {
            "indicator": row.indicator,
            "indicator_name": row.name,
            "unit": row.unit,
            **{
                code: round(cell.completion, 6)
                for (code, _), cell in zip(bulletin.regions, row.cells, strict=True)
            },
        }
        for row in bulletin.completion
    ]
    return pd.DataFrame(rows, columns=[c.name for c in completion_columns(bulletin)])


def render(bulletin: Bulletin, fmt: str) -> bytes:
    """Return the ranking as ``fmt`` (xlsx: the ranking and the completion table as two sheets)."""
    ranking = ranking_frame(bulletin)
    if fmt == "csv":
        return to_csv(ranking, ranking_columns(bulletin))
    if fmt == "json":
        return to_json(ranking, ranking_columns(bulletin))
    if fmt == "xlsx":
        demo = "（演示数据）" if bulletin.is_demo else ""
        return to_xlsx(
            [
                (
                    "综合排名",
                    ranking,
                    ranking_columns(bulletin),
                    f"{bulletin.method.name}（{bulletin.quarter_label}）{demo}",
                ),
                (
                    "分指标完成率",
                    completion_frame(bulletin),
                    completion_columns(bulletin),
                    f"各地区分指标完成率（{bulletin.quarter_label}，序时进度"
                    f"{bulletin.expected:.1%}）{demo}",
                ),
            ]
        )
    raise ValueError(f"unknown format {fmt}")


def file_name(bulletin: Bulletin, kind: str, fmt: str) -> str:
    """Return the Chinese download name, e.g. 千企升级设区市排名-2022年第三季度.xlsx."""
    stem = "千企升级通报" if kind == "bulletin" else "千企升级设区市排名"
    return f"{stem}-{bulletin.quarter_label}.{fmt}"
