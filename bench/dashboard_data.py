"""Synthetic program data for bench/dashboard.py, loaded with PostgreSQL COPY.

One big program (managers x MESSAGES_PER_MANAGER messages over ten weeks, a fifth of them answered,
a commitment for every second manager)
and a program a tenth of its size (for the "memory flat in rows" comparison of the CSV export).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import psycopg

MESSAGES_PER_MANAGER = 20
HISTORY = timedelta(weeks=10)
STATUSES = ("active",) * 7 + ("paused", "unsubscribed", "pending")
LESSONS = (
    "personal-motive", "simplify-complexity", "prepare-for-conflict", "know-who-not-to-partner-with",
    "act-for-the-long-term", "balance-delivery-and-relationships", "invest-in-relationships", "bring-energy",
    "share-credit", "develop-interpersonal-skills",
)  # fmt: skip
REPLY_TEXT = (
    "Tried it in the pipeline review: asked instead of telling, and the team came up with a better plan "
    "than mine. Will do it again on Friday."
)


def _copy(
    cursor: psycopg.Cursor[Any], table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...]]
) -> int:
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def load(
    conninfo: str, program_id: int, managers: int, first_manager_id: int, now: datetime, seed: int
) -> dict[str, int]:
    """Managers, subscriptions, messages and replies of one program; ids are assigned here."""
    rng = random.Random(seed)
    start = now - HISTORY
    first_message_id = (first_manager_id - 1) * MESSAGES_PER_MANAGER + 1
    replies: list[tuple[Any, ...]] = []
    history: list[
        tuple[Any, ...]
    ] = []  # (subscription, status, changed_at, ended_at), as status.py writes them

    def manager_rows() -> Iterator[tuple[Any, ...]]:
        for offset in range(managers):
            mid = first_manager_id + offset
            joined = start - timedelta(days=1)
            yield (mid, f"m{mid}@bench.example", f"Manager {mid:07d}", "UTC", program_id,
                   joined if offset % 3 == 0 else None, joined)  # fmt: skip

    def subscription_rows() -> Iterator[tuple[Any, ...]]:
        for offset in range(managers):
            mid = first_manager_id + offset
            status = STATUSES[rng.randrange(len(STATUSES))]
            confirmed = None if status == "pending" else start
            unsubscribed = now - timedelta(days=rng.uniform(0, 60)) if status == "unsubscribed" else None
            lesson = LESSONS[mid % len(LESSONS)]
            left = unsubscribed or (now - timedelta(days=rng.uniform(0, 60)) if status == "paused" else None)
            if confirmed is None:
                history.append((mid, "pending", start, None))
            else:
                history.extend([(mid, "pending", start, start), (mid, "active", start, left)])
            if left is not None:
                history.append((mid, status, left, None))
            yield (mid, mid, lesson, status, "09:00:00", "mon,tue,wed,thu,fri", "standard",
                   MESSAGES_PER_MANAGER + 1, 0, start, confirmed, unsubscribed, start, start)  # fmt: skip

    def message_rows() -> Iterator[tuple[Any, ...]]:
        message_id = first_message_id
        step = HISTORY / MESSAGES_PER_MANAGER
        for offset in range(managers):
            mid = first_manager_id + offset
            jitter = timedelta(hours=rng.uniform(0, 72))
            engaged = rng.random()
            for seq in range(1, MESSAGES_PER_MANAGER + 1):
                sent = start + step * (seq - 1) + jitter
                kind = "prompt" if seq % 2 == 0 else "nudge"
                replied = None
                if kind == "prompt" and rng.random() < 0.8 * engaged:
                    replied = sent + timedelta(hours=rng.uniform(0.5, 72))
                    if replied >= now:
                        replied = None
                if replied is not None:
                    words = rng.randint(5, 80)
                    replies.append((message_id, mid, f"m{mid}@bench.example", "Re: prompt", replied,
                                    REPLY_TEXT, words, False, "token"))  # fmt: skip
                delivered = sent + timedelta(seconds=5) if rng.random() < 0.97 else None
                yield (message_id, mid, mid, program_id, seq, kind, LESSONS[mid % len(LESSONS)],
                       f"{LESSONS[mid % len(LESSONS)]}.{'p' if kind == 'prompt' else 'n'}{seq // 2 + 1}",
                       f"m{mid}@bench.example", "{}", "sent", f"bench{message_id:x}", 1, sent, sent, sent,
                       delivered, replied)  # fmt: skip
                message_id += 1

    def commitment_rows() -> Iterator[tuple[Any, ...]]:
        """About one commitment per two managers, due over the history; past ones mostly resolved. Each
        is the move of the manager's first nudge (sent in the program, so the program's leads count it)."""
        for offset in range(0, managers, 2):
            mid = first_manager_id + offset
            nudge_id = first_message_id + offset * MESSAGES_PER_MANAGER  # seq 1 is a nudge
            made = start + timedelta(days=rng.uniform(0, HISTORY.days))
            due = (made + timedelta(days=7)).date()
            status = "open" if due >= now.date() else rng.choice(("done", "done", "dropped", "open"))
            yield (mid, nudge_id, "I will raise it in Friday's pipeline review.", made, made.date(), due,
                   status, 0, 0, made, made)  # fmt: skip

    counts = {}
    with psycopg.connect(conninfo) as connection, connection.cursor() as cursor:
        counts["managers"] = _copy(cursor, "managers", ("id", "email", "name", "timezone", "program_id",
                                   "sharing_since", "created_at"), manager_rows())  # fmt: skip
        counts["subscriptions"] = _copy(
            cursor, "subscriptions",
            ("id", "manager_id", "lesson_slug", "status", "send_time", "weekdays", "intensity", "next_seq",
             "unanswered_streak", "created_at", "confirmed_at", "unsubscribed_at", "lesson_started_at",
             "updated_at"),
            subscription_rows(),
        )  # fmt: skip
        counts["status_history"] = _copy(
            cursor, "subscription_status_history", ("subscription_id", "status", "changed_at", "ended_at"),
            iter(history),
        )  # fmt: skip
        counts["messages"] = _copy(
            cursor, "messages",
            ("id", "subscription_id", "manager_id", "program_id", "seq", "kind", "lesson_slug", "content_id",
             "to_email", "context", "status", "reply_token", "attempts", "due_at", "created_at", "sent_at",
             "delivered_at", "replied_at"),
            message_rows(),
        )  # fmt: skip
        counts["replies"] = _copy(
            cursor, "replies",
            ("message_id", "manager_id", "from_email", "subject", "received_at", "text", "word_count",
             "is_auto_reply", "matched_by"),
            iter(replies),
        )  # fmt: skip
        counts["commitments"] = _copy(
            cursor, "commitments",
            ("manager_id", "nudge_message_id", "text", "made_at", "made_on", "due_on", "status", "postponed",
             "position", "created_at", "updated_at"),
            commitment_rows(),
        )  # fmt: skip
        connection.commit()
    return counts
