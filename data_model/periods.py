"""Quarter arithmetic: one place for parsing, naming and counting the plan's reporting periods."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-_/ ]?\s*Q([1-4])$", re.IGNORECASE),
    re.compile(r"^(\d{4})年?\s*第?\s*([1-4一二三四])\s*季度?$"),
)


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter; ``str(Quarter(2021, 3)) == "2021Q3"``."""

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter must be 1-4, got {self.quarter}")

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def label(self) -> str:
        """Return the Chinese name, e.g. ``2021年第三季度``."""
        return f"{self.year}年第{'一二三四'[self.quarter - 1]}季度"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + self.quarter // 4, self.quarter % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.quarter == 1), (self.quarter - 2) % 4 + 1)

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: object) -> Quarter:
        """Return the quarter written as ``2021Q3``, ``2021-Q3``, ``2021年第三季度`` or ``2021年3季度``.

        Raises ValueError for anything else.
        """
        cleaned = unicodedata.normalize("NFKC", str(text)).strip()
        for pattern in _PATTERNS:
            match = pattern.match(cleaned)
            if match:
                year, q = match.groups()
                return cls(int(year), _CHINESE_DIGITS.get(q) or int(q))
        raise ValueError(f"not a quarter: {text!r}")


def quarters_between(start: date, end: date) -> list[Quarter]:
    """Return the quarters from the one containing ``start`` to the one containing ``end``.

    >>> [str(q) for q in quarters_between(date(2020, 1, 1), date(2020, 12, 31))]
    ['2020Q1', '2020Q2', '2020Q3', '2020Q4']
    """
    first, last = Quarter.containing(start), Quarter.containing(end)
    quarters = []
    current = first
    while current <= last:
        quarters.append(current)
        current = current.next()
    return quarters


def reporting_quarter(quarters: list[Quarter], today: date) -> Quarter:
    """Return the quarter being reported on ``today``: the latest of ``quarters`` that has ended,
    clamped to the first and last of them.

    >>> qs = quarters_between(date(2020, 1, 1), date(2022, 12, 31))
    >>> str(reporting_quarter(qs, date(2021, 10, 3))), str(reporting_quarter(qs, date(2026, 1, 1)))
    ('2021Q3', '2022Q4')
    """
    ended = [q for q in quarters if q.end < today]
    return ended[-1] if ended else quarters[0]
