"""Screen many enterprises at once: each rule of criteria.yaml evaluated over whole columns.

The column-wise twin of ``screening.evaluate``, for the yearly lists and the screening export;
``screening.screen`` stays the reference (and the enterprise card's engine). Results are coded
NOT_MET_CODE < NO_DATA_CODE < MET_CODE, so screen()'s three-valued logic is arithmetic:
any_of is the largest branch code, all_of and the verdict the smallest.

Values used and notes are what ``evaluate`` reports, built only when asked for (the export),
since the lists need nothing but the codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from data_model.enterprises.screening import (
    COMPARISONS,
    MET,
    NO_DATA,
    NOT_MET,
    AllOf,
    AnyOf,
    Compare,
    Criterion,
    Judgement,
    Node,
    threshold_text,
)

NOT_MET_CODE, NO_DATA_CODE, MET_CODE = 0, 1, 2
RESULT_WORDS = np.array([NOT_MET, NO_DATA, MET], dtype=object)
# The assessments frame: the current assessment per enterprise and criterion key.
ASSESSMENT_COLUMNS = ["enterprise_id", "criterion_key", "met", "assessor", "assessed_on", "note"]
_WORDS = {True: "符合", False: "不符合"}


class Judged:
    """One judgement key's assessments aligned to the enterprises: codes now, and the value
    used and note of each enterprise when first asked for."""

    def __init__(self, assessments: pd.DataFrame, node: Judgement, index: pd.Index):
        rows = assessments[assessments["criterion_key"] == node.key]
        rows = rows.drop_duplicates("enterprise_id", keep="last").set_index("enterprise_id")
        self.node = node
        self.rows = rows.reindex(index)
        found = self.rows["met"].notna().to_numpy()
        met = self.rows["met"].eq(True).to_numpy(dtype=bool, na_value=False)
        self.codes = np.where(met, MET_CODE, NOT_MET_CODE).astype(np.int8)
        self.codes[~found] = NO_DATA_CODE

    @cached_property
    def used(self) -> list:
        """Return None or {"met", "assessor", "assessed_on"} per enterprise."""
        return [None if u is None else u[0] for u in self._parts]

    @cached_property
    def notes(self) -> list[str]:
        pending = f"待人工评定：{self.node.wording}"
        return [pending if u is None else u[1] for u in self._parts]

    @cached_property
    def _parts(self) -> list:
        parts: list = [None] * len(self.codes)
        found = np.flatnonzero(self.codes != NO_DATA_CODE)
        table = self.rows.iloc[found].astype(object)
        records = zip(
            table["met"], table["assessor"], table["assessed_on"], table["note"], strict=True
        )
        for i, (met, assessor, on, note) in zip(found, records, strict=True):
            met, day = bool(met), on.isoformat()
            text = f"{assessor}于{day}评定为{_WORDS[met]}"
            text = f"{text}（{note}）" if isinstance(note, str) and note else text
            parts[i] = ({"met": met, "assessor": assessor, "assessed_on": day}, text)
        return parts


class Columns:
    """The figures (``figure_table``) and assessments of the enterprises being screened, with
    each figure's and judgement's column built once however many rules use it."""

    def __init__(self, figures: pd.DataFrame, assessments: pd.DataFrame):
        self.figures = figures
        self.assessments = assessments
        self._values: dict[str, list] = {}
        self._judged: dict[str, Judged] = {}

    def values(self, name: str) -> list:
        """Return figure ``name`` per enterprise as plain Python values, None where missing."""
        if name not in self._values:
            column = self.figures[name].astype(object)
            self._values[name] = column.where(column.notna(), None).tolist()
        return self._values[name]

    def judged(self, node: Judgement) -> Judged:
        if node.key not in self._judged:
            self._judged[node.key] = Judged(self.assessments, node, self.figures.index)
        return self._judged[node.key]


@dataclass(frozen=True)
class CriterionColumn:
    """One criterion's results over all the enterprises screened, in their order."""

    criterion: Criterion
    codes: np.ndarray  # int8 per enterprise
    threshold: str
    columns: Columns

    def results(self) -> np.ndarray:
        """Return met | not_met | no_data per enterprise."""
        return RESULT_WORDS[self.codes]

    def values_used(self) -> list:
        """Return the value used per enterprise, exactly as ``evaluate`` reports it."""
        rule = self.criterion.rule
        if isinstance(rule, Compare):
            return self.columns.values(rule.field)
        if isinstance(rule, Judgement):
            return self.columns.judged(rule).used
        leaves = {key: self._leaf_values(leaf) for key, leaf in _used_leaves(rule).items()}
        keys = list(leaves)
        return [dict(zip(keys, row, strict=True)) for row in zip(*leaves.values(), strict=True)]

    def notes(self) -> list[str]:
        """Return the note per enterprise: each judgement part's, then the criterion's own."""
        parts = [self.columns.judged(j).notes for j in _judgements(self.criterion.rule)]
        if self.criterion.note:
            parts.append([self.criterion.note] * len(self.codes))
        if not parts:
            return [""] * len(self.codes)
        return ["；".join(row) for row in zip(*parts, strict=True)]

    def _leaf_values(self, leaf: Compare | Judgement) -> list:
        if isinstance(leaf, Compare):
            return self.columns.values(leaf.field)
        return self.columns.judged(leaf).used


def evaluate_columns(rules: Sequence[Criterion], columns: Columns) -> list[CriterionColumn]:
    """Return one CriterionColumn per criterion, in order (``screening.evaluate`` column-wise)."""
    return [
        CriterionColumn(c, _codes(c.rule, columns), threshold_text(c.rule), columns) for c in rules
    ]


def verdict_codes(results: Sequence[CriterionColumn], size: int) -> np.ndarray:
    """Return each enterprise's verdict code: the smallest of its criteria's (met if none)."""
    if not results:
        return np.full(size, MET_CODE, dtype=np.int8)
    return np.minimum.reduce([r.codes for r in results])


def _codes(node: Node, columns: Columns) -> np.ndarray:
    if isinstance(node, Judgement):
        return columns.judged(node).codes
    if isinstance(node, Compare):
        return _compare(node, columns.figures[node.field])
    branches = [_codes(b, columns) for b in node.branches]
    combine = np.maximum if isinstance(node, AnyOf) else np.minimum
    return combine.reduce(branches)


def _compare(node: Compare, column: pd.Series) -> np.ndarray:
    present = column.notna().to_numpy()
    if node.op == "in":
        met = column.isin(list(node.value)).to_numpy()
    elif node.op == "is":
        met = column.eq(node.value).to_numpy(dtype=bool, na_value=False)
    else:
        numbers = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            met = COMPARISONS[node.op](numbers, node.value)
    codes = np.where(met, MET_CODE, NOT_MET_CODE).astype(np.int8)
    codes[~present] = NO_DATA_CODE
    return codes


def _used_leaves(node: AnyOf | AllOf) -> dict[str, Compare | Judgement]:
    """Return key → leaf in the order ``evaluate`` fills its value-used dict (a nested branch's
    keys are merged in, so a repeated key keeps its first place and takes the last leaf)."""
    out: dict[str, Compare | Judgement] = {}
    for branch in node.branches:
        if isinstance(branch, Compare):
            out[branch.field] = branch
        elif isinstance(branch, Judgement):
            out[branch.key] = branch
        else:
            out.update(_used_leaves(branch))
    return out


def _judgements(node: Node) -> list[Judgement]:
    if isinstance(node, AnyOf | AllOf):
        return [j for branch in node.branches for j in _judgements(branch)]
    return [node] if isinstance(node, Judgement) else []
