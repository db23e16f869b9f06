"""Migration helpers for the CHECK constraints that hold a column to an enum's values.

Adding a value to an enum in `service.enums` takes one migration that rebuilds the constraint with
the full new list (and the old list on downgrade), e.g. for a new email kind:

    from service.schema_checks import replace_check

    KINDS = ["confirm", "welcome", ..., "notice"]  # the list as the previous migration left it

    def upgrade() -> None:
        replace_check("messages", "kind", [*KINDS, "commitment"])

    def downgrade() -> None:
        op.execute("DELETE FROM messages WHERE kind = 'commitment'")  # or refuse: rows must fit the old list
        replace_check("messages", "kind", KINDS)

Migrations spell their lists out rather than reading the enum: a migration must keep meaning what it
meant when it was written, whatever the enum holds later. Batch mode rebuilds the table on SQLite
(which cannot alter a constraint) and is a plain ALTER TABLE on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable

from alembic import op

from service.models.checks import check_name, one_of


def add_check(table: str, column: str, values: Iterable[str]) -> None:
    """Hold `table.column` to `values`."""
    with op.batch_alter_table(table) as batch:
        batch.create_check_constraint(op.f(check_name(table, column)), one_of(column, values))


def drop_check(table: str, column: str) -> None:
    """Drop the CHECK that add_check created."""
    with op.batch_alter_table(table) as batch:
        batch.drop_constraint(op.f(check_name(table, column)), type_="check")


def replace_check(table: str, column: str, values: Iterable[str]) -> None:
    """The CHECK on `table.column` now allows exactly `values` (drop and create in one table rebuild)."""
    with op.batch_alter_table(table) as batch:
        batch.drop_constraint(op.f(check_name(table, column)), type_="check")
        batch.create_check_constraint(op.f(check_name(table, column)), one_of(column, values))
