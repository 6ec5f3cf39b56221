"""Plain HTML tables from DataFrames, with formatted cells and an Excel download link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html


@dataclass(frozen=True)
class TableColumn:
    name: str  # column of the frame
    header: str  # Chinese header
    render: Callable[[pd.Series], object] | None = None  # row → cell content; None: str(value)
    numeric: bool = False


def table(
    frame: pd.DataFrame, columns: list[TableColumn], table_id: str, caption: str = ""
) -> html.Div:
    """Return a responsive, striped table of ``frame`` with one row per frame row."""
    head = html.Thead(
        html.Tr([html.Th(c.header, className="text-end" if c.numeric else None) for c in columns])
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(
                        c.render(row) if c.render else str(row[c.name]),
                        className="text-end" if c.numeric else None,
                    )
                    for c in columns
                ]
            )
            for _, row in frame.iterrows()
        ]
    )
    children = [html.Caption(caption)] if caption else []
    return html.Div(
        dbc.Table(
            [*children, head, body],
            striped=True,
            hover=True,
            size="sm",
            className="data-table",
            id=table_id,
        ),
        className="table-responsive",
    )


def download_link(
    path: str, params: dict[str, str], label: str = "下载 Excel", link_id: str | None = None
):
    """Return a link to a download route with the page's filters as its query string."""
    query = urlencode({k: v for k, v in params.items() if v})
    props = {"id": link_id} if link_id else {}
    return html.A(
        label,
        href=f"{path}?{query}" if query else path,
        className="btn btn-outline-secondary btn-sm download-link",
        **props,
    )
