"""Admin commands on the Flask server: ``flask --app app:server <command>``.

Exit status: 0 done (or dry run clean), 1 the input was rejected, 2 bad usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from dashboard import cli_accounts, cli_enterprises, cli_reports
from dashboard.cli_support import operator_name, parse_quarter, write_output
from dashboard.exports import progress_export
from dashboard.runtime import runtime
from data_model import audit, catalog, migrate
from data_model.db import read_session, write_session
from data_model.plan_catalog import PlanFileError, load_plan_file
from data_model.progress import progress
from data_model.regions import PROVINCE_NAME, RegionMatcher, cities
from data_model.schema import Submission
from etl import quarterly
from etl.allocation import load_allocation
from etl.demo_seed import seed_demo
from etl.problems import Problem

export_group = AppGroup("export", help="导出数据（progress 等）。")


def register(server: Flask) -> None:
    for command in (init_db, load_plan, load, load_targets, template, seed_demo_command):
        server.cli.add_command(command)
    server.cli.add_command(export_group)
    cli_reports.register(server, export_group)
    cli_enterprises.register(server, export_group)
    cli_accounts.register(server)


def ready_runtime():
    """Return the runtime, or stop with exit 1 and a clear message when the database is not set up."""
    rt = runtime()
    try:
        current = migrate.is_current(rt.engine)
    except SQLAlchemyError as exc:
        click.echo(f"无法连接数据库：{exc.__class__.__name__}", err=True)
        sys.exit(1)
    if not current:
        click.echo("数据库尚未初始化或不是最新结构，请先运行 flask init-db", err=True)
        sys.exit(1)
    return rt


def _print_problems(problems: list[Problem]) -> None:
    for found in problems:
        click.echo(f"  [{found.code}] {found.describe()}", err=True)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """创建或升级数据库结构，并写入计划与行政区划。"""
    rt = runtime()
    migrate.upgrade(rt.engine)
    with write_session(rt.sessions) as session:
        codes = catalog.sync_reference_data(session, operator_name())
    click.echo(
        f"数据库已就绪：{rt.engine.url.render_as_string(hide_password=True)}；计划：{', '.join(codes)}"
    )


@click.command("load-plan")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_plan(file: Path) -> None:
    """导入或更新一个计划定义文件（YAML）；用 PLAN_CODE 选择平台展示的计划。"""
    try:
        plan = load_plan_file(file)
    except PlanFileError as exc:
        click.echo(f"{file.name}：{exc}", err=True)
        sys.exit(1)
    rt = ready_runtime()
    with write_session(rt.sessions) as session:
        catalog.sync_plan(session, plan, file.read_text(encoding="utf-8"), operator_name())
    click.echo(f"已导入计划 {plan.code}（{plan.name}，{len(plan.indicators)} 项指标）")


@click.command("load")
@with_appcontext
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--dry-run", is_flag=True, help="只校验，不写入。")
@click.option("--user", default=None, help="记录为操作人（默认：当前系统用户）。")
def load(files: tuple[Path, ...], dry_run: bool, user: str | None) -> None:
    """导入地市报送的季度数据文件（.xlsx 或 .csv，可一次多个）。每个文件整体导入或整体拒绝。"""
    rt = ready_runtime()
    rejected = 0
    for path in files:
        request = quarterly.LoadRequest(
            data=path.read_bytes(),
            file_name=path.name,
            actor=user or operator_name(),
            channel="cli",
            approved=True,
        )
        big = len(request.data) > 1_000_000
        result = quarterly.load_file(
            rt.sessions,
            rt.config.plan_code,
            request,
            dry_run=dry_run,
            progress=(lambda step, name=path.name: click.echo(f"{name}：{step}…", err=True))
            if big
            else None,
        )
        if result.status == quarterly.LOADED:
            periods = sorted({s.period for s in result.submissions})
            click.echo(
                f"{path.name}：已导入 {result.rows} 行，{len(result.submissions)} 份报送"
                f"（{len({s.region_code for s in result.submissions})} 个地区，季度 {', '.join(periods)}）"
            )
        elif result.status == quarterly.ALREADY_LOADED:
            click.echo(f"{path.name}：该文件已于 {result.previous}，未做改动")
        elif result.status == quarterly.CHECKED:
            click.echo(f"{path.name}：校验通过（{result.rows} 行，未写入）")
        else:
            rejected += 1
            click.echo(
                f"{path.name}：发现 {len(result.problems)} 个问题，整个文件未导入：", err=True
            )
            _print_problems(result.problems)
    sys.exit(1 if rejected else 0)


@click.command("load-targets")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="只校验，不写入。")
@click.option("--user", default=None, help="记录为操作人。")
def load_targets(file: Path, dry_run: bool, user: str | None) -> None:
    """导入各设区市的分解目标（各市之和须等于全省目标）。"""
    rt = ready_runtime()
    result = load_allocation(
        rt.sessions,
        rt.config.plan_code,
        file.read_bytes(),
        file.name,
        user or operator_name(),
        dry_run=dry_run,
    )
    if result.status == "rejected":
        click.echo(f"{file.name}：发现 {len(result.problems)} 个问题，分解目标未导入：", err=True)
        _print_problems(result.problems)
        sys.exit(1)
    messages = {
        "loaded": f"已导入 {result.indicators} 项指标的分解目标",
        "checked": f"校验通过（{result.indicators} 项指标，未写入）",
        "already_loaded": "与当前生效的分解目标相同，未做改动",
    }
    click.echo(f"{file.name}：{messages[result.status]}")


@click.command("template")
@with_appcontext
@click.option("--region", required=True, help="设区市，如 南京市。")
@click.option("--period", required=True, help="季度，如 2021Q3。")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def template(region: str, period: str, output: Path) -> None:
    """生成某市某季度的官方填报模板（.xlsx）。"""
    from dashboard.templates_service import template_bytes

    quarter = parse_quarter(period)
    match = RegionMatcher().match(region)
    if match.region is None or match.region.level != "city":
        hint = f"，是否为“{match.suggestion}”？" if match.suggestion else ""
        raise click.BadParameter(f"“{region}”不是设区市{hint}", param_hint="--region")
    rt = ready_runtime()
    with read_session(rt.sessions) as session:
        data = template_bytes(session, rt.config.plan_code, match.region, quarter)
    output.write_bytes(data)
    click.echo(f"已生成 {output}（{match.region.name}，{quarter.label}）")


@click.command("seed-demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="仅当数据库中还没有任何报送时写入。")
def seed_demo_command(if_empty: bool) -> None:
    """写入演示数据（分解目标与 12 个季度的报送），已有演示数据时不重复写入。"""
    rt = ready_runtime()
    if if_empty:
        with read_session(rt.sessions) as session:
            if session.scalar(select(func.count()).select_from(Submission)):
                click.echo("数据库中已有报送数据，未写入演示数据")
                return
    count = seed_demo(
        rt.sessions, rt.config.plan_code, progress=lambda s: click.echo(f"演示数据：{s}", err=True)
    )
    click.echo(f"已写入演示数据：{count} 份报送" if count else "数据库中已有演示数据，未做改动")


@export_group.command("progress")
@click.option("--period", required=True, help="季度，如 2021Q3。")
@click.option("--region", default=None, help="江苏省（默认）、某设区市，或 all 表示全部设区市。")
@click.option("--format", "fmt", type=click.Choice(progress_export.FORMATS), default="csv")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def export_progress(period: str, region: str | None, fmt: str, output: Path | None) -> None:
    """导出各指标进展：每个指标、地区一行。"""
    quarter = parse_quarter(period)
    codes = _region_codes(region)
    rt = ready_runtime()
    with read_session(rt.sessions) as session:
        plan, _ = catalog.stored_plan(session, rt.config.plan_code)
        if not plan.covers(quarter):
            raise click.BadParameter(f"{quarter} 不在计划期内", param_hint="--period")
        frame = progress(session, rt.config.plan_code, quarter)
    frame = frame[frame["region_code"].isin(codes)]
    data = progress_export.render(frame, fmt, title=f"{plan.name} 进展情况（{quarter.label}）")
    with write_session(rt.sessions) as session:
        detail = {"regions": codes, "format": fmt, "channel": "cli"}
        audit.record(
            session, operator_name(), "export.progress", "export", str(quarter), detail, "cli"
        )
    write_output(data, output)


def _region_codes(region: str | None) -> list[str]:
    if region is None or region in (PROVINCE_NAME, "江苏", "320000"):
        return ["320000"]
    if region == "all":
        return [c.code for c in cities()]
    match = RegionMatcher().match(region)
    if match.region is None or match.region.level != "city":
        hint = f"，是否为“{match.suggestion}”？" if match.suggestion else ""
        raise click.BadParameter(f"未知地区“{region}”{hint}", param_hint="--region")
    return [match.region.code]
