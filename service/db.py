"""One database module for the web app and the workers: engines, sessions, transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from threading import Lock
from typing import Any

from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from service.settings import current_settings
from service.sqlite_turns import TurnTakingConnection, lock_path

_lock = Lock()
_databases: dict[str, Database] = {}


class Database:
    """An engine and its session factory for one database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session closed on exit; callers commit explicitly."""
        session = self.sessionmaker()
        try:
            yield session
        finally:
            session.close()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits on success and rolls back on any error."""
        with self.session() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and serialised writers.

    `hide_parameters`: a database error's message never carries the statement's bound values (a reply's
    text, an address) into a log, an RQ failure record or a row's last_error.
    """
    if url.startswith("sqlite"):
        connect_args = {"timeout": 30, "check_same_thread": False, "factory": TurnTakingConnection}
        engine = create_engine(url, connect_args=connect_args, hide_parameters=True)
        _configure_sqlite(engine, sqlite_path(url))
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, hide_parameters=True)


def _configure_sqlite(engine: Engine, path: str) -> None:
    """Take the write lock at BEGIN so concurrent processes queue instead of failing mid-transaction;
    writers queue on a lock file first, so each is woken as soon as the one before it ends
    (service/sqlite_turns.py)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        if path and path != ":memory:":
            dbapi_connection.use_lock_file(lock_path(path))
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.connection.dbapi_connection.take_turn()
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def sqlite_path(url: str) -> str:
    """The file a sqlite:/// URL names ("" or ":memory:" for an in-memory database)."""
    return make_url(url).database or ""


def ensure_sqlite_directory(url: str) -> None:
    """Create a SQLite file's folder (migrations do, before they create the schema; the app never does)."""
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


def database(url: str | None = None) -> Database:
    """The process-wide Database for `url` (default: the configured DATABASE_URL)."""
    if url is None:
        url = current_settings().database_url
    with _lock:
        db = _databases.get(url)
        if db is None:
            db = _databases[url] = Database(url)
        return db


def forget_databases() -> None:
    """Dispose every cached engine (tests, and forked workers re-connecting)."""
    with _lock:
        for db in _databases.values():
            db.dispose()
        _databases.clear()
