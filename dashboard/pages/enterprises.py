"""企业培育库: search the roster, the pool → provincial → national funnel against the targets,
breakdowns by city and cluster, an enterprise card with its screening result criterion by
criterion, the yearly lists download, and (for administrators) the roster upload.

Bureaus see only their own city: every data function takes the identity and filters on the server.
"""

from __future__ import annotations

import base64
import math

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Input, Output, State, callback, ctx, dcc, html

from dashboard.auth.identity import actor_name, current_identity
from dashboard.enterprise_data import (  # noqa: F401  (the page's data functions)
    PAGE_SIZE,
    TIER_INDICATORS,
    grid_page,
    scoped_filter,
    summary,
)
from dashboard.exports.enterprise_lists import LISTS_PATH, TYPE_LABELS, scope_city
from dashboard.runtime import runtime
from data_model.db import read_session
from data_model.enterprises.cards import enterprise_card
from data_model.enterprises.reviews import RESULT_LABELS
from data_model.enterprises.roster import TIER_LABELS, RosterFilter
from data_model.enterprises.screening import TIERS
from data_model.regions import cities, region_by_code
from etl.enterprises.columns import cluster_names
from etl.enterprises.load import RosterRequest, load_roster

dash.register_page(__name__, path="/enterprises", title="企业培育库 · 千企升级")

CITY, CLUSTER, TIER, KIND, SEARCH = (
    f"enterprises-{n}" for n in ("city", "cluster", "tier", "type", "search")
)
GRID, PAGER, TOTAL, YEAR = (
    "enterprises-grid",
    "enterprises-pager",
    "enterprises-total",
    "enterprises-year",
)
FUNNEL, BY_CITY, BY_CLUSTER, CARD = (
    "enterprises-funnel",
    "enterprises-by-city",
    "enterprises-by-cluster",
    "enterprises-card",
)
UPLOAD, UPLOAD_RESULT, DOWNLOAD = (
    "enterprises-upload",
    "enterprises-upload-result",
    "enterprises-download",
)
YEARS = (2020, 2021, 2022)
GRID_COLUMNS = [
    {"field": "credit_code", "headerName": "统一社会信用代码", "width": 190},
    {"field": "name", "headerName": "企业名称", "flex": 2},
    {"field": "city", "headerName": "设区市", "width": 100},
    {"field": "cluster", "headerName": "所属集群或产业", "flex": 1},
    {"field": "type", "headerName": "类别", "width": 90},
    {"field": "tier", "headerName": "当前层级", "width": 110},
    {"field": "entered_pool_year", "headerName": "入库", "width": 80},
    {"field": "provincial_year", "headerName": "省级", "width": 80},
    {"field": "national_year", "headerName": "国家级", "width": 90},
]


# --- layout ---------------------------------------------------------------------------------


def _dropdown(id_, options, placeholder, **kw):
    return dcc.Dropdown(id=id_, options=options, placeholder=placeholder, clearable=True, **kw)


