"""Dispatcher tick scaling: the same 1,000 due subscriptions among 10,000, then among 1,000,000.

The tick is the real `dispatch_due` (spacing engine, outbox rows, send jobs enqueued on a real Redis);
nothing is stubbed. Its cost must follow the number due, not the number of subscriptions: target
ratio <= 1.5. The crowd is realistic: 70% active and due later this week, 10% paused, 5% pending,
15% unsubscribed or expired with stale `next_due_at` values in the past, and each non-pending
subscription has a sent message in its history, so the outbox grows with the subscriber count too.

    python -m bench.dispatch_scaling [--full] [--large N] [--database-url URL]

Default sizes 10,000 vs 200,000 (a couple of minutes on SQLite); `--full` uses 1,000,000. SQLite in a
temporary directory by default; `--database-url` names a scratch PostgreSQL database: it is wiped.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, text, update

from bench.common import Result, print_table, wipe_postgres
from service import migrate, queues
from service.curriculum import load_curriculum
from service.db import Database, database, forget_databases
from service.embedded_redis import EmbeddedRedis
from service.models import Manager, Message, Subscription, utcnow
from service.outbox import send_chunk
from service.settings import Settings, embedded_redis_socket, use_settings

DUE = 1000
SMALL = 10_000
LARGE = 200_000
FULL_LARGE = 1_000_000
REPEATS = 3
CHUNK = 50_000
MANAGERS = cast(Table, Manager.__table__)
SUBSCRIPTIONS = cast(Table, Subscription.__table__)
MESSAGES = cast(Table, Message.__table__)
MANAGER_COLUMNS = ("id", "email", "name", "timezone", "sharing_since", "created_at")
SUBSCRIPTION_COLUMNS = (
    "id", "manager_id", "lesson_slug", "status", "send_time", "weekdays", "intensity", "next_due_at",
    "next_seq", "lesson_started_at", "unanswered_streak", "paused_until", "created_at", "confirmed_at",
    "updated_at",
)  # fmt: skip
MESSAGE_COLUMNS = (
    "subscription_id", "manager_id", "seq", "kind", "lesson_slug", "content_id", "to_email", "context",
    "status", "reply_token", "attempts", "due_at", "created_at", "sent_at",
)  # fmt: skip


def run(
    full: bool = False, large: int | None = None, database_url: str | None = None, repeats: int = REPEATS
) -> list[Result]:
    """`make bench` entry point; the keyword arguments are the standalone command's options."""
    large = large or (FULL_LARGE if full else LARGE)
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="coach-scaling-")))
        redis = stack.enter_context(EmbeddedRedis(embedded_redis_socket(tmp), tmp, persist=False))
        url = database_url or f"sqlite:///{tmp / 'scaling.db'}"
        if database_url:
            wipe_postgres(url)
        migrate.upgrade(url)
        env = {
            "COACH_ENV": "development",
            "COACH_INSTANCE_PATH": str(tmp / "instance"),
            "DATABASE_URL": url,
            "REDIS_URL": redis.url,
            "SECRET_KEY": "bench-secret-key-long-enough",
        }
        use_settings(Settings.from_env(env))
        stack.callback(use_settings, None)
        stack.callback(forget_databases)
        stack.callback(queues.reset_connections)
        db = database()
        now = utcnow()
        lesson = load_curriculum().lessons[0]
        seconds = _seed(db, 0, SMALL - DUE, now, lesson.nudges[0].id)
        due_ids = _seed_due(db, SMALL - DUE, now, lesson.slug)
        print(f"dispatch_scaling: seeded {SMALL:,} subscriptions in {seconds:.1f}s", flush=True)
        small_times = _ticks(db, due_ids, repeats)
        seconds = _seed(db, SMALL - DUE, large - DUE, now, lesson.nudges[0].id)
        print(f"dispatch_scaling: grew to {large:,} subscriptions in {seconds:.1f}s", flush=True)
        large_times = _ticks(db, due_ids, repeats)
        counts = _counts(db)
    small_ms, large_ms = statistics.median(small_times) * 1000, statistics.median(large_times) * 1000
    ratio = large_ms / small_ms
    print(
        f"  tick with {DUE:,} due: {small_ms:,.0f} ms among {SMALL:,}, {large_ms:,.0f} ms among {large:,} "
        f"(ratio {ratio:.2f}; each the median of {repeats}: {_ms(small_times)} / {_ms(large_times)})",
        flush=True,
    )
    backend = "postgresql" if database_url else "sqlite"
    return [
        Result(
            scenario="dispatch_scaling",
            figure=f"tick, {DUE:,} due of {large:,} ({backend})",
            value=large_ms,
            unit="ms",
            baseline=small_ms,
            baseline_label=f"{DUE:,} due of {SMALL:,}",
            target="<= 1.5x",
            ok=ratio <= 1.5,
            extra={"large": large, "repeats": repeats, "messages": counts["messages"], "backend": backend},
        )
    ]


