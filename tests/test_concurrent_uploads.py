"""Many bureaus at once, and a load killed halfway: nothing lost, nothing half-stored."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from accounts_support import add_token
from sqlalchemy import func, select
from submission_files import figures_csv

from data_model import accounts
from data_model.db import read_session, write_session
from data_model.regions import cities
from data_model.schema import Submission, SubmissionValue, Upload

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _counts(db) -> tuple[int, int, int]:
    with read_session(db.sessions) as session:
        return tuple(
            session.scalar(select(func.count()).select_from(table))
            for table in (Upload, Submission, SubmissionValue)
        )


def test_thirteen_bureaus_upload_at_once(db, make_app):
    with write_session(db.sessions) as session:
        for city in cities():
            accounts.create_user(
                session, f"bureau-{city.code}", "long-password", "bureau", city.code, "tests"
            )
    tokens = {city.code: add_token(db, f"bureau-{city.code}") for city in cities()}
    app = make_app(db)
    barrier = threading.Barrier(len(tokens))
    results: dict[str, object] = {}

    def send(code: str) -> None:
        client = app.server.test_client()
        data = figures_csv(code, "2021Q3", value=int(code[2:4]))
        barrier.wait()
        try:
            response = client.post(
                "/api/submissions",
                data={"file": (io.BytesIO(data), f"{code}.csv")},
                headers={"Authorization": f"Bearer {tokens[code]}"},
            )
            results[code] = (response.status_code, response.get_data(as_text=True))
        except Exception as exc:  # recorded, then asserted below
            results[code] = (None, repr(exc))

    threads = [threading.Thread(target=send, args=(code,)) for code in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    failures = {code: r for code, r in results.items() if r[0] != 201}
    assert failures == {}
    assert _counts(db) == (13, 13, 13 * 26)
    with read_session(db.sessions) as session:
        rows = session.execute(select(Submission.region_code, Submission.revision)).all()
    assert sorted(rows) == [(c.code, 1) for c in cities()]


KILLED_LOAD = textwrap.dedent(
    """
    import sys, time
    from sqlalchemy import event
    from data_model.db import make_engine, session_factory
    from etl.quarterly import LoadRequest, load_file

    engine = make_engine(sys.argv[1])
    seen = []

    @event.listens_for(engine, "after_cursor_execute")
    def pause_after_the_first_values(conn, cursor, statement, *args):
        # Once submission rows are written inside the transaction, say so and wait to be killed.
        if statement.lstrip().upper().startswith("INSERT INTO SUBMISSION_VALUE") and not seen:
            seen.append(1)
            print("MIDWAY", flush=True)
            time.sleep(60)

    data = open(sys.argv[2], "rb").read()
    load_file(session_factory(engine), "qianqi-2020-2022", LoadRequest(data=data, file_name="all.csv", actor="kill-test"))
    print("FINISHED", flush=True)
    """
)


def test_a_load_killed_midway_leaves_nothing_behind(db, tmp_path):
    rows = b"".join(
        figures_csv(city.code, "2021Q3").decode("utf-8-sig").split("\n", 1)[1].encode()
        for city in cities()
    )
    file = tmp_path / "all.csv"
    file.write_bytes("地区,季度,指标代码,本季度新增\n".encode() + rows)
    script = tmp_path / "killed_load.py"
    script.write_text(KILLED_LOAD)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}
    process = subprocess.Popen(
        [sys.executable, str(script), db.url, str(file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=PROJECT_DIR,
    )
    try:
        line = process.stdout.readline().decode().strip()
        assert line == "MIDWAY", process.stderr.read().decode()[-2000:]
        with read_session(db.sessions) as session:  # the half-done work is invisible meanwhile
            assert session.scalar(select(func.count()).select_from(Submission)) == 0
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    db.engine.dispose()  # PostgreSQL ends the dead client's transaction when its socket closes
    assert _counts(db) == (0, 0, 0)
