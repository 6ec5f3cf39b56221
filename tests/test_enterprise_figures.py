"""Tests for data_model.enterprises.figures: yearly figures and derived multi-year figures."""

import doctest
from dataclasses import fields

import pytest

from data_model.enterprises import figures
from data_model.enterprises.figures import (
    FIGURES,
    REPORTED,
    EnterpriseYear,
    average_growth,
    average_margin,
    derive,
    growth,
    ratio,
)


def test_doctests():
    assert doctest.testmod(figures).failed == 0


def test_every_reported_field_is_catalogued():
    assert set(REPORTED) <= set(FIGURES)
    assert len(REPORTED) == len(fields(EnterpriseYear)) - 1


def test_enterprise_year_is_frozen_and_defaults_to_missing():
    year = EnterpriseYear(2020)
    assert year.operating_revenue is None
    with pytest.raises(AttributeError):
        year.operating_revenue = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (1000, 1050, 0.05),
        (1000, 900, -0.1),
        (1000, 1000, 0.0),
        (0, 100, None),
        (-20, 100, None),
        (None, 100, None),
        (100, None, None),
    ],
)
def test_growth(previous, current, expected):
    assert growth(previous, current) == expected


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(30, 1000, 0.03), (0, 1000, 0.0), (30, 0, None), (None, 1000, None), (30, None, None)],
)
def test_ratio(numerator, denominator, expected):
    assert ratio(numerator, denominator) == expected


REVENUE = {2017: 1000, 2018: 1050, 2019: 1155, 2020: 1155}


@pytest.mark.parametrize(
    ("series", "year", "years", "expected"),
    [
        # 5%, 10%, 0% → 5%
        (REVENUE, 2020, 3, 0.05),
        # 10%, 0% → 5%
        (REVENUE, 2020, 2, 0.05),
        (REVENUE, 2019, 2, 0.075),
        # 2016 is missing: the 3-year average for 2019 is not computable
        (REVENUE, 2019, 3, None),
        ({**REVENUE, 2018: None}, 2020, 3, None),
        # a loss-making base year makes that year's growth undefined
        ({2018: -10, 2019: 20, 2020: 40}, 2020, 2, None),
        # float noise: three 5% growth rates average to exactly 5%
        ({2017: 100, 2018: 105, 2019: 110.25, 2020: 115.7625}, 2020, 3, 0.05),
    ],
)
def test_average_growth(series, year, years, expected):
    assert average_growth(series, year, years) == expected


@pytest.mark.parametrize(
    ("profits", "revenues", "expected"),
    [
        ({2018: 40, 2019: 50, 2020: 60}, {2018: 1000, 2019: 1000, 2020: 1000}, 0.05),
        ({2018: -10, 2019: 40, 2020: 120}, {2018: 500, 2019: 800, 2020: 1000}, 0.05),
        ({2019: 50, 2020: 60}, {2018: 1000, 2019: 1000, 2020: 1000}, None),
        ({2018: 40, 2019: 50, 2020: 60}, {2018: 0, 2019: 1000, 2020: 1000}, None),
    ],
)
def test_average_margin(profits, revenues, expected):
    assert average_margin(profits, revenues, 2020, 3) == expected


def test_derive_returns_reported_figures_of_the_year():
    years = {
        2019: EnterpriseYear(2019, operating_revenue=900, cluster="集成电路"),
        2020: EnterpriseYear(2020, operating_revenue=1000, cluster="物联网"),
    }
    derived = derive(years, 2020)
    assert (derived["operating_revenue"], derived["cluster"]) == (1000, "物联网")


def test_derive_knows_every_catalogued_figure():
    assert set(derive({}, 2020)) == set(FIGURES)


def test_derive_with_no_data_is_all_none():
    assert set(derive({}, 2020).values()) == {None}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("revenue_growth_avg_3y", None),  # needs 2017-2020 revenue; 2017 is missing
        ("operating_margin_avg_3y", 0.1),
        ("main_business_revenue_growth_avg_2y", 0.1),
        ("net_profit_growth_avg_2y", None),  # 2018 net profit is a loss
        ("main_business_share", 0.75625),
        ("rd_expense_ratio", 0.025),
        ("rd_staff_share", 0.2),
        ("valid_patents", 7),
        ("utility_and_design_patents", None),  # design patents not reported
        ("years_in_operation", 5),
    ],
)
def test_derive(name, expected):
    years = {
        2018: EnterpriseYear(
            2018,
            operating_revenue=3000,
            operating_profit=300,
            main_business_revenue=2500,
            net_profit=-100,
            founded_year=2015,
        ),
        2019: EnterpriseYear(
            2019,
            operating_revenue=3500,
            operating_profit=350,
            main_business_revenue=2750,
            net_profit=200,
        ),
        2020: EnterpriseYear(
            2020,
            operating_revenue=4000,
            operating_profit=400,
            main_business_revenue=3025,
            net_profit=300,
            rd_expense=100,
            rd_staff=30,
            total_staff=150,
            invention_patents=2,
            utility_patents=5,
        ),
    }
    assert derive(years, 2020)[name] == expected
