"""Screening stored enterprises: the export, the yearly lists, tier counts in progress, bureaus."""

import csv
import io
from datetime import date

import pytest
from roster_files import A, B, C, D, csv_bytes

from dashboard.auth.identity import Identity
from data_model.db import read_session, write_session
from data_model.enterprises.cards import enterprise_card
from data_model.enterprises.lists import yearly_lists
from data_model.enterprises.reviews import record_assessment
from data_model.enterprises.roster import RosterFilter, roster
from data_model.enterprises.tiers import roster_tier_counts
from data_model.periods import Quarter
from data_model.progress import progress
from etl.enterprises.load import RosterRequest, load_roster

PLAN = "qianqi-2020-2022"


def _seed(database):
    result = load_roster(database.sessions, RosterRequest(csv_bytes(), "roster.csv", "tester"))
    assert result.status == "loaded", [p.describe() for p in result.problems]
    with write_session(database.sessions) as session:
        record_assessment(session, B, "t2.giant.mfg.3", True, "省厅评审组", date(2022, 9, 30))


@pytest.fixture
def roster_db(db):
    _seed(db)
    return db


def test_yearly_lists_from_a_hand_made_roster(roster_db):
    with read_session(roster_db.sessions) as session:
        lists = yearly_lists(session, 2022)
    assert lists["leave"][["credit_code", "criteria_not_met"]].values.tolist() == [[A, "t1.mfg.3"]]
    assert lists["leave"]["reasons"].tolist() == ["有效专利（发明或实用新型） ≥ 2项"]
    assert lists["recommend"]["credit_code"].tolist() == [B]
    assert lists["national"]["credit_code"].tolist() == [C]
    assert D not in {c for frame in lists.values() for c in frame["credit_code"]}


def test_lists_for_a_bureau_hold_only_its_city(roster_db):
    with read_session(roster_db.sessions) as session:
        lists = yearly_lists(session, 2022, city_code="320100")
    assert [len(lists[n]) for n in ("leave", "recommend", "national")] == [1, 0, 0]


def test_current_tiers(roster_db):
    with read_session(roster_db.sessions) as session:
        frame = roster(session)
    assert dict(zip(frame["credit_code"], frame["tier"], strict=True)) == {
        A: "pool",
        B: "pool",
        C: "provincial",
        D: "pool",
    }


def test_screening_export_columns_and_a_literal_result(roster_db, make_app):
    app = make_app(roster_db)
    runner = app.server.test_cli_runner()
    out = runner.invoke(args=["export", "screening", "--tier", "pool", "--year", "2022"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {"credit_code", "name", "tier", "criterion", "result", "value_used", "threshold"} <= set(
        rows[0]
    )
    assert len(rows) == 4 * 7  # 4 manufacturing firms × (common + 6 manufacturing criteria)
    row = next(r for r in rows if r["credit_code"] == A and r["criterion"] == "t1.mfg.3")
    assert (row["tier"], row["result"], row["value_used"], row["threshold"]) == (
        "pool",
        "not_met",
        "1项",
        "有效专利（发明或实用新型） ≥ 2项",
    )
    judged = next(r for r in rows if r["credit_code"] == A and r["criterion"] == "t1.common")
    assert judged["result"] == "no_data"


def test_screening_export_as_xlsx(roster_db, make_app, tmp_path):
    from openpyxl import load_workbook

    runner = make_app(roster_db).server.test_cli_runner()
    target = tmp_path / "s.xlsx"
    args = ["export", "screening", "--tier", "provincial", "--year", "2022", "--format", "xlsx"]
    out = runner.invoke(args=[*args, "-o", str(target)])
    assert out.exit_code == 0, out.output
    sheet = load_workbook(target).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == ["credit_code", "name", "city_code"] and "result" in header


def test_tier_counts_from_the_roster(roster_db):
    with read_session(roster_db.sessions) as session:
        counts = roster_tier_counts(session, PLAN, Quarter(2022, 4))
    assert counts.values.tolist() == [
        ["320100", "pool_firms", "2020Q1", 1.0],
        ["320200", "pool_firms", "2021Q1", 1.0],
        ["320500", "pool_firms", "2020Q1", 2.0],
        ["320500", "provincial_giants", "2021Q1", 1.0],
    ]
    with read_session(roster_db.sessions) as session:
        early = roster_tier_counts(session, PLAN, Quarter(2020, 4))
    assert early["period"].unique().tolist() == ["2020Q1"]


@pytest.mark.parametrize("quarter", [Quarter(2020, 2), Quarter(2022, 4)])
def test_dashboard_tier_numbers_equal_the_roster_exactly(demo_db, quarter):
    with read_session(demo_db.sessions) as session:
        before = progress(session, PLAN, quarter)
    _seed(demo_db)
    with read_session(demo_db.sessions) as session:
        after = progress(session, PLAN, quarter)
        frame = roster(session)
    indicators = {"pool_firms": "entered_pool_year", "provincial_giants": "provincial_year"}
    indicators["national_giants"] = "national_year"
    for indicator, column in indicators.items():
        rows = after[after["indicator"] == indicator].set_index("region_code")["cumulative"]
        counted = frame[frame[column].notna() & (frame[column] <= quarter.year)]
        expected = counted.groupby("city_code").size()
        for region, value in rows.items():
            wanted = len(counted) if region == "320000" else int(expected.get(region, 0))
            assert value == wanted, (indicator, region)
    # Other indicators still come from the bureaus' submissions.
    keep = ~after["indicator"].isin(list(indicators))
    assert after[keep]["cumulative"].tolist() == before[keep]["cumulative"].tolist()


def test_enterprise_card_and_bureau_scope(roster_db):
    with read_session(roster_db.sessions) as session:
        card = enterprise_card(session, C, 2022)
        hidden = enterprise_card(session, C, 2022, city_code="320100")
    assert hidden is None
    assert card.history[["kind", "year"]].values.tolist() == [
        ["entered_pool", 2020],
        ["provincial", 2021],
    ]
    assert card.screening["national"].verdict == "met"
    assert card.screening["provincial"].verdict == "no_data"  # t2.giant.mfg.3 not assessed
    row = card.criteria_rows.set_index("criterion").loc["t3.giant.2"]
    assert (row["result"], row["threshold"]) == (
        "met",
        "年度营业收入 ≥ 10000万元 且 资产负债率 ≤ 70%",
    )


def test_bureau_identity_sees_only_its_city_in_the_grid(roster_db, make_app):
    make_app(roster_db)  # page modules register themselves, so they need an app first
    from dashboard.pages.enterprises import grid_page, summary

    bureau = Identity("nanjing", "bureau", "设区市工信局", "320100")
    with read_session(roster_db.sessions) as session:
        rows, total = grid_page(session, bureau, RosterFilter(city_code="320500"), 0)
        everyone, all_total = grid_page(session, None, RosterFilter(), 0)
        data = summary(session, bureau, None, PLAN)
    assert (total, [r["credit_code"] for r in rows]) == (1, [A])
    assert all_total == 4 and len(everyone) == 4
    assert data["funnel"] == [
        ("培育库入库", 1, 10000.0),
        ("省级小巨人", 0, 1000.0),
        ("国家级", 0, 100.0),
    ]
