"""Progress metrics: pure functions over plain numbers and pandas objects.

Definitions (one place, shared by pages, exports and the bulletin):

- cumulative   = Σ quarterly new values from the plan's first quarter up to the as-of quarter
- completion   = cumulative ÷ target                      (NaN when the target is 0 or missing)
- expected     = quarters elapsed ÷ quarters in the plan   (序时进度; 2021Q3 of 2020–2022 → 7/12)
- gap          = completion − expected                    (fraction; ×100 gives percentage points)
- projected    = cumulative ÷ quarters elapsed × quarters in the plan   (linear projection)
- pace_ratio   = completion ÷ expected = projected ÷ target
- status       = first band of ``status_bands.yaml`` whose rule holds
- verdict      = first verdict of ``status_bands.yaml`` whose ``min_ratio`` ≤ pace_ratio
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

BANDS_FILE = Path(__file__).parent / "status_bands.yaml"


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    color: str
    min_completion: float | None = None
    min_gap: float | None = None


@dataclass(frozen=True)
class Verdict:
    code: str
    label: str
    min_ratio: float | None = None


@dataclass(frozen=True)
class StatusScheme:
    bands: tuple[Band, ...]
    no_target: Band
    verdicts: tuple[Verdict, ...]

    def label(self, code: str) -> str:
        for band in (*self.bands, self.no_target):
            if band.code == code:
                return band.label
        for verdict in self.verdicts:
            if verdict.code == code:
                return verdict.label
        raise KeyError(code)

    def color(self, code: str) -> str:
        for band in (*self.bands, self.no_target):
            if band.code == code:
                return band.color
        raise KeyError(code)


@cache
def status_scheme(path: Path = BANDS_FILE) -> StatusScheme:
    """Return the status bands and verdicts defined in ``status_bands.yaml``."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return StatusScheme(
        bands=tuple(Band(**b) for b in raw["bands"]),
        no_target=Band(**raw["no_target"]),
        verdicts=tuple(Verdict(**v) for v in raw["verdicts"]),
    )


def expected_progress(quarter_index: int, quarters_in_plan: int) -> float:
    """Return 序时进度: the share of the plan period elapsed at the end of the quarter.

    >>> round(expected_progress(7, 12), 4)
    0.5833
    """
    if not 1 <= quarter_index <= quarters_in_plan:
        raise ValueError(f"quarter {quarter_index} is outside a {quarters_in_plan}-quarter plan")
    return quarter_index / quarters_in_plan


