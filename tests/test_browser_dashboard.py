"""The dashboard in headless Chromium against gunicorn on a demo database."""

from __future__ import annotations

import pytest
from browser_support import DESKTOP, PHONE, TABLET, open_page, sign_in_demo, wait_for_graphs

pytestmark = pytest.mark.browser

PAGES = [
    # path, charts drawn, Chinese text that only appears with data
    ("/", 1, "企业培育核心指标（截至2022年第四季度）"),
    ("/indicators/provincial_giants", 2, "全省累计完成与序时目标（截至2022年第四季度"),
    ("/cities/南京市", 2, "南京市综合排名变化（截至2022年第四季度"),
    ("/ranking", 1, "设区市综合得分（截至2022年第四季度"),
    ("/map", 1, "各设区市分解目标完成率（截至2022年第四季度，示意图）"),
]


@pytest.fixture(scope="module")
def desktop(chromium, live_demo):
    """One signed-in browser context per module, so plotly.js and friends come from its HTTP cache."""
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN")
    sign_in_demo(context, live_demo)
    yield context
    context.close()


@pytest.fixture
def page(chromium, desktop, live_demo):
    page, recorder = open_page(chromium, context=desktop)
    page.recorder = recorder
    yield page
    page.close()


def assert_clean(page) -> None:
    assert page.recorder.foreign_hosts() == set()
    assert page.recorder.console_errors == []
    assert page.recorder.page_errors == []


@pytest.mark.parametrize(("path", "charts", "text"), PAGES)
def test_page_draws_its_charts_with_chinese_text(page, live_demo, path, charts, text):
    page.goto(live_demo.url + path)
    wait_for_graphs(page, charts)
    page.get_by_text(text).first.wait_for()
    assert page.locator(".js-plotly-plot").count() == charts
    assert "演示数据" in page.locator(".navbar").inner_text()
    assert_clean(page)


def choose_quarter(page, control_id: str, label: str) -> None:
    page.locator(f"#{control_id}").click()
    page.get_by_role("option", name=label, exact=True).click()


def test_changing_the_quarter_changes_the_overview(page, live_demo):
    page.goto(live_demo.url + "/")
    wait_for_graphs(page)
    card = page.locator("#headline-provincial_giants .headline-value")
    assert card.inner_text() == "1,074家"
    choose_quarter(page, "overview-period", "2021年第三季度")
    page.wait_for_function("location.search === '?period=2021Q3'")
    page.get_by_text("各状态指标数量（截至2021年第三季度，共26项）").wait_for()
    assert card.inner_text() == "590家"
    assert_clean(page)


def test_changing_the_quarter_changes_the_indicator_path(page, live_demo):
    page.goto(live_demo.url + "/indicators/provincial_giants")
    wait_for_graphs(page, 2)
    markers = "#indicator-path-graph .scatterlayer .trace:last-child .point"
    assert page.locator(markers).count() == 12
    choose_quarter(page, "indicator-period", "2021年第三季度")
    page.get_by_text("全省累计完成与序时目标（截至2021年第三季度").wait_for()
    assert page.locator(markers).count() == 7
    assert "period=2021Q3" in page.url
    assert_clean(page)


def test_a_quarter_in_the_url_is_shown_and_back_navigation_restores_it(page, live_demo):
    page.goto(live_demo.url + "/ranking?period=2021Q3")
    wait_for_graphs(page)
    page.get_by_text("设区市综合得分（截至2021年第三季度").wait_for()
    assert page.locator("#ranking-table tbody tr").count() == 13
    links = page.locator("#ranking-bulletin-downloads a")
    assert links.nth(0).get_attribute("href") == "/downloads/bulletin.pdf?period=2021Q3"
    assert links.nth(1).get_attribute("href") == "/downloads/ranking.xlsx?period=2021Q3"
    assert_clean(page)


def test_clicking_a_city_on_the_map_opens_its_page(page, live_demo):
    page.goto(live_demo.url + "/map?indicator=patents&period=2021Q3&measure=completion")
    wait_for_graphs(page)
    shapes = page.locator("#map-graph path.choroplethlocation")
    assert shapes.count() == 13
    box = shapes.nth(4).bounding_box()  # features in file order: the 5th is 苏州市
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("location.pathname === '/cities/320500'")
    page.get_by_text("苏州市进展情况").wait_for()
    assert "period=2021Q3" in page.url
    assert_clean(page)


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone-390", "ipad-1024"])
def test_pages_fit_phone_and_tablet_widths(chromium, live_demo, viewport):
    context = chromium.new_context(viewport=viewport, locale="zh-CN")
    sign_in_demo(context, live_demo)
    page, recorder = open_page(chromium, context=context)
    try:
        for path, charts, _text in PAGES:
            page.goto(live_demo.url + path)
            wait_for_graphs(page, charts)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, path
        assert recorder.foreign_hosts() == set()
        assert recorder.console_errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/indicators/no_such_indicator", "未找到指标“no_such_indicator”"),
        ("/cities/火星市", "未找到设区市“火星市”"),
        ("/?period=2030Q1", "2030年第一季度不在计划期"),
        ("/map?measure=volume", "未知的着色方式“volume”"),
        ("/no/such/page", "页面不存在"),
    ],
)
def test_bad_addresses_show_a_chinese_message(page, live_demo, path, message):
    page.goto(live_demo.url + path)
    page.get_by_text(message).first.wait_for()
    assert "Traceback" not in page.content()
    assert_clean(page)


def test_the_bulletin_downloads_from_the_ranking_page(page, live_demo):
    page.goto(live_demo.url + "/ranking?period=2022Q3")
    wait_for_graphs(page)
    with page.expect_download() as pdf:
        page.locator("#ranking-bulletin-downloads").get_by_text("下载通报").click()
    download = pdf.value
    assert download.suggested_filename.endswith(".pdf")
    assert "2022" in download.suggested_filename
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    with page.expect_download() as xlsx:
        page.locator("#ranking-bulletin-downloads").get_by_text("下载排名").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    assert_clean(page)
