"""The upload flow in a real browser: template → fill → upload with an error → fix → preview →
submit → the admin approves → the figure counts in the progress export."""

from __future__ import annotations

import json

import pytest
from accounts_support import PASSWORD, USERS, add_token, add_users
from conftest import Database
from live_server import LiveServer
from openpyxl import load_workbook

from data_model.db import make_engine, session_factory

FIRST_ROW, VALUE_COLUMN, INDICATORS = 6, 7, 26


@pytest.fixture(scope="module")
def server(templates):
    url = templates.clone("sqlite", demo=False)
    engine = make_engine(url)
    database = Database("sqlite", url, engine, session_factory(engine))
    add_users(database)
    token = add_token(database, USERS["admin"][0])
    live = LiveServer(url)
    yield live, token
    live.stop()
    engine.dispose()


@pytest.fixture(scope="module")
def browser(chromium):
    """The session's shared Chromium (one Playwright per process)."""
    return chromium


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/upload")
    assert "/login" in page.url
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#_pages_content")


def _fill(template, target, values) -> None:
    workbook = load_workbook(template)
    sheet = workbook.active
    for offset, value in enumerate(values):
        sheet.cell(row=FIRST_ROW + offset, column=VALUE_COLUMN, value=value)
    workbook.save(target)


@pytest.mark.browser
def test_upload_review_and_count(server, browser, tmp_path):
    live, token = server
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    _sign_in(page, live.url, USERS["bureau"][0])
    page.wait_for_selector("#upload-template-link")

    with page.expect_download() as download:
        page.click("#upload-template-link")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    sheet = load_workbook(template).active
    assert (sheet["B3"].value, sheet["E3"].value) == ("南京市", "2022年第四季度")

    broken = tmp_path / "南京市-有错.xlsx"
    _fill(template, broken, ["abc"] + [2] * (INDICATORS - 1))
    page.set_input_files("#upload-file input[type=file]", str(broken))
    problems = page.wait_for_selector("#upload-problems")
    assert "“abc”不是有效数字" in problems.inner_text()
    assert page.is_hidden("#upload-submit")

    fixed = tmp_path / "南京市-已改.xlsx"
    _fill(template, fixed, [2] * INDICATORS)
    page.set_input_files("#upload-file input[type=file]", str(fixed))
    preview = page.wait_for_selector("#upload-preview")
    assert preview.inner_text().count("\n") >= INDICATORS
    page.click("#upload-submit")
    done = page.wait_for_selector("#upload-done")
    assert "待审核" in done.inner_text()
    context.close()

    admin_context = browser.new_context()
    admin = admin_context.new_page()
    _sign_in(admin, live.url, USERS["admin"][0])
    admin.goto(f"{live.url}/submissions")
    admin.wait_for_selector("#review-submission")
    admin.click("#review-submission")
    admin.get_by_text("南京市 2022Q4 第1版", exact=False).last.click()
    admin.click("#review-approve")
    message = admin.wait_for_selector("#review-message .alert")
    assert "已通过" in message.inner_text()
    admin_context.close()

    progress = browser.new_context(extra_http_headers={"Authorization": f"Bearer {token}"})
    response = progress.request.get(f"{live.url}/api/progress?period=2022Q4&region=南京市")
    assert response.status == 200
    rows = json.loads(response.body())
    assert {r["this_quarter"] for r in rows} == {2}
    progress.close()
