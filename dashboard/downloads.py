"""Table downloads as Excel: the same data functions that feed the pages feed these files."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Flask, Response, request

from dashboard import data
from dashboard.exports import progress_export

blueprint = Blueprint("downloads", __name__, url_prefix="/downloads")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register(server: Flask) -> None:
    server.register_blueprint(blueprint)


def _message(text: str, status: int) -> Response:
    return Response(
        text, status=status, mimetype="text/plain", headers={"Cache-Control": "no-store"}
    )


@blueprint.get("/progress.xlsx")
def progress_xlsx() -> Response:
    """Return the progress table for ``period`` (default: latest), optionally one region/indicator."""
    args = request.args
    try:
        quarter, frame = data.progress_table(
            data.current_source(), args.get("period"), args.get("region"), args.get("indicator")
        )
    except data.InvalidSelection as exc:
        return _message(str(exc), 400)
    if quarter is None or frame.empty:
        return _message("该季度暂无数据", 404)
    title = f"江苏省“千企升级”进展情况（截至{quarter.label}）"
    body = progress_export.render(frame, "xlsx", title)
    name = f"千企升级进展-{quarter}.xlsx"
    disposition = (
        f"attachment; filename=\"progress-{quarter}.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    return Response(
        body,
        mimetype=XLSX,
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )
