"""The ranking method as data: read and validate ``ranking_method.yaml`` into frozen dataclasses.

Every problem in a method file is reported at once (``RankingMethodError.problems``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from data_model.plan_catalog import PLANS_DIR, load_plan_file

METHOD_PATH = Path(__file__).with_name("ranking_method.yaml")
SCORINGS = ("share_of_best", "pace")
WEIGHT_SUM_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Component:
    code: str
    name: str
    description: str
    weight: float
    scoring: str
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class Tier:
    name: str
    first_rank: int
    last_rank: int


@dataclass(frozen=True)
class Stability:
    band: float
    samples: int
    seed: int


@dataclass(frozen=True)
class RankingMethod:
    code: str
    name: str
    description: str
    city_count: int
    core_component: str
    pace_cap: float
    tie_tolerance: float
    display_decimals: int
    components: tuple[Component, ...]
    tiers: tuple[Tier, ...]
    stability: Stability

    @property
    def weights(self) -> np.ndarray:
        return np.array([c.weight for c in self.components], dtype=float)

    def tier_for(self, rank: int) -> str:
        """Return the 梯队 label for a rank."""
        for tier in self.tiers:
            if tier.first_rank <= rank <= tier.last_rank:
                return tier.name
        raise ValueError(f"rank {rank} is outside every tier of {self.code}")


@dataclass(frozen=True)
class Problem:
    code: str
    field: str
    message: str


class RankingMethodError(ValueError):
    """The ranking method file is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        lines = [f"- [{p.code}] {p.field}: {p.message}" for p in self.problems]
        super().__init__("invalid ranking method:\n" + "\n".join(lines))


def load_method(
    path: str | Path | None = None, known_indicators: Collection[str] | None = None
) -> RankingMethod:
    """Return the validated ranking method read from ``path`` (default: the shipped YAML).

    ``known_indicators`` are the indicator codes components may use; by default, the codes in
    the plan file named by the method's ``plan`` key. Raises RankingMethodError listing every
    problem at once.
    """
    text = Path(path or METHOD_PATH).read_bytes().decode("utf-8-sig")
    return parse_method(yaml.safe_load(text), known_indicators)


def parse_method(data: Any, known_indicators: Collection[str] | None = None) -> RankingMethod:
    """Return the RankingMethod described by a mapping, or raise RankingMethodError."""
    problems = method_problems(data, known_indicators)
    if problems:
        raise RankingMethodError(problems)
    components = tuple(
        Component(
            code=c["code"],
            name=c["name"],
            description=c["description"],
            weight=float(c["weight"]),
            scoring=c["scoring"],
            indicators=tuple(c["indicators"]),
        )
        for c in data["components"]
    )
    tiers = sorted(
        (Tier(t["name"], t["first_rank"], t["last_rank"]) for t in data["tiers"]),
        key=lambda tier: tier.first_rank,
    )
    stability = data["stability"]
    return RankingMethod(
        code=data["code"],
        name=data["name"],
        description=data["description"],
        city_count=data["city_count"],
        core_component=data["core_component"],
        pace_cap=float(data["pace_cap"]),
        tie_tolerance=float(data["tie_tolerance"]),
        display_decimals=data["display_decimals"],
        components=components,
        tiers=tuple(tiers),
        stability=Stability(float(stability["band"]), stability["samples"], stability["seed"]),
    )


def plan_indicator_codes(plan: str) -> frozenset[str]:
    """Return the indicator codes defined in ``plans/<plan>.yaml``."""
    return frozenset(i.code for i in load_plan_file(PLANS_DIR / f"{plan}.yaml").indicators)


def method_problems(data: Any, known_indicators: Collection[str] | None = None) -> list[Problem]:
    """Return every problem found in a ranking method mapping; empty when it is valid."""
    if not isinstance(data, Mapping):
        return [Problem("wrong_type", "", f"expected a mapping, got {type(data).__name__}")]
    problems: list[Problem] = []
    for key in ("code", "plan", "name", "description", "core_component"):
        _field(data, key, "str", "", problems)
    city_count = _field(data, "city_count", "int", "", problems, lambda v: v >= 1, ">= 1")
    _field(data, "pace_cap", "number", "", problems, lambda v: v > 0, "> 0")
    _field(data, "tie_tolerance", "number", "", problems, lambda v: v >= 0, ">= 0")
    _field(data, "display_decimals", "int", "", problems, lambda v: v >= 0, ">= 0")
    if known_indicators is None:
        known_indicators = _plan_codes_or_problem(data.get("plan"), problems)
    _component_problems(data, known_indicators, problems)
    _tier_problems(data, city_count, problems)
    stability = _field(data, "stability", "mapping", "", problems)
    if stability is not None:
        in_unit = (lambda v: 0 <= v < 1, "in [0, 1)")
        _field(stability, "band", "number", "stability", problems, *in_unit)
        _field(stability, "samples", "int", "stability", problems, lambda v: v >= 0, ">= 0")
        _field(stability, "seed", "int", "stability", problems, lambda v: v >= 0, ">= 0")
    return problems


