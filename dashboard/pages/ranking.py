"""排名: the 13 cities ranked by the composite score of ``data_model/ranking_method.yaml``."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard import data
from dashboard.components.cards import section
from dashboard.components.controls import page_header, quarter_selector, query_string
from dashboard.components.feedback import empty_state, guarded
from dashboard.components.formatting import number, rank_change, rank_range
from dashboard.components.tables import TableColumn, table
from dashboard.figures.ranking import ranking_figure
from dashboard.figures.style import GRAPH_CONFIG
from data_model.ranking import RankingMethod, load_method

dash.register_page(__name__, path="/ranking", title="排名 · 千企升级", name="排名")

URL = "ranking-url"
PERIOD = "ranking-period"
CONTENT = "ranking-content"
GRAPH = "ranking-graph"
TABLE = "ranking-table"
# The bulletin's PDF and Excel buttons live here (built with the bulletin, not on this page).
BULLETIN_DOWNLOADS = "ranking-bulletin-downloads"


def ranking_columns(method: RankingMethod, previous_label: str | None) -> list[TableColumn]:
    decimals = method.display_decimals
    change_header = f"较{previous_label}" if previous_label else "较上季度"
    return [
        TableColumn("rank", "名次", lambda r: str(int(r["rank"])), True),
        TableColumn(
            "region", "设区市", lambda r: html.A(r["region"], href=f"/cities/{r['region_code']}")
        ),
        TableColumn("score", "综合得分", lambda r: f"{r['score']:.{decimals}f}", True),
        *[
            TableColumn(
                c.code,
                f"{c.name}（{c.weight:.0%}）",
                lambda r, c=c: f"{r[c.code]:.{decimals}f}",
                True,
            )
            for c in method.components
        ],
        TableColumn("core_value", "小巨人数量（家）", lambda r: number(r["core_value"]), True),
        TableColumn("tier", "梯队"),
        TableColumn("rank_change", change_header, lambda r: _change_cell(r["rank_change"]), True),
        TableColumn(
            "rank_min",
            "稳定性（名次区间）",
            lambda r: rank_range(int(r["rank_min"]), int(r["rank_max"])),
            True,
        ),
    ]


def _change_cell(change):
    text = rank_change(change)
    kind = "up" if text.startswith("↑") else "down" if text.startswith("↓") else "same"
    return html.Span(text, className=f"rank-change rank-{kind}")


def method_panel(method: RankingMethod) -> html.Div:
    """Return the method and weights as written in the method file."""
    return section(
        "排名方法",
        [
            html.P(method.description),
            html.Ul(
                [
                    html.Li([html.Strong(f"{c.name}（权重{c.weight:.0%}）："), c.description])
                    for c in method.components
                ]
            ),
            html.P(
                "梯队："
                + "；".join(f"{t.name}为第{t.first_rank}–{t.last_rank}名" for t in method.tiers)
                + "。"
            ),
            html.P(
                f"稳定性：将各项权重分别在±{method.stability.band:.0%}范围内随机扰动"
                f"{method.stability.samples}次并重新排名，列出各市可能的最好与最差名次；"
                "区间越窄，名次越不依赖权重的选择。",
                className="text-muted small",
            ),
        ],
        subtitle=method.name,
    )


@guarded()
def layout(period: str | None = None, **_kwargs):
    periods, quarter = data.check_period(data.current_source(), period)
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            page_header(
                "设区市综合排名",
                [quarter_selector(PERIOD, periods, quarter)],
                "以专精特新“小巨人”企业认定数量为核心指标，综合各项指标序时完成度",
            ),
            html.Div(id=BULLETIN_DOWNLOADS, className="bulletin-downloads mb-2"),
            dcc.Loading(html.Div(id=CONTENT), delay_show=300),
            method_panel(load_method()),
        ],
        className="page",
    )


@callback(
    Output(CONTENT, "children"),
    Output(URL, "search"),
    Output(BULLETIN_DOWNLOADS, "children"),
    Input(PERIOD, "value"),
)
@guarded(extra_outputs=2)
def update(period: str | None):
    view = data.city_ranking(data.current_source(), period)
    chosen = str(view.quarter) if view.quarter else None
    return render(view), query_string(period=chosen), bulletin_links(chosen)


def bulletin_links(period: str | None) -> list:
    """Return the bulletin download links for the quarter shown (routes built with the bulletin)."""
    if not period:
        return []
    query = query_string(period=period)
    return [
        html.A(
            "下载通报（PDF）",
            href=f"/downloads/bulletin.pdf{query}",
            className="btn btn-outline-primary btn-sm me-2",
        ),
        html.A(
            "下载排名（Excel）",
            href=f"/downloads/ranking.xlsx{query}",
            className="btn btn-outline-secondary btn-sm",
        ),
    ]


def render(view: data.RankingView):
    """Return the ranking chart and table for one quarter."""
    if not view.has_data:
        when = view.quarter.label if view.quarter else "目前"
        return empty_state("该季度暂无数据", f"{when}尚无审核通过的报送数据，无法排名。")
    as_of = view.quarter.label
    previous = view.previous.label if view.previous else None
    note = (
        f"名次变化与{previous}相比：↑上升、↓下降、→不变。"
        if previous
        else "上一季度没有数据，不显示名次变化。"
    )
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Graph(
                            id=GRAPH,
                            figure=ranking_figure(view.table, view.method, as_of),
                            config=GRAPH_CONFIG,
                        ),
                        xs=12,
                        xl=5,
                    ),
                    dbc.Col(
                        section(
                            f"排名表（截至{as_of}）",
                            [
                                table(view.table, ranking_columns(view.method, previous), TABLE),
                                html.P(
                                    note + " 得分相同则名次并列，其后名次顺延（如1、2、2、4）。",
                                    className="text-muted small",
                                ),
                            ],
                        ),
                        xs=12,
                        xl=7,
                    ),
                ],
                className="g-3",
            ),
        ]
    )
