"""Roster downloads: the per-criterion screening export and the yearly lists workbook.

The same data functions feed the page, these files and the CLI, so they never disagree.
"""

from __future__ import annotations

from datetime import date

from flask import Flask, Response, abort, request
from sqlalchemy.orm import Session

from dashboard.auth.identity import Identity, current_identity
from dashboard.exports.tables import Column, to_csv, to_xlsx
from dashboard.runtime import runtime
from data_model.db import read_session
from data_model.enterprises.lists import LIST_COLUMNS, LISTS, yearly_lists
from data_model.enterprises.reviews import SCREENING_COLUMNS
from data_model.enterprises.roster import RosterFilter
from data_model.enterprises.roster_screening import screen_tables, screening_tables

LISTS_PATH = "/downloads/enterprise-lists.xlsx"
# The export's columns keep their machine names in CSV and Excel alike, so scripts read either.
SCREENING_EXPORT = [Column(name, name, width=16) for name in SCREENING_COLUMNS]
LIST_HEADERS = {
    "credit_code": ("统一社会信用代码", 22),
    "name": ("企业名称", 34),
    "city": ("设区市", 10),
    "cluster": ("所属集群或产业", 20),
    "enterprise_type": ("企业类别", 10),
    "entered_pool_year": ("入库年份", 10),
    "provincial_year": ("省级认定年份", 12),
    "verdict": ("筛选结论", 10),
    "criteria_not_met": ("未满足条件编号", 24),
    "reasons": ("未满足的条件", 60),
}
LIST_EXPORT = [Column(c, LIST_HEADERS[c][0], width=LIST_HEADERS[c][1]) for c in LIST_COLUMNS]
TYPE_LABELS = {"manufacturing": "制造类", "innovation": "创新类"}
VERDICT_LABELS = {"met": "符合", "not_met": "不符合"}


def scope_city(identity: Identity | None) -> str | None:
    """Return the only city a user may see (a bureau's own), or None for everything."""
    if identity is not None and identity.role == "bureau":
        return identity.region_code or "-"
    return None


def screening_export(
    session: Session, tier: str, year: int, fmt: str, city_code: str | None = None
) -> bytes:
    """Return SCREENING_COLUMNS for every enterprise and criterion as CSV or XLSX bytes."""
    tables = screening_tables(session, RosterFilter(city_code=city_code))
    frame = screen_tables(tables, tier, year).frame()
    if fmt == "csv":
        return to_csv(frame, SCREENING_EXPORT)
    return to_xlsx([(f"screening-{tier}-{year}", frame, SCREENING_EXPORT, None)])


def lists_workbook(session: Session, year: int, city_code: str | None = None) -> bytes:
    """Return the yearly lists as one workbook, a sheet per list."""
    sheets = []
    for name, frame in yearly_lists(session, year, city_code).items():
        title = LISTS[name][0]
        shown = frame.assign(
            enterprise_type=frame["enterprise_type"].map(TYPE_LABELS),
            verdict=frame["verdict"].map(VERDICT_LABELS),
        )
        sheets.append((title, shown, LIST_EXPORT, f"{year}年度{title}（{len(frame)} 家）"))
    return to_xlsx(sheets)


def install(server: Flask) -> None:
    """Add the yearly lists download route to ``server``."""

    @server.get(LISTS_PATH)
    def enterprise_lists_download():
        try:
            year = int(request.args.get("year", date.today().year - 1))
        except ValueError:
            abort(400, "年份应为 4 位数字")
        city = scope_city(current_identity())
        with read_session(runtime().sessions) as session:
            data = lists_workbook(session, year, city)
        name = f"enterprise-lists-{year}.xlsx"
        return Response(
            data,
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f"attachment; filename={name}"},
        )
