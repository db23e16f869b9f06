"""SQLite storage of accepted messages, fault knobs and counters, shared by threads and processes."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

from sandbox.config import FaultSettings

SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    x_message_id TEXT NOT NULL,
    smtp_id TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    to_lower TEXT NOT NULL,
    to_name TEXT NOT NULL DEFAULT '',
    from_addr TEXT NOT NULL,
    from_name TEXT NOT NULL DEFAULT '',
    reply_to TEXT NOT NULL DEFAULT '',
    reply_to_name TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    html TEXT NOT NULL DEFAULT '',
    headers TEXT NOT NULL DEFAULT '{}',
    custom_args TEXT NOT NULL DEFAULT '{}',
    categories TEXT NOT NULL DEFAULT '[]',
    extra TEXT NOT NULL DEFAULT '{}',
    dedupe_key TEXT,
    received_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_to ON messages (to_lower, id);
CREATE TABLE IF NOT EXISTS faults (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    latency_ms REAL NOT NULL,
    rate_429 REAL NOT NULL,
    rate_5xx REAL NOT NULL,
    rate_drop REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS dropped (
    message_id INTEGER PRIMARY KEY
);
"""

COLUMNS = (
    "x_message_id, smtp_id, to_addr, to_lower, to_name, from_addr, from_name, reply_to, reply_to_name, "
    "subject, text, html, headers, custom_args, categories, extra, dedupe_key, received_at"
)
INSERT = f"INSERT INTO messages ({COLUMNS}) VALUES ({', '.join('?' * 18)})"  # noqa: S608 - constant


@dataclass(frozen=True)
class NewMessage:
    """One recipient's copy of an accepted send, before it gets its ids."""

    to_addr: str
    to_name: str
    from_addr: str
    from_name: str
    reply_to: str
    reply_to_name: str
    subject: str
    text: str
    html: str
    headers: dict[str, str]
    custom_args: dict[str, str]
    categories: list[str]
    extra: dict[str, Any] = field(default_factory=dict)


