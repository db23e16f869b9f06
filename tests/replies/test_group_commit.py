"""Group commit: concurrent inbound posts share a transaction, and each is acknowledged only after it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from werkzeug.test import TestResponse

from service.db import Database
from service.webhooks.group_commit import GroupCommit, Row
from tests.replies.conftest import World, posts
from tests.replies.payloads import parsed_post

Post = Callable[..., TestResponse]


class GatedWriter:
    """Records each transaction's rows; the first one waits at a gate until the test opens it."""

    def __init__(self, fail_first: bool = False) -> None:
        self.batches: list[list[Row]] = []
        self.gate = threading.Event()
        self.fail_first = fail_first
        self.next_id = 1

    def __call__(self, rows: list[Row]) -> list[int]:
        first = not self.batches
        self.batches.append(rows)
        if first:
            assert self.gate.wait(30)
            if self.fail_first:
                raise OSError("disk full")
        ids = list(range(self.next_id, self.next_id + len(rows)))
        self.next_id += len(rows)
        return ids


def queued(commit: GroupCommit, count: int) -> None:
    """Wait until `count` requests queue behind the leader (the writer is held at its gate)."""
    for _ in range(3000):
        with commit._lock:
            if len(commit._queue) == count:
                return
        threading.Event().wait(0.01)
    raise AssertionError("requests never queued")


def test_posts_arriving_during_a_commit_share_the_next_transaction() -> None:
    writer = GatedWriter()
    commit = GroupCommit(writer)
    with ThreadPoolExecutor(6) as pool:
        leader = pool.submit(commit.store, {"n": 0})
        while not writer.batches:
            threading.Event().wait(0.01)
        followers = [pool.submit(commit.store, {"n": n}) for n in range(1, 6)]
        queued(commit, 5)
        assert not any(f.done() for f in [leader, *followers])  # nobody is answered before a commit
        writer.gate.set()
        ids = [f.result(30) for f in [leader, *followers]]

    assert [[row["n"] for row in batch] for batch in writer.batches] == [[0], [1, 2, 3, 4, 5]]
    assert sorted(ids) == [1, 2, 3, 4, 5, 6] and ids[0] == 1
    assert commit.transactions == 2


def test_a_failed_transaction_fails_each_of_its_posts_and_the_next_one_starts_afresh() -> None:
    writer = GatedWriter(fail_first=True)
    commit = GroupCommit(writer)
    with ThreadPoolExecutor(3) as pool:
        leader = pool.submit(commit.store, {"n": 0})
        while not writer.batches:
            threading.Event().wait(0.01)
        follower = pool.submit(commit.store, {"n": 1})
        queued(commit, 1)
        writer.gate.set()
        with pytest.raises(OSError, match="disk full"):
            leader.result(30)
        assert follower.result(30) == 1  # its own transaction, after the failed one
    assert commit.store({"n": 2}) == 2


def test_concurrent_posts_through_the_endpoint_are_each_stored_once(
    db: Database, post_inbound: Post, world: World
) -> None:
    bodies = [parsed_post(text=f"Concurrent reply {n}.") for n in range(24)]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda post: post_inbound(*post).status_code, bodies))

    assert statuses == [200] * 24
    assert sorted(post.body for post in posts(db)) == sorted(body for body, _ in bodies)
