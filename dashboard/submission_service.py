"""Receiving a bureau's file from the web page or the API: one path into the loader for both.

Bureaus may send only their own city's figures; every web/API submission awaits review and is
judged against the configured deadline.
"""

from __future__ import annotations

from dashboard.auth.identity import Identity, client_address
from dashboard.runtime import runtime
from etl import quarterly


def max_bytes() -> int:
    return int(runtime().config.max_upload_mb * 1024 * 1024)


def too_big_message() -> str:
    return f"文件超过 {runtime().config.max_upload_mb:g} MB 的上限，请删除多余内容后再上传"


def request_for(
    identity: Identity, data: bytes, file_name: str, channel: str, comment: str = ""
) -> quarterly.LoadRequest:
    """Return the LoadRequest for a file sent by ``identity`` through ``channel`` (web | api)."""
    allowed = frozenset({identity.region_code}) if identity.role == "bureau" else None
    return quarterly.LoadRequest(
        data=data,
        file_name=file_name[:255] or "upload",
        actor=identity.username,
        channel=channel,
        approved=False,
        allowed_regions=allowed,
        deadline_days=runtime().config.submission_deadline_days,
        comment=comment,
        source=client_address(),
    )


def submit(
    identity: Identity,
    data: bytes,
    file_name: str,
    channel: str,
    comment: str = "",
    dry_run: bool = False,
) -> quarterly.LoadResult:
    """Validate and (unless ``dry_run`` or rejected) store the file; the loader audits attempts."""
    request = request_for(identity, data, file_name, channel, comment)
    return quarterly.load_file(
        runtime().sessions, runtime().config.plan_code, request, dry_run=dry_run
    )
