"""CLI commands for the enterprise roster: load, template, demo seed, assessments, exports."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from dashboard.cli_support import operator_name, write_output
from dashboard.exports import enterprise_lists
from dashboard.runtime import runtime
from data_model.db import read_session, write_session
from data_model.enterprises.reviews import record_assessment
from data_model.enterprises.screening import TIERS
from etl.enterprises.demo_seed import seed_demo_enterprises
from etl.enterprises.load import REJECTED, RosterRequest, load_roster
from etl.enterprises.template import template_bytes


def register(server: Flask, export_group: click.Group) -> None:
    for command in (load_enterprises, enterprise_template, seed_demo_enterprises_command):
        server.cli.add_command(command)
    server.cli.add_command(assess_enterprise)
    export_group.add_command(export_screening)


@click.command("load-enterprises")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="只校验，不写入。")
@click.option("--user", default=None, help="记录为操作人（默认：当前系统用户）。")
def load_enterprises(file: Path, dry_run: bool, user: str | None) -> None:
    """导入企业培育库名单及年度数据（.xlsx 或 .csv，整体导入或整体拒绝）。"""
    request = RosterRequest(file.read_bytes(), file.name, user or operator_name(), channel="cli")
    result = load_roster(runtime().sessions, request, dry_run=dry_run)
    if result.status == REJECTED:
        click.echo(result.message() + "：", err=True)
        for found in result.problems:
            click.echo(f"  [{found.code}] {found.describe()}", err=True)
        sys.exit(1)
    click.echo(result.message())


@click.command("enterprise-template")
@with_appcontext
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def enterprise_template(output: Path) -> None:
    """生成企业培育库导入模板（.xlsx，每家企业每年一行）。"""
    output.write_bytes(template_bytes())
    click.echo(f"已生成 {output}")


@click.command("seed-demo-enterprises")
@with_appcontext
def seed_demo_enterprises_command() -> None:
    """写入演示企业培育库（约 12000 家虚构企业，名称均以“演示·”开头）。"""
    result = seed_demo_enterprises(runtime().sessions)
    click.echo(result.message() if result else "数据库中已有演示企业，未做改动")


@click.command("assess-enterprise")
@with_appcontext
@click.argument("credit_code")
@click.argument("criterion_key")
@click.option("--met/--not-met", required=True, help="评定为符合或不符合。")
@click.option("--assessor", required=True, help="评定人或评审组。")
@click.option("--on", "assessed_on", default=None, help="评定日期，如 2022-09-30（默认今天）。")
@click.option("--note", default="", help="评定说明。")
def assess_enterprise(
    credit_code: str, criterion_key: str, met: bool, assessor: str, assessed_on, note: str
) -> None:
    """记录一项需人工评定的条件（如 t2.giant.mfg.3）的评定结果。"""
    try:
        day = date.fromisoformat(assessed_on) if assessed_on else date.today()
    except ValueError as exc:
        raise click.BadParameter(f"无法识别的日期“{assessed_on}”", param_hint="--on") from exc
    try:
        with write_session(runtime().sessions) as session:
            record_assessment(session, credit_code, criterion_key, met, assessor, day, note)
    except LookupError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"已记录：{credit_code} {criterion_key} {'符合' if met else '不符合'}（{assessor}）")


@click.command("screening")
@with_appcontext
@click.option("--tier", required=True, type=click.Choice(sorted(TIERS)))
@click.option("--year", required=True, type=int, help="筛选所用数据年度，如 2022。")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def export_screening(tier: str, year: int, fmt: str, output: Path | None) -> None:
    """导出逐条件筛选结果：每家企业、每项条件一行。"""
    with read_session(runtime().sessions) as session:
        data = enterprise_lists.screening_export(session, tier, year, fmt)
    write_output(data, output)
