"""What every admin command module shares: the operator's name, quarter options, output files."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import click

from data_model.periods import Quarter


def operator_name() -> str:
    """Return the login name of whoever runs the command, recorded as the actor."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "cli"


def parse_quarter(value: str, option: str = "--period") -> Quarter:
    """Return the quarter an option names, or stop with exit 2 and a Chinese message."""
    try:
        return Quarter.parse(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"无法识别的季度“{value}”，应写作 2021Q3", param_hint=option
        ) from exc


def write_output(data: bytes, output: Path | None) -> None:
    """Write ``data`` to ``output``, or to standard output when no file is given."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
        click.echo(f"已写入 {output}", err=True)
