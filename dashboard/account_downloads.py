"""File downloads behind the role checks: the filled template and the audit log as CSV."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, request

from dashboard.auth.identity import client_address, current_identity
from dashboard.runtime import runtime
from dashboard.templates_service import template_bytes
from data_model import audit, catalog
from data_model.db import read_session, write_session
from data_model.periods import Quarter, reporting_quarter
from data_model.regions import RegionMatcher

blueprint = Blueprint("account_downloads", __name__, url_prefix="/download")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refuse(status: int, message: str) -> Response:
    return Response(message, status, content_type="text/plain; charset=utf-8")


@blueprint.get("/template")
def template():
    """The official template for a city (a bureau: its own) and a quarter (default: the current one)."""
    me = current_identity()
    region_text = request.args.get("region") or (me.region_code or "")
    match = RegionMatcher().match(region_text)
    if match.region is None or match.region.level != "city":
        return _refuse(400, "请指定设区市，如 region=南京市")
    if not me.may_see_region(match.region.code):
        return _refuse(403, "只能下载本市的填报模板")
    with read_session(runtime().sessions) as session:
        plan, _ = catalog.stored_plan(session, runtime().config.plan_code)
        try:
            quarter = (
                Quarter.parse(request.args["period"])
                if request.args.get("period")
                else reporting_quarter(plan.quarters, date.today())
            )
        except ValueError:
            return _refuse(400, "无法识别的季度，应写作 2021Q3")
        if not plan.covers(quarter):
            return _refuse(400, f"{quarter} 不在计划期内")
        data = template_bytes(session, runtime().config.plan_code, match.region, quarter)
    with write_session(runtime().sessions) as session:
        detail = {"region": match.region.code, "period": str(quarter)}
        audit.record(
            session,
            me.username,
            "export.template",
            "export",
            str(quarter),
            detail,
            client_address(),
        )
    name = f"{match.region.name}-{quarter}-填报模板.xlsx"
    response = Response(data, content_type=XLSX)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=template-{quarter}.xlsx; filename*=UTF-8''{_quote(name)}"
    )
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


@blueprint.get("/audit.csv")
def audit_log():
    """The audit log, filtered as on the audit page, as CSV (admin only; the download is logged)."""
    me = current_identity()
    try:
        filters = audit.parse_filters(request.args)
    except ValueError as exc:
        return _refuse(400, str(exc))
    with read_session(runtime().sessions) as session:
        events = audit.events(session, filters, limit=None)
    with write_session(runtime().sessions) as session:
        audit.record(
            session, me.username, "export.audit", "export", "", filters.describe(), client_address()
        )
    response = Response(audit.to_csv(events), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = "attachment; filename=audit.csv"
    return response
