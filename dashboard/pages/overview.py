"""总览: where Jiangsu stands against every target of the plan at one quarter."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard import data
from dashboard.components.cards import headline_card, section
from dashboard.components.controls import page_header, quarter_selector, query_string
from dashboard.components.feedback import empty_state, guarded
from dashboard.components.formatting import percent, points, quantity
from dashboard.components.progress import indicator_progress_row
from dashboard.components.status import status_badge, status_counts_row, status_legend
from dashboard.components.tables import TableColumn, download_link, table
from dashboard.figures.progress import status_counts_figure
from dashboard.figures.style import GRAPH_CONFIG

dash.register_page(__name__, path="/", title="总览 · 千企升级", name="总览")

URL = "overview-url"
PERIOD = "overview-period"
CONTENT = "overview-content"
HEADLINES = "overview-headlines"
STATUS_GRAPH = "overview-status-graph"
LAGGING = "overview-lagging"
DOWNLOAD = "overview-download"

LAGGING_COLUMNS = [
    TableColumn(
        "indicator_name",
        "指标",
        lambda r: html.A(r["indicator_name"], href=f"/indicators/{r['indicator']}"),
    ),
    TableColumn("cumulative", "累计完成", lambda r: quantity(r["cumulative"], r["unit"]), True),
    TableColumn("target", "三年目标", lambda r: quantity(r["target"], r["unit"]), True),
    TableColumn("completion", "完成率", lambda r: percent(r["completion"]), True),
    TableColumn("gap", "较序时进度", lambda r: points(r["gap"]), True),
    TableColumn("status", "状态", lambda r: status_badge(r["status"])),
]


@guarded()
def layout(period: str | None = None, **_kwargs):
    periods, quarter = data.check_period(data.current_source(), period)
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            page_header(
                "全省进展总览",
                [quarter_selector(PERIOD, periods, quarter)],
                "江苏省“千企升级”三年行动计划（2020—2022年）各项目标完成情况",
            ),
            dcc.Loading(html.Div(id=CONTENT), delay_show=300),
        ],
        className="page",
    )


@callback(Output(CONTENT, "children"), Output(URL, "search"), Input(PERIOD, "value"))
@guarded(extra_outputs=1)
def update(period: str | None):
    view = data.overview(data.current_source(), period)
    return render(view), query_string(period=str(view.quarter) if view.quarter else None)


def render(view: data.Overview):
    """Return the overview's content for one quarter."""
    if not view.has_data:
        when = view.quarter.label if view.quarter else "目前"
        return empty_state("该季度暂无数据", f"{when}尚无审核通过的报送数据，请选择其他季度。")
    as_of = view.quarter.label
    province = view.province
    headline = province[
        province["indicator"].isin([i.code for i in view.plan.indicators if i.headline])
    ]
    cards = dbc.Row(
        [
            dbc.Col(headline_card(row, f"headline-{row['indicator']}"), xs=12, md=4)
            for _, row in headline.iterrows()
        ],
        className="g-3 mb-3",
        id=HEADLINES,
    )
    groups = []
    for group in view.plan.groups:
        rows = province[province["group"] == group.code]
        groups.append(
            dbc.Col(
                section(
                    group.name,
                    [
                        indicator_progress_row(row, f"/indicators/{row['indicator']}")
                        for _, row in rows.iterrows()
                    ],
                ),
                xs=12,
                lg=6,
            )
        )
    lagging = (
        table(view.lagging, LAGGING_COLUMNS, LAGGING, caption=f"滞后最多的指标（截至{as_of}）")
        if len(view.lagging)
        else empty_state("暂无滞后指标", f"截至{as_of}，各项指标均达到或接近序时进度。")
    )
    return html.Div(
        [
            html.H4(f"企业培育核心指标（截至{as_of}）", className="section-title"),
            cards,
            dbc.Row(
                [
                    dbc.Col(
                        [
                            status_counts_row(view.status_counts),
                            dcc.Graph(
                                id=STATUS_GRAPH,
                                figure=status_counts_figure(
                                    view.status_counts,
                                    f"各状态指标数量（截至{as_of}，共{len(province)}项）",
                                ),
                                config=GRAPH_CONFIG,
                            ),
                        ],
                        xs=12,
                        lg=6,
                    ),
                    dbc.Col(section("进度最滞后的指标", [lagging]), xs=12, lg=6),
                ],
                className="g-3",
            ),
            html.Div(
                [
                    html.H4(
                        f"分领域指标完成情况（截至{as_of}）", className="section-title d-inline"
                    ),
                    download_link(
                        "/downloads/progress.xlsx",
                        {"period": str(view.quarter), "region": "320000"},
                        link_id=DOWNLOAD,
                    ),
                ],
                className="d-flex justify-content-between align-items-center mt-3",
            ),
            html.P(
                "条形长度为完成率（累计完成 ÷ 三年目标），竖线为序时进度（已过季度 ÷ 12），颜色表示状态。",
                className="text-muted small",
            ),
            status_legend(),
            dbc.Row(groups, className="g-3"),
        ]
    )
