"""Bytes stored lz4-compressed (frame format) and read back exactly as written.

Inbound posts are kept whole, quoted history and HTML included, and compress about sevenfold: a
10 kB Gmail-style reply is stored in about 1.4 kB. Compressing costs a few microseconds in the web
process and saves more than that in the database: SQLite writes one page instead of four per post,
and PostgreSQL keeps the row inline instead of compressing and TOASTing it itself
(bench/inbound.py). A frame stores its original size in its header, which `stored_size` reads
without decompressing. Values written before compression (they do not start with a frame's magic
number) read back unchanged; so does anything that is not a whole frame of a sane size.
"""

from __future__ import annotations

from typing import Any

import lz4.frame
from sqlalchemy import LargeBinary
from sqlalchemy.types import TypeDecorator

MAGIC = b"\x04\x22\x4d\x18"  # every lz4 frame starts with it
HEADER_BYTES = 19  # enough of a frame for its header: magic, descriptor, original size, checksum
MAX_ORIGINAL_BYTES = 64 << 20  # a frame claiming more is not one of ours (posts stop at 35 MB)


class CompressedBytes(TypeDecorator[bytes]):
    """A LargeBinary column whose values are lz4 frames in the database and plain bytes in Python."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: bytes | None, dialect: Any) -> bytes | None:
        return None if value is None else compress(value)

    def process_result_value(self, value: bytes | None, dialect: Any) -> bytes | None:
        return None if value is None else decompress(bytes(value))


def compress(value: bytes) -> bytes:
    """An lz4 frame with its original size (no content checksum: it doubled the cost, and the
    database guards what it stores)."""
    return bytes(lz4.frame.compress(value, store_size=True))


def decompress(stored: bytes) -> bytes:
    """The original bytes of a frame; anything else (values stored before, a damaged frame) as stored."""
    if not stored.startswith(MAGIC):
        return stored
    try:
        reader = lz4.frame.LZ4FrameDecompressor()
        original = reader.decompress(stored, max_length=MAX_ORIGINAL_BYTES)
    except RuntimeError:
        return stored
    return bytes(original) if reader.eof else stored


def stored_size(head: bytes | None, length: int) -> int:
    """The original size of a stored value, from its first HEADER_BYTES and its stored length."""
    if head is None or not bytes(head).startswith(MAGIC):
        return length
    try:
        size = lz4.frame.get_frame_info(bytes(head)).get("content_size") or 0
    except RuntimeError:
        return length
    return int(size) if 0 < size <= MAX_ORIGINAL_BYTES else length
