"""The schema and reference data on both backends."""

from sqlalchemy import func, select

from data_model import migrate
from data_model.db import read_session
from data_model.schema import IndicatorRecord, PlanRecord, RegionRecord


def test_migrated_database_holds_plan_and_regions(db):
    assert migrate.is_current(db.engine)
    with read_session(db.sessions) as session:
        assert session.scalar(select(func.count()).select_from(PlanRecord)) == 1
        assert session.scalar(select(func.count()).select_from(IndicatorRecord)) == 26
        query = select(RegionRecord.level, func.count()).group_by(RegionRecord.level)
        levels = {level: count for level, count in session.execute(query)}
    assert levels == {"province": 1, "city": 13, "county": 95}


def test_migrations_match_the_models(db):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from data_model.schema import Base

    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
