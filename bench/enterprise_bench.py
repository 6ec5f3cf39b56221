"""Benchmark: import and screen 100,000 enterprises × 3 years, and the roster page's queries.

Builds a synthetic roster CSV (the demo generator's firms, repeated with fresh credit codes),
loads it into a fresh SQLite file through the real loader, screens every enterprise for one tier,
builds the yearly lists, and times the roster page's paged query, count and breakdowns.
Prints wall time per step and the process's peak RSS (resource.getrusage) after each step.

    .venv/bin/python -m bench.enterprise_bench [--enterprises 100000] [--database URL]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from data_model import catalog, migrate
from data_model.db import make_engine, read_session, session_factory, write_session
from data_model.enterprises.demo import credit_code_for, demo_roster
from data_model.enterprises.lists import yearly_lists
from data_model.enterprises.reviews import screen_roster, screening_frame, screening_inputs
from data_model.enterprises.roster import RosterFilter, roster_page, tier_breakdown
from data_model.enterprises.roster_screening import screen_tables, screening_tables
from etl.enterprises.demo_seed import roster_csv
from etl.enterprises.load import RosterRequest, load_roster

YEARS = (2020, 2021, 2022)


def bench_rows(enterprises: int) -> list[dict[str, object]]:
    """Return `enterprises` × 3 years of rows: demo firms cycled with new credit codes."""
    demo, _ = demo_roster()
    by_code: dict[str, list[dict]] = {}
    for row in demo:
        if row["year"] in YEARS:
            by_code.setdefault(row["credit_code"], []).append(row)
    firms = list(by_code.values())
    rows = []
    for n in range(enterprises):
        template = firms[n % len(firms)]
        code = credit_code_for(template[0]["credit_code"][2:8], 1_000_000 + n)
        rows.extend(r | {"credit_code": code} for r in template)
    return rows


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(label: str, results: list, func, *args):
    """Time one step; memory is the process's peak RSS after it (tracemalloc slows pandas and
    SQLAlchemy code several-fold, so it is not used here)."""
    start = time.perf_counter()
    value = func(*args)
    elapsed = time.perf_counter() - start
    results.append((label, elapsed, peak_rss_mib()))
    print(f"{label:<44} {elapsed:8.2f} s   peak RSS {peak_rss_mib():7.0f} MiB", flush=True)
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--database", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        migrate.upgrade(engine)
        sessions = session_factory(engine)
        with write_session(sessions) as session:
            catalog.sync_reference_data(session, "bench")
        results: list = []
        rows = measure("build rows (not part of the import)", results, bench_rows, args.enterprises)
        data = measure("write CSV", results, roster_csv, rows)
        del rows
        print(f"file: {len(data) / 2**20:.1f} MiB, {args.enterprises * 3} rows")
        request = RosterRequest(data, "bench.csv", "bench")
        result = measure("import (read, validate, store)", results, load_roster, sessions, request)
        assert result.status == "loaded", [p.describe() for p in result.problems[:5]]
        again = RosterRequest(data.replace(b"\n", b"\r\n"), "bench-crlf.csv", "bench")
        result = measure(
            "re-import, same content (no change)", results, load_roster, sessions, again
        )
        assert result.status == "unchanged", result.status
        with read_session(sessions) as session:
            inputs = measure(
                "screening inputs (roster, figures)", results, screening_inputs, session
            )

            def screen_all(inputs):
                return screening_frame(screen_roster(inputs, "pool", 2022), inputs.criteria)

            frame = measure("screen every enterprise, Table 1 (rows)", results, screen_all, inputs)
            print(f"screening rows: {len(frame)}")
            del inputs, frame
            tables = measure(
                "screening tables (column-wise inputs)", results, screening_tables, session
            )

            def screen_columns(tables):
                return screen_tables(tables, "pool", 2022).frame()

            frame = measure("column-wise Table 1 (rows)", results, screen_columns, tables)
            print(f"screening rows: {len(frame)}")
            measure(
                "column-wise Table 1 (verdicts only)", results, screen_tables, tables, "pool", 2022
            )
            del tables, frame
            measure("yearly lists (column-wise, with inputs)", results, yearly_lists, session, 2022)
            f = RosterFilter(city_code="320500", tier="pool")
            measure(
                "roster page: first page, all", results, roster_page, session, RosterFilter(), 0
            )
            measure("roster page: 苏州 pool, page 10", results, roster_page, session, f, 10)
            measure(
                "roster page: name search",
                results,
                roster_page,
                session,
                RosterFilter(text="精密"),
                0,
            )
            measure("breakdown by city", results, tier_breakdown, session, "city_code")
            measure("breakdown by cluster", results, tier_breakdown, session, "cluster")
        print(f"peak RSS of the process: {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
