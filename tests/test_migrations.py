"""The schema comes only from migrations: they run up and down and match the models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text

from service import migrate
from service.db import Database
from service.models import Base, Manager


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


def test_managers_who_shared_before_share_only_from_the_migration_on(db: Database) -> None:
    """The old checkbox showed earlier replies without saying so: after the upgrade, sharing is on
    from the moment of the migration, and a downgrade keeps the consent flag."""
    url = db.url
    migrate.downgrade(url, "0002_commitments")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for id_, email, share in ((1, "on@example.com", True), (2, "off@example.com", False)):
                connection.execute(
                    text(
                        "INSERT INTO managers (id, email, name, timezone, share_replies, created_at) "
                        "VALUES (:id, :email, '', 'UTC', :share, :created)"
                    ),
                    {"id": id_, "email": email, "share": share, "created": datetime(2026, 1, 1, tzinfo=UTC)},
                )
        before = datetime.now(UTC)
        migrate.upgrade(url)
        with db.session() as session:
            since = dict(session.execute(select(Manager.email, Manager.sharing_since)).all())
        assert since["off@example.com"] is None
        shared_from = since["on@example.com"]
        assert shared_from is not None and shared_from >= before - timedelta(seconds=1)
        migrate.downgrade(url, "0002_commitments")
        with engine.connect() as connection:
            flags = dict(connection.execute(text("SELECT email, share_replies FROM managers")).all())
        assert {email: bool(flag) for email, flag in flags.items()} == {
            "on@example.com": True,
            "off@example.com": False,
        }
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM managers"))
    finally:
        engine.dispose()
        migrate.upgrade(url)
    db.dispose()