def layout(**_kwargs):
    identity = current_identity()
    bureau_city = scope_city(identity)
    city_options = [
        {"label": c.name, "value": c.code} for c in cities() if bureau_city in (None, c.code)
    ]
    filters = dbc.Row(
        [
            dbc.Col(
                _dropdown(CITY, city_options, "设区市", disabled=bureau_city is not None), md=2
            ),
            dbc.Col(_dropdown(CLUSTER, cluster_names(), "集群或产业"), md=3),
            dbc.Col(
                _dropdown(
                    TIER, [{"label": v, "value": k} for k, v in TIER_LABELS.items()], "当前层级"
                ),
                md=2,
            ),
            dbc.Col(
                _dropdown(
                    KIND, [{"label": v, "value": k} for k, v in TYPE_LABELS.items()], "企业类别"
                ),
                md=2,
            ),
            dbc.Col(
                dbc.Input(id=SEARCH, placeholder="企业名称或统一社会信用代码", debounce=True), md=3
            ),
        ],
        className="g-2 mb-2",
    )
    can_upload = identity is not None and identity.role == "admin"
    return html.Div(
        [
            html.H2("企业培育库"),
            html.P(
                "培育库、省级专精特新小巨人和国家级企业名单；点击表格中的企业查看逐条件筛选结果。",
                className="text-muted",
            ),
            dbc.Row(
                [
                    dbc.Col(dcc.Graph(id=FUNNEL, config={"displayModeBar": False}), md=4),
                    dbc.Col(dcc.Graph(id=BY_CITY, config={"displayModeBar": False}), md=8),
                ]
            ),
            filters,
            html.Div(id=TOTAL, className="small text-muted mb-1"),
            dag.AgGrid(
                id=GRID,
                columnDefs=GRID_COLUMNS,
                rowData=[],
                dashGridOptions={"rowSelection": {"mode": "singleRow"}, "domLayout": "autoHeight"},
                style={"width": "100%"},
            ),
            dbc.Pagination(
                id=PAGER, max_value=1, active_page=1, fully_expanded=False, className="mt-2"
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Label("筛选年度"),
                            dcc.Dropdown(
                                id=YEAR, options=list(YEARS), value=YEARS[-1], clearable=False
                            ),
                        ],
                        md=2,
                    ),
                    dbc.Col(
                        html.A(
                            "下载年度名单（Excel）",
                            id=DOWNLOAD,
                            href=f"{LISTS_PATH}?year={YEARS[-1]}",
                            className="btn btn-outline-primary mt-4",
                        ),
                        md=4,
                    ),
                ],
                className="my-3",
            ),
            html.Div(id=CARD),
            dcc.Graph(id=BY_CLUSTER, config={"displayModeBar": False}),
            _upload_section() if can_upload else None,
        ],
        className="p-3",
    )


def _upload_section():
    return html.Div(
        [
            html.H4("导入培育库名单（管理员）"),
            dcc.Upload(
                id=UPLOAD,
                children=html.Div("将 .xlsx 或 .csv 文件拖到此处，或点击选择文件"),
                className="border border-secondary rounded p-4 text-center",
                multiple=False,
            ),
            html.Div(id=UPLOAD_RESULT, className="mt-2"),
        ],
        className="mt-4",
    )


# --- figure and component builders ------------------------------------------------------------


def funnel_figure(funnel: list[tuple[str, int, float | None]]) -> go.Figure:
    labels = [label for label, _, _ in funnel]
    figure = go.Figure(
        go.Funnel(
            y=labels,
            x=[count for _, count, _ in funnel],
            text=[
                f"{count} / 目标 {target:g}" if target else str(count)
                for _, count, target in funnel
            ],
            textinfo="text",
        )
    )
    figure.update_layout(
        title="培育梯队（实际 / 三年目标）", margin=dict(l=10, r=10, t=40, b=10), height=300
    )
    return figure


def breakdown_figure(frame, key: str, title: str) -> go.Figure:
    names = frame[key].map(lambda c: region_by_code(c).name) if key == "city_code" else frame[key]
    figure = go.Figure(
        [go.Bar(name=label, x=names, y=frame[tier]) for tier, _, label in TIER_INDICATORS]
    )
    figure.update_layout(
        title=title, barmode="group", margin=dict(l=10, r=10, t=40, b=10), height=300
    )
    return figure


def card_component(card) -> html.Div:
    if card is None:
        return html.Div()
    e = card.enterprise
    history = [
        html.Li(
            f"{int(h.year)}年 {h.label}{('（' + h.batch + '）') if h.batch else ''}{('：' + h.reason) if h.reason else ''}{'' if h.current else '（已更正）'}"
        )
        for h in card.history.itertuples()
    ]
    tabs = []
    for tier, result in card.screening.items():
        rows = card.criteria_rows[card.criteria_rows["tier"] == tier]
        table = dbc.Table(
            [
                html.Thead(
                    html.Tr([html.Th(h) for h in ("条件", "结果", "所用数据", "标准", "说明")])
                )
            ]
            + [
                html.Tbody(
                    [
                        html.Tr(
                            [
                                html.Td(r.wording),
                                html.Td(RESULT_LABELS[r.result], className=f"result-{r.result}"),
                                html.Td(r.value_used),
                                html.Td(r.threshold),
                                html.Td(r.note),
                            ]
                        )
                        for r in rows.itertuples()
                    ]
                )
            ],
            bordered=True,
            size="sm",
        )
        tabs.append(
            dbc.Tab([html.P(f"结论：{RESULT_LABELS[result.verdict]}"), table], label=TIERS[tier])
        )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H4(e["name"]),
                html.P(
                    f"{e['credit_code']} · {region_by_code(e['city_code']).name} · {e['cluster']} · {TYPE_LABELS.get(e['enterprise_type'])} · 当前层级：{TIER_LABELS[e['tier']]}"
                ),
                html.H5("培育历程"),
                html.Ul(history or [html.Li("暂无记录")]),
                html.H5("逐条件筛选结果"),
                dbc.Tabs(tabs),
            ]
        ),
        className="mb-3",
    )


def upload_component(result) -> html.Div:
    if result.ok:
        return dbc.Alert(result.message(), color="success")
    rows = [
        html.Tr(
            [
                html.Td(p.row or ""),
                html.Td(p.column or ""),
                html.Td(p.value or ""),
                html.Td(p.code),
                html.Td(p.message),
            ]
        )
        for p in result.problems[:500]
    ]
    return html.Div(
        [
            dbc.Alert(result.message(), color="danger"),
            dbc.Table(
                [
                    html.Thead(html.Tr([html.Th(h) for h in ("行", "列", "值", "代码", "问题")])),
                    html.Tbody(rows),
                ],
                bordered=True,
                size="sm",
            ),
        ]
    )


# --- callbacks (thin) -------------------------------------------------------------------------


@callback(
    Output(GRID, "rowData"),
    Output(PAGER, "max_value"),
    Output(PAGER, "active_page"),
    Output(TOTAL, "children"),
    Input(CITY, "value"),
    Input(CLUSTER, "value"),
    Input(TIER, "value"),
    Input(KIND, "value"),
    Input(SEARCH, "value"),
    Input(PAGER, "active_page"),
)
def update_grid(city, cluster, tier, kind, text, active_page):
    return grid_view(city, cluster, tier, kind, text, active_page, ctx.triggered_id == PAGER)


def grid_view(city, cluster, tier, kind, text, active_page, paging: bool):
    """Return (rows, page count, active page, total text); a new filter starts at page 1."""
    page = (active_page or 1) if paging else 1
    f = RosterFilter(city, cluster, tier, kind, text or "")
    with read_session(runtime().sessions) as session:
        rows, total = grid_page(session, current_identity(), f, page - 1)
    return rows, max(1, math.ceil(total / PAGE_SIZE)), page, f"共 {total} 家企业，第 {page} 页"


@callback(
    Output(FUNNEL, "figure"),
    Output(BY_CITY, "figure"),
    Output(BY_CLUSTER, "figure"),
    Input(CITY, "value"),
)
def update_summary(city):
    with read_session(runtime().sessions) as session:
        data = summary(session, current_identity(), city, runtime().config.plan_code)
    return (
        funnel_figure(data["funnel"]),
        breakdown_figure(data["by_city"], "city_code", "各设区市培育梯队"),
        breakdown_figure(data["by_cluster"], "cluster", "各集群或产业培育梯队"),
    )


@callback(Output(CARD, "children"), Input(GRID, "selectedRows"), Input(YEAR, "value"))
def update_card(selected, year):
    if not selected:
        return html.Div(
            "在表格中选择一家企业，查看其培育历程和逐条件筛选结果。", className="text-muted"
        )
    with read_session(runtime().sessions) as session:
        card = enterprise_card(
            session, selected[0]["credit_code"], int(year), scope_city(current_identity())
        )
    return card_component(card)


@callback(Output(DOWNLOAD, "href"), Input(YEAR, "value"))
def update_download(year):
    return f"{LISTS_PATH}?year={int(year)}"


@callback(
    Output(UPLOAD_RESULT, "children"),
    Input(UPLOAD, "contents"),
    State(UPLOAD, "filename"),
    prevent_initial_call=True,
)
def upload_roster(contents, filename):
    identity = current_identity()
    if identity is None or identity.role != "admin":
        return dbc.Alert("只有管理员可以导入培育库名单", color="danger")
    try:
        data = base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (IndexError, ValueError):
        return dbc.Alert("无法读取上传的文件，请重新选择文件", color="danger")
    result = load_roster(
        runtime().sessions, RosterRequest(data, filename or "upload", actor_name(), channel="web")
    )
    return upload_component(result)
