"""Column-wise derived figures, with literal numbers at the edges (cf. test_enterprise_figures)."""

import doctest

import numpy as np
import pandas as pd
import pytest

from data_model.enterprises import figure_table as module
from data_model.enterprises.figure_table import figure_table

ENTERPRISES = pd.DataFrame(
    {"id": [1, 2, 3, 4], "cluster": ["物联网"] * 4, "enterprise_type": ["manufacturing"] * 4}
)
# 1: four full years; 2: 2019 missing; 3: zero revenue in 2018; 4: nothing in 2020.
YEARS = pd.DataFrame(
    [
        (1, 2017, 2000.0, None, 1800.0, 80.0, None, None, 2010),
        (1, 2018, 2200.0, 110.0, 2000.0, 100.0, None, None, None),
        (1, 2019, 2420.0, 121.0, 2200.0, 120.0, None, None, None),
        (1, 2020, 2662.0, 133.1, 2420.0, 150.0, 15, 100, None),
        (2, 2017, 1000.0, 10.0, 900.0, 10.0, None, None, 2012),
        (2, 2018, 1100.0, 10.0, 900.0, 10.0, None, None, 2012),
        (2, 2020, 1300.0, 10.0, 900.0, 10.0, 5, 0, 2012),
        (3, 2017, 500.0, 5.0, 500.0, 5.0, None, None, None),
        (3, 2018, 0.0, 5.0, 500.0, -5.0, None, None, None),
        (3, 2019, 600.0, 60.0, 500.0, 5.0, None, None, None),
        (3, 2020, 660.0, 66.0, 550.0, 10.0, None, 40, 2015),
        (4, 2019, 600.0, 60.0, 500.0, 5.0, 3, 30, 2001),
    ],
    columns=[
        "enterprise_id",
        "year",
        "operating_revenue",
        "operating_profit",
        "main_business_revenue",
        "net_profit",
        "rd_staff",
        "total_staff",
        "founded_year",
    ],
)


@pytest.fixture(scope="module")
def table():
    return figure_table(YEARS, ENTERPRISES, 2020)


def test_doctests():
    assert doctest.testmod(module).failed == 0


def _shown(value):
    return None if pd.isna(value) else value


@pytest.mark.parametrize(
    ("enterprise", "name", "expected"),
    [
        (1, "revenue_growth_avg_3y", 0.1),
        (1, "operating_margin_avg_3y", 0.05),
        (1, "main_business_revenue_growth_avg_2y", 0.1),
        (1, "net_profit_growth_avg_2y", 0.225),
        (1, "main_business_share", 0.909090909),
        (1, "rd_staff_share", 0.15),
        (1, "years_in_operation", 10),  # founded year from 2017's row
        (2, "revenue_growth_avg_3y", None),  # 2019 missing
        (2, "operating_margin_avg_3y", None),
        (2, "main_business_revenue_growth_avg_2y", None),
        (2, "rd_staff_share", None),  # zero staff
        (2, "years_in_operation", 8),
        (3, "revenue_growth_avg_3y", None),  # growth from a zero base is undefined
        (3, "operating_margin_avg_3y", None),  # no margin on 2018's zero revenue
        (3, "net_profit_growth_avg_2y", None),  # growth from a loss is undefined
        (3, "main_business_revenue_growth_avg_2y", 0.05),
        (3, "rd_staff_share", None),  # rd staff not reported
        (4, "revenue_growth_avg_3y", None),  # nothing reported in 2020
        (4, "operating_revenue", None),
        (4, "cluster", None),
        (4, "years_in_operation", 19),  # the founding year is a fixed fact from any year
    ],
)
def test_derived_figure(table, enterprise, name, expected):
    assert _shown(table.loc[enterprise, name]) == expected


def test_rounding_follows_python_where_numpy_differs():
    # 2.425e-07 is a hair above the half in decimal: round() gives 2.43e-07, numpy 2.42e-07.
    values = module.ratio(np.array([2.425e-07, 1.0]), np.array([1.0, 3.0]))
    assert values.tolist() == [2.43e-07, 0.333333333]
