"""Screen an enterprise's figures against the plan's Tables 1-3 (criteria.yaml).

The engine is pure: figures and recorded assessments in, one result per criterion out.
Judgement criteria are never guessed: the engine reports the recorded assessment or no_data.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from data_model.enterprises.figures import FIGURES, EnterpriseYear, derive

CRITERIA_PATH = Path(__file__).with_name("criteria.yaml")
TIERS = {"pool": "表1 培育库入库", "provincial": "表2 省级专精特新小巨人", "national": "表3 国家级"}
MET, NOT_MET, NO_DATA = "met", "not_met", "no_data"
COMPARISONS = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}
SYMBOLS = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜", "==": "="}
OPS = {*COMPARISONS, "in", "is"}
_RESULT_WORDS = {True: "符合", False: "不符合"}


class CriteriaError(ValueError):
    """The criteria file is malformed; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("criteria file is invalid:\n" + "\n".join(f"- {p}" for p in problems))


@dataclass(frozen=True)
class Compare:
    """A figure compared with a threshold (`op` in COMPARISONS), a set (`in`) or a flag (`is`)."""

    field: str
    op: str
    value: object
    set_label: str = ""


@dataclass(frozen=True)
class AnyOf:
    branches: tuple[Node, ...]


@dataclass(frozen=True)
class AllOf:
    branches: tuple[Node, ...]


@dataclass(frozen=True)
class Judgement:
    """A part only a person can assess; its assessment is recorded under `key`."""

    key: str
    wording: str


Node = Compare | AnyOf | AllOf | Judgement


@dataclass(frozen=True)
class Criterion:
    id: str
    tier: str
    track: str
    wording: str
    rule: Node
    note: str = ""


@dataclass(frozen=True)
class Criteria:
    """The parsed criteria file: the criteria, the named sets and the tier/track → columns map."""

    criteria: tuple[Criterion, ...]
    sets: Mapping[str, tuple[str, ...]]
    selection: Mapping[str, Mapping[str, tuple[str, ...]]]

    def select(self, tier: str, track: str) -> tuple[Criterion, ...]:
        """Return the criteria that apply to an application for `tier` on `track`."""
        if tier not in self.selection:
            raise ValueError(f"unknown tier {tier!r}; expected one of {sorted(self.selection)}")
        columns = self.selection[tier].get(track)
        if columns is None:
            raise ValueError(f"unknown track {track!r} for tier {tier!r}")
        return tuple(c for c in self.criteria if c.tier == tier and c.track in columns)


@dataclass(frozen=True)
class Assessment:
    """A person's recorded judgement of a criterion (or of a judgement part of one)."""

    met: bool
    assessor: str
    assessed_on: dt.date
    note: str = ""


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: str
    tier: str
    track: str
    wording: str
    result: str  # met | not_met | no_data
    value_used: object  # a figure, an assessment dict, or {name: value} for any_of/all_of
    threshold: str  # Chinese
    note: str = ""


@dataclass(frozen=True)
class ScreeningResult:
    enterprise_type: str
    tier: str
    track: str
    year: int
    verdict: str  # met only if every criterion is met; not_met if any is not met; else no_data
    results: tuple[CriterionResult, ...] = field(default_factory=tuple)


# --- evaluation -------------------------------------------------------------------------


def evaluate(
    rules: Iterable[Criterion],
    derived_figures: Mapping[str, object],
    assessments: Mapping[str, Assessment] | None = None,
) -> list[CriterionResult]:
    """Return one result per criterion, in order, from figures (see figures.derive) and assessments."""
    assessments = assessments or {}
    results = []
    for criterion in rules:
        outcome, used, notes = _evaluate(criterion.rule, derived_figures, assessments)
        results.append(
            CriterionResult(
                criterion_id=criterion.id,
                tier=criterion.tier,
                track=criterion.track,
                wording=criterion.wording,
                result=outcome,
                value_used=used,
                threshold=threshold_text(criterion.rule),
                note="；".join([*notes, criterion.note] if criterion.note else notes),
            )
        )
    return results


def _evaluate(node: Node, figures: Mapping[str, object], assessments: Mapping[str, Assessment]):
    """Return (result, value used, notes) for one rule node."""
    if isinstance(node, Judgement):
        assessment = assessments.get(node.key)
        if assessment is None:
            return NO_DATA, None, [f"待人工评定：{node.wording}"]
        used = {
            "met": assessment.met,
            "assessor": assessment.assessor,
            "assessed_on": assessment.assessed_on.isoformat(),
        }
        note = f"{assessment.assessor}于{assessment.assessed_on.isoformat()}评定为{_RESULT_WORDS[assessment.met]}"
        notes = [f"{note}（{assessment.note}）" if assessment.note else note]
        return (MET if assessment.met else NOT_MET), used, notes
    if isinstance(node, Compare):
        value = figures.get(node.field)
        if value is None:
            return NO_DATA, None, []
        if node.op == "in":
            return (MET if value in node.value else NOT_MET), value, []
        if node.op == "is":
            return (MET if value == node.value else NOT_MET), value, []
        return (MET if COMPARISONS[node.op](value, node.value) else NOT_MET), value, []
    outcomes, used, notes = [], {}, []
    for branch in node.branches:
        outcome, branch_used, branch_notes = _evaluate(branch, figures, assessments)
        outcomes.append(outcome)
        notes.extend(branch_notes)
        if isinstance(branch, Compare):
            used[branch.field] = branch_used
        elif isinstance(branch, Judgement):
            used[branch.key] = branch_used
        else:
            used.update(branch_used)
    return combine(outcomes, any_of=isinstance(node, AnyOf)), used, notes


