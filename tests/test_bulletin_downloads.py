"""The bulletin from the command line and over HTTP: files, content types, audit events, and
clear Chinese messages for a bad or empty quarter."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
from urllib.parse import unquote

import pytest
from accounts_support import signed_in_client
from live_server import LiveServer, SignedInHttp
from openpyxl import load_workbook
from sqlalchemy import select

from data_model.db import read_session
from data_model.schema import AuditEvent

NO_DATA = "2022年第三季度尚无已审核的报送数据，无法生成通报。"
NOT_IN_PLAN = "2023年第一季度不在计划期（2020年第一季度至2022年第四季度）内，无法生成通报。"


@pytest.fixture
def demo_app(make_app, demo_db):
    return make_app(demo_db)


def _output(result) -> str:
    return result.output + (getattr(result, "stderr", "") or "")


def _events(database, action: str) -> list[dict]:
    """Return the audit events with ``action`` as plain dicts (the session ends here)."""
    with read_session(database.sessions) as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == action))
        return [
            {
                "actor": e.actor,
                "source": e.source,
                "object_id": e.object_id,
                "format": e.detail["format"],
            }
            for e in events
        ]


# --- command line -------------------------------------------------------------------------


def test_cli_writes_the_bulletin_and_the_ranking(demo_app, tmp_path):
    runner = demo_app.server.test_cli_runner()
    pdf = tmp_path / "通报.pdf"
    made = runner.invoke(args=["bulletin", "--period", "2022年第三季度", "-o", str(pdf)])
    assert made.exit_code == 0, _output(made)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "关于2022年第三季度全省“千企升级”工作进展情况的通报" in made.output
    xlsx = tmp_path / "排名.xlsx"
    exported = runner.invoke(
        args=["export", "ranking", "--period", "2022Q3", "--format", "xlsx", "-o", str(xlsx)]
    )
    assert exported.exit_code == 0, _output(exported)
    assert load_workbook(xlsx).sheetnames == ["综合排名", "分指标完成率"]
    as_json = runner.invoke(args=["export", "ranking", "--period", "2022Q3", "--format", "json"])
    assert [r["rank"] for r in json.loads(as_json.stdout)][:2] == [1, 2]


def test_cli_explains_a_quarter_without_data(cli, tmp_path):
    out = tmp_path / "x.pdf"
    result = cli("bulletin", "--period", "2022Q3", "-o", str(out))
    assert result.exit_code == 1
    assert NO_DATA in _output(result)
    assert not out.exists()
    ranking = cli("export", "ranking", "--period", "2022Q3", "--format", "csv")
    assert ranking.exit_code == 1
    assert NO_DATA in _output(ranking)


def test_cli_rejects_a_quarter_outside_the_plan_and_a_bad_period(cli, tmp_path):
    outside = cli("bulletin", "--period", "2023Q1", "-o", str(tmp_path / "x.pdf"))
    assert (outside.exit_code, NOT_IN_PLAN in _output(outside)) == (1, True)
    bad = cli("bulletin", "--period", "第三季度", "-o", str(tmp_path / "x.pdf"))
    assert bad.exit_code == 2
    assert "无法识别的季度“第三季度”" in _output(bad)


# --- HTTP ---------------------------------------------------------------------------------


def test_bulletin_download_is_a_pdf_with_a_chinese_name_and_an_audit_event(demo_app, demo_db):
    response = signed_in_client(demo_app, demo_db).get(
        "/downloads/bulletin.pdf?period=2022Q3", environ_base={"REMOTE_ADDR": "10.1.2.3"}
    )
    assert response.status_code == 200
    assert response.content_type == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="qianqi-bulletin-2022Q3.pdf"; ')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "千企升级通报-2022年第三季度.pdf"
    [event] = _events(demo_db, "export.bulletin")
    assert event == {
        "actor": "leader1",
        "source": "10.1.2.3",
        "object_id": "2022Q3",
        "format": "pdf",
    }


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json"),
    ],
)
def test_ranking_downloads(demo_app, demo_db, fmt, content_type):
    response = signed_in_client(demo_app, demo_db).get(f"/downloads/ranking.{fmt}?period=2022Q3")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert f'filename="qianqi-ranking-2022Q3.{fmt}"' in response.headers["Content-Disposition"]
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.data))["综合排名"]
        assert [sheet.cell(row=r, column=1).value for r in range(4, 17)] == sorted(
            sheet.cell(row=r, column=1).value for r in range(4, 17)
        )
    elif fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(response.data.decode())))) == 13
    else:
        assert len(response.json) == 13
    [event] = _events(demo_db, "export.ranking")
    assert event["format"] == fmt


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/downloads/bulletin.pdf?period=2023Q1", 404, NOT_IN_PLAN),
        ("/downloads/bulletin.pdf?period=abc", 400, "无法识别的季度“abc”，应写作 2022Q3。"),
        ("/downloads/bulletin.pdf", 400, "请指定季度，例如 ?period=2022Q3。"),
        ("/downloads/ranking.xlsx?period=2019Q4", 404, "2019年第四季度不在计划期"),
    ],
)
def test_refusals_are_chinese_pages(demo_app, demo_db, url, status, message):
    response = signed_in_client(demo_app, demo_db).get(url)
    assert response.status_code == status
    assert response.content_type == "text/html; charset=utf-8"
    assert message in response.get_data(as_text=True)
    assert _events(demo_db, "export.bulletin") == []


def test_a_quarter_without_data_is_404_with_a_chinese_message(make_app, db):
    client = signed_in_client(make_app(db), db)
    page = client.get("/downloads/bulletin.pdf?period=2022Q3")
    assert (page.status_code, NO_DATA in page.get_data(as_text=True)) == (404, True)
    as_json = client.get("/downloads/ranking.json?period=2022Q3")
    assert (as_json.status_code, as_json.json) == (404, {"error": NO_DATA})


def test_bulletin_downloads_from_the_live_server(demo_db):
    server = LiveServer(demo_db.url, workers=1, DEMO_MODE="1")
    try:
        http = SignedInHttp(server)
        status, headers, body = http.fetch(
            "/downloads/bulletin.pdf?period=2022Q3", headers={"Accept-Encoding": "identity"}
        )
        assert (status, headers["Content-Type"], body[:5]) == (200, "application/pdf", b"%PDF-")
        with pytest.raises(urllib.error.HTTPError) as refused:
            http.fetch("/downloads/bulletin.pdf?period=xx", headers={"Accept-Encoding": "identity"})
        assert refused.value.code == 400
        assert "无法识别的季度" in refused.value.read().decode("utf-8")
    finally:
        server.stop()
    [event] = _events(demo_db, "export.bulletin")
    assert (event["source"], event["actor"]) == ("127.0.0.1", "demo-leader")


def test_the_first_quarter_has_no_previous_rank(demo_app):
    runner = demo_app.server.test_cli_runner()
    result = runner.invoke(args=["export", "ranking", "--period", "2020Q1", "--format", "json"])
    rows = json.loads(result.stdout)
    assert {(r["previous_rank"], r["rank_change"]) for r in rows} == {(None, None)}
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
