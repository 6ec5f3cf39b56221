"""城市: one city's scorecard across all indicators, its status counts and its rank over time."""

from __future__ import annotations

from urllib.parse import unquote

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import data
from dashboard.components.cards import section
from dashboard.components.controls import page_header, quarter_selector, query_string
from dashboard.components.feedback import empty_state, guarded
from dashboard.components.formatting import percent, points, quantity
from dashboard.components.status import status_badge, status_counts_row, status_legend
from dashboard.components.tables import TableColumn, download_link, table
from dashboard.figures.progress import completion_bars_figure, rank_history_figure
from dashboard.figures.style import GRAPH_CONFIG
from data_model.regions import cities

dash.register_page(__name__, path_template="/cities/<region>", title="城市 · 千企升级", name="城市")

URL = "city-url"
NAV = "city-nav"
PERIOD = "city-period"
CHOICE = "city-choice"
REGION = "city-region"
CONTENT = "city-content"
SCORECARD_GRAPH = "city-scorecard-graph"
RANK_GRAPH = "city-rank-graph"
SCORECARD_TABLE = "city-scorecard-table"
DOWNLOAD = "city-download"
CITY_COUNT = 13

SCORECARD_COLUMNS = [
    TableColumn(
        "indicator_name",
        "指标",
        lambda r: html.A(r["indicator_name"], href=f"/indicators/{r['indicator']}"),
    ),
    TableColumn("group_name", "领域"),
    TableColumn("cumulative", "累计完成", lambda r: quantity(r["cumulative"], r["unit"]), True),
    TableColumn("target", "分解目标", lambda r: quantity(r["target"], r["unit"]), True),
    TableColumn("completion", "完成率", lambda r: percent(r["completion"]), True),
    TableColumn("gap", "较序时进度", lambda r: points(r["gap"]), True),
    TableColumn("status", "状态", lambda r: status_badge(r["status"])),
]


@guarded()
def layout(region: str | None = None, period: str | None = None, **_kwargs):
    city = data.find_city(unquote(region or ""))
    periods, quarter = data.check_period(data.current_source(), period)
    chooser = html.Div(
        [
            dbc.Label("设区市", html_for=CHOICE, className="mb-0 small text-muted"),
            dcc.Dropdown(
                id=CHOICE,
                options=[{"label": c.name, "value": c.code} for c in cities()],
                value=city.code,
                clearable=False,
                searchable=False,
            ),
        ],
        className="control",
    )
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            dcc.Location(id=NAV, refresh="callback-nav"),
            dcc.Store(id=REGION, data=city.code),
            page_header(
                f"{city.name}进展情况",
                [chooser, quarter_selector(PERIOD, periods, quarter)],
                "各项指标对照本市分解目标的完成情况",
            ),
            dcc.Loading(html.Div(id=CONTENT), delay_show=300),
        ],
        className="page",
    )


@callback(
    Output(CONTENT, "children"),
    Output(URL, "search"),
    Input(PERIOD, "value"),
    State(REGION, "data"),
)
@guarded(extra_outputs=1)
def update(period: str | None, region: str):
    detail = data.city_detail(data.current_source(), region, period)
    return render(detail), query_string(period=str(detail.quarter) if detail.quarter else None)


@callback(
    Output(NAV, "href"),
    Input(CHOICE, "value"),
    State(REGION, "data"),
    State(PERIOD, "value"),
    prevent_initial_call=True,
)
def choose(region: str, current: str, period: str | None):
    """Open the chosen city's page, keeping the quarter."""
    if region == current:
        return dash.no_update
    return f"/cities/{region}{query_string(period=period)}"


def render(detail: data.CityDetail):
    """Return the city page's content for one quarter."""
    name = detail.region.name
    if not detail.has_data:
        when = detail.quarter.label if detail.quarter else "目前"
        return empty_state("该季度暂无数据", f"{when}尚无审核通过的报送数据，请选择其他季度。")
    as_of = detail.quarter.label
    latest = detail.rank_history.iloc[-1]
    scorecard = completion_bars_figure(
        detail.rows,
        "indicator_name",
        f"{name}各项指标分解目标完成率（截至{as_of}）",
        expected=float(detail.rows["expected"].iloc[0]),
    )
    return html.Div(
        [
            html.P(
                f"截至{as_of}，{name}综合排名第{int(latest['rank'])}名（{latest['tier']}），"
                f"综合得分{latest['score']:.2f}分。",
                className="lead-summary",
            ),
            status_counts_row(detail.status_counts),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Graph(id=SCORECARD_GRAPH, figure=scorecard, config=GRAPH_CONFIG),
                        xs=12,
                        lg=7,
                    ),
                    dbc.Col(
                        dcc.Graph(
                            id=RANK_GRAPH,
                            figure=rank_history_figure(
                                detail.rank_history, name, CITY_COUNT, as_of
                            ),
                            config=GRAPH_CONFIG,
                        ),
                        xs=12,
                        lg=5,
                    ),
                ],
                className="g-3",
            ),
            section(
                f"{name}指标明细",
                [
                    status_legend(),
                    table(detail.rows, SCORECARD_COLUMNS, SCORECARD_TABLE),
                    download_link(
                        "/downloads/progress.xlsx",
                        {"period": str(detail.quarter), "region": detail.region.code},
                        link_id=DOWNLOAD,
                    ),
                ],
                subtitle=f"截至{as_of}",
            ),
        ]
    )
