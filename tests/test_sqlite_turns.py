"""SQLite writers queue on a lock file: the next one goes the moment the holder ends, and nothing hangs."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from service.db import Database
from service.sqlite_turns import TurnTakingConnection, lock_path, process_turn


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'turns.db'}")
    with database.transaction() as session:
        session.execute(text("CREATE TABLE log (who TEXT)"))
    yield database
    database.dispose()


def _raw(path: Path, timeout: float = 30.0) -> TurnTakingConnection:
    connection = sqlite3.connect(
        path, timeout=timeout, factory=TurnTakingConnection, check_same_thread=False, isolation_level=None
    )
    assert isinstance(connection, TurnTakingConnection)
    connection.use_lock_file(lock_path(str(path)))
    return connection


def _begin(connection: TurnTakingConnection) -> None:
    connection.take_turn()
    connection.execute("BEGIN IMMEDIATE")


def test_every_transaction_takes_a_turn_on_the_lock_file_beside_the_database(
    db: Database, tmp_path: Path
) -> None:
    order: list[str] = []
    with db.transaction() as session:
        session.execute(text("INSERT INTO log VALUES ('first')"))

        def second() -> None:
            with db.transaction() as other:
                other.execute(text("INSERT INTO log VALUES ('second')"))  # the transaction begins here
                order.append("second began")

        waiter = threading.Thread(target=second)
        waiter.start()
        waiter.join(0.3)
        assert waiter.is_alive()  # queued on the lock file while the first transaction is open
        order.append("first committing")
    waiter.join(5)
    assert not waiter.is_alive()
    assert order == ["first committing", "second began"]
    assert (tmp_path / "turns.db.write-lock").exists()
    with db.session() as session:
        assert list(session.scalars(text("SELECT who FROM log"))) == ["first", "second"]


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_a_turn_ends_with_the_transaction_however_it_ends(tmp_path: Path, end: str) -> None:
    path = tmp_path / "end.db"
    holder, waiter = _raw(path), _raw(path)
    _begin(holder)
    began = threading.Event()

    def wait() -> None:
        _begin(waiter)
        began.set()
        waiter.rollback()

    thread = threading.Thread(target=wait)
    thread.start()
    assert not began.wait(0.2)
    getattr(holder, end)()
    assert began.wait(5)
    thread.join(5)
    waiter.close()
    if end != "close":
        holder.close()


def test_a_thread_nesting_transactions_on_two_connections_fails_after_the_timeout_instead_of_hanging(
    tmp_path: Path,
) -> None:
    path = tmp_path / "nested.db"
    outer, inner = _raw(path), _raw(path, timeout=0.1)
    _begin(outer)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _begin(inner)  # the turn is skipped: SQLite's own busy timeout answers, as it did before turns
    assert time.monotonic() - started < 5
    outer.rollback()
    _begin(inner)  # the thread holds nothing now, so the inner connection queues and goes
    inner.rollback()
    outer.close()
    inner.close()


def test_a_write_outside_a_transaction_takes_its_turn_on_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    holder = _raw(path)
    _begin(holder)
    done = threading.Event()

    def write() -> None:
        with process_turn(lock_path(str(path))):
            done.set()

    thread = threading.Thread(target=write)
    thread.start()
    assert not done.wait(0.2)
    holder.commit()
    assert done.wait(5)
    thread.join(5)
    holder.close()


def test_an_in_memory_database_takes_no_turns() -> None:
    memory = Database("sqlite://")
    with memory.transaction() as session:
        assert session.execute(text("SELECT 1")).scalar() == 1
        driver: object = session.connection().connection.dbapi_connection
        assert isinstance(driver, TurnTakingConnection)
        path = driver._turn_path
    memory.dispose()
    assert path is None


def test_a_thread_holding_a_turn_never_waits_for_itself_on_the_other_kind_of_turn(tmp_path: Path) -> None:
    path = tmp_path / "mixed.db"
    connection = _raw(path)
    done = threading.Event()

    def nested() -> None:
        _begin(connection)  # a transaction's turn, then an autocommit write's: no second queue
        with process_turn(lock_path(str(path))):
            pass
        connection.rollback()
        with process_turn(lock_path(str(path))):
            other = _raw(path)
            _begin(other)  # and the other way round
            other.rollback()
            other.close()
        done.set()

    thread = threading.Thread(target=nested, daemon=True)
    thread.start()
    assert done.wait(10), "a thread waited for a turn it already held"
    thread.join(5)
    connection.close()
