"""Loading roster files: every problem with row, column and code; encodings; re-import; versions."""

import pytest
from roster_files import A, B, C, csv_bytes, roster_rows, xlsx_bytes
from sqlalchemy import func, select

from data_model.db import read_session
from data_model.enterprises.models import (
    Enterprise,
    EnterpriseImport,
    EnterpriseTierEvent,
    EnterpriseYearRecord,
)
from data_model.enterprises.store import latest_years
from etl.enterprises.load import (
    ALREADY_LOADED,
    CHECKED,
    LOADED,
    REJECTED,
    UNCHANGED,
    RosterRequest,
    load_roster,
)
from etl.enterprises.template import template_bytes
from etl.enterprises.validate import validate_sheet
from etl.readers import read_sheet


def _problems(rows):
    _, problems = validate_sheet(read_sheet(csv_bytes(rows)))
    return [(p.code, p.row, p.column) for p in problems]


def _edit(index: int, **changes):
    rows = roster_rows()
    rows[index] = rows[index] | changes
    return rows


@pytest.mark.parametrize(
    ("index", "changes", "expected"),
    [
        (
            0,
            {"credit_code": A[:-1] + ("0" if A[-1] != "0" else "1")},
            ("bad_credit_code", 2, "统一社会信用代码"),
        ),
        (1, {"city": "火星市"}, ("unknown_region", 3, "设区市")),
        (2, {"county": "不存在区"}, ("unknown_county", 4, "县（市、区）")),
        (4, {"county": "玄武区"}, ("county_not_in_city", 6, "县（市、区）")),
        (0, {"cluster": "造火箭"}, ("unknown_cluster", 2, "所属集群或产业")),
        (0, {"enterprise_type": "服务类"}, ("bad_enterprise_type", 2, "企业类别（制造类/创新类）")),
        (0, {"operating_revenue": "一千"}, ("not_a_number", 2, "营业收入（万元）")),
        (0, {"operating_revenue": -5}, ("negative_value", 2, "营业收入（万元）")),
        (0, {"asset_liability_ratio": 120}, ("share_out_of_range", 2, "资产负债率（%）")),
        (0, {"rd_staff": 3.5}, ("not_whole_number", 2, "科技研发人员（人）")),
        (
            0,
            {"has_rd_institution_city_or_above": "也许"},
            ("bad_flag", 2, "建有市级以上企业研发机构（是/否）"),
        ),
        (1, {"year": 2019}, ("duplicate_enterprise_year", 3, "统一社会信用代码")),
        (1, {"name": "另一个名字"}, ("conflicting_name", 3, "企业名称")),
        (0, {"year": "20x9"}, ("bad_year", 2, "年度")),
        (0, {"name": ""}, ("missing_field", 2, "企业名称")),
    ],
)
def test_each_kind_of_problem_is_reported_with_row_and_column(index, changes, expected):
    problems = _problems(_edit(index, **changes))
    assert expected in problems


def test_negative_profit_is_a_loss_not_an_error():
    assert _problems(_edit(0, operating_profit=-120)) == []


def test_all_problems_are_reported_at_once():
    rows = _edit(0, city="火星市", operating_revenue="abc")
    rows[5] = rows[5] | {"enterprise_type": "服务类"}
    codes = {code for code, _, _ in _problems(rows)}
    assert {"unknown_region", "not_a_number", "bad_enterprise_type"} <= codes


def test_missing_required_column():
    rows = [{k: v for k, v in r.items()} for r in roster_rows()]
    data = csv_bytes(rows).decode("utf-8-sig").replace("企业名称", "备注", 1).encode("utf-8")
    _, problems = validate_sheet(read_sheet(data))
    assert [(p.code, p.message) for p in problems] == [("missing_column", "缺少必需的列“企业名称”")]


def test_the_template_is_recognised_and_empty():
    _, problems = validate_sheet(read_sheet(template_bytes()))
    assert [p.code for p in problems] == ["empty_file"]


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes(encoding="utf-8"),
        csv_bytes(encoding="utf-8-sig"),
        csv_bytes(encoding="gb18030"),
        xlsx_bytes(),
    ],
    ids=["utf-8", "utf-8-sig", "gb18030", "xlsx"],
)
def test_encodings_and_formats_give_the_same_roster(data):
    roster, problems = validate_sheet(read_sheet(data))
    assert problems == []
    assert roster.enterprises["credit_code"].tolist() == [A, B, C, roster_rows()[12]["credit_code"]]
    assert roster.enterprises["city_code"].tolist() == ["320100", "320500", "320500", "320200"]
    assert roster.years["main_product_revenue_share"].iloc[0] == 0.8


def _load(db, data, name="roster.csv", dry_run=False):
    return load_roster(db.sessions, RosterRequest(data, name, "tester"), dry_run=dry_run)


def _counts(db):
    with read_session(db.sessions) as session:
        return tuple(
            session.scalar(select(func.count()).select_from(t))
            for t in (Enterprise, EnterpriseYearRecord, EnterpriseTierEvent, EnterpriseImport)
        )


def test_rejected_file_writes_nothing(db):
    result = _load(db, csv_bytes(_edit(0, city="火星市")))
    assert result.status == REJECTED and result.problems[0].code == "unknown_region"
    assert _counts(db) == (0, 0, 0, 0)


def test_dry_run_writes_nothing(db):
    result = _load(db, csv_bytes(), dry_run=True)
    assert result.status == CHECKED and result.summary.new_enterprises == 4
    assert _counts(db) == (0, 0, 0, 0)


def test_reimport_changes_nothing_and_a_changed_figure_is_a_new_version(db):
    assert _load(db, csv_bytes()).status == LOADED
    assert _counts(db) == (4, 16, 5, 1)
    assert _load(db, csv_bytes()).status == ALREADY_LOADED
    # The same content in another encoding is another file, but nothing in it is new.
    assert _load(db, csv_bytes(encoding="gb18030"), "gbk.csv").status == UNCHANGED
    assert _load(db, xlsx_bytes(), "roster.xlsx").status == UNCHANGED
    assert _counts(db) == (4, 16, 5, 1)
    changed = _edit(3, operating_revenue=99999)
    result = _load(db, csv_bytes(changed), "fixed.csv")
    assert result.status == LOADED
    assert (result.summary.new_versions, result.summary.new_years) == (1, 0)
    assert _counts(db) == (4, 17, 5, 2)
    with read_session(db.sessions) as session:
        current = latest_years(session)
    a2022 = current[(current["year"] == 2022)].sort_values("enterprise_id").iloc[0]
    assert (a2022["version"], a2022["operating_revenue"]) == (2, 99999.0)


def test_a_corrected_tier_event_supersedes_the_old_one(db):
    _load(db, csv_bytes())
    rows = roster_rows()
    for row in rows[8:12]:
        row["provincial_year"] = 2022
    result = _load(db, csv_bytes(rows), "corrected.csv")
    assert result.summary.new_events == 1
    with read_session(db.sessions) as session:
        years = session.scalars(
            select(EnterpriseTierEvent.year)
            .where(EnterpriseTierEvent.kind == "provincial")
            .order_by(EnterpriseTierEvent.id)
        ).all()
    assert years == [2021, 2022]
