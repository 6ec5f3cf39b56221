"""统一社会信用代码 (unified social credit code) checks per GB 32100-2015.

Layout of the 18 characters:

====  ==============================================
1     registration authority code (登记管理部门代码)
2     entity type code (机构类别代码)
3-8   administrative division code (登记管理机关行政区划码), 6 digits
9-17  organisation code (主体标识码, GB 11714)
18    check character (校验码)
====  ==============================================

Problems are returned as data (all at once, each with a stable code) so an import
can report every bad row of a roster in one pass.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The 31 characters of the code, in value order: the index of a character is its value.
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
JIANGSU_DIVISION_PREFIX = "32"

_VALUES = {char: value for value, char in enumerate(CHARSET)}
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class CodeProblem:
    """One thing wrong with a code: a stable `code` for programs, a Chinese `message` for people."""

    code: str
    message: str


@dataclass(frozen=True)
class CreditCodeCheck:
    """The normalised code and every problem found in it (empty when valid)."""

    code: str
    problems: tuple[CodeProblem, ...]

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def division_code(self) -> str | None:
        """The 6-digit administrative division code, or None when the code is malformed."""
        return self.code[2:8] if self.valid else None

    @property
    def registered_in_jiangsu(self) -> bool | None:
        """Whether the registering authority sits in Jiangsu (division 32xxxx); None if invalid."""
        division = self.division_code
        return None if division is None else division.startswith(JIANGSU_DIVISION_PREFIX)


def normalise(code: str) -> str:
    """Return `code` upper-cased, half-width and without any whitespace.

    >>> normalise(" ９１３５ 0100m000100y43 ")
    '91350100M000100Y43'
    """
    # NFKC folds full-width letters, digits and the ideographic space to ASCII.
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", code)).upper()


def check_character(first17: str) -> str:
    """Return the check character (position 18) for the first 17 characters of a code.

    check = 31 - (Σ value_i × weight_i mod 31), with 31 written as 0.

    >>> check_character("91350100M000100Y4")
    '3'
    """
    body = normalise(first17)
    if len(body) != LENGTH - 1:
        raise ValueError(f"expected 17 characters, got {len(body)}: {first17!r}")
    bad = [char for char in body if char not in _VALUES]
    if bad:
        raise ValueError(f"characters outside the GB 32100 charset: {''.join(bad)!r}")
    total = sum(_VALUES[char] * weight for char, weight in zip(body, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def check(code: str) -> CreditCodeCheck:
    """Return the normalised code with every problem found in it."""
    normalised = normalise(code)
    problems: list[CodeProblem] = []
    if not normalised:
        return CreditCodeCheck(normalised, (CodeProblem("empty", "统一社会信用代码为空"),))
    if len(normalised) != LENGTH:
        problems.append(
            CodeProblem("length", f"统一社会信用代码应为18位，实际为{len(normalised)}位")
        )
    bad = [(pos, char) for pos, char in enumerate(normalised, start=1) if char not in _VALUES]
    if bad:
        listed = "、".join(f"第{pos}位“{char}”" for pos, char in bad)
        problems.append(
            CodeProblem(
                "charset", f"含有不允许的字符：{listed}（不得使用I、O、Z、S、V及非字母数字）"
            )
        )
    division = normalised[2:8]
    if len(normalised) >= 8 and not division.isdigit():
        problems.append(
            CodeProblem("division", f"第3至8位行政区划码应为6位数字，实际为“{division}”")
        )
    if len(normalised) == LENGTH and not bad:
        expected = check_character(normalised[:17])
        if normalised[17] != expected:
            problems.append(
                CodeProblem(
                    "check_character",
                    f"校验码错误：第18位应为“{expected}”，实际为“{normalised[17]}”",
                )
            )
    return CreditCodeCheck(normalised, tuple(problems))


def validate(code: str) -> list[str]:
    """Return the Chinese problem messages for `code`; an empty list means it is valid.

    >>> validate("91350100M000100Y43")
    []
    >>> validate("91350100M000100Y44")
    ['校验码错误：第18位应为“3”，实际为“4”']
    """
    return [problem.message for problem in check(code).problems]


def is_valid(code: str) -> bool:
    """Return True when `code` is a well-formed unified social credit code."""
    return check(code).valid
