"""Bulletin commands: ``flask bulletin --period 2022Q3 -o 通报.pdf`` and ``flask export ranking``.

Exit status: 0 written, 1 no bulletin for that quarter (message on stderr), 2 bad usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from dashboard.cli_support import write_output
from dashboard.exports import ranking_export
from dashboard.exports.bulletin_pdf import render_pdf
from dashboard.runtime import runtime
from data_model.bulletin import Bulletin, BulletinUnavailable, load_bulletin
from data_model.db import read_session
from data_model.periods import Quarter


def register(server: Flask, export_group: AppGroup) -> None:
    server.cli.add_command(bulletin_command)
    export_group.add_command(export_ranking)


def _bulletin_or_exit(period: str) -> Bulletin:
    """Return the bulletin for ``period``; exit 2 on a bad period, 1 when there is none."""
    try:
        quarter = Quarter.parse(period)
    except ValueError as exc:
        raise click.BadParameter(
            f"无法识别的季度“{period}”，应写作 2022Q3", param_hint="--period"
        ) from exc
    rt = runtime()
    try:
        with read_session(rt.sessions) as session:
            return load_bulletin(session, rt.config.plan_code, quarter)
    except BulletinUnavailable as exc:
        click.echo(exc.message, err=True)
        sys.exit(1)


@click.command("bulletin")
@with_appcontext
@click.option("--period", required=True, help="季度，如 2022Q3 或 2022年第三季度。")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="PDF 文件",
)
def bulletin_command(period: str, output: Path) -> None:
    """生成某季度的“千企升级”工作进展情况通报（PDF）。"""
    bulletin = _bulletin_or_exit(period)
    output.write_bytes(render_pdf(bulletin))
    click.echo(f"已生成 {output}（{bulletin.title}）")


@click.command("ranking")
@with_appcontext
@click.option("--period", required=True, help="季度，如 2022Q3。")
@click.option("--format", "fmt", type=click.Choice(ranking_export.FORMATS), default="xlsx")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def export_ranking(period: str, fmt: str, output: Path | None) -> None:
    """导出设区市综合排名（xlsx 另含分指标完成率）；不给 -o 时写到标准输出。"""
    data = ranking_export.render(_bulletin_or_exit(period), fmt)
    write_output(data, output)
