"""Compressed columns read back exactly what was written, whatever is in the database: values stored
before compression, cut frames and frames claiming an absurd size come back as stored."""

from __future__ import annotations

import lz4.frame
import pytest
from sqlalchemy import insert, select, text

from service.db import Database
from service.enums import InboundStatus
from service.models import InboundPost, utcnow
from service.models.compressed import (
    HEADER_BYTES,
    MAGIC,
    MAX_ORIGINAL_BYTES,
    compress,
    decompress,
    stored_size,
)
from service.replies.admin import unmatched_posts

REPLY = "Très bien, merci. I named Priya in the forecast review.\r\n".encode() * 200


@pytest.mark.parametrize(
    "value",
    [b"", b"x", REPLY, bytes(range(256)) * 40, MAGIC, MAGIC + REPLY, b"\x00" * 100_000],
    ids=["empty", "one-byte", "reply", "binary", "magic-only", "magic-then-text", "zeros"],
)
def test_what_is_written_is_what_is_read(value: bytes) -> None:
    stored = compress(value)
    assert stored.startswith(MAGIC)
    assert decompress(stored) == value
    assert stored_size(stored[:HEADER_BYTES], len(stored)) == len(value) or value == b""


@pytest.mark.parametrize(
    ("case", "stored"),
    [
        ("written before compression", REPLY),
        ("magic then garbage", MAGIC + b"garbage that is no frame at all"),
        ("a cut frame", compress(REPLY)[:-20]),
        ("empty", b""),
    ],
)
def test_anything_that_is_not_a_whole_frame_reads_back_as_stored(case: str, stored: bytes) -> None:
    assert decompress(stored) == stored, case
    assert stored_size(stored[:HEADER_BYTES], len(stored)) in (len(stored), len(REPLY)), case


def test_a_frame_claiming_more_than_any_post_is_not_expanded() -> None:
    bomb = lz4.frame.compress(b"\x00" * (MAX_ORIGINAL_BYTES + 1), store_size=True)
    assert len(bomb) < 1 << 20
    assert decompress(bomb) == bomb
    assert stored_size(bomb[:HEADER_BYTES], len(bomb)) == len(bomb)


def test_rows_stored_before_compression_read_back_and_show_their_size(db: Database) -> None:
    """A database upgraded in place keeps its old, uncompressed posts readable."""
    with db.transaction() as session:
        session.execute(
            insert(InboundPost.__table__).values(  # type: ignore[arg-type]
                content_type="text/plain",
                body=b"placeholder",
                status=InboundStatus.UNMATCHED,
                received_at=utcnow(),
            )
        )
    with db.engine.begin() as connection:  # the old format: the raw bytes themselves
        connection.execute(text("UPDATE inbound_posts SET body = :body"), {"body": REPLY})
    with db.session() as session:
        (post,) = session.scalars(select(InboundPost)).all()
        assert post.body == REPLY
        new = InboundPost(content_type="text/plain", body=REPLY, status=InboundStatus.UNMATCHED)
        session.add(new)
        session.commit()
        sizes = {p.id: p.size for p in unmatched_posts(session)}
    assert sorted(sizes.values()) == [len(REPLY), len(REPLY)]  # the original size, compressed or not
