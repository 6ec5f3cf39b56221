"""The site's navigation as data: label, path, and which roles see the link (None: everyone)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    roles: frozenset[str] | None = None  # admin | leader | bureau; None = every signed-in user
    menu: str | None = None  # drop-down menu the link sits in; None: on the bar itself


NAV_ITEMS = (
    NavItem("总览", "/"),
    NavItem("指标", "/indicators/provincial_giants"),
    NavItem("城市", "/cities/320100"),
    NavItem("排名", "/ranking"),
    NavItem("地图", "/map"),
    NavItem("上报数据", "/upload", frozenset({"bureau", "admin"})),
    NavItem("报送情况", "/submissions"),
    NavItem("企业培育库", "/enterprises"),
    NavItem(
        "审核与锁定", "/submissions", frozenset({"admin"}), "管理"
    ),  # the review panel heads that page for admins
    NavItem("审计日志", "/audit", frozenset({"admin"}), "管理"),
    NavItem("用户与令牌", "/admin/users", frozenset({"admin"}), "管理"),
)


def visible_items(role: str | None) -> list[NavItem]:
    """Return the links a user with ``role`` may follow."""
    return [
        item
        for item in NAV_ITEMS
        if item.roles is None or (role is not None and role in item.roles)
    ]
