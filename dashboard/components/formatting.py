"""Chinese number formatting for the pages: a thin layer over ``data_model.formatting``, which the
PDF bulletin and its summary use too, so a figure reads the same everywhere."""

from __future__ import annotations

from data_model import formatting
from data_model.formatting import MISSING as DASH
from data_model.formatting import number, percent, rank_range  # noqa: F401  (page API)


def quantity(value, unit: str, decimals: int | None = None) -> str:
    """Return a number with its unit, e.g. ``1,074家``."""
    text = number(value, decimals)
    return text if text == DASH else f"{text}{unit}"


def points(gap) -> str:
    """Return a gap between two fractions in percentage points, signed, one decimal.

    >>> points(0.032), points(-0.15), points(0.0)
    ('+3.2个百分点', '-15.0个百分点', '0.0个百分点')
    """
    text = formatting.signed_points(gap)
    return text if text == DASH else f"{text}个百分点"


def rank_change(change) -> str:
    """Return a rank change with an arrow: ``↑2``, ``↓1``, ``→`` (unchanged) or ``—`` (no previous).

    ``change`` is previous rank − rank: positive means the city moved up. Tables show ``→`` where
    the bulletin's prose says 持平.
    """
    text = formatting.rank_change(change)
    return "→" if text == "持平" else text
