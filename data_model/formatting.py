"""Numbers as Chinese official documents write them; the page, the PDF and the summary share these.

Thousands separators, percentages to one decimal, gaps in 个百分点, ranks and their changes.
Missing values (None, NaN, pd.NA) print as an em dash.
"""

from __future__ import annotations

import math

import pandas as pd

MISSING = "—"


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def number(value, decimals: int | None = None) -> str:
    """Return ``value`` with thousands separators; whole numbers without decimals by default.

    >>> number(12345), number(1234.5), number(2.25, 2), number(float("nan"))
    ('12,345', '1,234.5', '2.25', '—')
    """
    if _missing(value):
        return MISSING
    value = float(value)
    if decimals is None:
        decimals = 0 if math.isclose(value, round(value), abs_tol=1e-9) else 1
    text = f"{value:,.{decimals}f}"
    return text.lstrip("-") if text.lstrip("-").strip("0.,") == "" else text


def percent(fraction, decimals: int = 1) -> str:
    """Return a fraction as a percentage to one decimal.

    >>> percent(0.8534), percent(1.2), percent(None)
    ('85.3%', '120.0%', '—')
    """
    if _missing(fraction):
        return MISSING
    return f"{float(fraction) * 100:,.{decimals}f}%"


def points(gap, decimals: int = 1) -> str:
    """Return the size of a gap (a fraction) in percentage points, without sign.

    >>> points(-0.0312), points(0.1)
    ('3.1', '10.0')
    """
    if _missing(gap):
        return MISSING
    return f"{abs(float(gap)) * 100:.{decimals}f}"


def signed_points(gap, decimals: int = 1) -> str:
    """Return a gap (a fraction) in percentage points with its sign.

    >>> signed_points(-0.0312), signed_points(0.1), signed_points(0.0)
    ('-3.1', '+10.0', '0.0')
    """
    if _missing(gap):
        return MISSING
    value = round(float(gap) * 100, decimals)
    if value == 0:
        return f"{0:.{decimals}f}"
    return f"{value:+.{decimals}f}"


def versus_expected(gap, decimals: int = 1) -> str:
    """Return how far ahead of or behind 序时进度 a gap is, in words.

    >>> versus_expected(0.052), versus_expected(-0.1), versus_expected(0.00004)
    ('超出序时进度5.2个百分点', '落后序时进度10.0个百分点', '与序时进度持平')
    """
    if _missing(gap):
        return MISSING
    value = round(float(gap) * 100, decimals)
    if value > 0:
        return f"超出序时进度{value:.{decimals}f}个百分点"
    if value < 0:
        return f"落后序时进度{-value:.{decimals}f}个百分点"
    return "与序时进度持平"


def score(value, decimals: int = 2) -> str:
    """Return a 0-100 score with a fixed number of decimals.

    >>> score(92.3456), score(100)
    ('92.35', '100.00')
    """
    if _missing(value):
        return MISSING
    return f"{float(value):.{decimals}f}"


def rank_change(change) -> str:
    """Return a rank change as an arrow: up is positive (moved towards rank 1).

    >>> rank_change(2), rank_change(-1), rank_change(0), rank_change(None)
    ('↑2', '↓1', '持平', '—')
    """
    if _missing(change):
        return MISSING
    change = int(change)
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return "持平"


def rank_range(best: int, worst: int) -> str:
    """Return the ranks a city takes under perturbed weights.

    >>> rank_range(3, 5), rank_range(1, 1)
    ('3–5', '1')
    """
    return str(best) if best == worst else f"{best}–{worst}"


def region_list(names: list[str]) -> str:
    """Return names joined the Chinese way.

    >>> region_list(["南京市", "苏州市", "无锡市"]), region_list(["南京市"])
    ('南京市、苏州市和无锡市', '南京市')
    """
    if len(names) <= 1:
        return "".join(names)
    return "、".join(names[:-1]) + "和" + names[-1]
