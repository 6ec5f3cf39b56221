"""The /enterprises page and the roster CLI: layouts, builders and callbacks as plain functions."""

import base64
import importlib
import io

import pytest
from accounts_support import signed_in_client
from roster_files import A, csv_bytes, roster_rows

from dashboard.auth.identity import Identity
from etl.enterprises.demo_seed import roster_csv
from etl.enterprises.load import RosterRequest, load_roster


@pytest.fixture
def app(db, make_app):
    return make_app(db)


ADMIN = Identity("admin1", "admin", "省级管理员")
LEADER = Identity("leader1", "leader", "领导")


@pytest.fixture
def page(app, monkeypatch):
    # Page modules register themselves, so they can be imported only once an app exists.
    module = importlib.import_module("dashboard.pages.enterprises")
    monkeypatch.setattr(module, "current_identity", lambda: ADMIN)
    return module


def test_layout_builds_without_a_request(page):
    tree = page.layout()
    assert page.GRID in str(tree) and page.UPLOAD in str(tree)


def test_only_the_admin_sees_or_uses_the_roster_upload(page, app, monkeypatch):
    monkeypatch.setattr(page, "current_identity", lambda: LEADER)
    assert page.UPLOAD not in str(page.layout())
    good = "data:text/csv;base64," + base64.b64encode(csv_bytes()).decode()
    with app.server.test_request_context("/enterprises"):
        refused = page.upload_roster(good, "roster.csv")
    assert "只有管理员可以导入培育库名单" in str(refused)


def test_funnel_figure_shows_counts_against_targets(page):
    figure = page.funnel_figure([("培育库入库", 11, 10000.0), ("省级小巨人", 2, 1000.0)])
    assert list(figure.data[0].x) == [11, 2]
    assert list(figure.data[0].text) == ["11 / 目标 10000", "2 / 目标 1000"]


def test_callbacks_grid_card_and_upload(app, page):
    rows = roster_rows()
    rows[0] = rows[0] | {"city": "火星市"}
    bad = "data:text/csv;base64," + base64.b64encode(roster_csv(rows)).decode()
    good = "data:text/csv;base64," + base64.b64encode(csv_bytes()).decode()
    with app.server.test_request_context("/enterprises"):
        rejected = page.upload_roster(bad, "bad.csv")
        assert "发现 4 个问题" in str(rejected) and "unknown_region" in str(rejected)
        accepted = page.upload_roster(good, "good.csv")
        assert "已导入 16 行、4 家企业" in str(accepted)
        data, pages, active, total = page.grid_view("320100", None, None, None, "", 1, False)
        assert ([r["credit_code"] for r in data], pages, active, total) == (
            [A],
            1,
            1,
            "共 1 家企业，第 1 页",
        )
        card = page.update_card([{"credit_code": A}], 2022)
        assert "不符合" in str(card) and "有效专利（发明或实用新型） ≥ 2项" in str(card)
        assert page.update_download(2021) == "/downloads/enterprise-lists.xlsx?year=2021"
        funnel, by_city, by_cluster = page.update_summary(None)
        assert list(funnel.data[0].x) == [4, 1, 0]


def test_lists_download_route(db, make_app):

    from openpyxl import load_workbook

    load_roster(db.sessions, RosterRequest(csv_bytes(), "r.csv", "tester"))
    client = signed_in_client(make_app(db), db, "admin")
    response = client.get("/downloads/enterprise-lists.xlsx?year=2022")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == [
        "取消入库资格候选",
        "推荐认定省级小巨人候选",
        "推荐申报国家级候选",
    ]
    sheet = workbook["取消入库资格候选"]
    assert sheet["A4"].value == A


def test_cli_load_template_and_problems(cli, tmp_path):
    template = tmp_path / "t.xlsx"
    assert cli("enterprise-template", "-o", str(template)).exit_code == 0
    bad = tmp_path / "bad.csv"
    rows = roster_rows()
    rows[2] = rows[2] | {"operating_revenue": "abc"}
    bad.write_bytes(roster_csv(rows))
    out = cli("load-enterprises", str(bad))
    assert out.exit_code == 1
    assert "[not_a_number] 第 4 行「营业收入（万元）」列：“abc”不是有效数字" in out.output
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes())
    assert "校验通过" in cli("load-enterprises", str(good), "--dry-run").output
    assert "新增企业 4 家" in cli("load-enterprises", str(good)).output
    assert "未做改动" in cli("load-enterprises", str(good)).output
    out = cli(
        "assess-enterprise", A, "t1.common", "--met", "--assessor", "省厅", "--on", "2022-05-01"
    )
    assert out.exit_code == 0, out.output
