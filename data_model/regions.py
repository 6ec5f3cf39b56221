"""The province, its 13 设区市 and their 95 county-level units, and matching names people type."""

from __future__ import annotations

import csv
import difflib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DIVISIONS_CSV = Path(__file__).parent / "reference" / "jiangsu_divisions.csv"
PROVINCE_CODE = "320000"
PROVINCE_NAME = "江苏省"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city | county
    parent_code: str | None
    kind: str = ""
    position: int = 0

    @property
    def short_name(self) -> str:
        """Return the name without its 市/区/县 suffix when that leaves two characters or more."""
        if self.level == "city" and self.name.endswith("市") and len(self.name) > 2:
            return self.name[:-1]
        return self.name


@cache
def all_regions() -> tuple[Region, ...]:
    """Return the province, then the 13 cities in code order, then every county-level unit."""
    with DIVISIONS_CSV.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cities = sorted({(r["city_code"], r["city_name"]) for r in rows})
    regions = [Region(PROVINCE_CODE, PROVINCE_NAME, "province", None, "省", 0)]
    regions += [
        Region(code, name, "city", PROVINCE_CODE, "设区市", i + 1)
        for i, (code, name) in enumerate(cities)
    ]
    regions += [
        Region(
            r["county_code"],
            r["county_name"],
            "county",
            r["city_code"],
            r["county_type_zh"],
            i + 100,
        )
        for i, r in enumerate(sorted(rows, key=lambda r: r["county_code"]))
    ]
    return tuple(regions)


def cities() -> tuple[Region, ...]:
    return tuple(r for r in all_regions() if r.level == "city")


def region_by_code(code: str) -> Region:
    for region in all_regions():
        if region.code == code:
            return region
    raise KeyError(code)


def _normalise(text: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


@dataclass(frozen=True)
class RegionMatch:
    region: Region | None
    suggestion: str | None = None


class RegionMatcher:
    """Resolve what people type for a region: 南京市, 南京, 320100 (full-width digits too)."""

    def __init__(self, regions: tuple[Region, ...] | None = None) -> None:
        self.regions = regions or all_regions()
        self._by_key: dict[str, Region] = {}
        for region in self.regions:
            for key in (region.code, region.name, region.short_name):
                # City names win over identically named districts (e.g. none today, but be safe).
                if key not in self._by_key or region.level != "county":
                    self._by_key[key] = region
        self._names = [r.name for r in self.regions if r.level != "county"]

    def match(self, text: object) -> RegionMatch:
        key = _normalise(text)
        region = self._by_key.get(key)
        if region is not None:
            return RegionMatch(region)
        close = difflib.get_close_matches(key, self._names, n=1, cutoff=0.5)
        if not close and key:
            close = [n for n in self._names if key[0] in n][:1]
        return RegionMatch(None, close[0] if close else None)
