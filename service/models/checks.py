"""CHECK constraints that hold a column to an enum's values (the models' side; migrations use
`service.schema_checks`, which builds the same SQL)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import CheckConstraint

_VALUE = re.compile(r"[a-z0-9_.-]{1,40}")
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def one_of(column: str, values: Iterable[str]) -> str:
    """SQL text of `column IN ('a', 'b', ...)`; only plain identifiers go in, so nothing needs escaping."""
    listed = [str(value) for value in values]
    if not _NAME.fullmatch(column) or not listed or not all(_VALUE.fullmatch(v) for v in listed):
        raise ValueError(f"a CHECK on {column!r} takes plain lower-case values, got {listed!r}")
    return f"{column} IN ({', '.join(repr(v) for v in listed)})"


def check_name(table: str, column: str) -> str:
    """The constraint's name in the database (the naming convention's ck_<table>_<name>)."""
    return f"ck_{table}_{column}"


def enum_check(column: str, values: Iterable[str]) -> CheckConstraint:
    """For a model's __table_args__: `column` holds one of `values` (named ck_<table>_<column>)."""
    return CheckConstraint(one_of(column, values), name=column)
