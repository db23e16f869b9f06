"""Bulk writes for an event batch, one statement each: executemany on SQLite, unnest() arrays on PostgreSQL.

For 1,000 rows SQLAlchemy's per-row parameter processing cost more than the SQL itself
(bench/events.py), so these go straight to the driver inside the session's transaction. Table and
column names come from our metadata; every value is a bound parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from service.models import Message, ProviderEvent, UTCDateTime

MESSAGES = cast(Table, Message.__table__)
EVENTS = cast(Table, ProviderEvent.__table__)
EVENT_COLUMNS = ("sg_event_id", "event", "message_id", "email", "occurred_at", "payload")


def insert_events(session: Session, rows: Sequence[tuple[Any, ...]], received_at: datetime) -> None:
    """Insert (sg_event_id, event, message_id, email, occurred_at, payload JSON text) rows; a stored
    sg_event_id is skipped (ON CONFLICT DO NOTHING)."""
    names = ", ".join(EVENT_COLUMNS)
    if _postgres(session):
        columns: list[list[Any]] = [list(column) for column in zip(*rows, strict=True)]
        columns = columns or [[] for _ in EVENT_COLUMNS]
        _execute(
            session,
            f"INSERT INTO {EVENTS.name} ({names}, received_at) "  # noqa: S608
            "SELECT s, e, m, em, o, CAST(p AS JSON), %b FROM unnest("
            "%b::text[], %b::text[], %b::integer[], %b::text[], %b::timestamptz[], %b::text[]"
            ") AS t(s, e, m, em, o, p) ON CONFLICT (sg_event_id) DO NOTHING",
            (received_at, *columns),
        )
        return
    date = date_processor(session)
    _execute_many(
        session,
        f"INSERT INTO {EVENTS.name} ({names}, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) "  # noqa: S608
        "ON CONFLICT (sg_event_id) DO NOTHING",
        [(*row[:4], date(row[4]), row[5], date(received_at)) for row in rows],
    )


def set_earliest(session: Session, column: str, values: dict[int, datetime]) -> None:
    """Each message's `column` becomes the given time unless it already holds an earlier one."""
    name = MESSAGES.c[column].name
    ids = sorted(values)
    if _postgres(session):
        _execute(
            session,
            f"UPDATE {MESSAGES.name} AS m SET {name} = v.at "  # noqa: S608
            "FROM unnest(%b::integer[], %b::timestamptz[]) AS v(id, at) "
            f"WHERE m.id = v.id AND (m.{name} IS NULL OR m.{name} > v.at)",
            (ids, [values[mid] for mid in ids]),
        )
        return
    date = date_processor(session)
    _execute_many(
        session,
        f"UPDATE {MESSAGES.name} SET {name} = ? WHERE id = ? AND ({name} IS NULL OR {name} > ?)",  # noqa: S608
        [(date(values[mid]), mid, date(values[mid])) for mid in ids],
    )


def set_smtp_ids(session: Session, values: dict[int, str]) -> None:
    """Record each message's SMTP Message-ID once (the first one seen wins)."""
    ids = sorted(values)
    if _postgres(session):
        _execute(
            session,
            f"UPDATE {MESSAGES.name} AS m SET smtp_message_id = v.smtp "  # noqa: S608
            "FROM unnest(%b::integer[], %b::text[]) AS v(id, smtp) "
            "WHERE m.id = v.id AND m.smtp_message_id IS NULL",
            (ids, [values[mid] for mid in ids]),
        )
        return
    _execute_many(
        session,
        f"UPDATE {MESSAGES.name} SET smtp_message_id = ? WHERE id = ? AND smtp_message_id IS NULL",  # noqa: S608
        [(values[mid], mid) for mid in ids],
    )


def existing_messages(session: Session, ids: set[int]) -> set[int]:
    """Which of `ids` are messages."""
    if not ids:
        return set()
    if _postgres(session):
        sql = f"SELECT id FROM {MESSAGES.name} WHERE id = ANY(%b::integer[])"  # noqa: S608
        return {int(mid) for mid in _scalars(session, sql, sorted(ids))}
    return set(session.scalars(select(Message.id).where(Message.id.in_(ids))))


def messages_by_provider_id(session: Session, provider_ids: set[str]) -> dict[str, int]:
    """Message ids by the X-Message-Id SendGrid gave their send."""
    if not provider_ids:
        return {}
    if _postgres(session):
        sql = (
            f"SELECT provider_message_id, id FROM {MESSAGES.name} "  # noqa: S608
            "WHERE provider_message_id = ANY(%b::text[])"
        )
        found = session.connection().exec_driver_sql(sql, (sorted(provider_ids),)).all()
    else:
        column = Message.provider_message_id
        found = session.execute(select(column, Message.id).where(column.in_(provider_ids))).all()
    return {str(row[0]): int(row[1]) for row in found}


def lock_messages(session: Session, ids: set[int]) -> None:
    """PostgreSQL: lock the rows a batch will update, in id order, so concurrent batches queue instead of
    deadlocking (NO KEY UPDATE still lets other batches' foreign-key checks through)."""
    if ids and _postgres(session):
        _scalars(
            session,
            f"SELECT id FROM {MESSAGES.name} WHERE id = ANY(%b::integer[]) ORDER BY id FOR NO KEY UPDATE",  # noqa: S608
            sorted(ids),
        )


def _scalars(session: Session, sql: str, values: list[Any]) -> list[Any]:
    return [row[0] for row in session.connection().exec_driver_sql(sql, (values,))]


def date_processor(session: Session) -> Callable[[datetime], Any]:
    """How this dialect stores a UTC datetime (the ORM's own conversion), remembered per value."""
    dialect = session.get_bind().dialect
    convert = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    memo: dict[datetime, Any] = {}

    def date(value: datetime) -> Any:
        if value not in memo:
            memo[value] = convert(value) if convert is not None else value
        return memo[value]

    return date


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _execute(session: Session, sql: str, params: tuple[Any, ...]) -> None:
    session.connection().exec_driver_sql(sql, params)


def _execute_many(session: Session, sql: str, rows: list[tuple[Any, ...]]) -> None:
    if rows:
        session.connection().exec_driver_sql(sql, rows)