def completion(cumulative, target):
    """Return cumulative ÷ target, NaN where the target is 0 or missing.

    >>> completion(412.0, 500.0)
    0.824
    """
    cumulative = np.asarray(cumulative, dtype=float)
    target = np.asarray(target, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.where(target > 0, cumulative / np.where(target > 0, target, 1.0), np.nan)
    return float(result) if result.ndim == 0 else result


def projected(cumulative, quarters_elapsed, quarters_in_plan: int):
    """Return the value reached at the plan's end if the average pace so far continues.

    ``quarters_elapsed`` is one int or one per value.

    >>> projected(350.0, 7, 12)
    600.0
    """
    result = np.asarray(cumulative, dtype=float) / quarters_elapsed * quarters_in_plan
    return float(result) if result.ndim == 0 else result


def status_codes(completion_values, expected, scheme: StatusScheme | None = None):
    """Return the status band code for each completion value at the given 序时进度 (one, or one
    per value).

    >>> list(status_codes([1.02, 0.70, 0.60, 0.50, 0.30, float("nan")], 0.5833))
    ['completed', 'ahead', 'on_pace', 'behind', 'serious', 'no_target']
    """
    scheme = scheme or status_scheme()
    values = np.asarray(completion_values, dtype=float)
    gaps = values - expected
    # Round away floating-point dust so that a gap of exactly −5 points falls in 符合序时.
    gaps = np.round(gaps, 9)
    result = np.full(values.shape, scheme.no_target.code, dtype=object)
    undecided = ~np.isnan(values)
    for band in scheme.bands:
        if band.min_completion is not None:
            hit = undecided & (values >= band.min_completion)
        elif band.min_gap is not None:
            hit = undecided & (gaps >= band.min_gap)
        else:
            hit = undecided.copy()
        result[hit] = band.code
        undecided &= ~hit
    return result


def verdict_codes(pace_ratios, scheme: StatusScheme | None = None):
    """Return the on-track verdict for each pace ratio (NaN → no verdict, None).

    >>> list(verdict_codes([1.2, 0.95, 0.94, 0.6, 0.59]))
    ['on_track', 'on_track', 'accelerate', 'accelerate', 'limited']
    """
    scheme = scheme or status_scheme()
    ratios = np.round(np.asarray(pace_ratios, dtype=float), 9)
    result = np.full(ratios.shape, None, dtype=object)
    undecided = ~np.isnan(ratios)
    for verdict in scheme.verdicts:
        hit = undecided & (ratios >= verdict.min_ratio if verdict.min_ratio is not None else True)
        result[hit] = verdict.code
        undecided &= ~hit
    return result


def expected_progress_array(quarter_indices, quarters_in_plan: int) -> np.ndarray:
    """Return 序时进度 for each quarter index (the array form of ``expected_progress``).

    >>> expected_progress_array([3, 6, 12], 12).tolist()
    [0.25, 0.5, 1.0]
    """
    indices = np.asarray(quarter_indices, dtype=int)
    outside = (indices < 1) | (indices > quarters_in_plan)
    if outside.any():
        raise ValueError(
            f"quarter {indices[outside][0]} is outside a {quarters_in_plan}-quarter plan"
        )
    return indices / quarters_in_plan


def add_progress_columns(
    frame: pd.DataFrame,
    quarter_index,
    quarters_in_plan: int,
    scheme: StatusScheme | None = None,
) -> pd.DataFrame:
    """Return ``frame`` (columns ``target``, ``cumulative``) with every metric column added.

    ``quarter_index`` is the as-of quarter's position in the plan (1 = first): one int for every
    row, or one per row (an array as long as ``frame``), so that many quarters are computed in
    one pass.

    Added: expected, completion, gap, projected, pace_ratio, required_pace, status, status_label,
    verdict, verdict_label. ``required_pace`` is what each remaining quarter must add to reach the
    target (0 once reached; NaN in the last quarter).

    Example, a 12-quarter plan, target 500, cumulative 350 at quarter 7: expected 7/12 = 0.5833,
    completion 0.7, gap 0.1167, projected 600, pace_ratio 1.2, required_pace 150/5 = 30.
    """
    scheme = scheme or status_scheme()
    out = frame.copy()
    if np.ndim(quarter_index) == 0:
        expected = expected_progress(int(quarter_index), quarters_in_plan)
        remaining = quarters_in_plan - int(quarter_index)
    else:
        quarter_index = np.asarray(quarter_index, dtype=int)
        if quarter_index.shape != (len(out),):
            raise ValueError(f"{len(quarter_index)} quarter indices for {len(out)} rows")
        expected = expected_progress_array(quarter_index, quarters_in_plan)
        remaining = quarters_in_plan - quarter_index
    out["expected"] = expected
    out["completion"] = completion(out["cumulative"].to_numpy(), out["target"].to_numpy())
    out["gap"] = out["completion"] - expected
    out["projected"] = projected(out["cumulative"].to_numpy(), quarter_index, quarters_in_plan)
    out["pace_ratio"] = out["completion"] / expected
    shortfall = (out["target"] - out["cumulative"]).clip(lower=0)
    out["required_pace"] = _per_remaining_quarter(shortfall, remaining)
    out["status"] = status_codes(out["completion"].to_numpy(), expected, scheme)
    labels = {code: scheme.label(code) for code in set(out["status"])}
    out["status_label"] = [labels[code] for code in out["status"]]
    out["verdict"] = verdict_codes(out["pace_ratio"].to_numpy(), scheme)
    out["verdict_label"] = [scheme.label(c) if isinstance(c, str) else "" for c in out["verdict"]]
    return out


def _per_remaining_quarter(shortfall: pd.Series, remaining):
    """Return shortfall ÷ remaining quarters, NaN where none remain (``remaining`` int or array)."""
    if np.ndim(remaining) == 0:
        return shortfall / remaining if remaining else np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        per = shortfall.to_numpy(dtype=float) / np.where(remaining > 0, remaining, 1)
    return np.where(remaining > 0, per, np.nan)