def combine(outcomes: Iterable[str], *, any_of: bool) -> str:
    """Return the result of any_of / all_of branches.

    any_of: met if any branch is met, not_met if all are not_met, else no_data.
    all_of: not_met if any branch is not_met, met if all are met, else no_data.

    >>> combine(["not_met", "no_data"], any_of=True), combine(["met", "no_data"], any_of=False)
    ('no_data', 'no_data')
    """
    outcomes = list(outcomes)
    decisive, other = (MET, NOT_MET) if any_of else (NOT_MET, MET)
    if decisive in outcomes:
        return decisive
    return other if all(o == other for o in outcomes) else NO_DATA


def verdict(results: Iterable[CriterionResult]) -> str:
    """Return met only if every result is met, not_met if any is not_met, else no_data."""
    return combine((r.result for r in results), any_of=False)


def threshold_text(node: Node) -> str:
    """Return the rule in Chinese, e.g. "年度主营业务收入 ≥ 3000万元 或 利税总额 ≥ 800万元"."""
    if isinstance(node, Judgement):
        return f"人工评定：{node.wording}"
    if isinstance(node, Compare):
        figure = FIGURES[node.field]
        if node.op == "in":
            return f"{figure.label}属于{node.set_label}"
        if node.op == "is":
            return f"{figure.label}：{'是' if node.value else '否'}"
        shown = f"{round(node.value * 100, 6):g}%" if figure.kind == "ratio" else f"{node.value:g}"
        return f"{figure.label} {SYMBOLS[node.op]} {shown}{figure.unit}"
    joiner = " 或 " if isinstance(node, AnyOf) else " 且 "
    parts = [
        f"（{threshold_text(b)}）" if isinstance(b, AnyOf | AllOf) else threshold_text(b)
        for b in node.branches
    ]
    return joiner.join(parts)


def screen(
    enterprise_type: str,
    tier: str,
    figures_by_year: Mapping[int, EnterpriseYear],
    year: int,
    assessments: Mapping[str, Assessment] | None = None,
    *,
    track: str | None = None,
    criteria: Criteria | None = None,
) -> ScreeningResult:
    """Return the results of screening an enterprise's `year` figures for `tier`.

    `track` defaults to the enterprise type (manufacturing | innovation); pass "product" for a
    provincial 专精特新产品 application, "champion_enterprise"/"champion_product" for 单项冠军.
    """
    criteria = criteria or load_criteria()
    track = track or enterprise_type
    applicable = criteria.select(tier, track)
    results = evaluate(applicable, derive(figures_by_year, year), assessments)
    return ScreeningResult(enterprise_type, tier, track, year, verdict(results), tuple(results))


# --- loading ----------------------------------------------------------------------------


def load_criteria(path: str | Path | None = None) -> Criteria:
    """Return the criteria parsed from `path` (default: criteria.yaml next to this module)."""
    text = Path(path or CRITERIA_PATH).read_text(encoding="utf-8-sig")
    return parse_criteria(yaml.safe_load(text))


