"""上报数据: download the template, upload, see every problem, preview against the last revision, submit."""

from __future__ import annotations

import base64
import binascii
from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import submission_service
from dashboard.auth.identity import current_identity
from dashboard.components_accounts import refusal, table
from dashboard.runtime import runtime
from data_model import catalog, plausibility, queries
from data_model.db import read_session
from data_model.periods import reporting_quarter
from data_model.regions import cities, region_by_code
from etl import quarterly

dash.register_page(__name__, path="/upload", title="上报数据 · 千企升级")

REGION = "upload-region"
TEMPLATE_LINK = "upload-template-link"
FILE = "upload-file"
DATA = "upload-data"
RESULT = "upload-result"
FORM = "upload-form"
COMMENT = "upload-comment"
SUBMIT = "upload-submit"
OUTCOME = "upload-outcome"
ROLES = ("admin", "bureau")


def _template_href(region_code: str, period: str) -> str:
    return f"/download/template?region={region_code}&period={period}"


def layout(**_kwargs):
    me = current_identity()
    if me is None or me.role not in ROLES:
        return refusal()
    with read_session(runtime().sessions) as session:
        plan, _ = catalog.stored_plan(session, runtime().config.plan_code)
    quarter = reporting_quarter(plan.quarters, date.today())
    region_code = me.region_code or cities()[0].code
    options = [{"label": c.name, "value": c.code} for c in cities() if me.may_see_region(c.code)]
    limit = runtime().config.max_upload_mb
    return html.Div(
        [
            html.H2("上报数据"),
            html.P(
                f"报送季度：{quarter.label}。截止日期为季度结束后 "
                f"{runtime().config.submission_deadline_days} 天，逾期报送将被标记。"
            ),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Dropdown(
                            options,
                            region_code,
                            id=REGION,
                            clearable=False,
                            disabled=me.role == "bureau",
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        html.A(
                            f"下载填报模板（{quarter.label}）",
                            id=TEMPLATE_LINK,
                            href=_template_href(region_code, str(quarter)),
                            className="btn btn-outline-primary",
                        ),
                        md="auto",
                    ),
                ],
                className="mb-3",
            ),
            dcc.Store(id="upload-period", data=str(quarter)),
            dcc.Upload(
                id=FILE,
                children=html.Div(
                    ["将填好的 .xlsx 或 .csv 文件拖到这里，或", html.A("点击选择文件")]
                ),
                max_size=int(limit * 1024 * 1024),
                accept=".xlsx,.csv",
                className="border border-2 rounded p-4 text-center mb-3",
                style={"borderStyle": "dashed"},
            ),
            html.P(
                f"文件不超过 {limit:g} MB；上传后先校验，确认无误后才提交。",
                className="text-muted small",
            ),
            dcc.Store(id=DATA),
            html.Div(id=RESULT),
            html.Div(
                [
                    dbc.Label("报送说明（有异常值提示时必填，说明数据的来由）", html_for=COMMENT),
                    dbc.Textarea(id=COMMENT, className="mb-2", maxLength=2000),
                    dbc.Button("确认提交", id=SUBMIT, color="primary"),
                ],
                id=FORM,
                style={"display": "none"},
            ),
            html.Div(id=OUTCOME, className="mt-3"),
        ],
        className="p-3",
    )


@dash.callback(
    Output(TEMPLATE_LINK, "href"),
    Input(REGION, "value"),
    State("upload-period", "data"),
    prevent_initial_call=True,
)
def choose_region(region_code, period):
    me = current_identity()
    if not region_code or not me.may_see_region(region_code):
        return dash.no_update
    return _template_href(region_code, period)


def decode(contents: str | None) -> bytes | None:
    """Return the bytes of a dcc.Upload data URL, or None when it is not one."""
    if not contents or "," not in contents:
        return None
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        return None


def problem_table(problems) -> html.Div:
    rows = [
        [p.row if p.row is not None else "", p.column or "", p.value or "", p.message]
        for p in problems
    ]
    return html.Div(
        [
            dbc.Alert(
                f"发现 {len(problems)} 个问题，文件未保存。请修改后重新上传。", color="danger"
            ),
            table(["行", "列", "填写内容", "问题"], rows, id="upload-problems"),
        ]
    )


