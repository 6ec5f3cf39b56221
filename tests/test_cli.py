"""The admin commands end to end: exit codes, template round trip, targets and exports."""

from __future__ import annotations

import csv
import io
import json

import pytest
from loader_files import csv_bytes
from openpyxl import load_workbook

from data_model.db import read_session
from data_model.schema import AuditEvent, Submission


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_template_round_trip(cli, tmp_path):
    out = tmp_path / "南京-2021Q3.xlsx"
    made = cli("template", "--region", "南京", "--period", "2021年第三季度", "-o", str(out))
    assert made.exit_code == 0, made.output
    workbook = load_workbook(out)
    sheet = workbook.active
    assert (sheet["B3"].value, sheet["E3"].value) == ("南京市", "2021年第三季度")
    header = [c.value for c in sheet[5]]
    assert header[:3] == ["序号", "指标代码", "指标名称"]
    assert sheet.cell(row=6, column=2).value == "innovation_centers"
    assert sheet.cell(row=31, column=2).value == "sme_startup_bases"
    for row in range(6, 32):
        sheet.cell(row=row, column=7, value=0)
    sheet.cell(row=7, column=7, value=11)  # tech_centers
    sheet.cell(row=21, column=7, value=2.5)  # energy_saving_capacity (万吨标准煤)
    workbook.save(out)
    loaded = cli("load", str(out))
    assert loaded.exit_code == 0, loaded.output
    assert "已导入 26 行，1 份报送" in loaded.output
    exported = cli(
        "export", "progress", "--period", "2021Q3", "--region", "南京市", "--format", "json"
    )
    rows = {r["indicator"]: r for r in json.loads(exported.output)}
    assert (rows["tech_centers"]["this_quarter"], rows["tech_centers"]["cumulative"]) == (
        11.0,
        11.0,
    )
    assert rows["energy_saving_capacity"]["cumulative"] == 2.5
    assert rows["tech_centers"]["region"] == "南京市"


def test_a_blank_template_cell_is_reported_by_its_row(cli, tmp_path):
    out = tmp_path / "t.xlsx"
    cli("template", "--region", "无锡市", "--period", "2020Q2", "-o", str(out))
    workbook = load_workbook(out)
    for row in range(6, 32):
        workbook.active.cell(row=row, column=7, value=1)
    workbook.active.cell(row=9, column=7).value = None
    workbook.save(out)
    result = cli("load", str(out))
    assert result.exit_code == 1
    assert (
        "[missing_value] 第 9 行「本季度新增」列：未填写数值（本季度无新增请填 0）" in result.output
    )


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["load"], 2),
        (["load", "/no/such/file.csv"], 2),
        (["template", "--region", "南京市", "--period", "2021Q9", "-o", "x.xlsx"], 2),
        (["template", "--region", "玄武区", "--period", "2021Q1", "-o", "x.xlsx"], 2),
        (["export", "progress", "--period", "2021Q3", "--format", "pdf"], 2),
        (["export", "progress", "--period", "2021Q3", "--region", "火星市"], 2),
    ],
)
def test_bad_usage_exits_2(cli, args, code):
    assert cli(*args).exit_code == code