def _ticks(db: Database, due_ids: list[int], repeats: int) -> list[float]:
    """One warm-up tick, then `repeats` timed ticks, each over the same 1,000 freshly due subscriptions."""
    from workers.dispatch import dispatch_due

    if not db.is_sqlite:
        with db.engine.begin() as connection:
            connection.execute(text("ANALYZE"))  # what autovacuum does after a bulk load
    times: list[float] = []
    for attempt in range(repeats + 1):
        _reset_due(db, due_ids)
        queues.redis_connection().flushdb()
        started = time.perf_counter()
        counts = dispatch_due()
        elapsed = time.perf_counter() - started
        assert counts.get("created") == DUE, counts
        assert queues.queue(queues.SEND).count == -(-DUE // send_chunk())  # whole chunks, the rest in one
        if attempt:
            times.append(elapsed)
    return times


def _reset_due(db: Database, due_ids: list[int]) -> None:
    now = utcnow()
    with db.transaction() as session:
        session.execute(delete(Message).where(Message.subscription_id.in_(due_ids)))
        session.execute(
            update(Subscription)
            .where(Subscription.id.in_(due_ids))
            .values(
                next_due_at=now - timedelta(minutes=1),
                next_seq=1,
                send_time=(now - timedelta(minutes=30)).time().replace(microsecond=0),
                lesson_started_at=now - timedelta(hours=1),
                updated_at=now,
            )
        )


def _seed_due(db: Database, first_id: int, now: datetime, lesson: str) -> list[int]:
    """DUE subscriptions whose first nudge is due now (ids after the crowd's first block)."""
    ids = list(range(first_id + 1, first_id + DUE + 1))
    managers = [(i, f"due{i}@example.com", "Due Manager", "UTC", None, now) for i in ids]
    slot = (now - timedelta(minutes=30)).time().replace(microsecond=0)
    every_day = "mon,tue,wed,thu,fri,sat,sun"
    before = now - timedelta(hours=1)
    subscriptions = [
        (i, i, lesson, "active", slot, every_day, "standard", now, 1, before, 0, None, now, before, now)
        for i in ids
    ]
    _bulk(db, MANAGERS, MANAGER_COLUMNS, managers)
    _bulk(db, SUBSCRIPTIONS, SUBSCRIPTION_COLUMNS, subscriptions)
    return ids


def _seed(db: Database, start: int, stop: int, now: datetime, nudge_id: str) -> float:
    """The crowd's members start..stop, none due now, bulk-loaded (ids skip the due block)."""
    began = time.perf_counter()
    for low in range(start, stop, CHUNK):
        ids = [i + 1 + (DUE if i >= SMALL - DUE else 0) for i in range(low, min(stop, low + CHUNK))]
        _bulk(
            db,
            MANAGERS,
            MANAGER_COLUMNS,
            [(i, f"m{i}@example.com", "Manager", "UTC", None, now) for i in ids],
        )
        _bulk(db, SUBSCRIPTIONS, SUBSCRIPTION_COLUMNS, [_crowd(i, now, nudge_id) for i in ids])
        history = [_history(i, now, nudge_id) for i in ids if i % 20 != 16]
        _bulk(db, MESSAGES, MESSAGE_COLUMNS, history)
    if not db.is_sqlite:
        with db.engine.begin() as connection:
            for table in ("managers", "subscriptions"):
                sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608 - constant names
                connection.execute(text(sql))
    return time.perf_counter() - began


def _crowd(i: int, now: datetime, nudge_id: str) -> tuple[Any, ...]:
    lesson = nudge_id.split(".")[0]
    kind = i % 20
    status, due, paused = "active", now + timedelta(minutes=60 + i % 10_000), None
    if kind in (14, 15):
        status, due, paused = "paused", None, now + timedelta(days=7)
    elif kind == 16:
        status, due = "pending", None
    elif kind in (17, 18):
        status, due = "unsubscribed", now - timedelta(days=1 + i % 300)  # stale values stay behind
    elif kind == 19:
        status, due = "expired", now - timedelta(days=1 + i % 300)
    started = now - timedelta(days=3)
    return (
        i, i, lesson, status, clock(9, 0), "mon,tue,wed,thu,fri", "standard", due, 2, started, 0, paused,
        started, started, started,
    )  # fmt: skip


def _history(i: int, now: datetime, nudge_id: str) -> tuple[Any, ...]:
    sent = now - timedelta(days=2)
    return (
        i, i, 1, "nudge", nudge_id.split(".")[0], nudge_id, f"m{i}@example.com", {}, "sent", f"{i:032x}", 1,
        sent, sent, sent,
    )  # fmt: skip


def _bulk(db: Database, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """executemany on SQLite, COPY on PostgreSQL."""
    if not rows:
        return
    if db.is_sqlite:
        with db.engine.begin() as connection:
            connection.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    raw = db.engine.raw_connection()
    try:
        sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row([json.dumps(v) if isinstance(v, dict) else v for v in row])
        raw.commit()
    finally:
        raw.close()


def _counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {
            "subscriptions": int(session.scalar(select(func.count()).select_from(Subscription)) or 0),
            "messages": int(session.scalar(select(func.count()).select_from(Message)) or 0),
        }


def _ms(samples: Sequence[float]) -> str:
    return ", ".join(f"{s * 1000:,.0f}" for s in samples)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help=f"{FULL_LARGE:,} subscriptions")
    parser.add_argument("--large", type=int, default=None, help=f"the large size (default {LARGE:,})")
    parser.add_argument("--database-url", default=None, help="a scratch PostgreSQL database (wiped)")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timed ticks per size (median)")
    args = parser.parse_args(argv)
    print_table(run(args.full, args.large, args.database_url, args.repeats))


if __name__ == "__main__":
    main()
