"""Uploading through the API and the upload page, review, locks, and what each city may see."""

from __future__ import annotations

import base64
import io
import json
import re

import pytest
from accounts_support import (
    USERS,
    add_token,
    add_users,
    callback_body,
    client_for,
    page_body,
    post_callback,
    resolve,
)
from sqlalchemy import func, select
from submission_files import PNG_AS_XLSX, figures_csv, indicator_codes, zip_as_xlsx

from data_model.db import read_session
from data_model.schema import AuditEvent, Submission


@pytest.fixture
def world(db, make_app):
    add_users(db)
    app = make_app(db, MAX_UPLOAD_MB="5")
    tokens = {role: add_token(db, name) for role, (name, _) in USERS.items()}
    return db, app, tokens


def _api(app, token):
    client = app.server.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def call(method, path, **kwargs):
        return client.open(path, method=method, headers=headers, **kwargs)

    return call


def _upload(call, data: bytes, name="figures.csv"):
    return call("POST", "/api/submissions", data={"file": (io.BytesIO(data), name)})


def _count(db) -> int:
    with read_session(db.sessions) as session:
        return session.scalar(select(func.count()).select_from(Submission))


def test_api_upload_review_and_progress(world):
    db, app, tokens = world
    bureau, admin = _api(app, tokens["bureau"]), _api(app, tokens["admin"])
    response = _upload(bureau, figures_csv("320100", "2021Q3", value=4))
    assert response.status_code == 201
    (row,) = response.get_json()["submissions"]
    assert (row["region"], row["period"], row["status"]) == ("320100", "2021Q3", "pending")

    listed = bureau("GET", "/api/submissions?period=2021Q3").get_json()["submissions"]
    assert [(r["id"], r["revision"], r["who"], r["late"]) for r in listed] == [
        (row["id"], 1, "nanjing1", True)
    ]
    before = admin("GET", "/api/progress?period=2021Q3&region=南京市").get_json()
    assert {r["cumulative"] for r in before} == {0}

    assert (
        admin("POST", f"/api/submissions/{row['id']}/approve", json={"comment": "好"}).status_code
        == 200
    )
    again = admin("POST", f"/api/submissions/{row['id']}/approve")
    assert again.status_code == 409 and "只能审核待审核的报送" in again.get_json()["error"]

    after = admin("GET", "/api/progress?period=2021Q3&region=南京市").get_json()
    assert len(after) == 26 and {r["cumulative"] for r in after} == {4}
    assert {r["region"] for r in after} == {"南京市"}


def test_return_needs_a_reason_and_the_bureau_sees_it(world):
    db, app, tokens = world
    bureau, admin = _api(app, tokens["bureau"]), _api(app, tokens["admin"])
    submission_id = _upload(bureau, figures_csv("320100", "2021Q2")).get_json()["submissions"][0][
        "id"
    ]
    assert admin("POST", f"/api/submissions/{submission_id}/return", json={}).status_code == 422
    response = admin(
        "POST", f"/api/submissions/{submission_id}/return", json={"comment": "数据偏大，请核实"}
    )
    assert response.status_code == 200 and response.get_json()["status"] == "returned"
    shown = bureau("GET", f"/api/submissions/{submission_id}").get_json()
    assert (shown["status"], shown["review_comment"]) == ("returned", "数据偏大，请核实")
    page = post_callback(client_for(app, "bureau"), page_body("/submissions"))
    assert "数据偏大，请核实" in json.dumps(page.get_json(), ensure_ascii=False)


def test_a_bureau_cannot_touch_another_city_by_any_route(world):
    db, app, tokens = world
    nanjing, wuxi = _api(app, tokens["bureau"]), _api(app, tokens["bureau_wx"])
    theirs = _upload(wuxi, figures_csv("320200", "2021Q3")).get_json()["submissions"][0]["id"]
    mine_count = _count(db)

    refused = _upload(nanjing, figures_csv("320200", "2021Q4"))
    assert refused.status_code == 422
    assert {p["code"] for p in refused.get_json()["problems"]} == {"region_not_allowed"}
    assert _count(db) == mine_count
    assert nanjing("GET", f"/api/submissions/{theirs}").status_code == 404
    assert nanjing("GET", "/api/submissions?region=无锡市").status_code == 403
    assert nanjing("GET", "/api/submissions").get_json()["submissions"] == []
    assert nanjing("POST", f"/api/submissions/{theirs}/approve").status_code == 403
    assert nanjing("POST", f"/api/submissions/{theirs}/return").status_code == 403

    client = client_for(app, "bureau")
    page = json.dumps(
        post_callback(client, page_body("/submissions")).get_json(), ensure_ascii=False
    )
    assert "南京市" in page and "无锡市" not in page
    assert client.get("/download/template?region=320200").status_code == 403
    review = callback_body(
        [("review-message", "children")],
        [("review-approve", "n_clicks", 1), ("review-return", "n_clicks", None)],
        [("review-submission", "value", theirs), ("review-comment", "value", None)],
    )
    assert post_callback(client, resolve(client, review)).status_code == 403
    web = _check_body(figures_csv("320200", "2021Q4"), "wuxi.csv")
    response = post_callback(client, resolve(client, web))
    assert "只能报送本市" in json.dumps(response.get_json(), ensure_ascii=False)
    assert _count(db) == mine_count


