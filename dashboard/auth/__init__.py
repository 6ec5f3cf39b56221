"""Accounts, roles and sessions: every request needs a signed-in user, except the sign-in page,
static assets and the API (which authenticates with tokens instead of cookies).

Checks run on the Flask server before any page, download, Dash layout or callback is served, so no
page has to remember them; pages still re-check (``require``) as a second line.
"""

from __future__ import annotations

import dash
from flask import Flask, jsonify, redirect, request, session
from flask_login import LoginManager, UserMixin, current_user

from dashboard.auth import csrf
from dashboard.auth.access import STAMP, callback_allowed, path_allowed
from dashboard.auth.identity import current_identity
from dashboard.runtime import runtime
from data_model import accounts
from data_model.db import read_session

PUBLIC_PREFIXES = ("/assets/", "/login", "/api/", "/_favicon.ico")
# /api does its own (token) authentication and takes no cookies, so CSRF does not apply to it.


class SessionUser(UserMixin):
    """The signed-in account as Flask-Login sees it."""

    def __init__(self, account: accounts.Account) -> None:
        self.id = account.id
        self.username = account.username
        self.role = account.role
        self.region_code = account.region_code
        self.is_demo = account.is_demo


def _load_user(user_id: str):
    try:
        with read_session(runtime().sessions) as db:
            account = accounts.get_account(db, int(user_id))
    except ValueError:
        return None
    if account is None or not account.is_active:
        return None
    if account.is_demo and not runtime().config.demo_mode:
        return None
    if session.get(STAMP) != account.credential_stamp:  # the password changed since sign-in
        return None
    return SessionUser(account)


def _is_public(path: str) -> bool:
    return path in ("/login", "/api") or path.startswith(PUBLIC_PREFIXES)


def _refuse(status: int, message: str):
    if request.path.startswith("/_dash") or request.method != "GET":
        return jsonify({"error": message}), status
    body = f'<!doctype html><meta charset="utf-8"><p>{message}</p><p><a href="/">返回首页</a></p>'
    return body, status, {"Content-Type": "text/html; charset=utf-8"}


def _guard():
    path = request.path
    if path.startswith("/api/") or path == "/api":
        return None
    if _is_public(path):
        return (
            None
            if csrf.request_is_valid()
            else _refuse(400, "请求缺少有效的安全令牌，请刷新页面后重试")
        )
    if not current_user.is_authenticated:
        if request.method == "GET" and not path.startswith("/_dash"):
            return redirect(f"/login?next={request.full_path.rstrip('?')}")
        return _refuse(401, "请先登录")
    if not csrf.request_is_valid():
        return _refuse(400, "请求缺少有效的安全令牌，请刷新页面后重试")
    role = current_identity().role
    if not path_allowed(role, path):
        return _refuse(403, "您的账号无权访问此页面")
    if path.endswith("/_dash-update-component"):
        body = request.get_json(silent=True) or {}
        if not callback_allowed(role, body):
            return _refuse(403, "您的账号无权执行此操作")
    return None


def install(server: Flask, app: dash.Dash) -> None:
    """Require login and install role checks and CSRF protection on ``server``."""
    from dashboard import account_downloads, api
    from dashboard.auth.views import blueprint

    manager = LoginManager()
    manager.init_app(server)
    manager.user_loader(_load_user)
    server.register_blueprint(blueprint)
    server.register_blueprint(account_downloads.blueprint)
    api.install(server)
    server.before_request(_guard)

    @server.after_request
    def _csrf_cookie(response):
        if not request.path.startswith("/api"):
            csrf.token()
            csrf.set_cookie(response, secure=runtime().config.session_cookie_secure)
        return response
