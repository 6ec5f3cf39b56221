"""The quarterly loader: layouts, encodings, tolerance, every error class, revisions and re-loads."""

from __future__ import annotations

from datetime import datetime

import pytest
from loader_files import csv_bytes, xlsx_bytes
from sqlalchemy import func, select

from data_model.db import read_session, write_session
from data_model.periods import Quarter
from data_model.progress import DataView, progress
from data_model.schema import PeriodLock, Submission, SubmissionValue, Upload
from etl.quarterly import LoadRequest, load_file

PLAN = "qianqi-2020-2022"


def load(db, data: bytes, **kw):
    request = LoadRequest(data=data, file_name=kw.pop("file_name", "f.csv"), actor="tester", **kw)
    return load_file(db.sessions, PLAN, request)


def counts(db) -> tuple[int, int, int]:
    with read_session(db.sessions) as session:
        return tuple(
            session.scalar(select(func.count()).select_from(table))
            for table in (Upload, Submission, SubmissionValue)
        )


def city_value(db, region_code: str, period: str, indicator: str, **view) -> tuple[float, float]:
    with read_session(db.sessions) as session:
        frame = progress(session, PLAN, Quarter.parse(period), DataView(**view))
    row = frame[(frame.region_code == region_code) & (frame.indicator == indicator)].iloc[0]
    return row["this_quarter"], row["cumulative"]


