"""Benchmark: our validated load of a 100,000-row long CSV against bare pandas.read_csv + to_sql.

Both run in the same process on fresh SQLite files, one after the other. The file uses a generated
80-year benchmark plan (a plan is just a file) so that 100,000 rows are all distinct
(region, quarter, indicator) combinations. Prints rows/s for each and the ratio ours ÷ bare.

    .venv/bin/python -m bench.load_bench [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from data_model import catalog, migrate
from data_model.db import make_engine, session_factory, write_session
from data_model.plan_catalog import load_plan_file, parse_plan
from data_model.regions import cities
from etl.quarterly import LoadRequest, load_file

PLAN_FILE = (
    Path(__file__).resolve().parent.parent / "data_model" / "plans" / "qianqi-2020-2022.yaml"
)


def bench_plan_text() -> str:
    raw = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))
    raw.update(
        code="bench-2000-2079", name="基准测试计划", start=date(2000, 1, 1), end=date(2079, 12, 31)
    )
    return yaml.safe_dump(raw, allow_unicode=True)


def make_csv(plan, rows: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["地区", "季度", "指标代码", "本季度新增"])
    written = 0
    for quarter in plan.quarters:
        for city in cities():
            for n, indicator in enumerate(plan.indicators):
                if written == rows:
                    return buffer.getvalue().encode("utf-8")
                value = (
                    (written * 7 + n) % 50 if indicator.is_count else round((written % 97) / 10, 1)
                )
                writer.writerow([city.name, str(quarter), indicator.code, value])
                written += 1
    raise ValueError(f"the bench plan holds fewer than {rows} rows")


def fresh_database(directory: Path, name: str, plan_text: str):
    engine = make_engine(f"sqlite:///{directory / name}")
    migrate.upgrade(engine)
    with write_session(session_factory(engine)) as session:
        catalog.sync_regions(session)
        catalog.sync_plan(session, parse_plan(plan_text), plan_text)
    return engine


def time_ours(directory: Path, data: bytes, plan_text: str, run: int) -> float:
    engine = fresh_database(directory, f"ours-{run}.db", plan_text)
    request = LoadRequest(data=data, file_name="bench.csv", actor="bench")
    start = time.perf_counter()
    result = load_file(session_factory(engine), "bench-2000-2079", request)
    elapsed = time.perf_counter() - start
    assert result.status == "loaded", [p.describe() for p in result.problems[:5]]
    engine.dispose()
    return elapsed


def time_bare(directory: Path, data: bytes, run: int) -> float:
    engine = make_engine(f"sqlite:///{directory / f'bare-{run}.db'}")
    start = time.perf_counter()
    frame = pd.read_csv(io.BytesIO(data))
    frame.to_sql("bare_values", engine, index=False)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    plan_text = bench_plan_text()
    plan = parse_plan(plan_text)
    data = make_csv(plan, args.rows)
    ours, bare = [], []
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        for run in range(args.repeat):
            bare.append(time_bare(directory, data, run))
            ours.append(time_ours(directory, data, plan_text, run))
    ours_s, bare_s = statistics.median(ours), statistics.median(bare)
    print(f"rows: {args.rows:,}  file: {len(data) / 1e6:.1f} MB  runs: {args.repeat} (median)")
    print(
        f"ours (read + validate + store, one transaction): {ours_s:.3f} s  {args.rows / ours_s:,.0f} rows/s"
    )
    print(
        f"bare pandas.read_csv + DataFrame.to_sql:          {bare_s:.3f} s  {args.rows / bare_s:,.0f} rows/s"
    )
    print(f"ratio ours / bare: {ours_s / bare_s:.2f}x  (goal: at most 1.5x)")


if __name__ == "__main__":
    load_plan_file(PLAN_FILE)  # fail early if the shipped plan does not parse
    main()