def test_load_exit_codes_and_operator(cli, db, tmp_path):
    good = write(tmp_path, "good.csv", csv_bytes([["南京市", "2021Q1", "tech_centers", 3]]))
    bad = write(tmp_path, "bad.csv", csv_bytes([["南京市", "2021Q1", "tech_centers", "x"]]))
    assert cli("load", "--dry-run", good).exit_code == 0
    first = cli("load", "--user", "张三", good)
    assert (first.exit_code, "已导入 1 行" in first.output) == (0, True)
    again = cli("load", good)
    assert (again.exit_code, "未做改动" in again.output) == (0, True)
    rejected = cli("load", bad)
    assert rejected.exit_code == 1
    assert "整个文件未导入" in rejected.output
    with read_session(db.sessions) as session:
        submission = session.query(Submission).one()
        assert (submission.submitted_by, submission.reviewed_by, submission.status) == (
            "张三",
            "张三",
            "approved",
        )
        actions = [e.action for e in session.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions[-2:] == ["upload.accepted", "upload.rejected"]


def test_load_several_files_each_all_or_nothing(cli, db, tmp_path):
    a = write(tmp_path, "a.csv", csv_bytes([["南京市", "2021Q1", "tech_centers", 3]]))
    b = write(tmp_path, "b.csv", csv_bytes([["苏州市", "2021Q1", "tech_centers", -1]]))
    result = cli("load", a, b)
    assert result.exit_code == 1
    with read_session(db.sessions) as session:
        assert [s.region_code for s in session.query(Submission)] == ["320100"]


def _allocation(plan_rows: dict[str, float], nanjing_extra: float = 0) -> bytes:
    from data_model.regions import cities

    rows = []
    for code, target in plan_rows.items():
        share = target / 13
        for n, city in enumerate(cities()):
            value = round(share, 1) if n else round(target - 12 * round(share, 1), 1)
            rows.append([city.name, code, value + (nanjing_extra if n == 0 else 0)])
    return csv_bytes(rows, header=["地区", "指标代码", "目标"])


def test_load_targets_checks_the_sum_and_keeps_history(cli, db, tmp_path):
    good = write(tmp_path, "targets.csv", _allocation({"energy_saving_capacity": 200}))
    bad = write(tmp_path, "bad.csv", _allocation({"energy_saving_capacity": 200}, nanjing_extra=1))
    rejected = cli("load-targets", bad)
    assert rejected.exit_code == 1
    assert "“新增节能能力”各设区市目标合计 201，与全省目标 200 不一致" in rejected.output
    assert cli("load-targets", good).exit_code == 0
    assert "未做改动" in cli("load-targets", good).output
    exported = cli(
        "export", "progress", "--period", "2020Q1", "--region", "all", "--format", "json"
    )
    rows = [r for r in json.loads(exported.output) if r["indicator"] == "energy_saving_capacity"]
    assert [r["target"] for r in rows] == [15.2] + [15.4] * 12
    assert len(rows) == 13


def test_allocation_must_cover_every_city(cli, tmp_path):
    data = csv_bytes([["南京市", "green_parks", 5]], header=["地区", "指标", "目标"])
    result = cli("load-targets", write(tmp_path, "t.csv", data))
    assert result.exit_code == 1
    assert "“建设绿色园区”缺少 无锡市、徐州市" in result.output


def test_wide_allocation_layout(cli, tmp_path):
    from data_model.regions import cities

    header = ["指标", *[c.name for c in cities()]]
    rows = [["建设绿色园区", 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]]
    result = cli("load-targets", write(tmp_path, "wide.csv", csv_bytes(rows, header=header)))
    assert result.exit_code == 0, result.output


def test_export_formats_share_columns(cli, tmp_path):
    cli("load", write(tmp_path, "a.csv", csv_bytes([["南京市", "2021Q3", "tech_centers", 7]])))
    as_csv = cli("export", "progress", "--period", "2021Q3", "--format", "csv").output
    records = list(csv.DictReader(io.StringIO(as_csv)))
    assert list(records[0])[:10] == [
        "indicator",
        "indicator_name",
        "unit",
        "region",
        "region_code",
        "period",
        "target",
        "this_quarter",
        "cumulative",
        "completion",
    ]
    assert {"expected", "status"} <= set(records[0])
    tech = next(r for r in records if r["indicator"] == "tech_centers")
    assert (
        tech["region"],
        tech["period"],
        tech["cumulative"],
        tech["completion"],
        tech["expected"],
    ) == (
        "江苏省",
        "2021Q3",
        "7.0",
        "0.014",
        "0.583333",
    )
    assert tech["status"] == "严重滞后"
    out = tmp_path / "p.xlsx"
    assert (
        cli(
            "export",
            "progress",
            "--period",
            "2021Q3",
            "--region",
            "all",
            "--format",
            "xlsx",
            "-o",
            str(out),
        ).exit_code
        == 0
    )
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[3]][:4] == ["指标代码", "指标名称", "单位", "地区"]
    assert sheet.freeze_panes == "A4"
    assert sheet.max_row == 3 + 13 * 26


def test_commands_on_an_uninitialised_database_say_what_to_do(make_app, tmp_path):
    from conftest import Database

    url = f"sqlite:///{tmp_path / 'empty.db'}"
    app = make_app(Database("sqlite", url, None, None))
    result = app.server.test_cli_runner().invoke(args=["export", "progress", "--period", "2021Q3"])
    assert result.exit_code == 1
    assert "请先运行 flask init-db" in result.output
