"""Playwright helpers for the browser tests: one headless Chromium per test session, pages that
record every request and console error, and a gunicorn server on a demo database per module."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 1366}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Recorder:
    """What a page did: every request URL, console errors and uncaught page errors."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def foreign_hosts(self) -> set[str]:
        """Return the hosts other than 127.0.0.1 that were contacted (data: URLs excluded)."""
        hosts = set()
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname != "127.0.0.1":
                hosts.add(parsed.hostname)
        return hosts


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def open_page(browser, viewport=DESKTOP, context=None):
    """Return (page, recorder): a new page in ``context`` (default: a fresh one at ``viewport``)."""
    context = context or browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    recorder = Recorder()
    page.on("request", lambda request: recorder.requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            recorder.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: recorder.page_errors.append(str(error)))
    return page, recorder


def sign_in_demo(context, server, account: str = "demo-leader") -> None:
    """Sign ``context`` in through the demo mode's one-click login (the server runs DEMO_MODE=1)."""
    page = context.new_page()
    page.goto(server.url + "/login")
    page.click(f"#demo-{account}")
    page.wait_for_url(server.url + "/")
    page.close()


def wait_for_graphs(page, count: int = 1, timeout: float = 20_000) -> None:
    """Wait until at least ``count`` plotly charts have drawn."""
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {count}", timeout=timeout
    )


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_browser(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def live_demo(templates):
    """A gunicorn server (2 workers) on a copy of the demo database, for one test module."""
    from live_server import LiveServer

    server = LiveServer(templates.clone("sqlite", demo=True), workers=2, DEMO_MODE="1")
    yield server
    server.stop()
