"""Inbound posts written in batches straight through the database driver, on one kept connection.

The inbound endpoint answers SendGrid only after its post is committed, so the insert is on every
request's path. Through SQLAlchemy (a pooled connection, BEGIN, a compiled insert, COMMIT, the
connection's reset) it cost more CPU than the rest of the request (bench/inbound.py); here a batch
is one multi-row INSERT in autocommit mode on the driver's own connection and cursor (a single
statement that commits itself: one round trip to PostgreSQL), with the column types' bind
processors from the model so rows read back exactly as the ORM wrote them.

The group commit (service/webhooks/group_commit.py) calls a store from one thread at a time. On
SQLite, the batch queues on the lock file every writer takes turns on (service/sqlite_turns.py), and
a kept handle is dropped when the file it points at is no longer the file at the configured path
(moved or recreated).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table

from service.db import Database, sqlite_path
from service.models import InboundPost
from service.sqlite_turns import lock_path, process_turn
from service.webhooks.group_commit import Row

COLUMNS = ("content_type", "body", "status", "received_at")
_TABLE = cast(Table, InboundPost.__table__)
_RANDOM_ROWIDS_FROM = 2**63 - 2**20  # SQLite picks random rowids once the largest is 2**63 - 1


class PostNotStored(Exception):
    """The driver refused the batch (its own error is the cause); nothing of the batch was kept."""


class PostStore:
    """Stores a batch of inbound posts in one transaction; their new ids, in order."""

    def __init__(self, database: Database) -> None:
        self.database = database
        dialect = database.engine.dialect
        self._driver_error: type[Exception] = dialect.loaded_dbapi.Error
        self._mark = "?" if dialect.paramstyle == "qmark" else "%s"
        self._statements: dict[tuple[int, bool], str] = {}  # by batch size and RETURNING
        self._returning = not database.is_sqlite  # SQLite: ids from the last rowid (_sqlite_ids)
        self._processors: list[Callable[[Any], Any] | None] = [
            _TABLE.c[name].type.bind_processor(dialect) for name in COLUMNS
        ]
        self._path = sqlite_path(database.url) if database.is_sqlite else None
        self._file_path = Path(self._path) if self._path else None  # built once: stat()ed every batch
        self._lock_path = lock_path(self._path) if self._path else None
        self._connection: Any = None  # SQLAlchemy's pool proxy of the driver connection, kept checked out
        self._cursor: Any = None  # the driver's own cursor on it
        self._file: tuple[int, int] | None = None

    def __call__(self, rows: list[Row]) -> list[int]:
        """Insert `rows` in one transaction; raises PostNotStored (or OSError) if it did not commit."""
        return self.write_prepared([self.prepare(row) for row in rows])

    def prepare(self, row: Row) -> list[Any]:
        """A row's values as the driver takes them, through the model's column types (the body
        compressed): the group commit calls this in each request's own thread, not the batch's."""
        return [
            value if process is None else process(value)
            for process, value in zip(self._processors, (row[name] for name in COLUMNS), strict=True)
        ]

    def write_prepared(self, rows: list[list[Any]]) -> list[int]:
        """Insert rows made by `prepare` in one transaction; their ids, in order."""
        parameters = [value for row in rows for value in row]
        try:
            with process_turn(self._lock_path) if self._lock_path else nullcontext():
                return self._write(len(rows), parameters)
        except self._driver_error as exc:
            self._drop()
            raise PostNotStored(type(exc).__name__) from exc
        except BaseException:  # re-raised: whatever stopped the write, the connection may be mid-statement
            self._drop()
            raise

    def _write(self, count: int, parameters: list[Any]) -> list[int]:
        """One INSERT of the whole batch, on a connection in autocommit mode: a single statement that
        commits itself (one round trip to PostgreSQL; SQLite takes its write lock for it)."""
        cursor = self._connect()
        returning = self._returning
        cursor.execute(self._statement(count, returning), parameters)
        if returning:
            ids = sorted(int(post_id) for (post_id,) in cursor.fetchall())
        else:
            ids = self._sqlite_ids(cursor, count)
        if len(ids) != count:
            raise PostNotStored(f"{len(ids)} ids for {count} posts")
        return ids

    def _sqlite_ids(self, cursor: Any, count: int) -> list[int]:
        """The batch's ids from the last one: SQLite gives each row of one INSERT the largest rowid
        plus one, in order, while the statement holds the write lock. One step of the statement
        instead of one per returned row (each gave the GIL away and waited to take it back: 0.75x ->
        0.77x of the no-op, bench/inbound.py). Near the largest possible rowid SQLite picks random
        ones: that batch answers 503 (it is stored; SendGrid's retry is a duplicate that processing
        recognises by its Message-ID) and every later batch asks for its ids with RETURNING."""
        last = cursor.lastrowid
        if cursor.rowcount == count and last and last < _RANDOM_ROWIDS_FROM:
            return list(range(last - count + 1, last + 1))
        self._returning = True
        return []

    def _statement(self, size: int, returning: bool) -> str:
        """INSERT … VALUES (…), (…) for `size` posts, with RETURNING id when `returning`.

        Ids come from the table's sequence (SQLite: rowid) in the order of the VALUES rows, so the
        sorted returned ids are the rows' ids in order (SQLAlchemy's insertmanyvalues relies on the
        same property for integer primary keys).
        """
        statement = self._statements.get((size, returning))
        if statement is None:
            row = "(" + ", ".join(self._mark for _ in COLUMNS) + ")"
            statement = self._statements[size, returning] = (
                f"INSERT INTO {_TABLE.name} ({', '.join(COLUMNS)}) "  # noqa: S608 - constant names
                f"VALUES {', '.join(row for _ in range(size))}{' RETURNING id' if returning else ''}"
            )
        return statement

    def _connect(self) -> Any:
        """The kept connection's cursor; a new connection if there is none or the SQLite file was replaced."""
        if self._file_path is not None:
            stat = self._file_path.stat()  # FileNotFoundError: the database is gone, answer 503
            identity = (stat.st_dev, stat.st_ino)
            if self._connection is not None and identity != self._file:
                self._drop()
            self._file = identity
        if self._connection is None:
            connection = self.database.engine.raw_connection()
            # Never back into the pool: in autocommit mode it would break the next session's transaction
            # ("SAVEPOINT can only be used in transaction blocks"), and a store dropped without `_drop`
            # (garbage collected) would hand it back. Detached, it is closed instead.
            driver = cast(Any, connection.driver_connection)
            connection.detach()
            if not self._path:  # SQLite connections are in autocommit mode already (service/db.py)
                driver.autocommit = True
            self._connection, self._cursor = connection, driver.cursor()
        return self._cursor

    def _drop(self) -> None:
        """Close the kept connection (after an error it may be broken); the next batch reconnects."""
        connection, self._connection, self._cursor = self._connection, None, None
        if connection is not None:
            try:
                connection.invalidate()
            except Exception:  # noqa: BLE001, S110 - already broken: nothing more to release
                pass
