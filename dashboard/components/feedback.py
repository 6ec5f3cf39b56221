"""Messages instead of charts: the empty state and the friendly error shown in place of a traceback."""

from __future__ import annotations

import functools
import logging

import dash_bootstrap_components as dbc
from dash import html, no_update

from dashboard.data import InvalidSelection

logger = logging.getLogger(__name__)

GENERIC_ERROR = "页面加载时出现问题，请稍后重试；如问题持续，请联系平台管理员。"


def empty_state(title: str = "该季度暂无数据", detail: str = "") -> html.Div:
    """Return a panel explaining why nothing is shown."""
    return html.Div(
        [html.H5(title, className="mb-1"), html.P(detail, className="mb-0 text-muted")],
        className="empty-state",
        role="status",
    )


def error_message(message: str) -> dbc.Alert:
    """Return a friendly Chinese error with a way back to the overview."""
    return dbc.Alert(
        [
            html.H5("无法显示该页面", className="alert-heading"),
            html.P(message, className="mb-2"),
            html.A("返回总览", href="/", className="alert-link"),
        ],
        color="warning",
        className="page-error",
    )


def guarded(extra_outputs: int = 0):
    """Wrap a layout or callback so that errors become a message in its first output.

    A user's bad value (``InvalidSelection``) shows its own message; anything else is logged
    with its traceback and shows ``GENERIC_ERROR``. ``extra_outputs`` further outputs are left
    unchanged (``no_update``) on error.
    """

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except InvalidSelection as exc:
                shown = error_message(str(exc))
            except Exception:
                logger.exception("error in %s", func.__qualname__)
                shown = error_message(GENERIC_ERROR)
            return (shown, *[no_update] * extra_outputs) if extra_outputs else shown

        return wrapper

    return decorate