GOOD_ROWS = [
    ["南京市", "2021Q1", "tech_centers", 12],
    ["南京市", "2021Q1", "新增企业授权专利", 340],
    ["苏州市", "2021Q1", "tech_centers", 20],
    ["苏州市", "2021Q2", "tech_centers", 7],
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_long_csv_in_each_encoding_loads(db, encoding):
    result = load(db, csv_bytes(GOOD_ROWS, encoding=encoding))
    assert (result.status, result.problems, result.layout) == ("loaded", [], "long")
    assert sorted((s.region_code, s.period, s.revision, s.status) for s in result.submissions) == [
        ("320100", "2021Q1", 1, "approved"),
        ("320500", "2021Q1", 1, "approved"),
        ("320500", "2021Q2", 1, "approved"),
    ]
    assert counts(db) == (1, 3, 4)
    assert city_value(db, "320500", "2021Q2", "tech_centers") == (7.0, 27.0)
    assert city_value(db, "320100", "2021Q1", "patents") == (340.0, 340.0)


def test_long_xlsx_with_english_headers_and_a_title_row_loads(db):
    data = xlsx_bytes(
        GOOD_ROWS, header=["region", "period", "indicator", "value"], title="2021年报送汇总"
    )
    result = load(db, data, file_name="bulk.xlsx")
    assert (result.status, len(result.submissions)) == ("loaded", 3)
    assert city_value(db, "320100", "2021Q1", "tech_centers") == (12.0, 12.0)


def test_tolerant_where_a_human_would_be(db):
    rows = [
        ["南京", "2021-Q3", "tech_centers", "1,234"],
        ["320200", "2021年第三季度", " 新增企业授权专利 ", "１２"],
        ["３２０３００", "2021年3季度", "TECH_CENTERS", " 5 "],
        ["常州市 ", "2021q3", "新增节能能力", "1.25"],
    ]
    result = load(db, csv_bytes(rows))
    assert result.problems == []
    assert city_value(db, "320100", "2021Q3", "tech_centers")[0] == 1234.0
    assert city_value(db, "320200", "2021Q3", "patents")[0] == 12.0
    assert city_value(db, "320300", "2021Q3", "tech_centers")[0] == 5.0
    assert city_value(db, "320400", "2021Q3", "energy_saving_capacity")[0] == 1.25


def _only_problem(result):
    assert result.status == "rejected"
    assert len(result.problems) == 1, [p.describe() for p in result.problems]
    return result.problems[0]


@pytest.mark.parametrize(
    ("row", "code", "column", "value"),
    [
        (["南经市", "2021Q1", "tech_centers", 1], "unknown_region", "地区", "南经市"),
        (["玄武区", "2021Q1", "tech_centers", 1], "not_a_city", "地区", "玄武区"),
        (["江苏省", "2021Q1", "tech_centers", 1], "not_a_city", "地区", "江苏省"),
        (["南京市", "2021Q1", "新增技术中心", 1], "unknown_indicator", "指标", "新增技术中心"),
        (["南京市", "2021Q5", "tech_centers", 1], "bad_period", "季度", "2021Q5"),
        (["南京市", "2023Q1", "tech_centers", 1], "period_outside_plan", "季度", "2023Q1"),
        (["南京市", "2021Q1", "tech_centers", ""], "missing_value", "本季度新增", None),
        (["南京市", "2021Q1", "tech_centers", "十二"], "not_a_number", "本季度新增", "十二"),
        (["南京市", "2021Q1", "tech_centers", "-3"], "negative_value", "本季度新增", "-3"),
        (["南京市", "2021Q1", "tech_centers", "2.5"], "fractional_count", "本季度新增", "2.5"),
        (["", "2021Q1", "tech_centers", 1], "missing_region", "地区", ""),
        (["南京市", "", "tech_centers", 1], "missing_period", "季度", ""),
    ],
)
def test_each_error_is_reported_with_row_column_value_and_nothing_is_written(
    db, row, code, column, value
):
    rows = [["苏州市", "2021Q1", "tech_centers", 3], row]
    found = _only_problem(load(db, csv_bytes(rows)))
    assert (found.code, found.row, found.column, found.value) == (code, 3, column, value)
    assert found.message  # Chinese text for the user
    assert counts(db) == (0, 0, 0)


def test_unknown_region_suggests_the_closest_city(db):
    found = _only_problem(load(db, csv_bytes([["苏洲市", "2021Q1", "tech_centers", 1]])))
    assert found.message == "未知地区“苏洲市”，是否为“苏州市”？"
    assert found.describe() == "第 2 行「地区」列：未知地区“苏洲市”，是否为“苏州市”？"


def test_every_problem_is_reported_at_once(db):
    rows = [
        ["南京市", "2021Q1", "tech_centers", "abc"],
        ["无锡市", "2024Q1", "tech_centers", 1],
        ["无锡市", "2021Q1", "nonsense", 1],
        ["无锡市", "2021Q1", "patents", -1],
    ]
    result = load(db, csv_bytes(rows))
    assert [(p.row, p.code) for p in result.problems] == [
        (2, "not_a_number"),
        (3, "period_outside_plan"),
        (4, "unknown_indicator"),
        (5, "negative_value"),
    ]
    assert counts(db) == (0, 0, 0)


def test_duplicate_rows_name_the_first_row(db):
    rows = [
        ["南京市", "2021Q1", "tech_centers", 1],
        ["南京", "2021年第一季度", "新增省级以上企业技术中心", 2],
    ]
    found = _only_problem(load(db, csv_bytes(rows)))
    assert (found.code, found.row, found.message) == (
        "duplicate_row",
        3,
        "与第 2 行重复（同一地区、季度、指标只能填报一次）",
    )


def test_wrong_unit_is_refused(db):
    rows = [["南京市", "2021Q1", "tech_centers", 1, "个"]]
    found = _only_problem(
        load(db, csv_bytes(rows, header=[*["地区", "季度", "指标", "本季度新增"], "单位"]))
    )
    assert (found.code, found.column, found.value) == ("wrong_unit", "单位", "个")
    assert found.message == "单位“个”与指标“新增省级以上企业技术中心”的单位“家”不符"


def test_cumulative_is_checked_against_history_and_the_file_itself(db):
    header = ["地区", "季度", "指标", "本季度新增", "累计"]
    assert (
        load(db, csv_bytes([["南京市", "2020Q1", "tech_centers", 10, 10]], header)).status
        == "loaded"
    )
    good = [
        ["南京市", "2020Q2", "tech_centers", 5, 15],
        ["南京市", "2020Q3", "tech_centers", 4, "19"],
    ]
    assert load(db, csv_bytes(good, header)).status == "loaded"
    bad = [["南京市", "2020Q4", "tech_centers", 6, 24]]
    found = _only_problem(load(db, csv_bytes(bad, header)))
    assert (found.code, found.row, found.column, found.value) == (
        "cumulative_mismatch",
        2,
        "累计",
        "24",
    )
    assert found.message == "累计值 24 与已报数据不符：按已报数据应为 25"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        ("地区,季度,指标,本季度新增\r\n".encode(), "empty_file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "not_a_spreadsheet"),
        (b"%PDF-1.4 something", "not_a_spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "legacy_xls"),
        (b"\x80\x80\xff\xfe,abc\n", "bad_encoding"),
        ("名称,数量\r\n南京,1\r\n".encode(), "no_header"),
        ("地区,季度,指标\r\n南京市,2021Q1,tech_centers\r\n".encode(), "missing_column"),
    ],
)
def test_files_that_are_not_usable_say_why(db, data, code):
    found = _only_problem(load(db, data))
    assert found.code == code
    assert counts(db) == (0, 0, 0)


def test_a_zip_that_is_not_a_workbook_is_refused(db):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert (
        _only_problem(load(db, buffer.getvalue(), file_name="x.xlsx")).code == "not_a_spreadsheet"
    )


def test_loading_the_identical_file_again_changes_nothing(db):
    data = csv_bytes(GOOD_ROWS)
    assert load(db, data).status == "loaded"
    again = load(db, data)
    assert again.status == "already_loaded"
    assert "由 tester 导入" in again.previous
    assert counts(db) == (1, 3, 4)


def test_a_revision_supersedes_and_keeps_left_out_indicators(db):
    first = [["南京市", "2021Q1", "tech_centers", 12], ["南京市", "2021Q1", "patents", 340]]
    assert load(db, csv_bytes(first), at=datetime(2021, 4, 10)).status == "loaded"
    correction = [["南京市", "2021Q1", "tech_centers", 15]]
    result = load(db, csv_bytes(correction), at=datetime(2021, 4, 20))
    assert [(s.revision, s.status) for s in result.submissions] == [(2, "approved")]
    assert city_value(db, "320100", "2021Q1", "tech_centers") == (15.0, 15.0)
    assert city_value(db, "320100", "2021Q1", "patents") == (340.0, 340.0)  # kept from revision 1
    # As it stood on 15 April, before the correction:
    assert city_value(db, "320100", "2021Q1", "tech_centers", as_of=datetime(2021, 4, 15)) == (
        12.0,
        12.0,
    )
    assert city_value(db, "320100", "2021Q1", "tech_centers", as_of=datetime(2021, 4, 1)) == (
        0.0,
        0.0,
    )
    assert counts(db) == (2, 2, 3)


def test_pending_submissions_count_only_when_asked(db):
    rows = [["南京市", "2021Q1", "tech_centers", 12]]
    result = load(
        db,
        csv_bytes(rows),
        approved=False,
        channel="web",
        deadline_days=15,
        at=datetime(2021, 4, 16, 9),
    )
    assert [(s.status, s.revision) for s in result.submissions] == [("pending", 1)]
    assert city_value(db, "320100", "2021Q1", "tech_centers") == (0.0, 0.0)
    assert city_value(db, "320100", "2021Q1", "tech_centers", include_pending=True) == (12.0, 12.0)
    with read_session(db.sessions) as session:
        assert session.scalar(select(Submission.is_late)) is True  # deadline was 15 April


def test_a_bureau_may_send_only_its_own_city(db):
    rows = [["南京市", "2021Q1", "tech_centers", 1], ["苏州市", "2021Q1", "tech_centers", 1]]
    found = _only_problem(load(db, csv_bytes(rows), allowed_regions=frozenset({"320100"})))
    assert (found.code, found.row, found.value) == ("region_not_allowed", 3, "苏州市")
    assert found.message == "只能报送本市（南京市）的数据，不能报送“苏州市”"


def test_a_locked_quarter_takes_no_submissions(db):
    with write_session(db.sessions) as session:
        session.add(
            PeriodLock(plan_id=1, period="2021Q1", action="lock", actor="admin", at=datetime.now())
        )
    found = _only_problem(load(db, csv_bytes([["南京市", "2021Q1", "tech_centers", 1]])))
    assert (found.code, found.message) == (
        "period_locked",
        "2021年第一季度已锁定，不再接受报送；如需更正请联系省工信厅",
    )


def test_dry_run_writes_nothing(db):
    request = LoadRequest(data=csv_bytes(GOOD_ROWS), file_name="f.csv", actor="tester")
    result = load_file(db.sessions, PLAN, request, dry_run=True)
    assert (result.status, result.rows) == ("checked", 4)
    assert counts(db) == (0, 0, 0)


def test_row_numbers_stay_exact_after_a_cell_with_a_line_break(db):
    data = (
        "地区,季度,指标,本季度新增,备注\r\n"
        '南京市,2021Q1,tech_centers,1,"第一行\r\n第二行"\r\n'
        "\r\n"
        "南京市,2021Q1,patents,x,\r\n"
    ).encode()
    found = _only_problem(load(db, data))
    assert (found.code, found.row) == ("not_a_number", 5)


def test_blank_lines_and_ragged_rows_keep_spreadsheet_row_numbers(db):
    data = "地区,季度,指标,本季度新增\r\n\r\n南京市,2021Q1,tech_centers,1,extra\r\n南京市,2021Q1,patents,-2\r\n".encode()
    found = _only_problem(load(db, data))
    assert (found.code, found.row) == ("negative_value", 4)


DATA = __import__("pathlib").Path(__file__).parent / "data"


def test_a_long_table_saved_by_libreoffice_loads(db):
    result = load(db, (DATA / "long-libreoffice.xlsx").read_bytes(), file_name="long.xlsx")
    assert (result.status, result.problems) == ("loaded", [])
    assert city_value(db, "320100", "2020Q2", "tech_centers") == (1030.0, 1042.0)
    assert city_value(db, "320500", "2020Q2", "patents") == (20.0, 20.0)


def test_a_template_resaved_by_libreoffice_loads(db):
    result = load(
        db, (DATA / "template-changzhou-2021Q2-libreoffice.xlsx").read_bytes(), file_name="t.xlsx"
    )
    assert (result.status, result.layout, result.rows) == ("loaded", "template", 26)
    assert [(s.region_code, s.period) for s in result.submissions] == [("320400", "2021Q2")]
    assert city_value(db, "320400", "2021Q2", "innovation_centers") == (1.0, 1.0)
    assert city_value(db, "320400", "2021Q2", "energy_saving_capacity") == (3.7, 3.7)
    assert city_value(db, "320400", "2021Q2", "sme_startup_bases") == (26.0, 26.0)


def test_simultaneous_revisions_of_one_city_are_numbered_without_gaps(db):
    from concurrent.futures import ThreadPoolExecutor

    files = [csv_bytes([["南京市", "2021Q1", "tech_centers", n]]) for n in range(1, 7)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda data: load(db, data), files))
    assert [r.status for r in results] == ["loaded"] * 6
    assert sorted(r.submissions[0].revision for r in results) == [1, 2, 3, 4, 5, 6]
    assert counts(db) == (6, 6, 6)
