"""The progress table as a download: the same frame the pages show, in CSV, JSON or Excel."""

from __future__ import annotations

import pandas as pd

from dashboard.exports.tables import Column, to_csv, to_json, to_xlsx

PROGRESS_EXPORT = [
    Column("indicator", "指标代码", None, 24),
    Column("indicator_name", "指标名称", None, 36),
    Column("unit", "单位", None, 10),
    Column("region", "地区", None, 10),
    Column("region_code", "地区代码", None, 10),
    Column("period", "季度", None, 9),
    Column("target", "三年目标", "#,##0.##", 12),
    Column("this_quarter", "本季度新增", "#,##0.##", 12),
    Column("cumulative", "累计完成", "#,##0.##", 12),
    Column("completion", "完成率", "0.0%", 10),
    Column("expected", "序时进度", "0.0%", 10),
    Column("gap", "与序时进度差距", "+0.0%;-0.0%;0.0%", 14),
    Column("status", "状态", None, 10),
    Column("projected", "按当前进度预计期末完成", "#,##0.#", 16),
    Column("verdict", "研判", None, 12),
]
FORMATS = ("csv", "json", "xlsx")


def export_frame(progress: pd.DataFrame) -> pd.DataFrame:
    """Return the rows to download: status and verdict as their Chinese labels, fractions rounded."""
    out = progress.copy()
    out["status"] = out["status_label"]
    out["verdict"] = out["verdict_label"]
    for name in ("completion", "expected", "gap", "pace_ratio"):
        out[name] = out[name].round(6)
    out["projected"] = out["projected"].round(2)
    return out


def render(progress: pd.DataFrame, fmt: str, title: str | None = None) -> bytes:
    frame = export_frame(progress)
    if fmt == "csv":
        return to_csv(frame, PROGRESS_EXPORT)
    if fmt == "json":
        return to_json(frame, PROGRESS_EXPORT)
    if fmt == "xlsx":
        return to_xlsx([("进展情况", frame, PROGRESS_EXPORT, title)])
    raise ValueError(f"unknown format {fmt}")