@pytest.mark.parametrize(
    "data, name, status, code",
    [
        (PNG_AS_XLSX, "figures.xlsx", 422, "not_a_spreadsheet"),
        (None, "figures.xlsx", 422, "not_a_spreadsheet"),  # a zip that is no workbook
        (b"x" * (6 * 1024 * 1024), "figures.csv", 413, None),
        (b"", "figures.csv", 422, "empty_file"),
    ],
    ids=["png", "zip", "6MB", "empty"],
)
def test_bad_files_are_refused_by_the_api(world, data, name, status, code):
    db, app, tokens = world
    data = zip_as_xlsx() if data is None else data
    response = _upload(_api(app, tokens["bureau"]), data, name)
    assert response.status_code == status
    body = response.get_json()
    assert body["error"]
    if code:
        assert [p["code"] for p in body["problems"]] == [code]
    assert _count(db) == 0


def test_an_api_upload_without_a_file_is_a_clear_error(world):
    _, app, tokens = world
    response = _api(app, tokens["bureau"])("POST", "/api/submissions", data={})
    assert response.status_code == 400 and "file" in response.get_json()["error"]


def _check_body(data: bytes, name: str) -> dict:
    contents = "data:text/csv;base64," + base64.b64encode(data).decode()
    return callback_body(
        [
            ("upload-result", "children"),
            ("upload-data", "data"),
            ("upload-form", "style"),
            ("upload-outcome", "children"),
        ],
        [("upload-file", "contents", contents)],
        [("upload-file", "filename", name)],
    )


def _submit_body(stored, comment) -> dict:
    return callback_body(
        [("upload-outcome", "children"), ("upload-data", "data"), ("upload-form", "style")],
        [("upload-submit", "n_clicks", 1)],
        [("upload-data", "data", stored), ("upload-comment", "value", comment)],
    )


def test_upload_page_checks_previews_and_submits(world):
    db, app, _ = world
    client = client_for(app, "bureau")
    bad = post_callback(
        client,
        resolve(client, _check_body(figures_csv("320100", "2021Q3", bad_value="abc"), "f.csv")),
    )
    text = json.dumps(bad.get_json(), ensure_ascii=False)
    assert "发现 1 个问题" in text and "“abc”不是有效数字" in text
    assert bad.get_json()["response"]["upload-data"]["data"] is None
    assert _count(db) == 0

    good = post_callback(
        client, resolve(client, _check_body(figures_csv("320100", "2021Q3"), "f.csv"))
    )
    response = good.get_json()["response"]
    assert "校验通过：共 26 项数据" in json.dumps(response, ensure_ascii=False)
    stored = response["upload-data"]["data"]
    assert stored["warnings"] == 0 and _count(db) == 0

    done = post_callback(client, resolve(client, _submit_body(stored, "")))
    assert "已提交，等待省工信厅审核" in json.dumps(done.get_json(), ensure_ascii=False)
    with read_session(db.sessions) as session:
        row = session.execute(
            select(Submission.status, Submission.is_late, Submission.submitted_by)
        ).one()
        accepted = session.execute(
            select(AuditEvent.source, AuditEvent.detail).where(
                AuditEvent.action == "upload.accepted"
            )
        ).one()
    assert tuple(row) == ("pending", True, "nanjing1")
    assert accepted.source == "127.0.0.1" and accepted.detail["channel"] == "web"


def test_upload_page_refuses_a_file_over_the_limit(world):
    db, app, _ = world
    client = client_for(app, "bureau")
    body = _check_body(b"a" * (5 * 1024 * 1024 + 1), "big.csv")
    response = post_callback(client, resolve(client, body))
    assert "超过 5 MB" in json.dumps(response.get_json(), ensure_ascii=False)


def test_a_locked_quarter_takes_no_uploads(world):
    db, app, tokens = world
    admin = client_for(app, "admin")
    lock = callback_body(
        [("review-lock-message", "children")],
        [("review-lock", "n_clicks", 1), ("review-unlock", "n_clicks", None)],
        [("review-lock-period", "value", "2021Q3")],
    )
    assert "2021Q3 已锁定" in json.dumps(
        post_callback(admin, resolve(admin, lock)).get_json(), ensure_ascii=False
    )
    refused = _upload(_api(app, tokens["bureau"]), figures_csv("320100", "2021Q3"))
    assert refused.status_code == 422
    assert {p["code"] for p in refused.get_json()["problems"]} == {"period_locked"}
    with read_session(db.sessions) as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("period.%"))
        ).all()
    assert actions == ["period.lock"]


