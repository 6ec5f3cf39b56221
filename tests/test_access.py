"""The access matrix: every role (and anonymous) × every page, callback, download and API endpoint."""

from __future__ import annotations

import io

import pytest
from accounts_support import (
    USERS,
    add_token,
    add_users,
    callback_body,
    client_for,
    page_body,
    resolve,
)
from conftest import BACKENDS

from data_model.db import make_engine, session_factory

ROLES = ("anonymous", "leader", "bureau", "admin")


@pytest.fixture(scope="module", params=BACKENDS)
def world(request, templates):
    """One database and app per backend for the whole matrix, with a client and token per role."""
    from conftest import Database

    from dashboard import create_app
    from dashboard.settings import Config

    url = templates.clone(request.param, demo=False)
    engine = make_engine(url)
    database = Database(request.param, url, engine, session_factory(engine))
    add_users(database)
    app = create_app(Config.from_env({"DATABASE_URL": url, "SECRET_KEY": "matrix"}))
    clients = {role: client_for(app, None if role == "anonymous" else role) for role in ROLES}
    tokens = {role: add_token(database, USERS[role][0]) for role in ROLES if role != "anonymous"}
    yield app, clients, tokens
    engine.dispose()


PAGES = {
    # path: anonymous, leader, bureau, admin
    "/": (302, 200, 200, 200),
    "/submissions": (302, 200, 200, 200),
    "/upload": (302, 403, 200, 200),
    "/audit": (302, 403, 403, 200),
    "/admin/users": (302, 403, 403, 200),
    "/account/password": (302, 200, 200, 200),
    "/login": (200, 302, 302, 302),
    "/_dash-layout": (401, 200, 200, 200),
    "/_dash-dependencies": (401, 200, 200, 200),
    "/download/template?region=南京市&period=2021Q3": (302, 403, 200, 200),
    "/download/template?region=无锡市&period=2021Q3": (302, 403, 403, 200),
    "/download/audit.csv": (302, 403, 403, 200),
    "/download/audit.csv?actor=admin1&start=2020-01-01": (302, 403, 403, 200),
    "/indicators/patents": (302, 200, 200, 200),
    "/cities/320100": (302, 200, 200, 200),
    "/ranking": (302, 200, 200, 200),
    "/map": (302, 200, 200, 200),
    "/enterprises": (302, 200, 200, 200),
    "/downloads/progress.xlsx?period=2021Q3": (302, 404, 404, 404),  # allowed; no figures yet
    "/downloads/bulletin.pdf?period=2021Q3": (302, 404, 404, 404),  # allowed; no figures yet
    "/downloads/ranking.xlsx?period=2021Q3": (302, 404, 404, 404),
    "/downloads/enterprise-lists.xlsx?year=2022": (302, 200, 200, 200),
}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_get(world, role, path):
    _, clients, _ = world
    assert clients[role].get(path).status_code == PAGES[path][ROLES.index(role)]


PAGE_CALLBACKS = {
    "/": (401, 200, 200, 200),
    "/submissions": (401, 200, 200, 200),
    "/upload": (401, 403, 200, 200),
    "/audit": (401, 403, 403, 200),
    "/admin/users": (401, 403, 403, 200),
}


@pytest.mark.parametrize("path", PAGE_CALLBACKS)
@pytest.mark.parametrize("role", ROLES)
def test_page_routing_callback(world, role, path):
    _, clients, _ = world
    from accounts_support import post_callback

    response = post_callback(clients[role], page_body(path))
    assert response.status_code == PAGE_CALLBACKS[path][ROLES.index(role)]


COMPONENT_CALLBACKS = {
    "upload-check": (
        callback_body(
            [
                ("upload-result", "children"),
                ("upload-data", "data"),
                ("upload-form", "style"),
                ("upload-outcome", "children"),
            ],
            [("upload-file", "contents", None)],
            [("upload-file", "filename", None)],
        ),
        (401, 403, 200, 200),
    ),
    "audit-events": (
        callback_body(
            [("audit-events", "children"), ("audit-export", "href")],
            [
                ("audit-actor", "value", None),
                ("audit-action", "value", None),
                ("audit-dates", "start_date", None),
                ("audit-dates", "end_date", None),
            ],
        ),
        (401, 403, 403, 200),
    ),
    "enterprises-upload": (
        callback_body(
            [("enterprises-upload-result", "children")],
            [("enterprises-upload", "contents", "data:text/csv;base64,")],
            [("enterprises-upload", "filename", "x.csv")],
        ),
        (401, 403, 403, 200),
    ),
    "review": (
        callback_body(
            [("review-message", "children")],
            [("review-approve", "n_clicks", 1), ("review-return", "n_clicks", None)],
            [("review-submission", "value", None), ("review-comment", "value", None)],
        ),
        (401, 403, 403, 200),
    ),
}


@pytest.mark.parametrize("name", COMPONENT_CALLBACKS)
@pytest.mark.parametrize("role", ROLES)
def test_component_callback(world, role, name):
    from accounts_support import post_callback

    _, clients, _ = world
    body, expected = COMPONENT_CALLBACKS[name]
    clients[role].get("/_dash-layout")  # Dash registers page callbacks on first use
    response = post_callback(clients[role], resolve(clients["admin"], body))
    assert response.status_code == expected[ROLES.index(role)], response.text[:300]


API = {
    ("GET", "/api/submissions"): (401, 200, 200, 200),
    ("GET", "/api/submissions?region=无锡市"): (401, 200, 403, 200),
    ("GET", "/api/submissions?region=火星市"): (401, 400, 400, 400),
    ("GET", "/api/submissions/999999"): (401, 404, 404, 404),
    ("POST", "/api/submissions"): (401, 403, 422, 422),
    ("POST", "/api/submissions/999999/approve"): (401, 403, 403, 404),
    ("POST", "/api/submissions/999999/return"): (401, 403, 403, 404),
    ("GET", "/api/progress?period=2021Q3"): (401, 200, 200, 200),
    ("GET", "/api/progress?period=2021Q3&region=all"): (401, 200, 200, 200),
    ("GET", "/api/progress?period=2030Q1"): (401, 400, 400, 400),
    ("GET", "/api/progress"): (401, 400, 400, 400),
    ("GET", "/api/nothing-here"): (401, 404, 404, 404),
    ("DELETE", "/api/submissions"): (401, 404, 404, 404),
}


@pytest.mark.parametrize("call", API, ids=[f"{m} {p}" for m, p in API])
@pytest.mark.parametrize("role", ROLES)
def test_api(world, role, call):
    app, _, tokens = world
    method, path = call
    client = app.server.test_client()  # no cookies: the API is token-only
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role in tokens else {}
    kwargs = {}
    if method == "POST" and path == "/api/submissions":
        kwargs["data"] = {"file": (io.BytesIO(b"\x89PNG\r\n\x1a\nxxxx"), "figures.xlsx")}
    response = client.open(path, method=method, headers=headers, **kwargs)
    assert response.status_code == API[call][ROLES.index(role)]
    assert response.is_json
    if response.status_code >= 400:
        assert response.get_json()["error"]


def test_a_revoked_token_is_refused(db, make_app):
    from data_model import accounts
    from data_model.db import write_session

    add_users(db)
    with write_session(db.sessions) as session:
        token_id, token = accounts.create_token(session, "leader1", "tests")
    client = make_app(db).server.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/submissions", headers=headers).status_code == 200
    with write_session(db.sessions) as session:
        accounts.revoke_token(session, token_id, "tests")
    assert client.get("/api/submissions", headers=headers).status_code == 401
