"""HTTP: compression, cache headers, downloads, and every page and callback through gunicorn."""

from __future__ import annotations

import gzip
import io
import json
import urllib.error
from concurrent.futures import ThreadPoolExecutor

import pytest
from accounts_support import signed_in_client
from openpyxl import load_workbook


@pytest.fixture
def client(make_app, demo_db):
    return signed_in_client(make_app(demo_db), demo_db)


@pytest.mark.parametrize(
    ("path", "cache"),
    [
        ("/assets/vendor/bootstrap.min.css?m=1", "public, max-age=31536000, immutable"),
        ("/assets/vendor/bootstrap.min.css", "public, max-age=3600"),
        ("/assets/app.css?m=1", "public, max-age=31536000, immutable"),
    ],
)
def test_assets_are_compressed_and_cacheable(client, path, cache):
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == cache


def test_component_suites_are_cached_for_a_year(client):
    page = client.get("/").get_data(as_text=True)
    script = page.split('src="/_dash-component-suites/')[1].split('"')[0]
    response = client.get("/_dash-component-suites/" + script, headers={"Accept-Encoding": "br"})
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "br"


def test_progress_download_is_the_page_table_as_excel(client):
    response = client.get("/downloads/progress.xlsx?period=2021Q3&region=南京市&indicator=patents")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["A1"].value == "江苏省“千企升级”进展情况（截至2021年第三季度）"
    assert [c.value for c in sheet[4]][:4] == ["patents", "新增企业授权专利", "项", "南京市"]
    assert sheet["I4"].value == 746


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [("period=2031Q1", 400, "2031年第一季度不在计划期"), ("region=火星", 400, "未找到地区")],
)
def test_progress_download_rejects_bad_values_in_chinese(client, query, status, message):
    response = client.get("/downloads/progress.xlsx?" + query)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def callback_payload(
    outputs: list[tuple[str, str]], inputs: list[tuple[str, str, object]], state=()
):
    return json.dumps(
        {
            "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".."
            if len(outputs) > 1
            else f"{outputs[0][0]}.{outputs[0][1]}",
            "outputs": [{"id": i, "property": p} for i, p in outputs]
            if len(outputs) > 1
            else {"id": outputs[0][0], "property": outputs[0][1]},
            "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
            "changedPropIds": [f"{i}.{p}" for i, p, _ in inputs],
            "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        }
    ).encode()


CALLBACKS = [
    (
        [("overview-content", "children"), ("overview-url", "search")],
        [("overview-period", "value", "2021Q3")],
        [],
        "590家",
    ),
    (
        [("indicator-content", "children"), ("indicator-url", "search")],
        [("indicator-period", "value", "2021Q3")],
        [("indicator-code", "data", "provincial_giants")],
        "序时目标",
    ),
    (
        [("city-content", "children"), ("city-url", "search")],
        [("city-period", "value", "2021Q3")],
        [("city-region", "data", "320100")],
        "综合排名第2名",
    ),
    (
        [("ranking-content", "children"), ("ranking-url", "search"), ("ranking-bulletin-downloads", "children")],
        [("ranking-period", "value", "2021Q3")],
        [],
        "第一梯队",
    ),
    (
        [("map-content", "children"), ("map-url", "search")],
        [("map-indicator", "value", "patents"), ("map-period", "value", "2021Q3"), ("map-measure", "value", "completion")],
        [],
        "示意图",
    ),
]  # fmt: skip


@pytest.fixture(scope="module")
def gunicorn(templates):
    from live_server import LiveServer, SignedInHttp

    server = LiveServer(templates.clone("sqlite", demo=True), workers=2, DEMO_MODE="1")
    yield SignedInHttp(server)
    server.stop()


@pytest.mark.parametrize(
    "path", ["/", "/indicators/patents", "/cities/320100", "/ranking", "/map", "/nowhere"]
)
def test_gunicorn_serves_every_page_compressed(gunicorn, path):
    status, headers, body = gunicorn.fetch(path)
    assert (status, headers["Content-Encoding"]) == (200, "gzip")
    assert "千企升级" in gzip.decompress(body).decode()


@pytest.mark.parametrize(("outputs", "inputs", "state", "text"), CALLBACKS, ids=lambda v: "")
def test_gunicorn_answers_each_page_callback(gunicorn, outputs, inputs, state, text):
    body = callback_payload(outputs, inputs, state)
    status, headers, raw = gunicorn.fetch("/_dash-update-component", body)
    assert (status, headers["Content-Encoding"]) == (200, "gzip")
    answer = json.loads(gzip.decompress(raw))
    assert text in json.dumps(answer["response"], ensure_ascii=False)


def test_sessions_hold_across_workers_without_a_configured_secret_key(templates):
    from live_server import LiveServer, SignedInHttp

    server = LiveServer(
        templates.clone("sqlite", demo=False), workers=2, DEMO_MODE="1", SECRET_KEY=""
    )
    try:
        http = SignedInHttp(server)
        # Concurrent requests keep both workers busy, so each serves some of them.
        with ThreadPoolExecutor(max_workers=6) as pool:
            statuses = list(pool.map(lambda _: _status(http, "/_dash-layout"), range(24)))
    finally:
        server.stop()
    assert statuses == [200] * 24


def _status(http, path: str) -> int:
    try:
        return http.fetch(path)[0]
    except urllib.error.HTTPError as exc:
        return exc.code
