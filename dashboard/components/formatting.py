"""Chinese number formatting: thousands separators, percentages to one decimal, units."""

from __future__ import annotations

import math

import pandas as pd

DASH = "—"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value, decimals: int | None = None) -> str:
    """Return ``value`` with thousands separators; whole numbers without decimals.

    >>> number(12345.0), number(173.4), number(0.125, 2), number(float("nan"))
    ('12,345', '173.4', '0.13', '—')
    """
    if _missing(value):
        return DASH
    value = float(value)
    if decimals is None:
        decimals = 0 if value == round(value) else 1
    return f"{value:,.{decimals}f}"


def quantity(value, unit: str, decimals: int | None = None) -> str:
    """Return a number with its unit, e.g. ``1,074家``."""
    text = number(value, decimals)
    return text if text == DASH else f"{text}{unit}"


def percent(fraction) -> str:
    """Return a fraction as a percentage to one decimal.

    >>> percent(0.8483), percent(1.0), percent(None)
    ('84.8%', '100.0%', '—')
    """
    if _missing(fraction):
        return DASH
    return f"{float(fraction) * 100:,.1f}%"


def points(gap) -> str:
    """Return a gap between two fractions in percentage points, signed, one decimal.

    >>> points(0.032), points(-0.15), points(0.0)
    ('+3.2个百分点', '-15.0个百分点', '0.0个百分点')
    """
    if _missing(gap):
        return DASH
    value = round(float(gap) * 100, 1)
    sign = "+" if value > 0 else ""
    return f"{sign}{value:.1f}个百分点"


def rank_range(best: int, worst: int) -> str:
    """Return a rank range, ``5–7``, or the single rank when both are equal."""
    return str(best) if best == worst else f"{best}–{worst}"


def rank_change(change) -> str:
    """Return a rank change with an arrow: ``↑2``, ``↓1``, ``→`` (unchanged) or ``—`` (no previous).

    ``change`` is previous rank − rank: positive means the city moved up.
    """
    if change is None or pd.isna(change):
        return DASH
    change = int(change)
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return "→"
