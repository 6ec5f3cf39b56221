"""地图: the 13 cities coloured by an indicator's completion or by the composite score."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import data
from dashboard.components.controls import page_header, quarter_selector, query_string
from dashboard.components.feedback import empty_state, guarded
from dashboard.components.status import status_legend
from dashboard.figures.map import choropleth_figure
from dashboard.figures.style import GRAPH_CONFIG
from dashboard.runtime import runtime

dash.register_page(__name__, path="/map", title="地图 · 千企升级", name="地图")

URL = "map-url"
NAV = "map-nav"
PERIOD = "map-period"
INDICATOR = "map-indicator"
MEASURE = "map-measure"
CONTENT = "map-content"
GRAPH = "map-graph"


@guarded()
def layout(
    indicator: str | None = None, period: str | None = None, measure: str | None = None, **_kwargs
):
    source = data.current_source()
    measure = measure or "completion"
    if measure not in data.MEASURES:
        raise data.InvalidSelection(
            f"未知的着色方式“{measure}”，可选：completion（完成率）或 score（综合得分）。"
        )
    indicators = data.plan_indicators(source)
    codes = [i.code for i in indicators]
    chosen = indicator or next((i.code for i in indicators if i.headline), codes[0])
    if chosen not in codes:
        raise data.InvalidSelection(f"未找到指标“{indicator}”，请从指标列表中选择。")
    periods, quarter = data.check_period(source, period)
    controls = [
        html.Div(
            [
                dbc.Label("着色", html_for=MEASURE, className="mb-0 small text-muted"),
                dbc.RadioItems(
                    id=MEASURE,
                    options=[
                        {"label": label, "value": value} for value, label in data.MEASURES.items()
                    ],
                    value=measure,
                    inline=True,
                ),
            ],
            className="control",
        ),
        html.Div(
            [
                dbc.Label("指标", html_for=INDICATOR, className="mb-0 small text-muted"),
                dcc.Dropdown(
                    id=INDICATOR,
                    options=[{"label": i.name, "value": i.code} for i in indicators],
                    value=chosen,
                    clearable=False,
                ),
            ],
            className="control control-wide",
        ),
        quarter_selector(PERIOD, periods, quarter),
    ]
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            dcc.Location(id=NAV, refresh="callback-nav"),
            page_header("设区市进展地图", controls, "点击地图上的设区市可查看该市详情"),
            dcc.Loading(html.Div(id=CONTENT), delay_show=300),
        ],
        className="page",
    )


@callback(
    Output(CONTENT, "children"),
    Output(URL, "search"),
    Input(INDICATOR, "value"),
    Input(PERIOD, "value"),
    Input(MEASURE, "value"),
)
@guarded(extra_outputs=1)
def update(indicator: str | None, period: str | None, measure: str | None):
    values = data.map_values(data.current_source(), indicator, period, measure)
    geometry = data.map_geometry(runtime().config.map_geojson)
    search = query_string(
        indicator=indicator,
        period=str(values.quarter) if values.quarter else None,
        measure=values.measure,
    )
    return render(values, geometry), search


@callback(
    Output(NAV, "href"),
    Input(GRAPH, "clickData"),
    State(PERIOD, "value"),
    prevent_initial_call=True,
)
def open_city(click, period: str | None):
    """Open the page of the city clicked on the map, at the quarter shown."""
    points = (click or {}).get("points") or []
    code = points[0].get("location") if points else None
    return f"/cities/{code}{query_string(period=period)}" if code else dash.no_update


def render(values: data.MapData, geometry: data.Geometry):
    """Return the map for one quarter with its legend and source note."""
    if not values.has_data:
        when = values.quarter.label if values.quarter else "目前"
        return empty_state("该季度暂无数据", f"{when}尚无审核通过的报送数据，请选择其他季度。")
    as_of = values.quarter.label
    if values.measure == "completion":
        title = f"{values.indicator.name}：各设区市分解目标完成率（截至{as_of}，示意图）"
        legend = status_legend()
    else:
        title = f"设区市千企升级综合得分（截至{as_of}，满分100分，示意图）"
        legend = html.Div("颜色越深，综合得分越高。", className="text-muted small")
    return html.Div(
        [
            dcc.Graph(
                id=GRAPH,
                figure=choropleth_figure(values.frame, geometry.geojson, values.measure, title),
                config={**GRAPH_CONFIG, "scrollZoom": False},
                className="map-graph",
            ),
            legend,
            html.P(geometry.source, className="map-source text-muted small", id="map-source"),
        ]
    )
