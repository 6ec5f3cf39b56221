"""Numbers as people type them: thousands separators, full-width digits, stray spaces."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

_SEPARATORS = str.maketrans("", "", ",，'_ \u3000\u00a0")


def parse_numbers(texts: pd.Series) -> pd.Series:
    """Return floats for the texts that are numbers and NaN for the rest (blank included).

    >>> parse_numbers(pd.Series(["1,234", "１２", " 3.5 ", "abc", "", "inf"])).tolist()
    [1234.0, 12.0, 3.5, nan, nan, nan]
    """
    values = pd.to_numeric(texts, errors="coerce")
    slow = values.isna() & (texts != "")
    if slow.any():
        cleaned = texts[slow].map(lambda t: unicodedata.normalize("NFKC", t).translate(_SEPARATORS))
        values = values.astype(float)
        values[slow] = pd.to_numeric(cleaned, errors="coerce")
    values = values.astype(float)
    return values.where(np.isfinite(values))
