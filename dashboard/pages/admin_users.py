"""用户: the admin creates accounts, enables or disables them, and issues or revokes API tokens."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard.auth.identity import client_address, current_identity
from dashboard.components_accounts import refusal, table
from dashboard.runtime import runtime
from data_model import accounts
from data_model.db import read_session, write_session
from data_model.regions import cities, region_by_code

dash.register_page(__name__, path="/admin/users", title="用户 · 千企升级")

NAME = "users-name"
ROLE = "users-role"
REGION = "users-region"
PASSWORD = "users-password"
CREATE = "users-create"
TARGET = "users-target"
ENABLE = "users-enable"
DISABLE = "users-disable"
TOKEN = "users-token"
TOKEN_ID = "users-token-id"
REVOKE = "users-revoke"
MESSAGE = "users-message"
LISTING = "users-listing"


def listing():
    with read_session(runtime().sessions) as session:
        users = accounts.list_accounts(session)
        tokens = accounts.list_tokens(session)
    user_rows = [
        [
            u.username,
            u.role_label,
            region_by_code(u.region_code).name if u.region_code else "",
            "启用" if u.is_active else "停用",
            "是" if u.is_demo else "",
            f"{u.created_at:%Y-%m-%d %H:%M}",
        ]
        for u in users
    ]
    token_rows = [
        [
            t["id"],
            t["username"],
            t["label"],
            t["created_by"],
            f"{t['created_at']:%Y-%m-%d %H:%M}",
            f"{t['revoked_at']:%Y-%m-%d %H:%M}" if t["revoked_at"] else "有效",
        ]
        for t in tokens
    ]
    return html.Div(
        [
            table(
                ["用户名", "角色", "设区市", "状态", "演示账号", "创建时间"],
                user_rows,
                id="users-table",
            ),
            html.H3("API 令牌", className="h5"),
            table(
                ["编号", "用户", "用途", "创建人", "创建时间", "状态"],
                token_rows,
                id="users-tokens",
            ),
        ]
    )


def layout(**_kwargs):
    me = current_identity()
    if me is None or not me.is_admin:
        return refusal()
    roles = [{"label": label, "value": role} for role, label in accounts.ROLE_LABELS.items()]
    regions = [{"label": c.name, "value": c.code} for c in cities()]
    return html.Div(
        [
            html.H2("用户"),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H3("新建账号", className="h5"),
                        dbc.Row(
                            [
                                dbc.Col(dbc.Input(id=NAME, placeholder="用户名"), md=2),
                                dbc.Col(dcc.Dropdown(roles, id=ROLE, placeholder="角色"), md=2),
                                dbc.Col(
                                    dcc.Dropdown(
                                        regions, id=REGION, placeholder="设区市（地市工信局）"
                                    ),
                                    md=2,
                                ),
                                dbc.Col(
                                    dbc.Input(
                                        id=PASSWORD,
                                        type="password",
                                        placeholder="初始密码（至少 8 位）",
                                    ),
                                    md=3,
                                ),
                                dbc.Col(dbc.Button("创建", id=CREATE, color="primary"), md="auto"),
                            ],
                            className="g-2 mb-3",
                        ),
                        html.H3("账号与令牌", className="h5"),
                        dbc.Row(
                            [
                                dbc.Col(dbc.Input(id=TARGET, placeholder="用户名"), md=2),
                                dbc.Col(
                                    dbc.Button("启用", id=ENABLE, outline=True, color="secondary"),
                                    md="auto",
                                ),
                                dbc.Col(
                                    dbc.Button("停用", id=DISABLE, outline=True, color="secondary"),
                                    md="auto",
                                ),
                                dbc.Col(
                                    dbc.Button("创建 API 令牌", id=TOKEN, color="secondary"),
                                    md="auto",
                                ),
                                dbc.Col(
                                    dbc.Input(id=TOKEN_ID, type="number", placeholder="令牌编号"),
                                    md=2,
                                ),
                                dbc.Col(
                                    dbc.Button("撤销令牌", id=REVOKE, color="danger", outline=True),
                                    md="auto",
                                ),
                            ],
                            className="g-2",
                        ),
                        html.Div(id=MESSAGE, className="mt-3"),
                    ]
                ),
                className="mb-3",
            ),
            html.Div(listing(), id=LISTING),
        ],
        className="p-3",
    )


@dash.callback(
    Output(MESSAGE, "children"),
    Output(LISTING, "children"),
    Input(CREATE, "n_clicks"),
    Input(ENABLE, "n_clicks"),
    Input(DISABLE, "n_clicks"),
    Input(TOKEN, "n_clicks"),
    Input(REVOKE, "n_clicks"),
    State(NAME, "value"),
    State(ROLE, "value"),
    State(REGION, "value"),
    State(PASSWORD, "value"),
    State(TARGET, "value"),
    State(TOKEN_ID, "value"),
    prevent_initial_call=True,
)
def act(_c, _e, _d, _t, _r, name, role, region, password, target, token_id):
    me = current_identity()
    if not me.is_admin:
        return dbc.Alert("只有省级管理员可以管理用户。", color="danger"), dash.no_update
    action = dash.ctx.triggered_id
    source = client_address()
    try:
        with write_session(runtime().sessions) as session:
            if action == CREATE:
                account = accounts.create_user(
                    session,
                    name or "",
                    password or "",
                    role or "",
                    region if role == "bureau" else None,
                    me.username,
                    source,
                )
                message = dbc.Alert(
                    f"已创建账号 {account.username}（{account.role_label}）。", color="success"
                )
            elif action in (ENABLE, DISABLE):
                accounts.set_active(
                    session, (target or "").strip(), action == ENABLE, me.username, source
                )
                message = dbc.Alert(
                    f"已{'启用' if action == ENABLE else '停用'} {target}。", color="success"
                )
            elif action == TOKEN:
                token_id, token = accounts.create_token(
                    session, (target or "").strip(), me.username, "", source
                )
                message = dbc.Alert(
                    [
                        html.P(
                            f"令牌 #{token_id} 已创建。请立即复制保存，关闭页面后无法再次查看："
                        ),
                        html.Code(token, id="users-new-token"),
                    ],
                    color="warning",
                )
            else:
                if token_id is None:
                    raise accounts.AccountError("请填写要撤销的令牌编号")
                accounts.revoke_token(session, int(token_id), me.username, source)
                message = dbc.Alert(f"已撤销令牌 #{token_id}。", color="success")
    except accounts.AccountError as exc:
        return dbc.Alert(str(exc), color="danger"), dash.no_update
    return message, listing()
