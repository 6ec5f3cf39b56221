"""Dashboard benchmark (not a test): callback server time, bare query, first load, 30 users.

    .venv/bin/python -m bench.dashboard_bench            # full run (≈ 3 minutes)
    LOAD_SECONDS=10 .venv/bin/python -m bench.dashboard_bench

Two SQLite databases are built under bench/out/: the demo data (13 cities × 12 quarters, 160
submissions, 4,186 values) and a 100× copy where every city-quarter carries 99 further approved
revisions with the same figures (16,000 submissions, ≈ 418,000 values) — the churn of many
corrections; the pages show the same numbers, but every query reads 100× the rows.

Every page needs a signed-in user: the in-process timings sign a Flask test client in as a
leader account the benchmark adds to each database; the live server runs with DEMO_MODE=1 and
each browser context and load-test user signs in through the one-click demo login.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

OUT = ROOT / "bench" / "out"
REPEAT = int(os.environ.get("REPEAT", "15"))
LOAD_SECONDS = float(os.environ.get("LOAD_SECONDS", "30"))
USERS = 30
BENCH_USER = "bench-leader"
EXTRA_REVISIONS = 99

CALLBACKS = {
    "overview": ([("overview-content", "children"), ("overview-url", "search")], [("overview-period", "value", "2021Q3")], []),
    "indicator": ([("indicator-content", "children"), ("indicator-url", "search")], [("indicator-period", "value", "2021Q3")], [("indicator-code", "data", "provincial_giants")]),
    "city": ([("city-content", "children"), ("city-url", "search")], [("city-period", "value", "2021Q3")], [("city-region", "data", "320100")]),
    "ranking": ([("ranking-content", "children"), ("ranking-url", "search"), ("ranking-bulletin-downloads", "children")], [("ranking-period", "value", "2021Q3")], []),
    "map": ([("map-content", "children"), ("map-url", "search")], [("map-indicator", "value", "patents"), ("map-period", "value", "2021Q3"), ("map-measure", "value", "completion")], []),
}  # fmt: skip


def payload(outputs, inputs, state) -> bytes:
    return json.dumps(
        {
            "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
            "outputs": [{"id": i, "property": p} for i, p in outputs],
            "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
            "changedPropIds": [f"{i}.{p}" for i, p, _ in inputs],
            "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        }
    ).encode()


def build_databases() -> dict[str, str]:
    from sqlalchemy import func, insert, select

    from data_model import catalog, migrate
    from data_model.db import make_engine, read_session, session_factory, write_session
    from data_model.schema import Submission, SubmissionValue
    from etl.demo_seed import seed_demo

    OUT.mkdir(parents=True, exist_ok=True)
    demo, big = OUT / "demo.db", OUT / "demo_x100.db"
    if not demo.exists():
        engine = make_engine(f"sqlite:///{demo}")
        migrate.upgrade(engine)
        with write_session(session_factory(engine)) as session:
            catalog.sync_reference_data(session, "bench")
        seed_demo(session_factory(engine), "qianqi-2020-2022")
        engine.dispose()
    if not big.exists():
        shutil.copy(demo, big)
        engine = make_engine(f"sqlite:///{big}")
        sessions = session_factory(engine)
        with read_session(sessions) as session:
            submissions = session.execute(
                select(
                    Submission.id,
                    Submission.plan_id,
                    Submission.upload_id,
                    Submission.region_code,
                    Submission.period,
                    Submission.revision,
                    Submission.submitted_at,
                    Submission.reviewed_at,
                ).where(Submission.status == "approved")
            ).all()
            values = session.execute(
                select(
                    SubmissionValue.submission_id,
                    SubmissionValue.indicator_id,
                    SubmissionValue.value,
                )
            ).all()
            highest = dict(
                session.execute(
                    select(
                        Submission.region_code + Submission.period, func.max(Submission.revision)
                    ).group_by(Submission.region_code, Submission.period)
                ).all()
            )
        by_submission: dict[int, list] = {}
        for value in values:
            by_submission.setdefault(value.submission_id, []).append(value)
        newest = {}
        for sub in submissions:
            key = (sub.region_code, sub.period)
            if key not in newest or sub.revision > newest[key].revision:
                newest[key] = sub
        with write_session(sessions) as session:
            next_id = session.scalar(select(func.max(Submission.id))) + 1
            rows, value_rows = [], []
            for s in newest.values():
                for k in range(1, EXTRA_REVISIONS + 1):
                    rows.append(
                        {
                            "id": next_id,
                            "plan_id": s.plan_id,
                            "upload_id": s.upload_id,
                            "region_code": s.region_code,
                            "period": s.period,
                            "revision": highest[s.region_code + s.period] + k,
                            "status": "approved",
                            "submitted_by": "bench",
                            "submitted_at": s.submitted_at,
                            "is_late": False,
                            "comment": "",
                            "reviewed_by": "bench",
                            "reviewed_at": s.reviewed_at,
                            "review_comment": "",
                        }
                    )
                    value_rows += [
                        {
                            "submission_id": next_id,
                            "indicator_id": v.indicator_id,
                            "value": v.value,
                            "cumulative_reported": None,
                            "source_row": 0,
                        }
                        for v in by_submission[s.id]
                    ]
                    next_id += 1
            session.execute(insert(Submission), rows)
            session.execute(insert(SubmissionValue), value_rows)
        engine.dispose()
    return {"demo": f"sqlite:///{demo}", "100×": f"sqlite:///{big}"}


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def signed_in_client(app, url: str):
    """Return a test client of ``app`` signed in as a leader added to the database at ``url``."""
    from accounts_support import PASSWORD, sign_in

    from data_model import accounts
    from data_model.db import make_engine, session_factory, write_session

    engine = make_engine(url)
    with write_session(session_factory(engine)) as session:
        if accounts.find_account(session, BENCH_USER) is None:
            accounts.create_user(session, BENCH_USER, PASSWORD, "leader", None, "bench")
    engine.dispose()
    client = app.server.test_client()
    response = sign_in(client, BENCH_USER)
    assert response.status_code == 302, response.text
    return client


def callback_times(url: str) -> dict[str, list[float]]:
    from accounts_support import session_csrf

    from dashboard import create_app
    from dashboard.settings import Config

    app = create_app(Config.from_env({"DATABASE_URL": url, "SECRET_KEY": "bench"}))
    client = signed_in_client(app, url)
    assert client.get("/").status_code == 200
    headers = {"X-CSRFToken": session_csrf(client)}
    times = {}
    for name, spec in CALLBACKS.items():
        body = payload(*spec)

        def post(body=body):
            return client.post(
                "/_dash-update-component",
                data=body,
                content_type="application/json",
                headers=headers,
            )

        post()
        samples = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            response = post()
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200, response.text
        times[name] = samples
    return times


def query_times(url: str) -> list[float]:
    """Time the SQL behind the overview: the counted values and the city targets."""
    from data_model import queries, targets
    from data_model.catalog import stored_plan
    from data_model.db import make_engine, read_session, session_factory

    sessions = session_factory(make_engine(url))
    samples = []
    for _ in range(REPEAT + 1):
        start = time.perf_counter()
        with read_session(sessions) as session:
            _, record = stored_plan(session, "qianqi-2020-2022")
            queries.counted_values(session, record.id)
            targets.city_targets(session, record.id)
        samples.append(time.perf_counter() - start)
    return samples[1:]


def first_loads(server, loads: int = 5) -> list[float]:
    """Time opening / in a fresh, signed-in browser context until the headline chart is drawn."""
    from browser_support import DESKTOP, launch_browser, open_page, sign_in_demo, wait_for_graphs
    from playwright.sync_api import sync_playwright

    samples = []
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        for _ in range(loads):
            context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
            sign_in_demo(context, server)
            page, _recorder = open_page(browser, context=context)
            start = time.perf_counter()
            page.goto(server.url + "/")
            wait_for_graphs(page)
            page.locator("#headline-provincial_giants").wait_for()
            samples.append(time.perf_counter() - start)
            page.context.close()
        browser.close()
    return samples


def load_test(server, seconds: float) -> tuple[list[float], int, int]:
    """USERS signed-in threads each loop over pages and callbacks until the deadline."""
    from live_server import SignedInHttp

    clients = [SignedInHttp(server) for _ in range(USERS)]
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds
    steps = [
        ("GET", "/", None),
        *[("POST", "/_dash-update-component", payload(*s)) for s in CALLBACKS.values()],
    ]

    def user(offset: int) -> None:
        client, i = clients[offset], offset
        while time.monotonic() < deadline:
            _method, path, body = steps[i % len(steps)]
            i += 1
            start = time.perf_counter()
            try:
                status, _headers, _body = client.fetch(path, body)
                ok = status == 200
            except (OSError, AssertionError):  # HTTP errors, timeouts, a redirect to /login
                ok = False
            with lock:
                latencies.append(time.perf_counter() - start)
                errors[0] += not ok

    threads = [threading.Thread(target=user, args=(n,)) for n in range(USERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0], len(latencies)


def ms(value: float) -> str:
    return f"{value * 1000:,.0f}"


def main() -> None:
    from live_server import LiveServer

    databases = build_databases()
    rows = []
    for label, url in databases.items():
        times = callback_times(url)
        query = statistics.median(query_times(url))
        for name, samples in times.items():
            rows.append(
                (
                    label,
                    f"callback {name}",
                    ms(statistics.median(samples)),
                    ms(percentile(samples, 0.95)),
                )
            )
        rows.append((label, "bare SQL behind the overview", ms(query), ""))
        ratio = statistics.median(times["overview"]) / query
        rows.append((label, "overview callback ÷ bare SQL", f"{ratio:.1f}×", ""))
        server = LiveServer(url, workers=2, DEMO_MODE="1")
        try:
            loads = first_loads(server)
            rows.append(
                (
                    label,
                    "first load of / in Chromium (median of 5)",
                    ms(statistics.median(loads)),
                    ms(max(loads)),
                )
            )
            latencies, errors, count = load_test(server, LOAD_SECONDS)
            rows.append(
                (
                    label,
                    f"{USERS} users × {LOAD_SECONDS:.0f} s: {count} requests, {errors} errors",
                    ms(percentile(latencies, 0.5)),
                    ms(percentile(latencies, 0.95)),
                )
            )
        finally:
            server.stop()
    print(f"{'data':<6} {'measure':<58} {'median/p50 ms':>14} {'p95/max ms':>11}")
    for label, what, a, b in rows:
        print(f"{label:<6} {what:<58} {a:>14} {b:>11}")


if __name__ == "__main__":
    main()
