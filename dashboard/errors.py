"""Errors users can cause end as clear Chinese answers; bugs are logged, never shown as tracebacks."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError

logger = logging.getLogger(__name__)
DISPATCH = "/_dash-update-component"
MALFORMED = "请求格式不正确，请刷新页面后重试。"
UNEXPECTED = "系统暂时无法处理该请求，请稍后重试；如持续出现，请联系省工信厅。"


def install(server: Flask) -> None:
    @server.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException) and not isinstance(error, InternalServerError):
            return error
        if request.path == DISPATCH and isinstance(error, KeyError | TypeError | ValueError):
            # A callback request that names no registered callback or lacks its fields: the
            # client sent something Dash's own front end never sends.
            logger.warning("malformed callback request: %r", error)
            return jsonify({"error": MALFORMED}), 400
        logger.exception("unhandled error on %s %s", request.method, request.path)
        if request.path.startswith(("/api/", DISPATCH)) or request.is_json:
            return jsonify({"error": UNEXPECTED}), 500
        return (
            f"<!doctype html><meta charset=utf-8><title>出错了</title><p>{UNEXPECTED}</p>",
            500,
            {"Content-Type": "text/html; charset=utf-8"},
        )
