"""The SQL schema (SQLAlchemy 2.x typed ORM). Migrations in ``data_model/migrations`` mirror it.

Append-only by design: submissions, their values, target sets, period locks and audit events are
only ever inserted. A later revision supersedes an earlier one by its revision number; nothing is
updated in place except a submission's single review decision (pending → approved | returned),
which records who decided and when so that any past state can be rebuilt.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Values are stored exactly on PostgreSQL (numeric) and read back as floats everywhere.
Value = Numeric(20, 4, asdecimal=False)


class Base(DeclarativeBase):
    pass


class PlanRecord(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    definition: Mapped[str] = mapped_column(Text)  # the plan file as loaded
    sha256: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(DateTime)


class IndicatorRecord(Base):
    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(32))
    target: Mapped[float] = mapped_column(Value)
    position: Mapped[int] = mapped_column(Integer)


class RegionRecord(Base):
    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    level: Mapped[str] = mapped_column(String(10))  # province | city | county
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    kind: Mapped[str] = mapped_column(String(20), default="")  # 市辖区 / 县级市 / 县 for counties
    position: Mapped[int] = mapped_column(Integer)


class TargetSet(Base):
    """One load of an allocation file; the latest set naming an indicator holds its city targets."""

    __tablename__ = "target_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    loaded_by: Mapped[str] = mapped_column(String(100))
    loaded_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class TargetValue(Base):
    __tablename__ = "target"
    __table_args__ = (UniqueConstraint("target_set_id", "indicator_id", "region_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_set_id: Mapped[int] = mapped_column(ForeignKey("target_set.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    value: Mapped[float] = mapped_column(Value)


class Upload(Base):
    """One accepted file (rejected attempts live only in the audit log)."""

    __tablename__ = "upload"
    __table_args__ = (Index("ix_upload_sha", "plan_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    layout: Mapped[str] = mapped_column(String(20))  # template | long
    channel: Mapped[str] = mapped_column(String(10))  # cli | web | api | demo
    uploaded_by: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)
    row_count: Mapped[int] = mapped_column(Integer)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Submission(Base):
    """One region's figures for one quarter, as one numbered revision."""

    __tablename__ = "submission"
    __table_args__ = (
        UniqueConstraint("plan_id", "region_code", "period", "revision"),
        Index("ix_submission_lookup", "plan_id", "period", "region_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    upload_id: Mapped[int] = mapped_column(ForeignKey("upload.id"))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    period: Mapped[str] = mapped_column(String(7))  # e.g. 2021Q3
    revision: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))  # pending | approved | returned
    submitted_by: Mapped[str] = mapped_column(String(100))
    submitted_at: Mapped[datetime] = mapped_column(DateTime)
    is_late: Mapped[bool | None] = mapped_column(Boolean)
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    review_comment: Mapped[str] = mapped_column(Text, default="")


class SubmissionValue(Base):
    __tablename__ = "submission_value"
    __table_args__ = (UniqueConstraint("submission_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    value: Mapped[float] = mapped_column(Value)
    cumulative_reported: Mapped[float | None] = mapped_column(Value)
    note: Mapped[str] = mapped_column(Text, default="")
    source_row: Mapped[int] = mapped_column(Integer)


class PeriodLock(Base):
    """Append-only lock/unlock events; a quarter is locked when its latest event is ``lock``."""

    __tablename__ = "period_lock"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    period: Mapped[str] = mapped_column(String(7))
    action: Mapped[str] = mapped_column(String(10))  # lock | unlock
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(100), default="")  # IP address or "cli"
    action: Mapped[str] = mapped_column(String(50))
    object_type: Mapped[str] = mapped_column(String(50), default="")
    object_id: Mapped[str] = mapped_column(String(100), default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))  # admin | leader | bureau
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class AppSetting(Base):
    """Small facts about this database, e.g. ``demo_data = 1`` once demo data was seeded."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LoginAttempt(Base):
    """One sign-in attempt; failures per username and address drive login throttling.

    Kept in the database (not in memory) so every gunicorn worker sees the same count.
    """

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_key", "username", "source", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[datetime] = mapped_column(DateTime)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)


# The enterprise roster's tables live in their own module; importing it here puts them on
# Base.metadata for migrations and create_all (it imports Base from this module, hence the end).
from data_model.enterprises import models as _enterprise_models  # noqa: E402, F401
