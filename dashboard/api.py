"""The JSON API for bureau systems and scripts, authenticated by ``Authorization: Bearer TOKEN``.

Never cookie-authenticated (so CSRF does not apply); tokens carry their user's role and city.
Every error is JSON with a Chinese message; bad input never yields a 500.
"""

from __future__ import annotations

from flask import Blueprint, Flask, g, jsonify, request
from werkzeug.exceptions import HTTPException

from dashboard import submission_service
from dashboard.auth.identity import API_IDENTITY, Identity, client_address, identity_of
from dashboard.exports import progress_export
from dashboard.runtime import runtime
from data_model import accounts, audit, catalog, review
from data_model.db import read_session, write_session
from data_model.periods import Quarter
from data_model.progress import progress
from data_model.regions import PROVINCE_CODE, PROVINCE_NAME, RegionMatcher, cities
from data_model.submissions import APPROVED, RETURNED
from etl import quarterly

blueprint = Blueprint("api", __name__, url_prefix="/api")


class ApiError(Exception):
    def __init__(self, status: int, message: str, **extra) -> None:
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


def _error(status: int, message: str, **extra):
    return jsonify({"error": message, **extra}), status


@blueprint.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return _error(exc.status, exc.message, **exc.extra)


@blueprint.before_request
def _authenticate():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _error(401, "缺少访问令牌：请在请求头中发送 Authorization: Bearer 令牌")
    with read_session(runtime().sessions) as session:
        account = accounts.account_for_token(session, token.strip())
    if account is None or (account.is_demo and not runtime().config.demo_mode):
        return _error(401, "访问令牌无效、已撤销或账号已停用")
    g.setdefault(API_IDENTITY, identity_of(account))
    return None


def _me() -> Identity:
    return g.get(API_IDENTITY)


def _require_admin() -> None:
    if not _me().is_admin:
        raise ApiError(403, "只有省级管理员可以执行此操作")


def _plan_id(session) -> int:
    return catalog.stored_plan(session, runtime().config.plan_code)[1].id


def _city_code(text: str) -> str:
    match = RegionMatcher().match(text)
    if match.region is None or match.region.level != "city":
        hint = f"，是否为“{match.suggestion}”？" if match.suggestion else ""
        raise ApiError(400, f"未知设区市“{text}”{hint}")
    return match.region.code


def _period(text: str | None, required: bool = False) -> str | None:
    if not text:
        if required:
            raise ApiError(400, "请提供季度参数 period，如 2021Q3")
        return None
    try:
        return str(Quarter.parse(text))
    except ValueError:
        raise ApiError(400, f"无法识别的季度“{text}”，应写作 2021Q3") from None


def _row(item: dict) -> dict:
    return {
        "id": int(item["id"]),
        "region": item["region_code"],
        "period": item["period"],
        "status": item["status"],
        "revision": int(item["revision"]),
        "who": item["submitted_by"],
        "when": item["submitted_at"].isoformat(timespec="seconds"),
        "late": None if item["is_late"] is None else bool(item["is_late"]),
        "review_comment": item["review_comment"],
    }


@blueprint.post("/submissions")
def upload():
    me = _me()
    if me.role not in ("admin", "bureau"):
        raise ApiError(403, "您的账号无权报送数据")
    if request.content_length and request.content_length > submission_service.max_bytes() + 65536:
        raise ApiError(413, submission_service.too_big_message())
    sent = request.files.get("file")
    if sent is None:
        raise ApiError(400, "请以 multipart 表单字段 file 上传文件")
    data = sent.read(submission_service.max_bytes() + 1)
    if len(data) > submission_service.max_bytes():
        raise ApiError(413, submission_service.too_big_message())
    comment = request.form.get("comment", "")[:2000]
    result = submission_service.submit(me, data, sent.filename or "upload", "api", comment)
    if result.status == quarterly.REJECTED:
        problems = [p.to_dict() for p in result.problems]
        raise ApiError(422, f"文件有 {len(problems)} 个问题，未导入", problems=problems)
    if result.status == quarterly.ALREADY_LOADED:
        raise ApiError(409, f"该文件已于 {result.previous}，未做改动")
    rows = [
        {"id": s.id, "region": s.region_code, "period": s.period, "status": s.status}
        for s in result.submissions
    ]
    return jsonify({"submissions": rows}), 201


