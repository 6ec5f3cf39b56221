"""报送情况: completeness (cities × quarters), the submission history, and — for the admin — review
and quarter locks."""

from __future__ import annotations

from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard.auth.identity import client_address, current_identity
from dashboard.components_accounts import table
from dashboard.runtime import runtime
from data_model import catalog, completeness, review
from data_model.db import read_session, write_session
from data_model.regions import cities, region_by_code
from data_model.submissions import APPROVED, PENDING, RETURNED, deadline, locked_periods

dash.register_page(__name__, path="/submissions", title="报送情况 · 千企升级")

MATRIX = "submissions-matrix"
HISTORY = "submissions-history"
REVIEW_ID = "review-submission"
REVIEW_COMMENT = "review-comment"
APPROVE = "review-approve"
RETURN = "review-return"
REVIEW_MESSAGE = "review-message"
LOCK_PERIOD = "review-lock-period"
LOCK = "review-lock"
UNLOCK = "review-unlock"
LOCK_MESSAGE = "review-lock-message"
CELL_CLASSES = {
    "missing": "bg-light text-muted",
    "pending": "bg-info-subtle",
    "returned": "bg-danger-subtle",
    "approved": "bg-success-subtle",
}


def _visible_codes(me) -> list[str]:
    return [c.code for c in cities() if me.may_see_region(c.code)]


def matrix_section(session, plan, record, me, today: date):
    days = runtime().config.submission_deadline_days
    deadlines = {str(q): deadline(q, days) for q in plan.quarters}
    codes = _visible_codes(me)
    cells = completeness.matrix(
        completeness.submission_rows(session, record.id), codes, deadlines, today
    )
    summary = completeness.summary(cells).set_index("region_code")
    header = [
        "地区",
        *[str(q) for q in plan.quarters],
        "已通过",
        "待审核",
        "已退回",
        "未报送",
        "逾期",
        "按时率",
    ]
    rows = []
    for code in codes:
        mine = cells[cells["region_code"] == code].set_index("period")
        row = [region_by_code(code).name]
        for q in plan.quarters:
            cell = mine.loc[str(q)]
            label = completeness.STATE_LABELS[cell["state"]]
            if cell["late"]:
                label += f"（{completeness.LATE_LABEL}）"
            late = " text-danger-emphasis fw-semibold" if cell["late"] else ""
            row.append(
                html.Span(
                    label, className=CELL_CLASSES[cell["state"]] + late + " d-block px-1 rounded"
                )
            )
        s = summary.loc[code]
        rate = (
            "—"
            if s["on_time_rate"] is None or s["on_time_rate"] != s["on_time_rate"]
            else f"{s['on_time_rate']:.0%}"
        )
        row += [s["approved"], s["pending"], s["returned"], s["missing"], s["late"], rate]
        rows.append(row)
    return table(header, rows, id=MATRIX)


def history_section(session, record, me):
    codes = None if me.role != "bureau" else [me.region_code]
    frame = review.submissions(session, record.id, codes).head(200)
    rows = [
        [
            r["id"],
            region_by_code(r["region_code"]).name,
            r["period"],
            r["revision"],
            r["status_label"],
            "是" if r["is_late"] else "",
            r["submitted_by"],
            f"{r['submitted_at']:%Y-%m-%d %H:%M}",
            r["file_name"],
            r["comment"],
            r["review_comment"],
        ]
        for r in frame.to_dict("records")
    ]
    header = [
        "编号",
        "地区",
        "季度",
        "版本",
        "状态",
        "逾期",
        "报送人",
        "报送时间",
        "文件",
        "报送说明",
        "审核意见",
    ]
    return table(header, rows, id=HISTORY)


def review_section(session, plan, record):
    pending = review.submissions(session, record.id, status=PENDING)
    options = [
        {
            "label": f"#{r['id']} {region_by_code(r['region_code']).name} {r['period']} 第{r['revision']}版（{r['submitted_by']}）",
            "value": int(r["id"]),
        }
        for r in pending.to_dict("records")
    ]
    locked = sorted(locked_periods(session, record.id))
    quarters = [str(q) for q in plan.quarters]
    return dbc.Card(
        dbc.CardBody(
            [
                html.H4("审核", className="h5"),
                dcc.Dropdown(
                    options, id=REVIEW_ID, placeholder=f"选择待审核的报送（共 {len(options)} 份）"
                ),
                dbc.Textarea(
                    id=REVIEW_COMMENT, placeholder="审核意见（退回时必填）", className="my-2"
                ),
                dbc.Button("通过", id=APPROVE, color="success", className="me-2"),
                dbc.Button("退回", id=RETURN, color="danger"),
                html.Div(id=REVIEW_MESSAGE, className="mt-2"),
                html.Hr(),
                html.H4("季度锁定", className="h5"),
                html.P(
                    f"已锁定：{', '.join(locked) if locked else '无'}。锁定后不再接受该季度的报送。"
                ),
                dcc.Dropdown(quarters, id=LOCK_PERIOD, placeholder="选择季度"),
                dbc.Button("锁定", id=LOCK, color="secondary", className="me-2 mt-2"),
                dbc.Button("解锁", id=UNLOCK, color="secondary", outline=True, className="mt-2"),
                html.Div(id=LOCK_MESSAGE, className="mt-2"),
            ]
        ),
        className="mb-3",
    )


def layout(**_kwargs):
    me = current_identity()
    if me is None:
        return html.Div()
    with read_session(runtime().sessions) as session:
        plan, record = catalog.stored_plan(session, runtime().config.plan_code)
        parts = [html.H2("报送情况")]
        if me.is_admin:
            parts.append(review_section(session, plan, record))
        parts += [
            html.H3("报送完整性", className="h5"),
            matrix_section(session, plan, record, me, date.today()),
            html.H3("报送记录", className="h5 mt-3"),
            history_section(session, record, me),
        ]
    return html.Div(parts, className="p-3")


def decide(submission_id, comment, decision) -> dbc.Alert:
    """Apply an admin's decision and return the message to show."""
    me = current_identity()
    if not me.is_admin:
        return dbc.Alert("只有省级管理员可以审核。", color="danger")
    if not submission_id:
        return dbc.Alert("请先选择一份报送。", color="warning")
    try:
        with write_session(runtime().sessions) as session:
            review.decide(
                session, int(submission_id), decision, me.username, comment or "", client_address()
            )
    except review.ReviewError as exc:
        return dbc.Alert(str(exc), color="danger")
    verb = "已通过" if decision == APPROVED else "已退回"
    return dbc.Alert(f"报送 #{submission_id} {verb}。刷新页面可看到最新状态。", color="success")


@dash.callback(
    Output(REVIEW_MESSAGE, "children"),
    Input(APPROVE, "n_clicks"),
    Input(RETURN, "n_clicks"),
    State(REVIEW_ID, "value"),
    State(REVIEW_COMMENT, "value"),
    prevent_initial_call=True,
)
def on_review(_approve, _return, submission_id, comment):
    decision = APPROVED if dash.ctx.triggered_id == APPROVE else RETURNED
    return decide(submission_id, comment, decision)


@dash.callback(
    Output(LOCK_MESSAGE, "children"),
    Input(LOCK, "n_clicks"),
    Input(UNLOCK, "n_clicks"),
    State(LOCK_PERIOD, "value"),
    prevent_initial_call=True,
)
def on_lock(_lock, _unlock, period):
    me = current_identity()
    if not me.is_admin:
        return dbc.Alert("只有省级管理员可以锁定季度。", color="danger")
    if not period:
        return dbc.Alert("请先选择季度。", color="warning")
    lock = dash.ctx.triggered_id == LOCK
    try:
        with write_session(runtime().sessions) as session:
            _, record = catalog.stored_plan(session, runtime().config.plan_code)
            review.set_lock(session, record.id, period, lock, me.username, source=client_address())
    except review.ReviewError as exc:
        return dbc.Alert(str(exc), color="danger")
    return dbc.Alert(f"{period} 已{'锁定' if lock else '解锁'}。", color="success")
