"""指标: one indicator — the province's path against 序时 and the 13 cities against their targets."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import data
from dashboard.components.cards import section
from dashboard.components.controls import page_header, quarter_selector, query_string
from dashboard.components.feedback import empty_state, guarded
from dashboard.components.formatting import percent, points, quantity
from dashboard.components.status import status_badge, status_legend
from dashboard.components.tables import TableColumn, download_link, table
from dashboard.figures.progress import completion_bars_figure, indicator_path_figure
from dashboard.figures.style import GRAPH_CONFIG

dash.register_page(
    __name__, path_template="/indicators/<code>", title="指标 · 千企升级", name="指标"
)

URL = "indicator-url"
NAV = "indicator-nav"
PERIOD = "indicator-period"
CHOICE = "indicator-choice"
CODE = "indicator-code"
CONTENT = "indicator-content"
PATH_GRAPH = "indicator-path-graph"
CITIES_GRAPH = "indicator-cities-graph"
CITIES_TABLE = "indicator-cities-table"
DOWNLOAD = "indicator-download"

FORMULA = (
    "完成率 = 自2020年第一季度起累计完成量 ÷ 三年目标；序时进度 = 已过季度数 ÷ 12；"
    "与序时进度差距 = 完成率 − 序时进度；按当前进度预计期末完成 = 累计完成 ÷ 已过季度数 × 12。"
    "全省累计为13个设区市之和，全省目标为计划目标，各市目标为分解目标。"
)

CITY_COLUMNS = [
    TableColumn(
        "region", "设区市", lambda r: html.A(r["region"], href=f"/cities/{r['region_code']}")
    ),
    TableColumn(
        "this_quarter", "本季度新增", lambda r: quantity(r["this_quarter"], r["unit"]), True
    ),
    TableColumn("cumulative", "累计完成", lambda r: quantity(r["cumulative"], r["unit"]), True),
    TableColumn("target", "分解目标", lambda r: quantity(r["target"], r["unit"]), True),
    TableColumn("completion", "完成率", lambda r: percent(r["completion"]), True),
    TableColumn("gap", "较序时进度", lambda r: points(r["gap"]), True),
    TableColumn("status", "状态", lambda r: status_badge(r["status"])),
]


@guarded()
def layout(code: str | None = None, period: str | None = None, **_kwargs):
    source = data.current_source()
    indicators = data.plan_indicators(source)
    if code not in {i.code for i in indicators}:
        raise data.InvalidSelection(f"未找到指标“{code}”，请从总览页选择指标。")
    periods, quarter = data.check_period(source, period)
    chooser = html.Div(
        [
            dbc.Label("指标", html_for=CHOICE, className="mb-0 small text-muted"),
            dcc.Dropdown(
                id=CHOICE,
                options=[{"label": i.name, "value": i.code} for i in indicators],
                value=code,
                clearable=False,
            ),
        ],
        className="control control-wide",
    )
    name = next(i.name for i in indicators if i.code == code)
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            dcc.Location(id=NAV, refresh="callback-nav"),
            dcc.Store(id=CODE, data=code),
            page_header(
                name, [chooser, quarter_selector(PERIOD, periods, quarter)], "单项指标进展"
            ),
            dcc.Loading(html.Div(id=CONTENT), delay_show=300),
        ],
        className="page",
    )


@callback(
    Output(CONTENT, "children"),
    Output(URL, "search"),
    Input(PERIOD, "value"),
    State(CODE, "data"),
)
@guarded(extra_outputs=1)
def update(period: str | None, code: str):
    detail = data.indicator_detail(data.current_source(), code, period)
    return render(detail), query_string(period=str(detail.quarter) if detail.quarter else None)


@callback(
    Output(NAV, "href"),
    Input(CHOICE, "value"),
    State(CODE, "data"),
    State(PERIOD, "value"),
    prevent_initial_call=True,
)
def choose(code: str, current: str, period: str | None):
    """Open the chosen indicator's page, keeping the quarter."""
    if code == current:
        return dash.no_update
    return f"/indicators/{code}{query_string(period=period)}"


def render(detail: data.IndicatorDetail):
    """Return the indicator page's content for one quarter."""
    indicator = detail.indicator
    formula = html.P(
        ["计算方法：", FORMULA, f" 依据：{indicator.clause}"], className="formula small"
    )
    if not detail.has_data:
        when = detail.quarter.label if detail.quarter else "目前"
        return html.Div(
            [
                empty_state("该季度暂无数据", f"{when}尚无审核通过的报送数据，请选择其他季度。"),
                formula,
            ]
        )
    as_of = detail.quarter.label
    p = detail.province
    summary = html.P(
        [
            f"截至{as_of}，全省累计完成{quantity(p['cumulative'], indicator.unit)}，"
            f"为三年目标{quantity(indicator.target, indicator.unit)}的{percent(p['completion'])}，"
            f"序时进度{percent(p['expected'])}（{points(p['gap'])}），按当前进度预计期末完成"
            f"{quantity(p['projected'], indicator.unit, 0)}。 ",
            status_badge(p["status"]),
            html.Span(f" {p['verdict_label']}", className="ms-1"),
        ],
        className="lead-summary",
    )
    path_figure = indicator_path_figure(
        detail.path,
        detail.target_path,
        detail.projection,
        indicator.name,
        indicator.unit,
        indicator.target,
        as_of,
    )
    cities_figure = completion_bars_figure(
        detail.cities,
        "region",
        f"{indicator.name}：各设区市分解目标完成率（截至{as_of}）",
        expected=float(p["expected"]),
    )
    return html.Div(
        [
            summary,
            dcc.Graph(id=PATH_GRAPH, figure=path_figure, config=GRAPH_CONFIG),
            formula,
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Graph(id=CITIES_GRAPH, figure=cities_figure, config=GRAPH_CONFIG),
                        xs=12,
                        lg=6,
                    ),
                    dbc.Col(
                        section(
                            "各设区市完成情况",
                            [
                                status_legend(),
                                table(detail.cities, CITY_COLUMNS, CITIES_TABLE),
                                download_link(
                                    "/downloads/progress.xlsx",
                                    {"period": str(detail.quarter), "indicator": indicator.code},
                                    link_id=DOWNLOAD,
                                ),
                            ],
                            subtitle=f"按完成率从高到低排列（截至{as_of}）",
                        ),
                        xs=12,
                        lg=6,
                    ),
                ],
                className="g-3",
            ),
        ]
    )
