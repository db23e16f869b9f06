"""The inbound post store writes through the driver: rows read back as the ORM writes them, in order."""

from __future__ import annotations

import gc
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from service import migrate
from service.db import Database, database, forget_databases
from service.enums import InboundStatus
from service.models import InboundPost
from service.models.compressed import MAGIC
from service.webhooks.group_commit import Row
from service.webhooks.post_store import PostNotStored, PostStore

MOMENT = datetime(2026, 12, 6, 9, 30, 0, 0, tzinfo=UTC)  # microsecond 0: isoformat would drop it


def post(number: int, status: str = InboundStatus.RECEIVED) -> Row:
    return {
        "content_type": f"multipart/form-data; boundary=b{number}",
        "body": f"body {number} ".encode() * 50 + bytes(range(256)),
        "status": status,
        "received_at": MOMENT + timedelta(microseconds=number),
    }


@pytest.mark.parametrize("size", [1, 2, 7])
def test_a_batch_reads_back_through_the_orm_exactly_and_ids_follow_the_rows(db: Database, size: int) -> None:
    store = PostStore(db)
    rows = [post(n) for n in range(size)]
    ids = store(rows)
    assert ids == sorted(ids) and len(set(ids)) == size
    with db.session() as session:
        stored = {p.id: p for p in session.scalars(select(InboundPost).where(InboundPost.id.in_(ids)))}
    for post_id, row in zip(ids, rows, strict=True):
        found = stored[post_id]
        assert found.body == row["body"]
        assert found.content_type == row["content_type"]
        assert found.status == InboundStatus.RECEIVED
        assert found.received_at == row["received_at"]
        assert found.processed_at is None and found.error is None


def test_a_refused_batch_keeps_nothing_and_the_next_batch_is_stored(db: Database) -> None:
    store = PostStore(db)
    with pytest.raises(PostNotStored):
        store([post(1), post(2, status="not-a-status")])  # the CHECK constraint refuses the second
    with db.session() as session:
        assert session.scalars(select(InboundPost.id)).all() == []
    (post_id,) = store([post(3)])
    with db.session() as session:
        assert session.get(InboundPost, post_id) is not None


def test_a_replaced_sqlite_file_is_written_not_the_one_moved_away(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate.upgrade(url)
    shutil.copy(tmp_path / "coach.db", tmp_path / "empty.db")
    try:
        store = PostStore(database(url))
        store([post(1)])
        for suffix in ("", "-wal", "-shm"):
            (tmp_path / f"coach.db{suffix}").rename(tmp_path / f"moved.db{suffix}")
        (tmp_path / "empty.db").rename(tmp_path / "coach.db")
        store([post(2)])
        forget_databases()
        counts = {}
        for name in ("coach.db", "moved.db"):
            with database(f"sqlite:///{tmp_path / name}").session() as session:
                counts[name] = len(session.scalars(select(InboundPost.id)).all())
        assert counts == {"coach.db": 1, "moved.db": 1}
        (tmp_path / "coach.db").unlink()
        with pytest.raises(FileNotFoundError):  # the endpoint answers 503 on OSError
            store([post(3)])
    finally:
        forget_databases()


def test_bodies_are_stored_as_lz4_frames_and_postgresql_does_not_compress_them_again(db: Database) -> None:
    """service/models/compressed.py: about sevenfold smaller; PostgreSQL keeps the row inline."""
    body = b"a long repeated reply " * 2000
    (post_id,) = PostStore(db)([{**post(1), "body": body}])
    with db.engine.connect() as connection:
        stored = bytes(connection.execute(text("SELECT body FROM inbound_posts")).scalar_one())
        method = None
        if not db.is_sqlite:
            method = connection.execute(
                text("SELECT pg_column_compression(body) FROM inbound_posts WHERE id = :id"), {"id": post_id}
            ).scalar()
    assert stored.startswith(MAGIC) and len(stored) < len(body) // 10
    assert method is None  # not TOAST-compressed on top
    with db.session() as session:
        assert session.get(InboundPost, post_id).body == body  # type: ignore[union-attr]


def test_ids_stay_right_after_other_writers_and_near_the_largest_rowid(db: Database) -> None:
    """SQLite: a batch's ids come from its last rowid; near 2**63 - 1 (where SQLite would pick random
    rowids) the batch answers 503 and the store asks for ids with RETURNING from then on."""
    store = PostStore(db)
    first = store([post(1), post(2)])
    with db.transaction() as session:  # another writer between two batches
        session.add(InboundPost(content_type="text/plain", body=b"other", status=InboundStatus.RECEIVED))
    second = store([post(3), post(4), post(5)])
    with db.session() as session:
        bodies = {p.id: p.body for p in session.scalars(select(InboundPost))}
    assert [bodies[i] for i in first + second] == [post(n)["body"] for n in (1, 2, 3, 4, 5)]
    if not db.is_sqlite:
        return
    with db.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO inbound_posts (id, content_type, body, status, received_at) "
                 "VALUES (:id, 'x', x'00', 'received', '2026-12-06 09:30:00')"),
            {"id": 2**63 - 10},
        )  # fmt: skip
    with pytest.raises(PostNotStored):
        store([post(6)])
    (later,) = store([post(7)])  # RETURNING now: SQLite's random rowid, read back right
    with db.session() as session:
        assert session.get(InboundPost, later).body == post(7)["body"]  # type: ignore[union-attr]


def test_a_dropped_store_never_hands_its_autocommit_connection_back_to_the_pool(db: Database) -> None:
    """CI: a store garbage collected without `_drop` gave its autocommit connection back to the pool, and
    a later request's SAVEPOINT failed ("can only be used in transaction blocks") on PostgreSQL."""
    for _ in range(3):
        store = PostStore(db)
        store([post(1)])
        del store
        gc.collect()
    for _ in range(db.engine.pool.size() + 2):  # every pooled connection a session can get
        with db.session() as session, session.begin_nested():
            session.execute(text("SELECT 1"))
    assert db.engine.pool.checkedout() == 0
