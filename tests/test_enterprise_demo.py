"""The demo roster's shape, and the figure columns the positional EnterpriseYear build relies on."""

from collections import Counter
from dataclasses import fields
from functools import cache

from data_model.enterprises.credit_code import is_valid
from data_model.enterprises.demo import demo_roster
from data_model.enterprises.figures import EnterpriseYear
from data_model.enterprises.models import FIGURE_COLUMNS


@cache
def _roster():
    return demo_roster()


def test_figure_columns_follow_enterprise_year_fields():
    assert [f.name for f in fields(EnterpriseYear)][1 : 1 + len(FIGURE_COLUMNS)] == list(
        FIGURE_COLUMNS
    )


def test_demo_roster_is_marked_valid_and_plausible():
    rows, assessments = _roster()
    firms = {r["credit_code"]: r for r in rows}
    assert len(firms) == 12_000 and len(rows) == 48_000
    assert all(r["name"].startswith("演示·") for r in firms.values())
    assert all(is_valid(code) for code in firms)
    national = Counter(r["city"] for r in firms.values() if r["national_giant_year"] != "")
    top = [city for city, _ in national.most_common(5)]
    assert top == ["苏州市", "无锡市", "南京市", "常州市", "南通市"]
    assert sum(1 for r in firms.values() if r["entered_pool_year"] != "") == 11_000
    assert assessments and demo_roster()[0][:3] == rows[:3]
