"""Retake the README's page screenshots (docs/screenshots/, 1280 px wide), signed in.

    .venv/bin/python -m bench.screenshots

Builds a demo database (demo submissions and the demo enterprise roster) under bench/out/, runs
the app under gunicorn with DEMO_MODE=1 and signs in through the one-click demo login: the
leadership pages as the demo leader, the roster, upload and submissions pages as the demo admin.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

OUT = ROOT / "bench" / "out"
SHOTS = ROOT / "docs" / "screenshots"
# name → (path, account, how many plotly charts to wait for; 0 = none)
PAGES = {
    "overview": ("/", "demo-leader", 1),
    "indicator": ("/indicators/provincial_giants", "demo-leader", 2),
    "city": ("/cities/320100", "demo-leader", 1),
    "ranking": ("/ranking", "demo-leader", 0),
    "map": ("/map", "demo-leader", 1),
    "enterprises": ("/enterprises", "demo-admin", 0),
    "upload": ("/upload", "demo-admin", 0),
    "submissions": ("/submissions", "demo-admin", 0),
}


def demo_database() -> str:
    from data_model import catalog, migrate
    from data_model.db import make_engine, session_factory, write_session
    from data_model.plan_catalog import DEFAULT_PLAN_CODE
    from etl.demo_seed import seed_demo
    from etl.enterprises.demo_seed import seed_demo_enterprises

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "screenshots.db"
    if not path.exists():
        engine = make_engine(f"sqlite:///{path}")
        migrate.upgrade(engine)
        sessions = session_factory(engine)
        with write_session(sessions) as session:
            catalog.sync_reference_data(session, "bench")
        seed_demo(sessions, DEFAULT_PLAN_CODE)
        seed_demo_enterprises(sessions)
        engine.dispose()
    return f"sqlite:///{path}"


def main() -> None:
    from browser_support import DESKTOP, launch_browser, sign_in_demo, wait_for_graphs
    from live_server import LiveServer
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    server = LiveServer(demo_database(), workers=2, DEMO_MODE="1")
    try:
        with sync_playwright() as playwright:
            browser = launch_browser(playwright)
            contexts = {}
            for name, (path, account, graphs) in PAGES.items():
                if account not in contexts:
                    contexts[account] = browser.new_context(viewport=DESKTOP, locale="zh-CN")
                    sign_in_demo(contexts[account], server, account)
                page = contexts[account].new_page()
                page.goto(server.url + path, wait_until="networkidle")
                if graphs:
                    wait_for_graphs(page, graphs)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)  # let charts finish their transitions
                page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
                page.close()
                print(f"{name}: {path} as {account}")
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
