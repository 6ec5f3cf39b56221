"""The plan as data: read and validate a plan definition file into frozen dataclasses.

A plan file (YAML, under ``data_model/plans/``) names the plan, its period and every quantitative
target; a successor plan is a new file, never new code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from data_model.periods import Quarter, quarters_between

PLANS_DIR = Path(__file__).parent / "plans"
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_PLAN_CODE = "qianqi-2020-2022"


class PlanFileError(ValueError):
    """A plan definition file that cannot be used, with a message naming the problem."""


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    name_en: str
    group: str
    unit: str
    target: float
    clause: str
    is_count: bool
    headline: bool = False


@dataclass(frozen=True)
class Milestone:
    code: str
    name: str
    name_en: str
    group: str
    clause: str


@dataclass(frozen=True)
class Plan:
    code: str
    name: str
    name_en: str
    issuer: str
    document: str
    start: date
    end: date
    province_code: str
    province_name: str
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]
    milestones: tuple[Milestone, ...]
    sha256: str

    @property
    def quarters(self) -> list[Quarter]:
        return quarters_between(self.start, self.end)

    def indicator(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)

    def group(self, code: str) -> Group:
        for group in self.groups:
            if group.code == code:
                return group
        raise KeyError(code)

    def quarter_index(self, quarter: Quarter) -> int:
        """Return 1 for the plan's first quarter, 12 for the last quarter of a three-year plan."""
        return self.quarters.index(quarter) + 1

    def covers(self, quarter: Quarter) -> bool:
        return Quarter.containing(self.start) <= quarter <= Quarter.containing(self.end)


_REQUIRED = ("code", "name", "start", "end", "province", "groups", "indicators")
_INDICATOR_FIELDS = ("code", "name", "name_en", "group", "unit", "target", "clause")


@lru_cache(maxsize=16)
def parse_plan(text: str) -> Plan:
    """Return the plan described by the YAML ``text``; raise PlanFileError naming what is wrong.

    Cached by text: the stored plan is read on every load and page view, and Plan is immutable.
    """
    try:
        raw = yaml.load(text, Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        raise PlanFileError(f"计划文件不是有效的 YAML：{exc}") from exc
    if not isinstance(raw, dict):
        raise PlanFileError("计划文件应为键值结构")
    missing = [key for key in _REQUIRED if key not in raw]
    if missing:
        raise PlanFileError(f"计划文件缺少字段：{', '.join(missing)}")
    start, end = raw["start"], raw["end"]
    if not isinstance(start, date) or not isinstance(end, date) or start >= end:
        raise PlanFileError("计划起止日期无效（应为 YYYY-MM-DD，且开始早于结束）")
    if raw.get("frequency", "quarterly") != "quarterly":
        raise PlanFileError("目前仅支持按季度报送的计划（frequency: quarterly）")
    groups = tuple(Group(g["code"], g["name"], g.get("name_en", g["code"])) for g in raw["groups"])
    group_codes = {g.code for g in groups}
    count_units = set(raw.get("count_units", []))
    indicators = tuple(
        _parse_indicator(item, group_codes, count_units) for item in raw["indicators"]
    )
    codes = [i.code for i in indicators]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise PlanFileError(f"指标代码重复：{', '.join(duplicates)}")
    milestones = tuple(
        Milestone(
            m["code"], m["name"], m.get("name_en", ""), m.get("group", ""), m.get("clause", "")
        )
        for m in raw.get("milestones", [])
    )
    return Plan(
        code=str(raw["code"]),
        name=raw["name"],
        name_en=raw.get("name_en", ""),
        issuer=raw.get("issuer", ""),
        document=raw.get("document", ""),
        start=start,
        end=end,
        province_code=str(raw["province"]["code"]),
        province_name=raw["province"]["name"],
        groups=groups,
        indicators=indicators,
        milestones=milestones,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _parse_indicator(item: dict, group_codes: set[str], count_units: set[str]) -> Indicator:
    missing = [key for key in _INDICATOR_FIELDS if key not in item]
    if missing:
        raise PlanFileError(f"指标 {item.get('code', '?')} 缺少字段：{', '.join(missing)}")
    if item["group"] not in group_codes:
        raise PlanFileError(f"指标 {item['code']} 的分组 {item['group']} 未在 groups 中定义")
    target = item["target"]
    if isinstance(target, bool) or not isinstance(target, int | float) or target <= 0:
        raise PlanFileError(f"指标 {item['code']} 的目标值应为正数，实际为 {target!r}")
    return Indicator(
        code=str(item["code"]),
        name=item["name"],
        name_en=item["name_en"],
        group=item["group"],
        unit=item["unit"],
        target=float(target),
        clause=item["clause"],
        is_count=item["unit"] in count_units,
        headline=bool(item.get("headline", False)),
    )


def load_plan_file(path: Path | str) -> Plan:
    """Return the plan defined in the file at ``path``."""
    return parse_plan(Path(path).read_text(encoding="utf-8"))


def available_plan_files() -> list[Path]:
    """Return the plan files shipped with the application."""
    return sorted(PLANS_DIR.glob("*.yaml"))