def test_cli_export_matches_the_api_and_is_audited(world):
    db, app, tokens = world
    bureau, admin = _api(app, tokens["bureau"]), _api(app, tokens["admin"])
    submission_id = _upload(bureau, figures_csv("320100", "2021Q1", value=7)).get_json()[
        "submissions"
    ][0]["id"]
    admin("POST", f"/api/submissions/{submission_id}/approve")
    result = app.server.test_cli_runner().invoke(
        args=["export", "progress", "--period", "2021Q1", "--region", "南京市", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    api = admin("GET", "/api/progress?period=2021Q1&region=南京市").get_json()
    assert json.loads(result.stdout) == api
    with read_session(db.sessions) as session:
        channels = session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "export.progress")
        ).all()
    assert sorted(d["channel"] for d in channels) == ["api", "cli"]


def test_provenance_and_audit_filters(world):
    db, app, tokens = world
    bureau, admin = _api(app, tokens["bureau"]), _api(app, tokens["admin"])
    submission_id = _upload(
        bureau, figures_csv("320100", "2021Q1", value=7), "南京.csv"
    ).get_json()["submissions"][0]["id"]
    admin("POST", f"/api/submissions/{submission_id}/approve")
    client = client_for(app, "admin")
    body = callback_body(
        [("audit-prov-result", "children")],
        [
            ("audit-prov-region", "value", "320100"),
            ("audit-prov-period", "value", "2021Q1"),
            ("audit-prov-indicator", "value", "provincial_giants"),
        ],
    )
    text = json.dumps(post_callback(client, resolve(client, body)).get_json(), ensure_ascii=False)
    for expected in (f"#{submission_id}（第 1 版）", "南京.csv", "nanjing1"):
        assert expected in text
    row = re.search(r'"文件中的行"}[^{]*{"props": {"children": (\d+)', text)
    assert int(row.group(1)) == 2 + indicator_codes().index("provincial_giants")
    csv_text = client.get("/download/audit.csv?actor=nanjing1").get_data(as_text=True)
    lines = csv_text.strip().splitlines()[1:]
    assert lines and all(",nanjing1," in line for line in lines)
    assert any(",upload.accepted," in line for line in lines)
    assert client.get("/download/audit.csv?start=2021-13-01").status_code == 400


@pytest.mark.parametrize(
    "data, name", [(PNG_AS_XLSX, "a.xlsx"), (None, "b.xlsx")], ids=["png", "zip"]
)
def test_upload_page_refuses_disguised_files(world, data, name):
    db, app, _ = world
    client = client_for(app, "bureau")
    body = _check_body(zip_as_xlsx() if data is None else data, name)
    text = json.dumps(post_callback(client, resolve(client, body)).get_json(), ensure_ascii=False)
    assert "文件不是 Excel (.xlsx) 或 CSV 表格" in text
    assert _count(db) == 0


def test_unlocking_reopens_a_quarter(world):
    db, app, tokens = world
    admin = client_for(app, "admin")

    def press(button):
        body = callback_body(
            [("review-lock-message", "children")],
            [
                ("review-lock", "n_clicks", 1 if button == "lock" else None),
                ("review-unlock", "n_clicks", 1 if button == "unlock" else None),
            ],
            [("review-lock-period", "value", "2021Q4")],
        )
        body["changedPropIds"] = [f"review-{button}.n_clicks"]
        return json.dumps(post_callback(admin, resolve(admin, body)).get_json(), ensure_ascii=False)

    assert "2021Q4 已锁定" in press("lock")
    assert "2021Q4 已解锁" in press("unlock")
    assert "2021Q4 已解锁" in press("unlock")  # already unlocked: said so, nothing recorded
    assert _upload(_api(app, tokens["bureau"]), figures_csv("320100", "2021Q4")).status_code == 201
    with read_session(db.sessions) as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("period.%"))
        ).all()
    assert actions == ["period.lock", "period.unlock"]


def test_leaders_see_every_city_and_bureaus_only_their_own(world):
    _, app, _ = world
    leader = json.dumps(
        post_callback(client_for(app, "leader"), page_body("/submissions")).get_json(),
        ensure_ascii=False,
    )
    bureau = json.dumps(
        post_callback(client_for(app, "bureau_wx"), page_body("/submissions")).get_json(),
        ensure_ascii=False,
    )
    from data_model.regions import cities

    assert all(city.name in leader for city in cities())
    assert [city.name for city in cities() if city.name in bureau] == ["无锡市"]
    assert "审核意见（退回时必填）" not in leader  # the review panel is the admin's
