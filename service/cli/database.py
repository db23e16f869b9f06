"""`coach db upgrade|downgrade`: apply or revert Alembic migrations."""

from __future__ import annotations

import click

from service import migrate
from service.cli.errors import settings_or_exit


@click.group("db")
def database() -> None:
    """Database migrations."""


@database.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: head)."""
    settings = settings_or_exit()
    migrate.upgrade(settings.database_url, revision)
    click.echo(f"database at {revision}")


@database.command("downgrade")
@click.argument("revision", default="-1")
def downgrade(revision: str) -> None:
    """Revert the database to REVISION (default: one step back; 'base' for empty)."""
    settings = settings_or_exit()
    migrate.downgrade(settings.database_url, revision)
    click.echo(f"database at {revision}")


commands = [database]
