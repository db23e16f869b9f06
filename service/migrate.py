"""Run Alembic migrations programmatically: the schema is created only by migrations."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from service.db import ensure_sqlite_directory
from service.settings import PROJECT_ROOT, current_settings


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", (url or current_settings().database_url).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Bring the schema to `revision`; a SQLite file's folder is created first."""
    ensure_sqlite_directory(url or current_settings().database_url)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "-1") -> None:
    command.downgrade(alembic_config(url), revision)


def revision(message: str, url: str | None = None) -> None:
    """Autogenerate a new revision against `url` (developers only)."""
    command.revision(alembic_config(url), message=message, autogenerate=True)