def parse_criteria(data: object) -> Criteria:
    """Return Criteria from the criteria file's data; raise CriteriaError listing every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise CriteriaError(["the file must be a mapping with sets, selection and criteria"])
    sets = _parse_sets(data.get("sets") or {}, problems)
    criteria = []
    seen: set[str] = set()
    for index, entry in enumerate(data.get("criteria") or []):
        criterion = _parse_criterion(entry, f"criteria[{index}]", sets, problems)
        if criterion is None:
            continue
        for key in {criterion.id, *_judgement_keys(criterion.rule)}:
            if key in seen:
                problems.append(f"{criterion.id}: duplicate id or judgement key {key!r}")
            seen.add(key)
        criteria.append(criterion)
    selection = _parse_selection(data.get("selection") or {}, criteria, problems)
    if not criteria:
        problems.append("no criteria")
    if problems:
        raise CriteriaError(problems)
    return Criteria(tuple(criteria), {k: v[1] for k, v in sets.items()}, selection)


def _parse_sets(raw: object, problems: list[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    if not isinstance(raw, dict):
        problems.append("sets: must be a mapping")
        return {}
    sets = {}
    for name, spec in raw.items():
        members = spec.get("members") if isinstance(spec, dict) else None
        if not isinstance(members, list) or not members or not spec.get("label"):
            problems.append(f"sets.{name}: needs a label and a non-empty members list")
            continue
        sets[name] = (str(spec["label"]), tuple(str(m) for m in members))
    return sets


def _parse_criterion(entry: object, where: str, sets: dict, problems: list[str]):
    if not isinstance(entry, dict):
        problems.append(f"{where}: must be a mapping")
        return None
    where = str(entry.get("id") or where)
    unknown = set(entry) - {"id", "tier", "track", "wording", "rule", "judgement", "note"}
    if unknown:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("id", "tier", "track", "wording"):
        if not entry.get(key):
            problems.append(f"{where}: missing {key}")
    if entry.get("tier") and entry["tier"] not in TIERS:
        problems.append(f"{where}: unknown tier {entry['tier']!r}; expected one of {sorted(TIERS)}")
    has_rule, judged = "rule" in entry, entry.get("judgement") is True
    if has_rule == judged:
        problems.append(f"{where}: give either a rule or judgement: true, not both or neither")
        return None
    rule = (
        Judgement(str(entry.get("id")), str(entry.get("wording")))
        if judged
        else _parse_node(entry["rule"], where, sets, problems)
    )
    complete = all(entry.get(k) for k in ("id", "tier", "track", "wording"))
    if rule is None or not complete or entry["tier"] not in TIERS:
        return None
    return Criterion(
        entry["id"], entry["tier"], entry["track"], entry["wording"], rule, entry.get("note", "")
    )


def _parse_node(raw: object, where: str, sets: dict, problems: list[str]) -> Node | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: a rule must be a mapping, got {raw!r}")
        return None
    for key, kind in (("any_of", AnyOf), ("all_of", AllOf)):
        if key in raw:
            branches = raw[key]
            if set(raw) != {key} or not isinstance(branches, list) or len(branches) < 2:
                problems.append(
                    f"{where}: {key} needs a list of at least 2 branches and nothing else"
                )
                return None
            parsed = [_parse_node(b, f"{where}.{key}", sets, problems) for b in branches]
            return None if None in parsed else kind(tuple(parsed))
    if "judgement" in raw:
        if set(raw) != {"judgement", "wording"} or not raw["judgement"] or not raw["wording"]:
            problems.append(f"{where}: a judgement part needs exactly a key and a wording")
            return None
        return Judgement(str(raw["judgement"]), str(raw["wording"]))
    return _parse_compare(raw, where, sets, problems)


def _parse_compare(raw: dict, where: str, sets: dict, problems: list[str]) -> Compare | None:
    name, op, value = raw.get("field"), raw.get("op"), raw.get("value")
    before = len(problems)
    unknown = set(raw) - {"field", "op", "value", "unit", "set"}
    if unknown:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    figure = FIGURES.get(name)
    if figure is None:
        problems.append(f"{where}: unknown field {name!r}")
    if op not in OPS:
        problems.append(f"{where}: unknown op {op!r}; expected one of {sorted(OPS)}")
    if figure is None or op not in OPS or len(problems) > before:
        return None
    if op == "in":
        if raw.get("set") not in sets:
            problems.append(f"{where}: op in needs a set named in sets, got {raw.get('set')!r}")
            return None
        label, members = sets[raw["set"]]
        return Compare(name, op, members, label)
    if op == "is":
        if figure.kind != "flag" or not isinstance(value, bool):
            problems.append(f"{where}: op is needs a yes/no field and value true/false")
            return None
        return Compare(name, op, value)
    if figure.kind in ("flag", "category") or isinstance(value, bool):
        problems.append(f"{where}: {name} cannot be compared with {op} {value!r}")
    elif not isinstance(value, int | float):
        problems.append(f"{where}: value must be a number, got {value!r}")
    elif figure.kind == "ratio" and not 0 <= value <= 1:
        problems.append(f"{where}: {name} is a fraction (0.05 = 5%), got {value!r}")
    elif raw.get("unit", figure.unit) != figure.unit:
        problems.append(f"{where}: {name} is in {figure.unit or 'a fraction'}, not {raw['unit']}")
    return Compare(name, op, value) if len(problems) == before else None


def _parse_selection(raw: object, criteria: list[Criterion], problems: list[str]):
    if not isinstance(raw, dict):
        problems.append("selection: must be a mapping")
        return {}
    selection = {}
    for tier, tracks in raw.items():
        if tier not in TIERS or not isinstance(tracks, dict):
            problems.append(f"selection.{tier}: unknown tier or not a mapping of tracks")
            continue
        columns_in_tier = {c.track for c in criteria if c.tier == tier}
        for track, columns in tracks.items():
            missing = set(columns) - columns_in_tier
            if missing:
                problems.append(
                    f"selection.{tier}.{track}: no criteria in columns {sorted(missing)}"
                )
        selection[tier] = {track: tuple(columns) for track, columns in tracks.items()}
    orphans = {(c.tier, c.track) for c in criteria} - {
        (tier, col)
        for tier, tracks in selection.items()
        for cols in tracks.values()
        for col in cols
    }
    for tier, track in sorted(orphans):
        problems.append(f"criteria in {tier}/{track} are never selected by any track")
    return selection


def _judgement_keys(node: Node) -> list[str]:
    if isinstance(node, AnyOf | AllOf):
        return [key for branch in node.branches for key in _judgement_keys(branch)]
    return [node.key] if isinstance(node, Judgement) else []