class Store:
    """A connection per thread (and per process: forks reopen); WAL lets readers and writers overlap."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def init(self, faults: FaultSettings | None = None) -> None:
        """Create the schema; with `faults`, reset the knobs to them (the values a process starts with)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self._connection()
        conn.executescript(SCHEMA)
        if faults is not None:
            self.write_faults(faults)
        else:
            with conn:
                conn.execute("INSERT OR IGNORE INTO faults VALUES (1, 0, 0, 0, 0)")

    def close(self) -> None:
        """Close this thread's connection (before a fork, or at the end of a test)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():
            conn = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
            self._local.pid = os.getpid()
        return conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._connection()
        with conn:
            yield conn

    # ------------------------------------------------------------ messages

    def insert(self, x_message_id: str, smtp_ids: list[str], messages: list[NewMessage]) -> list[int]:
        """Store one send's copies in one transaction; return their row ids."""
        now = datetime.now(UTC).timestamp()
        rows = [
            (
                x_message_id,
                smtp_id,
                m.to_addr,
                m.to_addr.lower(),
                m.to_name,
                m.from_addr,
                m.from_name,
                m.reply_to,
                m.reply_to_name,
                m.subject,
                m.text,
                m.html,
                json.dumps(m.headers),
                json.dumps(m.custom_args),
                json.dumps(m.categories),
                json.dumps(m.extra),
                m.custom_args.get("message_id"),
                now,
            )
            for smtp_id, m in zip(smtp_ids, messages, strict=True)
        ]
        with self._transaction() as conn:
            return [int(conn.execute(INSERT, row).lastrowid or 0) for row in rows]

    def get(self, message_id: int) -> dict[str, Any] | None:
        row = self._connection().execute("SELECT * FROM messages WHERE id = ?", (message_id,)).fetchone()
        return _as_dict(row) if row is not None else None

    def list(self, to: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Messages newest first, optionally only those to one address (any case)."""
        conn = self._connection()
        if to:
            rows: Iterable[sqlite3.Row] = conn.execute(
                "SELECT * FROM messages WHERE to_lower = ? ORDER BY id DESC LIMIT ?", (to.lower(), limit)
            )
        else:
            rows = conn.execute("SELECT * FROM messages ORDER BY id DESC LIMIT ?", (limit,))
        return [_as_dict(row) for row in rows]

    def clear(self) -> int:
        """Delete every message and reset the counters (tests call this between cases)."""
        with self._transaction() as conn:
            deleted = conn.execute("DELETE FROM messages").rowcount
            conn.execute("DELETE FROM counters")
            conn.execute("DELETE FROM dropped")
        return int(deleted)

    def mark_dropped(self, ids: Iterable[int]) -> None:
        """Remember stored messages whose sender never got our answer (the "drop" fault)."""
        with self._transaction() as conn:
            conn.executemany("INSERT OR IGNORE INTO dropped VALUES (?)", [(i,) for i in ids])

    def tally(self) -> dict[str, Any]:
        """Copies stored per custom_args message_id, and how many of them were dropped after acceptance.

        The chaos test reads every outcome in one call, whatever the message count: an extra copy is
        accounted for only by a dropped one (the sender never learnt that the first went through).
        """
        conn = self._connection()
        counts = {
            row[0]: row[1]
            for row in conn.execute(
                "SELECT dedupe_key, COUNT(*) FROM messages WHERE dedupe_key IS NOT NULL GROUP BY dedupe_key"
            )
        }
        dropped = {
            row[0]: row[1]
            for row in conn.execute(
                "SELECT m.dedupe_key, COUNT(*) FROM dropped d JOIN messages m ON m.id = d.message_id "
                "WHERE m.dedupe_key IS NOT NULL GROUP BY m.dedupe_key"
            )
        }
        return {"by_message_id": counts, "dropped": dropped}

    # ------------------------------------------------------------ faults and counters

    def read_faults(self) -> FaultSettings:
        row = self._connection().execute("SELECT * FROM faults WHERE id = 1").fetchone()
        if row is None:
            return FaultSettings()
        return FaultSettings(row["latency_ms"], row["rate_429"], row["rate_5xx"], row["rate_drop"])

    def write_faults(self, faults: FaultSettings) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO faults VALUES (1, ?, ?, ?, ?)",
                (faults.latency_ms, faults.rate_429, faults.rate_5xx, faults.rate_drop),
            )

    def bump(self, name: str, by: int = 1) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO counters VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + ?",
                (name, by, by),
            )

    def message_count(self) -> int:
        """Copies stored: one COUNT over the rowid table, without the DISTINCT counts of `stats`."""
        return int(self._connection().execute("SELECT COUNT(*) FROM messages").fetchone()[0])

    def stats(self) -> dict[str, Any]:
        """Counts for tests and benchmarks: messages, sends, duplicates, faults injected, rejections."""
        conn = self._connection()
        messages, sends, recipients = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT x_message_id), COUNT(DISTINCT to_lower) FROM messages"
        ).fetchone()
        keyed, distinct_keyed = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT to_lower || ' ' || dedupe_key) FROM messages "
            "WHERE dedupe_key IS NOT NULL"
        ).fetchone()
        counters = {row["name"]: row["value"] for row in conn.execute("SELECT name, value FROM counters")}
        return {
            "messages": messages,
            "sends": sends,
            "recipients": recipients,
            "duplicates": keyed - distinct_keyed,
            "faults": {
                "rate_429": counters.get("fault_429", 0),
                "rate_5xx": counters.get("fault_5xx", 0),
                "rate_drop": counters.get("fault_drop", 0),
            },
            "rejected": {
                "400": counters.get("rejected_400", 0),
                "401": counters.get("rejected_401", 0),
                "403": counters.get("rejected_403", 0),
            },
            "sandbox_mode": counters.get("sandbox_mode", 0),
            "replies_posted": counters.get("replies_posted", 0),
            "event_batches_posted": counters.get("event_batches_posted", 0),
            "events_posted": counters.get("events_posted", 0),
            "faults_configured": self.read_faults().as_dict(),
        }


def _as_dict(row: sqlite3.Row) -> dict[str, Any]:
    """The public JSON shape of a stored message (the `headers` are those a mailbox would show)."""
    received = datetime.fromtimestamp(row["received_at"], UTC)
    custom_headers: dict[str, str] = json.loads(row["headers"])
    headers = {
        "From": formataddr((row["from_name"], row["from_addr"])),
        "To": formataddr((row["to_name"], row["to_addr"])),
        "Subject": row["subject"],
        "Date": format_datetime(received),
        "Message-ID": row["smtp_id"],
        "MIME-Version": "1.0",
        "X-Message-Id": row["x_message_id"],
    }
    if row["reply_to"]:
        headers["Reply-To"] = formataddr((row["reply_to_name"], row["reply_to"]))
    headers.update(custom_headers)
    extra: dict[str, Any] = json.loads(row["extra"])
    return {
        "id": row["id"],
        "to": row["to_addr"],
        "to_name": row["to_name"],
        "from": row["from_addr"],
        "from_name": row["from_name"],
        "reply_to": row["reply_to"] or None,
        "subject": row["subject"],
        "text": row["text"],
        "html": row["html"],
        "headers": headers,
        "custom_args": json.loads(row["custom_args"]),
        "categories": json.loads(row["categories"]),
        "received_at": received.isoformat().replace("+00:00", "Z"),
        "x_message_id": row["x_message_id"],
        "smtp_id": row["smtp_id"],
        "cc": extra.get("cc", []),
        "bcc": extra.get("bcc", []),
        "attachments": extra.get("attachments", []),
        "send_at": extra.get("send_at"),
        "template_id": extra.get("template_id"),
    }