def preview_table(frame, plan) -> html.Div:
    names = {i.code: i.name for i in plan.indicators}
    rows, classes = [], []
    for item in frame.to_dict("records"):
        previous = "" if item["previous"] is None else f"{item['previous']:g}"
        rows.append(
            [
                region_by_code(item["region_code"]).name,
                item["period"],
                names.get(item["indicator"], item["indicator"]),
                f"{item['value']:g}",
                previous,
                "已修改" if item["changed"] else "",
                item["warning"],
            ]
        )
        classes.append(
            "table-warning" if item["warning"] else "table-info" if item["changed"] else ""
        )
    warnings = int((frame["warning"] != "").sum())
    notes = [
        dbc.Alert(
            f"校验通过：共 {len(frame)} 项数据，尚未提交。请核对后确认提交。", color="success"
        )
    ]
    if warnings:
        notes.append(
            dbc.Alert(
                f"有 {warnings} 项数值与本市历史差异很大，请核实；确认无误请在说明中写明原因。",
                color="warning",
                id="upload-warnings",
            )
        )
    header = ["地区", "季度", "指标", "本次填报", "上一版本", "变化", "提示"]
    return html.Div([*notes, table(header, rows, row_classes=classes, id="upload-preview")])


@dash.callback(
    Output(RESULT, "children"),
    Output(DATA, "data"),
    Output(FORM, "style"),
    Output(OUTCOME, "children", allow_duplicate=True),
    Input(FILE, "contents"),
    State(FILE, "filename"),
    prevent_initial_call=True,
)
def check_file(contents, filename):
    me = current_identity()
    hidden = {"display": "none"}
    data = decode(contents)
    if data is None:
        return dbc.Alert("无法读取上传的文件，请重新选择。", color="danger"), None, hidden, None
    if len(data) > submission_service.max_bytes():
        return dbc.Alert(submission_service.too_big_message(), color="danger"), None, hidden, None
    result = submission_service.submit(me, data, filename or "upload", "web", dry_run=True)
    if result.status == quarterly.ALREADY_LOADED:
        return (
            dbc.Alert(f"该文件已于 {result.previous}，无需重复提交。", color="info"),
            None,
            hidden,
            None,
        )
    if result.status == quarterly.REJECTED:
        return problem_table(result.problems), None, hidden, None
    request = submission_service.request_for(me, data, filename or "upload", "web")
    with read_session(runtime().sessions) as session:
        plan, record = catalog.stored_plan(session, runtime().config.plan_code)
        _, clean, problems = quarterly.check(session, runtime().config.plan_code, request)
        latest = queries.latest_values(session, record.id)
        approved = queries.counted_values(session, record.id)
    if problems:  # the data changed between the two reads (e.g. a quarter was just locked)
        return problem_table(problems), None, hidden, None
    frame = plausibility.preview(clean, latest, approved)
    stored = {
        "contents": contents,
        "filename": filename,
        "warnings": int((frame["warning"] != "").sum()),
    }
    return preview_table(frame, plan), stored, {"display": "block"}, None


@dash.callback(
    Output(OUTCOME, "children"),
    Output(DATA, "data", allow_duplicate=True),
    Output(FORM, "style", allow_duplicate=True),
    Input(SUBMIT, "n_clicks"),
    State(DATA, "data"),
    State(COMMENT, "value"),
    prevent_initial_call=True,
)
def submit(n_clicks, stored, comment):
    if not n_clicks or not stored:
        return dash.no_update, dash.no_update, dash.no_update
    comment = (comment or "").strip()
    if stored.get("warnings") and not comment:
        return (
            dbc.Alert("有异常值提示，请先在说明中写明原因再提交。", color="warning"),
            dash.no_update,
            dash.no_update,
        )
    data = decode(stored.get("contents"))
    if data is None or len(data) > submission_service.max_bytes():
        return (
            dbc.Alert("无法读取上传的文件，请重新选择。", color="danger"),
            None,
            {"display": "none"},
        )
    me = current_identity()
    result = submission_service.submit(me, data, stored.get("filename") or "upload", "web", comment)
    if result.status == quarterly.REJECTED:
        return problem_table(result.problems), None, {"display": "none"}
    if result.status == quarterly.ALREADY_LOADED:
        return (
            dbc.Alert(f"该文件已于 {result.previous}，未做改动。", color="info"),
            None,
            {"display": "none"},
        )
    items = [
        html.Li(
            f"{region_by_code(s.region_code).name} {s.period}：第 {s.revision} 版，待审核（编号 {s.id}）"
        )
        for s in result.submissions
    ]
    message = dbc.Alert(
        [html.P("已提交，等待省工信厅审核。可在“报送情况”查看审核结果。"), html.Ul(items)],
        color="success",
        id="upload-done",
    )
    return message, None, {"display": "none"}
