"""Which role may reach which page, download and callback — as data, checked on the server.

Pages and downloads are matched by path prefix; Dash callbacks by the id prefix of their outputs
(ids follow ``<page>-<thing>``), and the page-routing callback by the path it is asked to render.
Anything not listed is open to every signed-in user.
"""

from __future__ import annotations

ADMIN = frozenset({"admin"})
ADMIN_BUREAU = frozenset({"admin", "bureau"})

PATH_ROLES: dict[str, frozenset[str]] = {
    "/upload": ADMIN_BUREAU,
    "/download/template": ADMIN_BUREAU,
    "/audit": ADMIN,
    "/download/audit.csv": ADMIN,
    "/admin": ADMIN,
}
COMPONENT_ROLES: dict[str, frozenset[str]] = {
    "upload-": ADMIN_BUREAU,
    "audit-": ADMIN,
    "users-": ADMIN,
    "review-": ADMIN,
    "enterprises-upload": ADMIN,
}
PAGE_ROUTER_OUTPUT = "_pages_content"
# Session key holding the account's credential stamp (see data_model.accounts.Account).
STAMP = "credential_stamp"
PAGE_ROUTER_INPUT = "_pages_location"


def path_allowed(role: str, path: str) -> bool:
    """Return True when ``role`` may open ``path``.

    >>> path_allowed("leader", "/upload"), path_allowed("leader", "/uploads"), path_allowed("admin", "/audit/x")
    (False, True, True)
    """
    for prefix, roles in PATH_ROLES.items():
        if path == prefix or path.startswith(prefix + "/"):
            return role in roles
    return True


def _component_name(component_id) -> str:
    if isinstance(component_id, dict):
        return str(component_id.get("type", ""))
    return str(component_id)


def _ids(spec) -> list:
    if isinstance(spec, dict):
        return [spec.get("id")]
    if isinstance(spec, list):
        return [item for part in spec for item in _ids(part)]
    return []


def callback_allowed(role: str, body: dict) -> bool:
    """Return True when ``role`` may run the Dash callback described by a request ``body``."""
    outputs = [_component_name(i) for i in _ids(body.get("outputs"))]
    if not outputs and isinstance(body.get("output"), str):
        outputs = [part.split(".")[0] for part in body["output"].strip(".").split("...")]
    for name in outputs:
        for prefix, roles in COMPONENT_ROLES.items():
            if name.startswith(prefix) and role not in roles:
                return False
    if PAGE_ROUTER_OUTPUT in outputs:
        for item in body.get("inputs") or []:
            if (
                isinstance(item, dict)
                and item.get("id") == PAGE_ROUTER_INPUT
                and item.get("property") == "pathname"
                and not path_allowed(role, str(item.get("value") or "/"))
            ):
                return False
    return True
