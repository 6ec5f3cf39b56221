"""Load a bureau's quarterly figures: read → validate → store, all in one transaction or not at all."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from data_model import audit
from data_model.catalog import indicator_ids, stored_plan
from data_model.db import write_session
from data_model.queries import latest_values
from data_model.submissions import (
    StoredSubmission,
    UploadInfo,
    find_upload,
    locked_periods,
    store_submissions,
)
from etl.layouts import Table, extract_table
from etl.problems import FileProblem, Problem
from etl.readers import read_sheet
from etl.validate import Context, validate

LOADED, REJECTED, ALREADY_LOADED, CHECKED = "loaded", "rejected", "already_loaded", "checked"
REVISION_RACE_RETRIES = 20


@dataclass(frozen=True)
class LoadRequest:
    """Who sends which file, through which channel."""

    data: bytes
    file_name: str
    actor: str
    channel: str = "cli"  # cli | web | api | demo
    approved: bool = True  # administrative loads count at once; bureau uploads await review
    allowed_regions: frozenset[str] | None = None
    deadline_days: int | None = None  # None: lateness does not apply
    comment: str = ""
    at: datetime | None = None
    source: str = ""  # IP address for web/API uploads
    is_demo: bool = False


@dataclass
class LoadResult:
    status: str  # loaded | rejected | already_loaded | checked (dry run, clean)
    file_name: str
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    submissions: list[StoredSubmission] = field(default_factory=list)
    rows: int = 0
    layout: str = ""
    previous: str = ""  # for already_loaded: when and by whom

    @property
    def ok(self) -> bool:
        return self.status != REJECTED


def check(
    session: Session, plan_code: str, request: LoadRequest
) -> tuple[Table | None, object, list[Problem]]:
    """Return (table, clean rows, problems) for the file, reading history through ``session``."""
    plan, record = stored_plan(session, plan_code)
    try:
        table = extract_table(read_sheet(request.data))
    except FileProblem as exc:
        return None, None, [exc.problem]
    needs_history = table.records["cumulative"].ne("").any()
    context = Context(
        plan=plan,
        indicator_ids=indicator_ids(session, record.id),
        locked_periods=frozenset(locked_periods(session, record.id)),
        allowed_regions=request.allowed_regions,
        history=latest_values(session, record.id) if needs_history else None,
    )
    clean, problems = validate(table, context)
    return table, clean, problems


def load_file(
    factory: sessionmaker[Session],
    plan_code: str,
    request: LoadRequest,
    *,
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
) -> LoadResult:
    """Validate the file and, unless it has problems or ``dry_run``, store it as new revisions.

    Two uploads for the same region and quarter at the same moment may pick the same revision
    number on PostgreSQL; the unique constraint refuses the second, which then starts over.
    """
    for attempt in range(REVISION_RACE_RETRIES):
        try:
            return _load_once(factory, plan_code, request, dry_run, progress)
        except IntegrityError:
            if attempt == REVISION_RACE_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def _load_once(factory, plan_code, request, dry_run, progress) -> LoadResult:
    sha = hashlib.sha256(request.data).hexdigest()
    result = LoadResult(REJECTED, request.file_name, sha)
    with write_session(factory) as session:
        _, record = stored_plan(session, plan_code)
        earlier = find_upload(session, record.id, sha)
        if earlier is not None:
            result.status = ALREADY_LOADED
            result.previous = f"{earlier.uploaded_at:%Y-%m-%d %H:%M} 由 {earlier.uploaded_by} 导入"
            return result
        if progress:
            progress("校验中")
        table, clean, problems = check(session, plan_code, request)
        result.problems = problems
        if table is not None:
            result.rows, result.layout = len(table.records), table.layout
        if problems or dry_run:
            result.status = REJECTED if problems else CHECKED
            session.rollback()
        else:
            if progress:
                progress(f"写入 {len(clean)} 行")
            info = UploadInfo(
                file_name=request.file_name,
                sha256=sha,
                size=len(request.data),
                layout=table.layout,
                channel=request.channel,
                actor=request.actor,
                at=request.at or datetime.now(),
                approved=request.approved,
                comment=request.comment,
                is_demo=request.is_demo,
            )
            result.submissions = store_submissions(
                session, record.id, info, clean, deadline_days=request.deadline_days
            )
            result.status = LOADED
            audit.record(
                session,
                request.actor,
                "upload.accepted",
                "upload",
                sha[:12],
                {
                    "file": request.file_name,
                    "sha256": sha,
                    "channel": request.channel,
                    "rows": len(clean),
                    "submissions": [s.id for s in result.submissions],
                },
                source=request.source,
            )
    if result.status == REJECTED:
        with write_session(factory) as session:
            audit.record(
                session,
                request.actor,
                "upload.rejected",
                "upload",
                sha[:12],
                {
                    "file": request.file_name,
                    "sha256": sha,
                    "channel": request.channel,
                    "problems": len(result.problems),
                    "first": [p.describe() for p in result.problems[:5]],
                },
                source=request.source,
            )
    return result
