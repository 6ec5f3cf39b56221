"""The enterprise roster's tables: enterprises, their tier events, yearly figures and assessments.

Append-only where history matters:

- ``enterprise_year`` holds numbered versions of one enterprise's figures for one year; a changed
  figure on re-import adds version n+1 (the highest version is current), nothing is overwritten.
- ``enterprise_tier_event`` rows are only inserted; for each (enterprise, event kind) the newest row
  is current, so a corrected year or batch supersedes the earlier row without erasing it.
- ``enterprise_assessment`` rows are only inserted; the newest per (enterprise, key) is current.
- ``enterprise_import`` records each accepted file with its sha256, so the same file twice is a no-op.

The enterprise row itself (name, region, cluster, type) is the current identity; a change made by
an import is written in place and recorded in the audit log with the old and new values.
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
from sqlalchemy.orm import Mapped, mapped_column

from data_model.schema import Base

Money = Numeric(20, 4, asdecimal=False)
Fraction = Numeric(12, 8, asdecimal=False)

# Tier events, in the order of the cultivation ladder.
ENTERED_POOL, PROVINCIAL, NATIONAL_GIANT, CHAMPION, LEFT_POOL = (
    "entered_pool",
    "provincial",
    "national_giant",
    "champion",
    "left_pool",
)
EVENT_KINDS = (ENTERED_POOL, PROVINCIAL, NATIONAL_GIANT, CHAMPION, LEFT_POOL)
EVENT_LABELS = {
    ENTERED_POOL: "入库培育",
    PROVINCIAL: "认定省级专精特新小巨人",
    NATIONAL_GIANT: "认定国家级专精特新“小巨人”",
    CHAMPION: "认定国家制造业单项冠军",
    LEFT_POOL: "出库",
}
ENTERPRISE_TYPES = {"manufacturing": "制造类", "innovation": "创新类"}


class EnterpriseImport(Base):
    """One accepted roster file (or the demo seed)."""

    __tablename__ = "enterprise_import"
    __table_args__ = (Index("ix_enterprise_import_sha", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(10))  # cli | web | demo
    imported_by: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    row_count: Mapped[int] = mapped_column(Integer)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Enterprise(Base):
    __tablename__ = "enterprise"
    __table_args__ = (Index("ix_enterprise_city", "city_code", "cluster"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    city_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    county_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    cluster: Mapped[str] = mapped_column(String(100))
    enterprise_type: Mapped[str] = mapped_column(String(20))  # manufacturing | innovation
    import_id: Mapped[int] = mapped_column(ForeignKey("enterprise_import.id"))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class EnterpriseTierEvent(Base):
    __tablename__ = "enterprise_tier_event"
    __table_args__ = (Index("ix_tier_event_enterprise", "enterprise_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"))
    kind: Mapped[str] = mapped_column(String(20))  # one of EVENT_KINDS
    year: Mapped[int] = mapped_column(Integer)
    batch: Mapped[str] = mapped_column(String(50), default="")
    reason: Mapped[str] = mapped_column(Text, default="")  # why it left the pool
    import_id: Mapped[int] = mapped_column(ForeignKey("enterprise_import.id"))


class EnterpriseYearRecord(Base):
    """One version of an enterprise's figures for one year (columns as in figures.EnterpriseYear)."""

    __tablename__ = "enterprise_year"
    __table_args__ = (UniqueConstraint("enterprise_id", "year", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"))
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    import_id: Mapped[int] = mapped_column(ForeignKey("enterprise_import.id"))
    source_row: Mapped[int] = mapped_column(Integer)
    operating_revenue: Mapped[float | None] = mapped_column(Money)
    main_business_revenue: Mapped[float | None] = mapped_column(Money)
    main_product_revenue_share: Mapped[float | None] = mapped_column(Fraction)
    operating_profit: Mapped[float | None] = mapped_column(Money)
    profit_and_tax: Mapped[float | None] = mapped_column(Money)
    net_profit: Mapped[float | None] = mapped_column(Money)
    rd_expense: Mapped[float | None] = mapped_column(Money)
    rd_staff: Mapped[int | None] = mapped_column(Integer)
    total_staff: Mapped[int | None] = mapped_column(Integer)
    invention_patents: Mapped[int | None] = mapped_column(Integer)
    utility_patents: Mapped[int | None] = mapped_column(Integer)
    design_patents: Mapped[int | None] = mapped_column(Integer)
    market_share_rank_national: Mapped[int | None] = mapped_column(Integer)
    market_share_rank_provincial: Mapped[int | None] = mapped_column(Integer)
    standards_led_or_joined: Mapped[int | None] = mapped_column(Integer)
    quality_awards_or_famous_trademarks: Mapped[int | None] = mapped_column(Integer)
    asset_liability_ratio: Mapped[float | None] = mapped_column(Fraction)
    founded_year: Mapped[int | None] = mapped_column(Integer)
    has_rd_institution_city_or_above: Mapped[bool | None] = mapped_column(Boolean)
    safety_env_violations_3y: Mapped[int | None] = mapped_column(Integer)


# The figure columns of enterprise_year, in file order (cluster and type live on the enterprise).
FIGURE_COLUMNS = (
    "operating_revenue",
    "main_business_revenue",
    "main_product_revenue_share",
    "operating_profit",
    "profit_and_tax",
    "net_profit",
    "rd_expense",
    "rd_staff",
    "total_staff",
    "invention_patents",
    "utility_patents",
    "design_patents",
    "market_share_rank_national",
    "market_share_rank_provincial",
    "standards_led_or_joined",
    "quality_awards_or_famous_trademarks",
    "asset_liability_ratio",
    "founded_year",
    "has_rd_institution_city_or_above",
    "safety_env_violations_3y",
)


class EnterpriseAssessment(Base):
    """A person's judgement of one criterion (or judgement part) for one enterprise."""

    __tablename__ = "enterprise_assessment"
    __table_args__ = (Index("ix_assessment_enterprise", "enterprise_id", "criterion_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"))
    criterion_key: Mapped[str] = mapped_column(String(64))
    met: Mapped[bool] = mapped_column(Boolean)
    assessor: Mapped[str] = mapped_column(String(100))
    assessed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
