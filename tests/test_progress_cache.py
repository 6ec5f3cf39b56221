"""The per-process cache of progress inputs: reused while nothing changes, read afresh after an
upload is approved or a review decision (both backends)."""

from __future__ import annotations

import io

import pytest
from accounts_support import USERS, add_token, add_users
from submission_files import figures_csv

from dashboard import data
from dashboard.progress_cache import ProgressCache
from dashboard.runtime import runtime
from data_model import queries
from data_model.catalog import stored_plan
from data_model.db import read_session


def test_the_cache_keeps_the_most_recently_used_entries():
    cache = ProgressCache(size=2)
    loads = []

    def loader(name):
        return lambda: loads.append(name) or name

    assert [cache.get(k, loader(k)) for k in ("a", "b", "a", "c", "a", "b")] == list("abacab")
    assert loads == ["a", "b", "c", "b"]
    assert (cache.hits, cache.misses, len(cache)) == (2, 4, 2)


@pytest.fixture
def world(db, make_app):
    add_users(db)
    app = make_app(db)
    tokens = {role: add_token(db, USERS[role][0]) for role in ("bureau", "admin")}
    return db, app, tokens


def _api(app, token):
    client = app.server.test_client()
    return lambda method, path, **kw: client.open(
        path, method=method, headers={"Authorization": f"Bearer {token}"}, **kw
    )


def _nanjing(app) -> float | None:
    """Return Nanjing's cumulative tech_centers at 2021Q3 as the pages see it (None: no data)."""
    with app.server.app_context():
        _, frame = data.progress_table(data.current_source(), "2021Q3", "320100", "tech_centers")
    return None if frame.empty else float(frame["cumulative"].iloc[0])


def _upload(call, value) -> int:
    csv = figures_csv("320100", "2021Q3", value=value)
    response = call("POST", "/api/submissions", data={"file": (io.BytesIO(csv), "figures.csv")})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["submissions"][0]["id"]


def test_page_data_follows_uploads_and_reviews(world):
    db, app, tokens = world
    bureau, admin = _api(app, tokens["bureau"]), _api(app, tokens["admin"])
    cache = app.server.extensions["qianqi"].progress_cache
    assert _nanjing(app) is None and _nanjing(app) is None
    assert (cache.misses, cache.hits) == (1, 1)

    first = _upload(bureau, 4)
    assert _nanjing(app) is None  # pending figures do not count
    assert admin("POST", f"/api/submissions/{first}/approve").status_code == 200
    assert _nanjing(app) == 4

    second = _upload(bureau, 7)
    assert admin("POST", f"/api/submissions/{second}/approve").status_code == 200
    assert _nanjing(app) == 7
    assert _nanjing(app) == 7
    assert cache.hits >= 2 and len(cache) <= cache.size


def test_data_version_changes_with_a_review_decision(world):
    db, app, tokens = world
    bureau, admin = _api(app, tokens["bureau"]), _api(app, tokens["admin"])

    def version():
        with read_session(db.sessions) as session:
            _, record = stored_plan(session, db.plan_code)
            return queries.data_version(session, record.id)

    before = version()
    submission = _upload(bureau, 4)
    uploaded = version()
    reply = admin("POST", f"/api/submissions/{submission}/return", json={"comment": "数据有误"})
    assert reply.status_code == 200, reply.get_json()
    returned = version()
    assert len({before, uploaded, returned}) == 3
    assert version() == returned


def test_the_cache_lives_on_the_app(world):
    _, app, _ = world
    with app.server.app_context():
        assert data.current_source().cache is runtime().progress_cache
