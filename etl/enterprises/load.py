"""Load a roster file: read → validate → store, in one transaction or not at all.

The same file (same sha256) again is ``already_loaded``; a different file whose content is
already stored is ``unchanged`` and leaves no trace but the audit event.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from data_model import audit
from data_model.db import write_session
from data_model.enterprises.store import ImportInfo, StoreSummary, find_import, store_roster
from etl.enterprises.validate import validate_sheet
from etl.problems import FileProblem, Problem
from etl.readers import read_sheet

LOADED, REJECTED, ALREADY_LOADED, CHECKED, UNCHANGED = (
    "loaded",
    "rejected",
    "already_loaded",
    "checked",
    "unchanged",
)


@dataclass(frozen=True)
class RosterRequest:
    data: bytes
    file_name: str
    actor: str
    channel: str = "cli"  # cli | web | demo
    at: datetime | None = None
    source: str = ""
    is_demo: bool = False


@dataclass
class RosterResult:
    status: str
    file_name: str
    sha256: str
    rows: int = 0
    enterprises: int = 0
    problems: list[Problem] = field(default_factory=list)
    summary: StoreSummary = field(default_factory=StoreSummary)
    previous: str = ""

    @property
    def ok(self) -> bool:
        return self.status != REJECTED

    def message(self) -> str:
        """Return a one-line Chinese summary of the outcome."""
        s = self.summary
        if self.status == REJECTED:
            return f"{self.file_name}：发现 {len(self.problems)} 个问题，整个文件未导入"
        if self.status == ALREADY_LOADED:
            return f"{self.file_name}：该文件已于 {self.previous}，未做改动"
        if self.status == UNCHANGED:
            return f"{self.file_name}：{self.rows} 行与库中数据一致，未做改动"
        head = "校验通过（未写入）" if self.status == CHECKED else "已导入"
        return (
            f"{self.file_name}：{head} {self.rows} 行、{self.enterprises} 家企业；"
            f"新增企业 {s.new_enterprises} 家，企业信息变更 {s.changed_enterprises} 家，"
            f"新增年度数据 {s.new_years} 条，更正（新版本）{s.new_versions} 条，"
            f"新增培育记录 {s.new_events} 条"
        )


def load_roster(
    factory: sessionmaker[Session], request: RosterRequest, *, dry_run: bool = False
) -> RosterResult:
    """Validate the roster file and, unless it has problems or ``dry_run``, store what changed."""
    sha = hashlib.sha256(request.data).hexdigest()
    result = RosterResult(REJECTED, request.file_name, sha)
    with write_session(factory) as session:
        earlier = find_import(session, sha)
        if earlier is not None:
            result.status = ALREADY_LOADED
            result.previous = f"{earlier.imported_at:%Y-%m-%d %H:%M} 由 {earlier.imported_by} 导入"
            return result
        try:
            roster, problems = validate_sheet(read_sheet(request.data))
        except FileProblem as exc:
            roster, problems = None, [exc.problem]
        result.problems = problems
        if roster is not None:
            result.rows, result.enterprises = roster.rows, len(roster.enterprises)
        if problems:
            session.rollback()
        else:
            info = ImportInfo(
                file_name=request.file_name,
                sha256=sha,
                size=len(request.data),
                channel=request.channel,
                actor=request.actor,
                rows=roster.rows,
                at=request.at,
                is_demo=request.is_demo,
                source=request.source,
            )
            result.summary = store_roster(
                session, roster.enterprises, roster.years, roster.events, info
            )
            if dry_run:
                result.status = CHECKED
                session.rollback()
            else:
                result.status = LOADED if result.summary.changed else UNCHANGED
    if result.status == REJECTED:
        with write_session(factory) as session:
            audit.record(
                session,
                request.actor,
                "enterprises.import_rejected",
                "enterprise_import",
                sha[:12],
                {
                    "file": request.file_name,
                    "problems": len(result.problems),
                    "first": [p.describe() for p in result.problems[:5]],
                },
                source=request.source,
            )
    return result
