"""Write a validated roster: new enterprises, changed identities, new figure versions, new events.

Everything is compared with what is stored first, in bulk (no per-row queries), so a file whose
content is already stored adds nothing, and a changed figure adds a new version of that year.
A file row is the full statement of that enterprise-year: a figure left blank that was stored
before counts as a change (the new version holds no value for it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from data_model import audit
from data_model.enterprises.models import (
    FIGURE_COLUMNS,
    Enterprise,
    EnterpriseImport,
    EnterpriseTierEvent,
    EnterpriseYearRecord,
)

IDENTITY = ["name", "city_code", "county_code", "cluster", "enterprise_type"]


@dataclass(frozen=True)
class ImportInfo:
    file_name: str
    sha256: str
    size: int
    channel: str
    actor: str
    rows: int
    at: datetime | None = None
    is_demo: bool = False
    source: str = ""


@dataclass
class StoreSummary:
    new_enterprises: int = 0
    changed_enterprises: int = 0
    new_versions: int = 0  # enterprise-years whose figures changed (version ≥ 2)
    new_years: int = 0  # enterprise-years stored for the first time
    new_events: int = 0
    import_id: int | None = None
    changes: list[dict] = field(default_factory=list)  # identity changes, for the audit log

    @property
    def changed(self) -> bool:
        return any(
            (
                self.new_enterprises,
                self.changed_enterprises,
                self.new_versions,
                self.new_years,
                self.new_events,
            )
        )


def find_import(session: Session, sha256: str) -> EnterpriseImport | None:
    """Return the earlier import of the file with this sha256, if any."""
    query = select(EnterpriseImport).where(EnterpriseImport.sha256 == sha256)
    return session.scalars(query.order_by(EnterpriseImport.id)).first()


def stored_enterprises(session: Session) -> pd.DataFrame:
    """Return every enterprise: id, credit_code and the IDENTITY columns."""
    columns = [Enterprise.id, Enterprise.credit_code, *(getattr(Enterprise, c) for c in IDENTITY)]
    rows = session.execute(select(*columns)).all()
    return pd.DataFrame(rows, columns=["id", "credit_code", *IDENTITY])


def latest_years(session: Session, enterprise_ids=None) -> pd.DataFrame:
    """Return the current (highest) version of each enterprise-year: enterprise_id, year,
    version and FIGURE_COLUMNS."""
    table = EnterpriseYearRecord
    newest = (
        select(table.enterprise_id, table.year, func.max(table.version).label("version"))
        .group_by(table.enterprise_id, table.year)
        .subquery()
    )
    query = select(
        table.enterprise_id, table.year, table.version, *(getattr(table, c) for c in FIGURE_COLUMNS)
    ).join(
        newest,
        (table.enterprise_id == newest.c.enterprise_id)
        & (table.year == newest.c.year)
        & (table.version == newest.c.version),
    )
    if enterprise_ids is not None:
        query = query.where(table.enterprise_id.in_(list(enterprise_ids)))
    rows = session.execute(query).all()
    return pd.DataFrame(rows, columns=["enterprise_id", "year", "version", *FIGURE_COLUMNS])


def current_events(session: Session) -> pd.DataFrame:
    """Return the current event of each kind per enterprise: enterprise_id, kind, year, batch, reason."""
    table = EnterpriseTierEvent
    newest = select(func.max(table.id)).group_by(table.enterprise_id, table.kind)
    query = select(table.enterprise_id, table.kind, table.year, table.batch, table.reason).where(
        table.id.in_(newest.scalar_subquery())
    )
    rows = session.execute(query).all()
    return pd.DataFrame(rows, columns=["enterprise_id", "kind", "year", "batch", "reason"])


def store_roster(
    session: Session,
    enterprises: pd.DataFrame,
    years: pd.DataFrame,
    events: pd.DataFrame,
    info: ImportInfo,
) -> StoreSummary:
    """Store what differs from the database; return the summary (nothing is added if unchanged)."""
    summary = StoreSummary()
    existing = stored_enterprises(session)
    merged = enterprises.merge(existing, on="credit_code", how="left", suffixes=("", "_old"))
    new = merged[merged["id"].isna()]
    known = merged[merged["id"].notna()]
    changed_mask = np.zeros(len(known), dtype=bool)
    for column in IDENTITY:
        changed_mask |= ~_same(known[column], known[f"{column}_old"])
    changed = known[changed_mask]
    year_rows, new_year_count = _changed_years(session, years, merged)
    event_rows = _changed_events(session, events, merged)
    summary.new_enterprises, summary.changed_enterprises = len(new), len(changed)
    summary.new_years = new_year_count
    summary.new_versions = len(year_rows) - new_year_count
    summary.new_events = len(event_rows)
    if not summary.changed:
        return summary
    record = EnterpriseImport(
        file_name=info.file_name,
        sha256=info.sha256,
        size=info.size,
        channel=info.channel,
        imported_by=info.actor,
        imported_at=info.at or datetime.now(),
        row_count=info.rows,
        is_demo=info.is_demo,
        summary={},
    )
    session.add(record)
    session.flush()
    summary.import_id = record.id
    ids = dict(zip(known["credit_code"], known["id"].astype(int), strict=True))
    if len(new):
        rows = _records(new[["credit_code", *IDENTITY]])
        for row in rows:
            row.update(import_id=record.id, is_demo=info.is_demo)
        session.execute(insert(Enterprise), rows)
        query = select(Enterprise.credit_code, Enterprise.id).where(
            Enterprise.import_id == record.id
        )
        ids.update(dict(session.execute(query).all()))
    for row in changed.itertuples(index=False):
        entity = session.get(Enterprise, int(row.id))
        before = {c: getattr(entity, c) for c in IDENTITY}
        after = {c: _plain(getattr(row, c)) for c in IDENTITY}
        for column, value in after.items():
            setattr(entity, column, value)
        summary.changes.append({"credit_code": row.credit_code, "before": before, "after": after})
    if len(year_rows):
        year_rows = year_rows.assign(enterprise_id=year_rows["credit_code"].map(ids))
        rows = _records(year_rows[["enterprise_id", "year", "version", *FIGURE_COLUMNS]])
        sources = year_rows["row"].astype(int).tolist()
        for row, source in zip(rows, sources, strict=True):
            row.update(import_id=record.id, source_row=source)
        session.execute(insert(EnterpriseYearRecord), rows)
    if len(event_rows):
        event_rows = event_rows.assign(enterprise_id=event_rows["credit_code"].map(ids))
        rows = _records(event_rows[["enterprise_id", "kind", "year", "batch", "reason"]])
        for row in rows:
            row["import_id"] = record.id
        session.execute(insert(EnterpriseTierEvent), rows)
    detail = {k: v for k, v in asdict(summary).items() if k != "changes"}
    record.summary = detail
    audit.record(
        session,
        info.actor,
        "enterprises.import",
        "enterprise_import",
        record.id,
        detail | {"file": info.file_name, "sha256": info.sha256, "changes": summary.changes[:50]},
        source=info.source,
    )
    session.flush()
    return summary


def _changed_years(session: Session, years: pd.DataFrame, merged: pd.DataFrame):
    """Return (rows to insert with a version column, how many are first versions)."""
    ids = merged.dropna(subset=["id"]).set_index("credit_code")["id"].astype(int)
    incoming = years.assign(enterprise_id=years["credit_code"].map(ids))
    stored = latest_years(session) if len(ids) else pd.DataFrame(columns=["enterprise_id", "year"])
    if len(stored):
        stored = stored[stored["enterprise_id"].isin(set(ids))]
    both = incoming.merge(
        stored.astype({"enterprise_id": "Int64", "year": "Int64"}),
        on=["enterprise_id", "year"],
        how="left",
        suffixes=("", "_old"),
    )
    first = both["version"].isna() if "version" in both else pd.Series(True, index=both.index)
    differs = first.to_numpy().copy()
    for column in FIGURE_COLUMNS:
        if f"{column}_old" in both:
            differs |= ~_same(both[column], both[f"{column}_old"])
    out = both[differs].copy()
    out["version"] = out["version"].fillna(0).astype(int) + 1 if "version" in out else 1
    return out[["credit_code", "year", "row", "version", *FIGURE_COLUMNS]], int(
        first[differs].sum()
    )


def _changed_events(session: Session, events: pd.DataFrame, merged: pd.DataFrame) -> pd.DataFrame:
    incoming = events.assign(
        batch=events["detail"].where(events["kind"] != "left_pool", ""),
        reason=events["detail"].where(events["kind"] == "left_pool", ""),
    )
    ids = merged.dropna(subset=["id"]).set_index("credit_code")["id"].astype(int)
    incoming["enterprise_id"] = incoming["credit_code"].map(ids).astype("Int64")
    stored = current_events(session)
    both = incoming.merge(
        stored.astype({"enterprise_id": "Int64"}),
        on=["enterprise_id", "kind"],
        how="left",
        suffixes=("", "_old"),
    )
    same = (
        _same(both["year"], both["year_old"])
        & (both["batch"] == both["batch_old"])
        & (both["reason"] == both["reason_old"])
    )
    return both[~same][["credit_code", "kind", "year", "batch", "reason"]]


def _same(new: pd.Series, old: pd.Series) -> np.ndarray:
    """Element-wise equality where two missing values are equal and numbers compare by value."""
    a, b = new.astype(object), old.astype(object)
    a_na, b_na = pd.isna(a).to_numpy(), pd.isna(b).to_numpy()
    a_num = pd.to_numeric(a.where(~a_na), errors="coerce").to_numpy(dtype=float)
    b_num = pd.to_numeric(b.where(~b_na), errors="coerce").to_numpy(dtype=float)
    numeric = ~np.isnan(a_num) & ~np.isnan(b_num)
    close = numeric & np.isclose(a_num, b_num, rtol=1e-9, atol=1e-9, equal_nan=False)
    texts = ~numeric & ~a_na & ~b_na & (a.astype(str).to_numpy() == b.astype(str).to_numpy())
    return (a_na & b_na) | close | texts


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _records(frame: pd.DataFrame) -> list[dict]:
    """Return rows as dicts of plain Python values (None for missing) for a bulk insert."""
    columns = list(frame.columns)
    values = [frame[c].astype(object).tolist() for c in columns]
    return [
        {c: _plain(v) for c, v in zip(columns, row, strict=True)}
        for row in zip(*values, strict=True)
    ]
