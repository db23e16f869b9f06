"""The "naive" baselines for bench/dashboard.py: the same figures, computed the obvious way.

Fetch every row of the program into Python and aggregate there (no GROUP BY, no page-sized reads):
what a first version of the dashboard typically does. Same outputs, so the ratio is like for like.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.analytics.periods import periods, recent_weeks
from service.models import Commitment, Manager, Message, Reply, Subscription
from service.sharing import commitment_in_program


def _load(session: Session, program_id: int) -> tuple[list[Any], list[Any], list[Any]]:
    people = session.execute(
        select(Manager.id, Manager.name, Manager.email, Manager.created_at, Subscription.status,
               Subscription.lesson_slug)
        .outerjoin(Subscription, Subscription.manager_id == Manager.id)
        .where(Manager.program_id == program_id)
    ).all()  # fmt: skip
    messages = session.execute(
        select(Message.manager_id, Message.kind, Message.lesson_slug, Message.content_id, Message.sent_at,
               Message.delivered_at, Message.replied_at)
        .where(Message.program_id == program_id)
    ).all()  # fmt: skip
    replies = session.execute(  # answers to the program's own emails (service/sharing.py)
        select(Reply.manager_id, Reply.received_at, Reply.word_count)
        .join(Manager, Manager.id == Reply.manager_id)
        .join(Message, Message.id == Reply.message_id)
        .where(
            Manager.program_id == program_id,
            Message.program_id == program_id,
            Reply.is_auto_reply.is_(False),
            Reply.command.is_(None),
        )
    ).all()
    return people, messages, replies


def _manager_stats(
    people: list[Any], messages: list[Any], replies: list[Any], now: datetime
) -> list[dict[str, Any]]:
    last_email: dict[int, datetime] = {}
    prompts: dict[int, list[Any]] = defaultdict(list)
    for m in messages:
        if m.sent_at is not None and (m.manager_id not in last_email or m.sent_at > last_email[m.manager_id]):
            last_email[m.manager_id] = m.sent_at
        if m.kind == "prompt" and m.sent_at is not None:
            prompts[m.manager_id].append(m)
    reply_count: Counter[int] = Counter()
    last_reply: dict[int, datetime] = {}
    for r in replies:
        reply_count[r.manager_id] += 1
        if r.manager_id not in last_reply or r.received_at > last_reply[r.manager_id]:
            last_reply[r.manager_id] = r.received_at
    rows = []
    for p in people:
        own = sorted(prompts.get(p.id, []), key=lambda m: m.sent_at)
        since = last_reply.get(p.id)
        unanswered = len(
            {m.content_id for m in own if m.replied_at is None and (since is None or m.sent_at > since)}
        )
        misses = [m.sent_at for m in own if m.replied_at is None and m.sent_at < now - timedelta(days=3)]
        cut = max(misses) if misses else None
        streak = len(
            {m.content_id for m in own if m.replied_at is not None and (cut is None or m.sent_at > cut)}
        )
        rows.append({"id": p.id, "name": p.name, "email": p.email, "focus": p.lesson_slug,
                     "status": p.status or "pending", "last_email_at": last_email.get(p.id),
                     "last_reply_at": since, "replies": reply_count[p.id], "streak": streak,
                     "unanswered": unanswered})  # fmt: skip
    return rows


def dashboard(session: Session, program_id: int, now: datetime, days: int = 7) -> dict[str, Any]:
    """KPIs, weekly series, lesson table and the first manager page, all computed in Python."""
    people, messages, replies = _load(session, program_id)
    current, previous = periods(now, days)
    status = Counter(p.status or "pending" for p in people)
    flows: Counter[str] = Counter()
    hours: dict[str, list[float]] = {"cur": [], "prev": []}
    for m in messages:
        if m.sent_at is None or not previous.start <= m.sent_at < current.end:
            continue
        key = "cur" if m.sent_at >= current.start else "prev"
        flows[f"sent_{key}"] += 1
        flows[f"delivered_{key}"] += m.delivered_at is not None
        if m.kind == "prompt":
            flows[f"prompts_{key}"] += 1
            flows[f"answered_{key}"] += m.replied_at is not None
        if m.replied_at is not None:
            hours[key].append((m.replied_at - m.sent_at).total_seconds() / 3600)
    weeks = recent_weeks(now)
    series = [(w.start, sum(1 for m in messages if m.sent_at and m.sent_at in w),
               sum(1 for m in messages if m.replied_at and m.replied_at in w),
               sum(1 for m in messages if m.kind == "prompt" and m.sent_at and m.sent_at in w),
               sum(1 for m in messages if m.kind == "prompt" and m.sent_at and m.sent_at in w
                   and m.replied_at)) for w in weeks]  # fmt: skip
    prompts = [m for m in messages if m.kind == "prompt" and m.sent_at is not None]
    to_date = (len(prompts), sum(1 for m in prompts if m.replied_at is not None))
    commitments = _commitments(session, program_id)
    due = [c for c in commitments if c.due_on < now.date()]
    kept = (len(due), sum(1 for c in due if c.status == "done"))
    quotes = sorted((r for r in replies if r.word_count >= 8), key=lambda r: (-r.word_count, r.received_at))[
        :12
    ]
    lessons: Counter[str] = Counter(
        m.lesson_slug for m in messages if m.kind == "prompt" and m.sent_at in current
    )
    rows = sorted(
        _manager_stats(people, messages, replies, now), key=lambda row: (row["name"].lower(), row["id"])
    )
    return {
        "status": status,
        "flows": flows,
        "median": {key: statistics.median(values) if values else None for key, values in hours.items()},
        "series": series,
        "to_date": to_date,
        "kept": kept,
        "quotes": quotes,
        "stalled": [row for row in rows if row["unanswered"] >= 3][:10],
        "lessons": lessons,
        "page": rows[:100],
        "total": len(rows),
    }


def _commitments(session: Session, program_id: int) -> list[Any]:
    return list(
        session.execute(
            select(Commitment.due_on, Commitment.status)
            .join(Manager, Manager.id == Commitment.manager_id)
            .where(Manager.program_id == program_id, commitment_in_program(program_id))
        ).all()
    )


def manager_page(session: Session, program_id: int, now: datetime) -> list[dict[str, Any]]:
    people, messages, replies = _load(session, program_id)
    rows = _manager_stats(people, messages, replies, now)
    return sorted(rows, key=lambda row: (row["name"].lower(), row["id"]))[:100]


def export_csv(session: Session, program_id: int, now: datetime) -> str:
    """The whole file built in memory, then returned: nothing is sent before everything is ready."""
    people, messages, replies = _load(session, program_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _manager_stats(people, messages, replies, now):
        writer.writerow(row.values())
    return buffer.getvalue()
