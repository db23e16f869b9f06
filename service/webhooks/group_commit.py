"""Group commit: posts arriving together in one web process are stored in one transaction.

Each request still answers only after the transaction holding its post has committed; what is
shared is the statement's fixed cost (the round trip to PostgreSQL, the cross-process write lock on
SQLite, the commit), which on a busy machine costs more than a post's row itself: a single-row
insert cost about 0.3 ms of CPU (client and server) under load, four rows in one about 0.09 ms each
(service/webhooks/post_store.py).
The first request to arrive writes (the leader); requests arriving meanwhile queue, and when the
leader's commit is done the oldest of them leads the next transaction with every post queued by
then. A failed transaction fails every request in it (each answers 503, SendGrid retries), and
the next batch starts afresh.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]
Writer = Callable[[list[Any]], list[int]]  # stores rows in one transaction, returns their ids in order


class _Signal:
    """A one-shot wake-up: a lock taken at birth and released by `set` (a threading.Event's Condition
    cost each post tens of microseconds of the web threads' CPU under load)."""

    __slots__ = ("_lock",)

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lock.acquire()

    def set(self) -> None:
        self._lock.release()

    def wait(self) -> None:
        self._lock.acquire()


@dataclass(eq=False)
class _Waiter:
    row: Any
    done: _Signal = field(default_factory=_Signal)
    lead: bool = False
    post_id: int | None = None
    error: BaseException | None = None

    def result(self) -> int:
        if self.error is not None:
            raise self.error
        assert self.post_id is not None  # noqa: S101 - set with `done` by the leader
        return self.post_id


class GroupCommit:
    """`store(row)` blocks until `row` is committed (with whatever else was waiting); thread-safe.

    `prepare`, if given, turns a row into what `write` takes, in the caller's thread before it
    queues (work done there is not added to the batch's, which every request of it waits for)."""

    def __init__(self, write: Writer, prepare: Callable[[Row], Any] | None = None) -> None:
        self._write = write
        self._prepare = prepare
        self._lock = threading.Lock()
        self._queue: list[_Waiter] = []
        self._busy = False
        self.transactions = 0

    def store(self, row: Row) -> int:
        """Commit `row`; its id. Raises what the transaction raised."""
        me = _Waiter(row if self._prepare is None else self._prepare(row))
        with self._lock:
            self._queue.append(me)
            lead = not self._busy
            self._busy = True
        if not lead:
            me.done.wait()
            if not me.lead:
                return me.result()
        self._lead()
        return me.result()

    def _lead(self) -> None:
        with self._lock:
            batch, self._queue = self._queue, []
        try:
            ids = self._write([waiter.row for waiter in batch])
            for waiter, post_id in zip(batch, ids, strict=True):
                waiter.post_id = post_id
        except BaseException as exc:  # noqa: BLE001 - handed to every request of the batch, which re-raises it
            for waiter in batch:
                waiter.error = exc
        finally:
            self.transactions += 1
            with self._lock:
                successor = self._queue[0] if self._queue else None
                if successor is None:
                    self._busy = False
                else:
                    successor.lead = True
            for waiter in batch:
                waiter.done.set()
            if successor is not None:
                successor.done.set()
