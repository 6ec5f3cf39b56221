"""The column-wise screening equals screen() for every enterprise, criterion and tier of a
deterministic sample of the demo roster, with missing figures and assessments mixed in."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import BACKENDS, _database
from sqlalchemy import insert, select

from data_model.db import read_session, write_session
from data_model.enterprises.demo import demo_roster
from data_model.enterprises.lists import LISTS, yearly_lists
from data_model.enterprises.models import Enterprise, EnterpriseAssessment
from data_model.enterprises.reviews import screen_roster, screening_frame, screening_inputs
from data_model.enterprises.roster_screening import screen_tables, screening_tables
from etl.enterprises.demo_seed import roster_csv
from etl.enterprises.load import RosterRequest, load_roster

EVERY = 15  # 12,000 demo firms → 800
BLANKS = {  # firm number % 9 → (year, figures left blank)
    3: (2021, ("operating_profit",)),
    5: (2022, ("rd_staff", "has_rd_institution_city_or_above", "market_share_rank_national")),
    7: (2022, ("invention_patents", "main_product_revenue_share")),
    8: (2022, ("founded_year", "asset_liability_ratio", "safety_env_violations_3y")),
}


def sample() -> tuple[list[dict], list]:
    """Return every EVERY-th demo firm's rows and assessments, with holes cut in some."""
    rows, assessments = demo_roster()
    codes = list(dict.fromkeys(r["credit_code"] for r in rows))[::EVERY]
    number = {c: n for n, c in enumerate(codes)}
    kept = []
    for row in rows:
        n = number.get(row["credit_code"])
        if n is None:
            continue
        row, kind = dict(row), n % 9
        if (kind == 1 and row["year"] == 2019) or (kind == 4 and row["year"] == 2022):
            continue  # a missing year: 3-year averages, or everything, have no data
        if kind == 2 and row["year"] == 2020:
            row["operating_revenue"] = 0  # a zero base: growth and margin are undefined
        if kind == 6 and row["year"] == 2020:
            row["net_profit"] = -abs(row["net_profit"])  # a loss as base
        year, names = BLANKS.get(kind, (None, ()))
        if row["year"] == year:
            row.update({name: "" for name in names if name in row})
        kept.append(row)
    return kept, [a for a in assessments if a.credit_code in number]


@pytest.fixture(scope="module", params=BACKENDS)
def sample_db(request):
    database_gen = _database(request.getfixturevalue("templates"), request.param, demo=False)
    database = next(database_gen)
    rows, assessments = sample()
    result = load_roster(database.sessions, RosterRequest(roster_csv(rows), "s.csv", "tester"))
    assert result.status == "loaded", [p.describe() for p in result.problems[:5]]
    with write_session(database.sessions) as session:
        ids = dict(session.execute(select(Enterprise.credit_code, Enterprise.id)).all())
        records = [
            {
                "enterprise_id": ids[a.credit_code],
                "criterion_key": a.criterion_key,
                "met": a.met,
                "assessor": a.assessor,
                "assessed_on": a.assessed_on,
                "note": "",
                "recorded_at": datetime(2022, 10, 1),
            }
            for a in assessments
        ]
        # A newer assessment supersedes every 5th one: not met, with a note.
        records += [
            r | {"met": False, "note": "复核未通过", "assessed_on": date(2023, 1, 5)}
            for r in records[::5]
        ]
        session.execute(insert(EnterpriseAssessment), records)
    yield database
    next(database_gen, None)


CASES = [
    ("pool", None, None),
    ("provincial", None, None),
    ("national", None, None),
    ("provincial", "product", None),
    ("national", "champion_enterprise", None),
    ("pool", None, ("pool",)),
    ("national", None, ("provincial",)),
]


@pytest.mark.parametrize("year", [2022, 2021])
@pytest.mark.parametrize(("tier", "track", "tiers"), CASES)
def test_column_wise_results_equal_screen(sample_db, tier, track, tiers, year):
    with read_session(sample_db.sessions) as session:
        inputs = screening_inputs(session)
        tables = screening_tables(session)
    expected = list(screen_roster(inputs, tier, year, tiers=tiers))
    if track is not None:
        from data_model.enterprises.screening import screen

        expected = [
            type(item)(
                item.enterprise,
                screen(
                    item.enterprise["enterprise_type"],
                    tier,
                    inputs.figures.get(item.enterprise["id"], {}),
                    year,
                    inputs.assessments.get(item.enterprise["id"]),
                    track=track,
                    criteria=inputs.criteria,
                ),
            )
            for item in expected
        ]
    screened = screen_tables(tables, tier, year, tiers=tiers, track=track)
    assert screened.enterprises["id"].tolist() == [e.enterprise["id"] for e in expected]
    assert screened.verdicts.tolist() == [e.result.verdict for e in expected]
    got = {
        (group.track, int(screened.enterprises["id"].iloc[p]), r.criterion.id): (
            result,
            used,
            r.threshold,
            note,
        )
        for group in screened.tracks
        for r in group.results
        for p, result, used, note in zip(
            group.positions, r.results(), r.values_used(), r.notes(), strict=True
        )
    }
    want = {
        (e.result.track, e.enterprise["id"], c.criterion_id): (
            c.result,
            c.value_used,
            c.threshold,
            c.note,
        )
        for e in expected
        for c in e.result.results
    }
    assert got == want
    frame = screened.frame()
    reference = screening_frame(expected, inputs.criteria)
    assert frame.astype(object).values.tolist() == reference.astype(object).values.tolist()


def test_the_sample_holds_every_outcome(sample_db):
    with read_session(sample_db.sessions) as session:
        tables = screening_tables(session)
    outcomes = set()
    for tier in ("pool", "provincial", "national"):
        screened = screen_tables(tables, tier, 2022)
        outcomes |= {(tier, v) for v in screened.verdicts}
        for group in screened.tracks:
            outcomes |= {(group.track, r) for res in group.results for r in res.results()}
    assert {(t, v) for t in ("pool", "provincial", "national") for v in ("met", "not_met")} <= (
        outcomes
    )
    for track in ("manufacturing", "innovation"):
        assert {(track, "met"), (track, "not_met"), (track, "no_data")} <= outcomes


def _reference_lists(session, year: int) -> dict[str, list]:
    """The yearly lists as screen() decides them, one enterprise at a time."""
    inputs = screening_inputs(session)
    out = {}
    for name, (_, tier, tiers, wanted) in LISTS.items():
        out[name] = [
            [
                item.enterprise["credit_code"],
                item.result.verdict,
                ",".join(c.criterion_id for c in item.result.results if c.result == "not_met"),
                "；".join(c.threshold for c in item.result.results if c.result == "not_met"),
            ]
            for item in screen_roster(inputs, tier, year, tiers=tiers)
            if item.result.verdict == wanted
        ]
    return out


@pytest.mark.parametrize("year", [2022, 2021])
def test_yearly_lists_equal_screen(sample_db, year):
    with read_session(sample_db.sessions) as session:
        lists = yearly_lists(session, year)
        expected = _reference_lists(session, year)
    columns = ["credit_code", "verdict", "criteria_not_met", "reasons"]
    assert {n: f[columns].values.tolist() for n, f in lists.items()} == expected
    assert all(len(rows) for rows in expected.values()) or year == 2021