@blueprint.get("/submissions")
def list_submissions():
    me = _me()
    region = request.args.get("region")
    codes = None
    if region:
        code = _city_code(region)
        if not me.may_see_region(code):
            raise ApiError(403, "只能查看本市的报送")
        codes = [code]
    elif me.role == "bureau":
        codes = [me.region_code]
    with read_session(runtime().sessions) as session:
        frame = review.submissions(
            session, _plan_id(session), codes, _period(request.args.get("period"))
        )
    return jsonify({"submissions": [_row(r) for r in frame.to_dict("records")]})


@blueprint.get("/submissions/<int:submission_id>")
def show_submission(submission_id: int):
    with read_session(runtime().sessions) as session:
        frame = review.submissions(session, _plan_id(session), ids=[submission_id])
    # Another city's submission is reported as missing, so ids reveal nothing.
    if frame.empty or not _me().may_see_region(frame.iloc[0]["region_code"]):
        raise ApiError(404, f"报送 {submission_id} 不存在")
    return jsonify(_row(frame.iloc[0].to_dict()))


def _decide(submission_id: int, decision: str):
    _require_admin()
    body = request.get_json(silent=True)
    comment = body.get("comment", "") if isinstance(body, dict) else ""
    if not isinstance(comment, str):
        raise ApiError(400, "comment 应为文字")
    try:
        with write_session(runtime().sessions) as session:
            review.decide(
                session, submission_id, decision, _me().username, comment, client_address()
            )
    except review.ReviewError as exc:
        status = {"not_found": 404, "comment_required": 422}.get(exc.code, 409)
        raise ApiError(status, str(exc)) from None
    with read_session(runtime().sessions) as session:
        frame = review.submissions(session, _plan_id(session), ids=[submission_id])
    return jsonify(_row(frame.iloc[0].to_dict()))


@blueprint.post("/submissions/<int:submission_id>/approve")
def approve(submission_id: int):
    return _decide(submission_id, APPROVED)


@blueprint.post("/submissions/<int:submission_id>/return")
def return_(submission_id: int):
    return _decide(submission_id, RETURNED)


def region_codes(region: str | None) -> list[str]:
    """Return the regions of a progress request: the province (default), one city, or all."""
    if region is None or region in (PROVINCE_NAME, "江苏", PROVINCE_CODE, ""):
        return [PROVINCE_CODE]
    if region == "all":
        return [c.code for c in cities()]
    return [_city_code(region)]


@blueprint.get("/progress")
def progress_rows():
    quarter = Quarter.parse(_period(request.args.get("period"), required=True))
    codes = region_codes(request.args.get("region"))
    with read_session(runtime().sessions) as session:
        plan, _ = catalog.stored_plan(session, runtime().config.plan_code)
        if not plan.covers(quarter):
            raise ApiError(400, f"{quarter} 不在计划期内")
        frame = progress(session, runtime().config.plan_code, quarter)
    frame = frame[frame["region_code"].isin(codes)]
    with write_session(runtime().sessions) as session:
        audit.record(
            session,
            _me().username,
            "export.progress",
            "export",
            str(quarter),
            {"regions": codes, "channel": "api"},
            client_address(),
        )
    data = progress_export.render(frame, "json")
    return data, 200, {"Content-Type": "application/json; charset=utf-8"}


@blueprint.route("/", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@blueprint.route("/<path:_rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_found(_rest: str = ""):
    # Without this, Dash's catch-all page route would answer unknown /api paths with HTML.
    raise ApiError(404, "接口不存在")


def install(server: Flask) -> None:
    server.register_blueprint(blueprint)

    @server.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        # Under /api, every HTTP error is JSON; elsewhere, Flask's own pages.
        if request.path.startswith("/api"):
            messages = {404: "接口不存在", 405: "不支持该请求方法", 413: "文件过大"}
            return _error(exc.code or 500, messages.get(exc.code, exc.description or "请求有误"))
        return exc
