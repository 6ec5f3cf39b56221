"""审计日志: browse and filter the audit log (admin only; nothing can be edited or deleted), and
trace a counted number back to the submission, file, row, person and time it came from."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, dcc, html

from dashboard.auth.identity import current_identity
from dashboard.components_accounts import refusal, table
from dashboard.runtime import runtime
from data_model import audit, catalog, review
from data_model.db import read_session
from data_model.regions import cities, region_by_code

dash.register_page(__name__, path="/audit", title="审计日志 · 千企升级")

ACTOR = "audit-actor"
ACTION = "audit-action"
DATES = "audit-dates"
EVENTS = "audit-events"
EXPORT = "audit-export"
P_REGION = "audit-prov-region"
P_PERIOD = "audit-prov-period"
P_INDICATOR = "audit-prov-indicator"
P_RESULT = "audit-prov-result"


def layout(**_kwargs):
    me = current_identity()
    if me is None or not me.is_admin:
        return refusal()
    with read_session(runtime().sessions) as session:
        plan, _ = catalog.stored_plan(session, runtime().config.plan_code)
    actions = [
        {"label": f"{label}（{code}）", "value": code}
        for code, label in audit.ACTION_LABELS.items()
    ]
    return html.Div(
        [
            html.H2("审计日志"),
            dbc.Row(
                [
                    dbc.Col(dbc.Input(id=ACTOR, placeholder="操作人", debounce=True), md=2),
                    dbc.Col(dcc.Dropdown(actions, id=ACTION, placeholder="操作类型"), md=3),
                    dbc.Col(
                        dcc.DatePickerRange(
                            id=DATES,
                            display_format="YYYY-MM-DD",
                            start_date_placeholder_text="开始日期",
                            end_date_placeholder_text="结束日期",
                        ),
                        md="auto",
                    ),
                    dbc.Col(
                        html.A(
                            "导出 CSV",
                            id=EXPORT,
                            href="/download/audit.csv",
                            className="btn btn-outline-secondary",
                        ),
                        md="auto",
                    ),
                ],
                className="mb-3 g-2",
            ),
            html.Div(id=EVENTS),
            html.H3("数据溯源", className="h5 mt-4"),
            html.P(
                "选择地区、季度和指标，查看当前计入的数字来自哪一份报送。", className="text-muted"
            ),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Dropdown(
                            [{"label": c.name, "value": c.code} for c in cities()],
                            id=P_REGION,
                            placeholder="地区",
                        ),
                        md=2,
                    ),
                    dbc.Col(
                        dcc.Dropdown(
                            [str(q) for q in plan.quarters], id=P_PERIOD, placeholder="季度"
                        ),
                        md=2,
                    ),
                    dbc.Col(
                        dcc.Dropdown(
                            [{"label": i.name, "value": i.code} for i in plan.indicators],
                            id=P_INDICATOR,
                            placeholder="指标",
                        ),
                        md=4,
                    ),
                ],
                className="g-2 mb-2",
            ),
            html.Div(id=P_RESULT),
        ],
        className="p-3",
    )


@dash.callback(
    Output(EVENTS, "children"),
    Output(EXPORT, "href"),
    Input(ACTOR, "value"),
    Input(ACTION, "value"),
    Input(DATES, "start_date"),
    Input(DATES, "end_date"),
)
def show_events(actor, action, start, end):
    args = {
        k: v for k, v in {"actor": actor, "action": action, "start": start, "end": end}.items() if v
    }
    try:
        filters = audit.parse_filters(args)
    except ValueError as exc:
        return dbc.Alert(str(exc), color="danger"), dash.no_update
    with read_session(runtime().sessions) as session:
        frame = audit.events(session, filters, limit=500)
    rows = [
        [
            e["id"],
            f"{e['at']:%Y-%m-%d %H:%M:%S}",
            e["actor"],
            e["source"],
            audit.ACTION_LABELS.get(e["action"], e["action"]),
            audit.describe_object(e["object_type"], e["object_id"]),
            json.dumps(e["detail"], ensure_ascii=False, default=str)[:300],
        ]
        for e in frame.to_dict("records")
    ]
    note = html.P(
        f"显示最新 {len(rows)} 条（最多 500 条；导出可得全部）。", className="text-muted small"
    )
    body = [
        note,
        table(["编号", "时间", "操作人", "来源", "操作", "对象", "详情"], rows, id="audit-table"),
    ]
    return body, "/download/audit.csv" + (f"?{urlencode(args)}" if args else "")


@dash.callback(
    Output(P_RESULT, "children"),
    Input(P_REGION, "value"),
    Input(P_PERIOD, "value"),
    Input(P_INDICATOR, "value"),
    prevent_initial_call=True,
)
def show_provenance(region_code, period, indicator):
    if not (region_code and period and indicator):
        return None
    with read_session(runtime().sessions) as session:
        _, record = catalog.stored_plan(session, runtime().config.plan_code)
        found = review.provenance(session, record.id, region_code, period, indicator)
    if found is None:
        return dbc.Alert("该地区、季度、指标没有已通过的数据。", color="secondary")
    rows = [
        ["计入数值", f"{found['value']:g}"],
        ["报送编号", f"#{found['submission_id']}（第 {found['revision']} 版）"],
        ["地区 / 季度", f"{region_by_code(region_code).name} {period}"],
        ["文件", found["file_name"]],
        ["文件中的行", found["source_row"]],
        ["文件 SHA-256", found["sha256"]],
        ["报送人", found["submitted_by"]],
        ["报送时间", f"{found['submitted_at']:%Y-%m-%d %H:%M:%S}"],
        ["渠道", found["channel"]],
    ]
    return table(["项目", "内容"], rows, id="audit-provenance")
