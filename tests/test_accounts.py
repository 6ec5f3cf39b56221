"""Signing in and out, CSRF, throttling, demo logins, password changes and the account CLI."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from accounts_support import (
    PASSWORD,
    add_users,
    callback_body,
    client_for,
    csrf_token,
    page_body,
    post_callback,
    sign_in,
)
from sqlalchemy import func, select

from data_model import accounts
from data_model.db import read_session, write_session
from data_model.schema import AuditEvent, User


def _actions(db, action: str) -> int:
    with read_session(db.sessions) as session:
        query = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
        return session.scalar(query)


def test_sign_in_is_audited_and_a_wrong_password_refused(db, make_app):
    add_users(db)
    client = make_app(db).server.test_client()
    assert sign_in(client, "leader1", "wrong-password").status_code == 401
    assert client.get("/").status_code == 302
    assert sign_in(client, "leader1").status_code == 302
    assert client.get("/").status_code == 200
    assert (_actions(db, "login.failed"), _actions(db, "login")) == (1, 1)


def test_passwords_are_stored_hashed(db):
    add_users(db)
    with read_session(db.sessions) as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "admin1"))
    assert PASSWORD not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


@pytest.mark.parametrize(
    "request_kind",
    ["login form", "dash callback", "logout", "password change"],
)
def test_state_changing_requests_without_the_csrf_token_are_refused(db, make_app, request_kind):
    add_users(db)
    app = make_app(db)
    client = client_for(app, None if request_kind == "login form" else "admin")
    if request_kind == "login form":
        csrf_token(client)
        response = client.post("/login", data={"username": "admin1", "password": PASSWORD})
    elif request_kind == "dash callback":
        response = post_callback(client, page_body("/"), with_token=False)
        assert post_callback(client, page_body("/")).status_code == 200
    elif request_kind == "logout":
        response = client.post("/logout")
    else:
        response = client.post(
            "/account/password", data={"current": PASSWORD, "new": "x" * 10, "repeat": "x" * 10}
        )
    assert response.status_code == 400


def test_a_forged_csrf_header_is_refused(db, make_app):
    add_users(db)
    client = client_for(make_app(db), "admin")
    response = client.post(
        "/_dash-update-component", json=page_body("/"), headers={"X-CSRFToken": "forged"}
    )
    assert response.status_code == 400


def test_logout_ends_the_session(db, make_app):
    add_users(db)
    client = client_for(make_app(db), "bureau")
    token = client.get_cookie("_csrf_token").value
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/submissions").status_code == 302
    assert _actions(db, "logout") == 1


def test_five_failures_lock_out_the_username_from_that_address(db, make_app):
    add_users(db)
    client = make_app(db).server.test_client()
    for _ in range(accounts.MAX_FAILURES):
        assert sign_in(client, "admin1", "wrong-password").status_code == 401
    # Even the right password is refused now, and the refusal is logged.
    assert sign_in(client, "admin1").status_code == 429
    assert _actions(db, "login.throttled") == 1
    other_address = make_app(db).server.test_client()
    response = other_address.post(
        "/login",
        data={"username": "admin1", "password": PASSWORD, "csrf_token": csrf_token(other_address)},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert response.status_code == 302


def test_throttling_ends_after_the_window(db):
    add_users(db)
    start = datetime(2021, 10, 1, 9, 0)
    with write_session(db.sessions) as session:
        for minute in range(5):
            with pytest.raises(accounts.AccountError):
                accounts.authenticate(
                    session, "admin1", "bad", "1.2.3.4", start + timedelta(minutes=minute)
                )
    with read_session(db.sessions) as session:
        assert accounts.is_throttled(session, "admin1", "1.2.3.4", start + timedelta(minutes=10))
        assert not accounts.is_throttled(
            session, "admin1", "1.2.3.4", start + timedelta(minutes=20)
        )
        assert not accounts.is_throttled(
            session, "admin1", "5.6.7.8", start + timedelta(minutes=10)
        )


def test_change_my_password(db, make_app):
    add_users(db)
    client = client_for(make_app(db), "leader")
    token = client.get_cookie("_csrf_token").value
    form = {
        "csrf_token": token,
        "current": PASSWORD,
        "new": "new-secret-99",
        "repeat": "new-secret-99",
    }
    assert client.post("/account/password", data=form).status_code == 200
    fresh = make_app(db).server.test_client()
    assert sign_in(fresh, "leader1").status_code == 401
    assert sign_in(fresh, "leader1", "new-secret-99").status_code == 302


@pytest.mark.parametrize("username", sorted(accounts.DEMO_ACCOUNTS))
def test_demo_logins_work_only_in_demo_mode(db, make_app, username):
    demo = make_app(db, DEMO_MODE="1").server.test_client()
    assert "一键" in demo.get("/login").text
    response = demo.post(f"/login/demo/{username}", data={"csrf_token": csrf_token(demo)})
    assert response.status_code == 302
    assert demo.get("/submissions").status_code == 200

    normal_app = make_app(db)
    normal = normal_app.server.test_client()
    assert "一键" not in normal.get("/login").text
    response = normal.post(f"/login/demo/{username}", data={"csrf_token": csrf_token(normal)})
    assert response.status_code == 404
    # The demo account now exists in the database, but cannot sign in without demo mode ...
    assert sign_in(normal, username, "").status_code == 401
    # ... and a session cookie made in demo mode is worthless once demo mode is off.
    demo_cookie = demo.get_cookie("session").value
    normal.set_cookie("session", demo_cookie)
    assert normal.get("/submissions").status_code == 302


def test_no_account_exists_until_one_is_created(db):
    with read_session(db.sessions) as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0


def test_cli_creates_users_and_tokens(cli, db):
    result = cli(
        "create-user",
        "suzhou1",
        "--role",
        "bureau",
        "--region",
        "苏州市",
        "--password-stdin",
        input="long-password\n",
    )
    assert result.exit_code == 0, result.output
    assert "苏州市" in result.output
    result = cli("create-user", "boss", "--role", "admin", input="long-password\nlong-password\n")
    assert result.exit_code == 0, result.output
    assert (
        cli(
            "create-user", "boss", "--role", "admin", "--password-stdin", input="long-password\n"
        ).exit_code
        == 1
    )
    assert (
        cli(
            "create-user", "x", "--role", "bureau", "--password-stdin", input="long-password\n"
        ).exit_code
        == 1
    )
    assert (
        cli("create-user", "y", "--role", "leader", "--password-stdin", input="short\n").exit_code
        == 1
    )
    result = cli("create-token", "suzhou1")
    assert result.exit_code == 0
    token = result.stdout.strip().splitlines()[-1]
    with read_session(db.sessions) as session:
        account = accounts.account_for_token(session, token)
        assert (account.username, account.region_code) == ("suzhou1", "320500")
        stored = [t["id"] for t in accounts.list_tokens(session)]
    assert cli("revoke-token", str(stored[0])).exit_code == 0
    with read_session(db.sessions) as session:
        assert accounts.account_for_token(session, token) is None
    assert _actions(db, "token.revoke") == 1
    assert _actions(db, "user.create") == 2


@pytest.mark.parametrize(
    "role, region, message",
    [
        ("bureau", None, "必须指定"),
        ("leader", "320100", "只有地市工信局"),
        ("king", None, "未知角色"),
        ("bureau", "320102", "设区市"),
    ],
)
def test_bad_accounts_are_refused(db, role, region, message):
    with write_session(db.sessions) as session, pytest.raises(accounts.AccountError, match=message):
        accounts.create_user(session, "someone", "long-password", role, region, "tests")


def test_users_page_creates_an_account(db, make_app):
    from accounts_support import resolve

    add_users(db)
    client = client_for(make_app(db), "admin")
    inputs = [
        (f"users-{n}", "n_clicks", 1 if n == "create" else None)
        for n in ("create", "enable", "disable", "token", "revoke")
    ]
    state = [
        ("users-name", "value", "taizhou1"),
        ("users-role", "value", "bureau"),
        ("users-region", "value", "321200"),
        ("users-password", "value", "long-password"),
        ("users-target", "value", None),
        ("users-token-id", "value", None),
    ]
    body = callback_body(
        [("users-message", "children"), ("users-listing", "children")], inputs, state
    )
    response = post_callback(client, resolve(client, body))
    assert response.status_code == 200
    message = response.get_json()["response"]["users-message"]["children"]["props"]["children"]
    assert message == "已创建账号 taizhou1（地市工信局）。"
    with read_session(db.sessions) as session:
        assert accounts.find_account(session, "taizhou1").region_code == "321200"


def test_the_api_ignores_session_cookies(db, make_app):
    add_users(db)
    client = client_for(make_app(db), "admin")
    assert client.get("/submissions").status_code == 200
    assert client.get("/api/submissions").status_code == 401
