"""The few SQL pieces that differ between SQLite and PostgreSQL, and shared row filters."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, SQLColumnExpression, and_, case, cast, func, literal
from sqlalchemy.orm import Session

from service.models import Message, Reply

WEEK_SECONDS = 7 * 24 * 3600


def real_reply() -> ColumnElement[bool]:
    """A reply a person wrote: not an out-of-office, not an email command (pause, stop...)."""
    return and_(Reply.is_auto_reply.is_(False), Reply.command.is_(None))


def answered() -> ColumnElement[bool]:
    """An email the manager answered: the replies pipeline stamps replied_at on the first reply."""
    return Message.replied_at.is_not(None)


def seconds_between(
    session: Session, later: SQLColumnExpression[Any], earlier: SQLColumnExpression[Any]
) -> ColumnElement[float]:
    """`later - earlier` in seconds as a float expression on either backend."""
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * literal(86400.0)
    return cast(func.date_part("epoch", later - earlier), Float)


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """How many rows meet `condition` (0, never NULL, on an empty set)."""
    total: ColumnElement[int] = func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
    return total


def week_index(session: Session, column: SQLColumnExpression[Any], origin: datetime) -> ColumnElement[int]:
    """Whole weeks from `origin` to `column` (0 for the first week): a GROUP BY key for weekly series."""
    if session.get_bind().dialect.name == "sqlite":
        start = origin.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        return cast((func.julianday(column) - func.julianday(start)) / 7, Integer)
    seconds = func.date_part("epoch", column) - origin.timestamp()  # double precision, not numeric
    return cast(func.floor(seconds / WEEK_SECONDS), Integer)


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def median(values: Iterable[float]) -> float | None:
    data = list(values)
    return statistics.median(data) if data else None