_KINDS = {
    "str": ("a non-empty string", lambda v: isinstance(v, str) and v.strip() != ""),
    "int": ("an integer", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    "number": (
        "a finite number",
        lambda v: isinstance(v, int | float) and not isinstance(v, bool) and np.isfinite(v),
    ),
    "list": ("a non-empty list", lambda v: isinstance(v, list) and len(v) > 0),
    "mapping": ("a mapping", lambda v: isinstance(v, Mapping)),
}


def _field(data, key, kind, where, problems, valid=None, rule=""):
    """Return ``data[key]`` if it has the right kind and passes ``valid``; else record why not."""
    name = f"{where}.{key}" if where else key
    value = data.get(key)
    label, has_kind = _KINDS[kind]
    if value is None:
        problems.append(Problem("missing", name, f"is required ({label})"))
    elif not has_kind(value):
        problems.append(Problem("wrong_type", name, f"must be {label}, got {value!r}"))
    elif valid is not None and not valid(value):
        problems.append(Problem("out_of_range", name, f"must be {rule}, got {value!r}"))
    else:
        return value
    return None


def _entries(data, key, problems):
    """Yield (field name, mapping) for each item of the list ``data[key]``."""
    for i, item in enumerate(_field(data, key, "list", "", problems) or []):
        if isinstance(item, Mapping):
            yield f"{key}[{i}]", item
        else:
            problems.append(Problem("wrong_type", f"{key}[{i}]", f"must be a mapping: {item!r}"))


def _plan_codes_or_problem(plan, problems):
    if not isinstance(plan, str) or not (PLANS_DIR / f"{plan}.yaml").is_file():
        problems.append(Problem("unknown_plan", "plan", f"no plan file for {plan!r}"))
        return None
    return plan_indicator_codes(plan)


def _component_problems(data, known, problems):
    codes, weights, scorings = [], [], {}
    for where, comp in _entries(data, "components", problems):
        code = _field(comp, "code", "str", where, problems)
        if code in codes:
            problems.append(Problem("duplicate_code", f"{where}.code", f"{code!r} repeats"))
        codes.append(code)
        _field(comp, "name", "str", where, problems)
        _field(comp, "description", "str", where, problems)
        weights.append(_field(comp, "weight", "number", where, problems, lambda v: v > 0, "> 0"))
        rule = f"one of {', '.join(SCORINGS)}"
        scorings[code] = _field(
            comp, "scoring", "str", where, problems, SCORINGS.__contains__, rule
        )
        for i, indicator in enumerate(_field(comp, "indicators", "list", where, problems) or []):
            if known is not None and indicator not in known:
                name = f"{where}.indicators[{i}]"
                problems.append(
                    Problem("unknown_indicator", name, f"{indicator!r} is not in the plan")
                )
    if weights and None not in weights and abs(sum(weights) - 1) > WEIGHT_SUM_TOLERANCE:
        message = f"must sum to 1, got {sum(weights):.12g}"
        problems.append(Problem("weights_sum", "components[].weight", message))
    core = data.get("core_component")
    if isinstance(core, str) and scorings.get(core, "share_of_best") != "share_of_best":
        message = f"{core!r} must use share_of_best scoring"
        problems.append(Problem("bad_core_component", "core_component", message))
    elif isinstance(core, str) and codes and core not in codes:
        problems.append(Problem("unknown_component", "core_component", f"no component {core!r}"))


def _tier_problems(data, city_count, problems):
    spans = []
    for where, tier in _entries(data, "tiers", problems):
        _field(tier, "name", "str", where, problems)
        first = _field(tier, "first_rank", "int", where, problems, lambda v: v >= 1, ">= 1")
        last = _field(tier, "last_rank", "int", where, problems, lambda v: v >= 1, ">= 1")
        if first is not None and last is not None and first > last:
            message = f"first_rank {first} is after last_rank {last}"
            problems.append(Problem("tier_reversed", where, message))
        elif first is not None and last is not None:
            spans.append((first, last))
    covered_to = 0
    for first, last in sorted(spans):
        if first > covered_to + 1:
            message = f"ranks {covered_to + 1}-{first - 1} are in no tier"
            problems.append(Problem("tier_gap", "tiers", message))
        elif first <= covered_to:
            message = f"ranks {first}-{min(last, covered_to)} are in more than one tier"
            problems.append(Problem("tier_overlap", "tiers", message))
        covered_to = max(covered_to, last)
    if city_count is not None and spans and covered_to != city_count:
        message = f"tiers end at rank {covered_to}, not at city_count {city_count}"
        problems.append(Problem("tier_coverage", "tiers", message))
