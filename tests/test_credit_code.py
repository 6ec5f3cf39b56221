"""Tests for data_model.enterprises.credit_code (GB 32100-2015)."""

import doctest

import pytest

from data_model.enterprises import credit_code
from data_model.enterprises.credit_code import check, check_character, is_valid, validate

# 91350100M000100Y43 is the worked example printed in GB 32100-2015; the others were built
# by computing their check character, and cover a check value of 0 (31 → 0) and a letter.
VALID = [
    "91350100M000100Y43",
    "91320000MA1MCJ6N2D",
    "91320100134789999Q",
    "52320000MJ0000000L",
    "123200004660000004",
    "913200000000000000",
]


def test_doctests():
    assert doctest.testmod(credit_code).failed == 0


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_have_no_problems(code):
    assert validate(code) == []


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("91350100M000100Y4", "3"),
        ("91320000MA1MCJ6N2", "D"),
        ("91320000134789999", "K"),
        ("91320000000000000", "0"),
    ],
)
def test_check_character(first17, expected):
    assert check_character(first17) == expected


def test_check_character_rejects_wrong_length():
    with pytest.raises(ValueError, match="17"):
        check_character("9132")


def test_check_character_rejects_bad_characters():
    with pytest.raises(ValueError, match="charset"):
        check_character("9132000013478999I")


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        (" 91350100m000100y43 ", "91350100M000100Y43"),
        ("9135 0100 M000 100Y 43", "91350100M000100Y43"),
        ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),
        ("91350100M000100Y43\u3000", "91350100M000100Y43"),
    ],
)
def test_normalised_before_checking(raw, normalised):
    result = check(raw)
    assert (result.code, result.valid) == (normalised, True)


def test_a_commonly_quoted_example_fails_its_check_character():
    # 91320000134789999X circulates as an "example"; its check character is really K.
    assert validate("91320000134789999X") == ["校验码错误：第18位应为“K”，实际为“X”"]


@pytest.mark.parametrize(
    ("code", "codes"),
    [
        ("", ["empty"]),
        ("91350100M000100Y4", ["length"]),
        ("91350100M000100Y433", ["length"]),
        ("91350100M000100I43", ["charset"]),
        ("91350100M000100O43", ["charset"]),
        ("9135010SM000100Y43", ["charset", "division"]),
        ("913501A0M000100Y43", ["division", "check_character"]),
        ("91350100M000100Y44", ["check_character"]),
        ("91350100M00-100Y4", ["length", "charset"]),
    ],
)
def test_problem_codes(code, codes):
    assert [problem.code for problem in check(code).problems] == codes


def test_charset_message_names_each_bad_position():
    assert validate("9Z350100M000100V43") == [
        "含有不允许的字符：第2位“Z”、第16位“V”（不得使用I、O、Z、S、V及非字母数字）"
    ]


def test_length_message():
    assert validate("9135") == ["统一社会信用代码应为18位，实际为4位"]


@pytest.mark.parametrize(
    ("code", "division", "jiangsu"),
    [
        ("91320000MA1MCJ6N2D", "320000", True),
        ("91350100M000100Y43", "350100", False),
        ("91350100M000100Y44", None, None),
    ],
)
def test_division_and_jiangsu(code, division, jiangsu):
    result = check(code)
    assert (result.division_code, result.registered_in_jiangsu) == (division, jiangsu)


def test_is_valid():
    assert (is_valid("91350100M000100Y43"), is_valid("91350100M000100Y44")) == (True, False)
