"""The schema comes only from migrations: they run up and down and match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from service import migrate
from service.db import Database
from service.models import Base


def test_migrated_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrade_then_downgrade_to_base_and_back(db: Database) -> None:
    url = db.url
    tables = set(Base.metadata.tables)
    migrate.downgrade(url, "base")
    engine = create_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) & tables == set()
        migrate.upgrade(url)
        assert tables <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    db.dispose()
