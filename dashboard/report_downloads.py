"""Download routes for the bulletin PDF and the ranking files, linked from the /ranking page.

``/downloads/bulletin.pdf?period=2022Q3`` and ``/downloads/ranking.{xlsx,csv,json}?period=…``.
Each download is recorded in the audit log. A bad period answers 400, a quarter without a
bulletin 404, both with a Chinese message (JSON for ranking.json, a small page otherwise).
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, jsonify, render_template_string, request

from dashboard.auth.identity import actor_name
from dashboard.exports import ranking_export
from dashboard.exports.bulletin_pdf import render_pdf
from dashboard.runtime import runtime
from data_model import audit
from data_model.bulletin import Bulletin, BulletinUnavailable, load_bulletin
from data_model.db import read_session, write_session
from data_model.periods import Quarter

blueprint = Blueprint("report_downloads", __name__, url_prefix="/downloads")

_ERROR_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body style="font-family: sans-serif; margin: 3em">
<h1 style="font-size: 1.4em">{{ title }}</h1><p>{{ message }}</p>
<p><a href="/ranking">返回设区市排名</a></p></body></html>"""


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def content_disposition(file_name: str, fallback: str) -> str:
    """Return an attachment header: an ASCII name for old clients, the UTF-8 name (RFC 5987).

    >>> content_disposition("通报.pdf", "bulletin.pdf").split("; ")
    ['attachment', 'filename="bulletin.pdf"', "filename*=UTF-8''%E9%80%9A%E6%8A%A5.pdf"]
    """
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name)}"


def _bulletin() -> Bulletin:
    period = request.args.get("period", "").strip()
    if not period:
        raise _Refused(400, "请指定季度，例如 ?period=2022Q3。")
    try:
        quarter = Quarter.parse(period)
    except ValueError:
        raise _Refused(400, f"无法识别的季度“{period}”，应写作 2022Q3。") from None
    rt = runtime()
    try:
        with read_session(rt.sessions) as session:
            return load_bulletin(session, rt.config.plan_code, quarter)
    except BulletinUnavailable as exc:
        raise _Refused(404, exc.message) from None


def _record(action: str, bulletin: Bulletin, fmt: str) -> None:
    with write_session(runtime().sessions) as session:
        audit.record(
            session,
            actor_name(),
            action,
            "bulletin",
            bulletin.period,
            {"format": fmt, "plan": bulletin.plan_code},
            source=request.remote_addr or "",
        )


def _download(data: bytes, media_type: str, bulletin: Bulletin, kind: str, fmt: str) -> Response:
    response = Response(data)
    response.headers["Content-Type"] = media_type
    response.headers["Content-Disposition"] = content_disposition(
        ranking_export.file_name(bulletin, kind, fmt), f"qianqi-{kind}-{bulletin.period}.{fmt}"
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _refusal(refused: _Refused, as_json: bool) -> Response:
    if as_json:
        response = jsonify({"error": refused.message})
    else:
        title = "季度有误" if refused.status == 400 else "无法生成"
        page = render_template_string(_ERROR_PAGE, title=title, message=refused.message)
        response = Response(page, mimetype="text/html")
    response.status_code = refused.status
    return response


@blueprint.get("/bulletin.pdf")
def bulletin_pdf() -> Response:
    try:
        bulletin = _bulletin()
    except _Refused as refused:
        return _refusal(refused, as_json=False)
    data = render_pdf(bulletin)
    _record("export.bulletin", bulletin, "pdf")
    return _download(data, "application/pdf", bulletin, "bulletin", "pdf")


@blueprint.get("/ranking.<fmt>")
def ranking_file(fmt: str) -> Response:
    if fmt not in ranking_export.FORMATS:
        return _refusal(_Refused(404, f"不支持的格式“{fmt}”，可选 xlsx、csv、json。"), False)
    try:
        bulletin = _bulletin()
    except _Refused as refused:
        return _refusal(refused, as_json=fmt == "json")
    data = ranking_export.render(bulletin, fmt)
    _record("export.ranking", bulletin, fmt)
    return _download(data, ranking_export.MEDIA_TYPES[fmt], bulletin, "ranking", fmt)
