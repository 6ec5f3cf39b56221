"""The audit log: who did what, when, from where. Insert-only; nothing in the app edits it.

Reading it (filtered, newest first, or as CSV) lives here too.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_model.schema import AuditEvent


def record(
    session: Session,
    actor: str,
    action: str,
    object_type: str = "",
    object_id: str = "",
    detail: dict | None = None,
    source: str = "",
) -> AuditEvent:
    """Add an audit event to the session's transaction and return it."""
    event = AuditEvent(
        at=datetime.now(),
        actor=actor,
        source=source,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        detail=detail or {},
    )
    session.add(event)
    return event


EVENT_COLUMNS = ["id", "at", "actor", "source", "action", "object_type", "object_id", "detail"]
ACTION_LABELS = {
    "login": "登录",
    "login.failed": "登录失败",
    "login.throttled": "登录被限制",
    "login.demo": "演示登录",
    "logout": "退出",
    "upload.accepted": "上传已接收",
    "upload.rejected": "上传被拒绝",
    "submission.approve": "审核通过",
    "submission.return": "退回",
    "period.lock": "锁定季度",
    "period.unlock": "解锁季度",
    "user.create": "创建用户",
    "user.enable": "启用用户",
    "user.disable": "停用用户",
    "user.password": "修改密码",
    "token.create": "创建令牌",
    "token.revoke": "撤销令牌",
    "export.template": "下载模板",
    "export.audit": "导出审计日志",
    "export.progress": "导出进展",
    "plan.load": "载入计划",
    "plan.update": "计划目标变更",
    "targets.load": "导入分解目标",
}

OBJECT_LABELS = {
    "user": "用户",
    "token": "令牌",
    "upload": "上传文件",
    "submission": "报送",
    "period": "季度",
    "export": "导出",
    "plan": "计划",
    "target_set": "分解目标",
}


def describe_object(object_type: str, object_id: str) -> str:
    """Return e.g. ``报送 12`` for an event's object, in Chinese."""
    return f"{OBJECT_LABELS.get(object_type, object_type)} {object_id}".strip()


@dataclass(frozen=True)
class Filters:
    """What the audit page asks for; empty fields do not filter."""

    actor: str = ""
    action: str = ""
    start: date | None = None
    end: date | None = None  # inclusive

    def describe(self) -> dict:
        return {k: str(v) for k, v in asdict(self).items() if v}


def parse_filters(args) -> Filters:
    """Return Filters from request arguments (actor, action, start, end as YYYY-MM-DD).

    Raises ValueError with a Chinese message for a malformed date.
    """
    dates = {}
    for key in ("start", "end"):
        text = (args.get(key) or "").strip()
        try:
            dates[key] = date.fromisoformat(text[:10]) if text else None
        except ValueError:
            raise ValueError(f"无法识别的日期“{text}”，应写作 2021-10-15") from None
    return Filters((args.get("actor") or "").strip(), (args.get("action") or "").strip(), **dates)


def events(session: Session, filters: Filters, limit: int | None = 500) -> pd.DataFrame:
    """Return EVENT_COLUMNS, newest first, matching ``filters`` (at most ``limit`` rows)."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if filters.actor:
        query = query.where(AuditEvent.actor.contains(filters.actor))
    if filters.action:
        query = query.where(AuditEvent.action.startswith(filters.action))
    if filters.start:
        query = query.where(AuditEvent.at >= datetime.combine(filters.start, time.min))
    if filters.end:
        query = query.where(
            AuditEvent.at < datetime.combine(filters.end + timedelta(days=1), time.min)
        )
    if limit:
        query = query.limit(limit)
    rows = [
        (e.id, e.at, e.actor, e.source, e.action, e.object_type, e.object_id, e.detail)
        for e in session.scalars(query)
    ]
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def to_csv(frame: pd.DataFrame) -> bytes:
    """Return the events as UTF-8 CSV with a BOM (so Excel and WPS read the Chinese)."""
    out = frame.copy()
    out["action_label"] = out["action"].map(ACTION_LABELS).fillna("")
    out["detail"] = [json.dumps(d, ensure_ascii=False, default=str) for d in out["detail"]]
    out = out[
        [
            "id",
            "at",
            "actor",
            "source",
            "action",
            "action_label",
            "object_type",
            "object_id",
            "detail",
        ]
    ]
    out.columns = ["编号", "时间", "操作人", "来源", "操作", "操作名称", "对象类型", "对象", "详情"]
    return out.to_csv(index=False).encode("utf-8-sig")
