"""Helpers for tests of accounts, pages and the API: users, signed-in clients, Dash callback posts."""

from __future__ import annotations

import re

from data_model import accounts
from data_model.db import write_session

PASSWORD = "correct-horse-1"
USERS = {
    "admin": ("admin1", None),
    "leader": ("leader1", None),
    "bureau": ("nanjing1", "320100"),
    "bureau_wx": ("wuxi1", "320200"),
}


def add_users(database) -> None:
    with write_session(database.sessions) as session:
        for role, (name, region) in USERS.items():
            accounts.create_user(session, name, PASSWORD, role.split("_")[0], region, "tests")


def add_token(database, username: str) -> str:
    with write_session(database.sessions) as session:
        return accounts.create_token(session, username, "tests")[1]


def csrf_token(client) -> str:
    page = client.get("/login")
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def sign_in(client, username: str, password: str = PASSWORD):
    """Sign ``client`` in; return the login response."""
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
    )


def client_for(app, role: str | None):
    client = app.server.test_client()
    if role is not None:
        response = sign_in(client, USERS[role][0])
        assert response.status_code == 302, response.text
    return client


def session_csrf(client) -> str:
    cookie = client.get_cookie("_csrf_token")
    return cookie.value if cookie else ""


def callback_body(outputs: list[tuple[str, str]], inputs: list[tuple[str, str, object]], state=()):
    return {
        "output": "..".join(f"{i}.{p}" for i, p in outputs)
        if len(outputs) == 1
        else ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
        "outputs": [{"id": i, "property": p} for i, p in outputs]
        if len(outputs) > 1
        else {"id": outputs[0][0], "property": outputs[0][1]},
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
    }


def post_callback(client, body: dict, with_token: bool = True):
    headers = {"X-CSRFToken": session_csrf(client)} if with_token else {}
    return client.post("/_dash-update-component", json=body, headers=headers)


def page_body(path: str) -> dict:
    return callback_body(
        [("_pages_content", "children"), ("_pages_store", "data")],
        [("_pages_location", "pathname", path), ("_pages_location", "search", "")],
    )


def resolve(client, body: dict) -> dict:
    """Return ``body`` with its output key as Dash registered it (duplicates carry an @hash)."""
    for dependency in client.get("/_dash-dependencies").get_json():
        if dependency["output"].split("@")[0].rstrip(".") == body["output"].rstrip("."):
            return {**body, "output": dependency["output"]}
        plain = "...".join(part.split("@")[0] for part in dependency["output"].split("..."))
        if plain.rstrip(".") == body["output"].rstrip("."):
            return {**body, "output": dependency["output"]}
    raise LookupError(body["output"])


def signed_in_client(app, database, role: str = "leader"):
    """Return a test client of ``app`` signed in as a fresh user with ``role`` on ``database``."""
    name, region = USERS[role]
    with write_session(database.sessions) as session:
        if accounts.find_account(session, name) is None:
            accounts.create_user(session, name, PASSWORD, role.split("_")[0], region, "tests")
    return client_for(app, role)
