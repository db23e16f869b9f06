"""SQLite writers of every process take turns on a lock file, so the next one is woken at once.

Every SQLite transaction takes the database's write lock at BEGIN (service/db.py). A writer that finds
it taken waits in SQLite's busy handler, which sleeps 1, 2, 5, 10 … 100 ms between looks: a process
that writes back to back (the dispatcher's batches, a burst of inbound posts) keeps the lock for
seconds while the others sleep through the moments it is free. Queuing on flock(2) first wakes a
waiter the moment the holder commits or rolls back; SQLite's own lock stays the guarantee.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

LOCK_SUFFIX = ".write-lock"
_holders: set[int] = set()  # threads holding a turn, on any connection: a nested turn must not queue
_process_files: dict[str, int] = {}  # lock path -> this process's descriptor, for writers off a connection
_process_files_lock = threading.Lock()
_process_turn = threading.Lock()  # flock is per open file: a process's threads take turns here first


def lock_path(database_path: str) -> str:
    return database_path + LOCK_SUFFIX


class TurnTakingConnection(sqlite3.Connection):
    """A driver connection that queues on the lock file before BEGIN and leaves it at COMMIT/ROLLBACK."""

    _turn_path: str | None = None
    _turn_fd: int | None = None
    _turn_pid: int = 0
    _holder: int | None = None  # the thread that took the turn

    def use_lock_file(self, path: str) -> None:
        self._turn_path = path

    def take_turn(self) -> None:
        """Wait for the lock file; skipped when this thread already holds a turn on another connection
        (that nesting waits in SQLite's busy handler and fails after its timeout, as it always did)."""
        thread = threading.get_ident()
        if self._turn_path is None or self._holder is not None or thread in _holders:
            return
        fcntl.flock(self._descriptor(), fcntl.LOCK_EX)
        self._holder = thread
        _holders.add(thread)

    def end_turn(self) -> None:
        if self._holder is not None:
            _holders.discard(self._holder)
            self._holder = None
            if self._turn_fd is not None:
                fcntl.flock(self._turn_fd, fcntl.LOCK_UN)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.end_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.end_turn()
            if self._turn_fd is not None and self._turn_pid == os.getpid():
                os.close(self._turn_fd)
            self._turn_fd = None

    def _descriptor(self) -> int:
        """This connection's own open file (flock excludes other open files, even in this process);
        reopened in a forked child, which must not share its parent's."""
        if self._turn_fd is None or self._turn_pid != os.getpid():
            assert self._turn_path is not None  # noqa: S101 - checked by the caller
            self._turn_fd = os.open(self._turn_path, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o600)
            self._turn_pid = os.getpid()
        return self._turn_fd


@contextmanager
def process_turn(path: str) -> Iterator[None]:
    """A turn for a write made outside a transaction (one autocommit statement), on the same lock file;
    like a connection's, skipped by a thread that holds one already, and counted as held meanwhile."""
    thread = threading.get_ident()
    if thread in _holders:
        yield
        return
    with _process_turn:
        with _process_files_lock:
            fd = _process_files.get(path)
            if fd is None:
                fd = _process_files[path] = os.open(path, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        _holders.add(thread)
        try:
            yield
        finally:
            _holders.discard(thread)
            fcntl.flock(fd, fcntl.LOCK_UN)
