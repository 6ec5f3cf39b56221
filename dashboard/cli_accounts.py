"""Account commands: ``flask create-user``, ``flask create-token``, ``flask revoke-token``.

There are no default accounts: the first administrator is made with ``create-user``.
"""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import with_appcontext

from dashboard.cli_support import operator_name
from dashboard.runtime import runtime
from data_model import accounts
from data_model.db import write_session
from data_model.regions import RegionMatcher


def register(server: Flask) -> None:
    for command in (create_user, create_token, revoke_token):
        server.cli.add_command(command)


def _actor() -> str:
    return f"{operator_name()}（命令行）"


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _region_code(region: str | None) -> str | None:
    if not region:
        return None
    match = RegionMatcher().match(region)
    if match.region is None or match.region.level != "city":
        hint = f"，是否为“{match.suggestion}”？" if match.suggestion else ""
        raise click.BadParameter(f"“{region}”不是设区市{hint}", param_hint="--region")
    return match.region.code


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(accounts.ROLES), help="角色。")
@click.option("--region", default=None, help="地市工信局账号所属设区市，如 南京市。")
@click.option("--password-stdin", is_flag=True, help="从标准输入读取密码（供脚本使用）。")
def create_user(username: str, role: str, region: str | None, password_stdin: bool) -> None:
    """创建账号：省级管理员 (admin)、领导 (leader) 或地市工信局 (bureau)。"""
    code = _region_code(region)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码")
    try:
        with write_session(runtime().sessions) as session:
            account = accounts.create_user(session, username, password, role, code, _actor(), "cli")
    except accounts.AccountError as exc:
        _fail(str(exc))
    where = f"，{RegionMatcher().match(code).region.name}" if code else ""
    click.echo(f"已创建账号 {account.username}（{account.role_label}{where}）")


@click.command("create-token")
@with_appcontext
@click.argument("username")
@click.option("--label", default="", help="用途说明，如 南京市报送系统。")
def create_token(username: str, label: str) -> None:
    """为账号创建 API 访问令牌（只显示这一次，系统只保存其摘要）。"""
    try:
        with write_session(runtime().sessions) as session:
            token_id, token = accounts.create_token(session, username, _actor(), label, "cli")
    except accounts.AccountError as exc:
        _fail(str(exc))
    click.echo(f"令牌编号 {token_id}（请妥善保存，之后无法再次查看）：", err=True)
    click.echo(token)


@click.command("revoke-token")
@with_appcontext
@click.argument("token_id", type=int)
def revoke_token(token_id: int) -> None:
    """撤销 API 访问令牌（按编号）。"""
    try:
        with write_session(runtime().sessions) as session:
            accounts.revoke_token(session, token_id, _actor(), "cli")
    except accounts.AccountError as exc:
        _fail(str(exc))
    click.echo(f"已撤销令牌 {token_id}")
