"""Warnings for implausible figures: a value far outside the city's own history of that indicator.

Rule (robust z-score after Iglewicz & Hoaglin): with the city's earlier quarterly values ``h`` of one
indicator (at least ``MIN_HISTORY`` of them), median ``m`` and median absolute deviation
``MAD = median(|h − m|)``, a new value ``x`` is flagged when

    |x − m| / (1.4826 · MAD) > 3.5

1.4826 scales the MAD to a standard deviation for normal data. When MAD is 0 (half the history is
identical) the mean absolute deviation times 1.2533 stands in; when that is 0 too (every earlier
value equal), any different value is flagged. A warning is not an error: the clerk may confirm the
figure with a comment.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

import pandas as pd

THRESHOLD = 3.5
MIN_HISTORY = 4
MAD_SCALE = 1.4826
MEAN_AD_SCALE = 1.2533


def robust_z(value: float, history: Sequence[float]) -> float | None:
    """Return the robust z-score of ``value`` against ``history``, or None with too little history.

    >>> round(robust_z(30, [10, 12, 11, 13, 9]), 2)  # median 11, MAD 1: 19 / 1.4826
    12.82
    """
    if len(history) < MIN_HISTORY:
        return None
    centre = median(history)
    deviations = [abs(h - centre) for h in history]
    spread = MAD_SCALE * median(deviations)
    if spread == 0:
        spread = MEAN_AD_SCALE * sum(deviations) / len(deviations)
    if spread == 0:
        return 0.0 if value == centre else float("inf")
    return (value - centre) / spread


def is_implausible(value: float, history: Sequence[float]) -> bool:
    """Return True when ``value`` lies beyond the threshold of the robust z-score."""
    z = robust_z(value, history)
    return z is not None and abs(z) > THRESHOLD


def warning_text(value: float, history: Sequence[float]) -> str:
    """Return a Chinese warning for an implausible ``value``, or "" when it looks plausible."""
    if not is_implausible(value, history):
        return ""
    return f"与本市以往 {len(history)} 个季度（中位数 {median(history):g}）相比异常，请核实"


PREVIEW_COLUMNS = [
    "row",
    "region_code",
    "period",
    "indicator",
    "value",
    "previous",
    "changed",
    "warning",
]


def preview(clean: pd.DataFrame, latest: pd.DataFrame, approved: pd.DataFrame) -> pd.DataFrame:
    """Return PREVIEW_COLUMNS: each new value beside the previous revision's, with warnings.

    ``clean`` has the validator's columns (row, region_code, period, indicator, value);
    ``latest`` and ``approved`` have ``queries.VALUE_COLUMNS`` — the newest non-returned values
    (the previous revision) and the approved values (the history the rule compares with).
    """
    previous = {
        (r, p, i): v
        for r, p, i, v in zip(
            latest["region_code"],
            latest["period"],
            latest["indicator"],
            latest["value"],
            strict=True,
        )
    }
    rows = []
    for item in clean.to_dict("records"):
        key = (item["region_code"], item["period"], item["indicator"])
        before = previous.get(key)
        history = approved[
            (approved["region_code"] == item["region_code"])
            & (approved["indicator"] == item["indicator"])
            & (approved["period"] < item["period"])
        ]["value"].tolist()
        value = float(item["value"])
        rows.append(
            (
                int(item["row"]),
                item["region_code"],
                item["period"],
                item["indicator"],
                value,
                before,
                before is not None and abs(before - value) > 1e-9,
                warning_text(value, history),
            )
        )
    frame = pd.DataFrame(rows, columns=PREVIEW_COLUMNS)
    frame["previous"] = pd.Series([r[5] for r in rows], dtype=object, index=frame.index)
    return frame
