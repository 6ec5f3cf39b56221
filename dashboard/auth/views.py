"""Server-rendered account pages: sign in, demo sign-in, sign out, change my password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, render_template_string, request, session
from flask_login import current_user, login_user, logout_user
from markupsafe import Markup

from dashboard.auth import csrf
from dashboard.auth.access import STAMP
from dashboard.auth.identity import client_address
from dashboard.runtime import runtime
from data_model import accounts, audit
from data_model.db import write_session

blueprint = Blueprint("accounts", __name__)

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · 千企升级进展监测平台</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap.min.css"></head>
<body class="bg-light"><main class="container" style="max-width: 28rem; margin-top: 6rem">
<h1 class="h4 mb-4">江苏省“千企升级”进展监测平台</h1>
<h2 class="h5 mb-3">{{ title }}</h2>
{% if message %}<div class="alert alert-{{ kind }}" role="alert" id="auth-message">{{ message }}</div>{% endif %}
{{ body }}
</main></body></html>"""

LOGIN_FORM = """<form method="post" action="/login">
<input type="hidden" name="csrf_token" value="{{ token }}">
<input type="hidden" name="next" value="{{ next }}">
<div class="mb-3"><label class="form-label" for="username">用户名</label>
<input class="form-control" id="username" name="username" autocomplete="username" required autofocus></div>
<div class="mb-3"><label class="form-label" for="password">密码</label>
<input class="form-control" id="password" name="password" type="password" autocomplete="current-password" required></div>
<button class="btn btn-primary w-100" type="submit" id="login-submit">登录</button></form>
{% if demo %}<hr><p class="text-muted small">演示模式：无需密码，一键以下列身份进入（仅演示模式下可用）。</p>
{% for name, label in demo %}<form method="post" action="/login/demo/{{ name }}" class="mb-2">
<input type="hidden" name="csrf_token" value="{{ token }}">
<button class="btn btn-outline-secondary w-100" type="submit" id="demo-{{ name }}">{{ label }}</button></form>
{% endfor %}{% endif %}"""

PASSWORD_FORM = """<form method="post" action="/account/password">
<input type="hidden" name="csrf_token" value="{{ token }}">
<div class="mb-3"><label class="form-label" for="current">当前密码</label>
<input class="form-control" id="current" name="current" type="password" autocomplete="current-password" required></div>
<div class="mb-3"><label class="form-label" for="new">新密码（至少 8 位）</label>
<input class="form-control" id="new" name="new" type="password" autocomplete="new-password" required></div>
<div class="mb-3"><label class="form-label" for="repeat">再次输入新密码</label>
<input class="form-control" id="repeat" name="repeat" type="password" autocomplete="new-password" required></div>
<button class="btn btn-primary" type="submit">修改密码</button> <a class="btn btn-link" href="/">返回</a></form>"""

DEMO_LABELS = {
    "demo-admin": "省级管理员（演示）",
    "demo-leader": "领导（演示）",
    "demo-nanjing": "南京市工信局（演示）",
}


def _page(title: str, body: str, message: str = "", kind: str = "danger", status: int = 200, **ctx):
    inner = render_template_string(body, token=csrf.token(), **ctx)
    html = render_template_string(PAGE, title=title, body=Markup(inner), message=message, kind=kind)
    return html, status, {"Content-Type": "text/html; charset=utf-8"}


def _safe_next(target: str | None) -> str:
    """Return a same-site path to go to after sign-in (never another host)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _login_page(message: str = "", status: int = 200):
    demo = list(DEMO_LABELS.items()) if runtime().config.demo_mode else []
    next_path = _safe_next(request.values.get("next"))
    return _page("登录", LOGIN_FORM, message, status=status, demo=demo, next=next_path)


def _sign_in(account: accounts.Account) -> None:
    from dashboard.auth import SessionUser

    session.clear()
    login_user(SessionUser(account))
    session[STAMP] = account.credential_stamp
    csrf.renew()


@blueprint.get("/login")
def login_form():
    if current_user.is_authenticated:
        return redirect("/")
    return _login_page()


@blueprint.post("/login")
def login_submit():
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    # The failed attempt must be committed (throttling counts it), so catch inside the transaction.
    with write_session(runtime().sessions) as db:
        try:
            account = accounts.authenticate(db, username, password, client_address())
        except accounts.AccountError as exc:
            account, error = None, exc
    if account is None:
        status = 429 if isinstance(error, accounts.LoginThrottled) else 401
        return _login_page(str(error), status=status)
    _sign_in(account)
    return redirect(_safe_next(request.form.get("next")))


@blueprint.post("/login/demo/<username>")
def demo_login(username: str):
    if not runtime().config.demo_mode or username not in accounts.DEMO_ACCOUNTS:
        abort(404)
    with write_session(runtime().sessions) as db:
        account = accounts.ensure_demo_account(db, username, client_address())
    _sign_in(account)
    return redirect("/")


@blueprint.post("/logout")
def logout():
    if current_user.is_authenticated:
        with write_session(runtime().sessions) as db:
            name = current_user.username
            audit.record(db, name, "logout", "user", name, {}, client_address())
    logout_user()
    session.clear()
    return redirect("/login")


@blueprint.get("/account/password")
def password_form():
    return _page("修改密码", PASSWORD_FORM)


@blueprint.post("/account/password")
def password_submit():
    current, new, repeat = (request.form.get(k, "") for k in ("current", "new", "repeat"))
    if new != repeat:
        return _page("修改密码", PASSWORD_FORM, "两次输入的新密码不一致", status=400)
    if current_user.is_demo:
        return _page("修改密码", PASSWORD_FORM, "演示账号不能修改密码", status=400)
    error = None
    with write_session(runtime().sessions) as db:
        try:
            accounts.authenticate(db, current_user.username, current, client_address())
            account = accounts.set_password(
                db, current_user.username, new, current_user.username, client_address()
            )
        except accounts.AccountError as exc:
            error = exc
    if error is not None:
        return _page("修改密码", PASSWORD_FORM, str(error), status=400)
    session[STAMP] = account.credential_stamp  # this session stays; every other one ends
    return _page("修改密码", PASSWORD_FORM, "密码已修改", kind="success")
