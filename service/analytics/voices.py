"""The people behind the figures: managers' own words (only what they share with leads, as
service/sharing.py decides) and managers who newly stalled. Both are set-based queries shared by the
dashboard, the report and the digest."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from service.analytics.managers import STALLED_AFTER
from service.analytics.periods import Window
from service.analytics.sql import answered, real_reply
from service.enums import EmailKind, SubscriptionStatus
from service.models import Manager, Message, Reply, Subscription
from service.replies.nothing_to_tell import says_nothing
from service.sharing import reply_in_program, shared_replies

QUOTE_MIN_WORDS = 8
QUOTE_CHARS = 220
STALLED_SHOWN = 10


@dataclass(frozen=True, slots=True)
class Quote:
    """An excerpt of a shared reply, with what it answered."""

    reply_id: int
    manager_id: int
    name: str
    lesson_slug: str
    content_id: str
    text: str
    received_at: datetime


@dataclass(frozen=True, slots=True)
class Stalled:
    """A manager whose run of unanswered prompts reached STALLED_AFTER at `since`."""

    manager_id: int
    name: str
    email: str
    lesson_slug: str
    unanswered: int
    since: datetime


def clip_excerpt(text: str, limit: int = QUOTE_CHARS) -> str:
    """One line of at most `limit` characters, cut at a word with an ellipsis."""
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:-.") + "…"


def shared_quotes(session: Session, program_id: int, window: Window, count: int = 3) -> list[Quote]:
    """The window's most substantial replies that managers share with their leads (service/sharing.py
    decides), one per person so that several voices speak, answering different emails where the
    longest allow it, each with the email it answered."""
    rows = shared_replies(
        session, program_id, since=window.start, until=window.end, min_words=QUOTE_MIN_WORDS, limit=count * 4
    )
    rows = [row for row in rows if not says_nothing(row.text)]  # "Nobody comes to mind" speaks for no one
    answered_ids = dict(
        session.execute(
            select(Reply.id, Message.content_id)
            .join(Message, Message.id == Reply.message_id)
            .where(Reply.id.in_([row.reply_id for row in rows]))
        ).all()
    )
    chosen = _varied(rows, answered_ids, count)
    return [
        Quote(row.reply_id, row.manager_id, row.name, row.lesson_slug or "",
              answered_ids.get(row.reply_id) or "", clip_excerpt(row.text), row.received_at)
        for row in chosen
    ]  # fmt: skip


def _varied(rows: Sequence[Any], answered: Mapping[int, str | None], count: int) -> list[Any]:
    """Up to `count` rows in their order, one per manager, preferring rows that answer different emails."""
    chosen: list[int] = []
    for different_email in (True, False):
        people = {rows[index].manager_id for index in chosen}
        emails = {answered.get(rows[index].reply_id) for index in chosen}
        for index, row in enumerate(rows):
            email = answered.get(row.reply_id)
            if len(chosen) == count or row.manager_id in people or (different_email and email in emails):
                continue
            people.add(row.manager_id)
            emails.add(email)
            chosen.append(index)
    return [rows[index] for index in sorted(chosen)]


def newly_stalled(
    session: Session, program_id: int, since: datetime, limit: int = STALLED_SHOWN
) -> tuple[list[Stalled], int]:
    """Managers whose run of unanswered prompts (since their last reply or resume) reached the
    stalled threshold at or after `since`: up to `limit` of them, most recent first, and how many."""
    last_reply = (
        select(Reply.manager_id, func.max(Reply.received_at).label("at"))
        .join(Manager, Manager.id == Reply.manager_id)
        .where(Manager.program_id == program_id, reply_in_program(program_id), real_reply())
        .group_by(Reply.manager_id)
        .subquery("last_reply")
    )
    recently_missed = select(Message.manager_id).where(
        Message.program_id == program_id,
        Message.kind == EmailKind.PROMPT,
        Message.sent_at >= since,
        ~answered(),
    )
    unanswered = (
        select(Message.manager_id, Message.content_id, func.min(Message.sent_at).label("first_sent"))
        .join(Subscription, Subscription.id == Message.subscription_id)
        .outerjoin(last_reply, last_reply.c.manager_id == Message.manager_id)
        .where(
            Message.program_id == program_id,
            Message.manager_id.in_(recently_missed),
            Subscription.status.in_((SubscriptionStatus.ACTIVE, SubscriptionStatus.PAUSED)),
            Message.kind == EmailKind.PROMPT,
            Message.sent_at.is_not(None),
            ~answered(),
            or_(last_reply.c.at.is_(None), Message.sent_at > last_reply.c.at),
            or_(Subscription.resumed_at.is_(None), Message.sent_at >= Subscription.resumed_at),
        )
        .group_by(Message.manager_id, Message.content_id)
        .subquery("unanswered")
    )
    order = func.row_number().over(
        partition_by=unanswered.c.manager_id, order_by=(unanswered.c.first_sent, unanswered.c.content_id)
    )
    ranked = select(
        unanswered.c.manager_id,
        unanswered.c.first_sent,
        order.label("position"),
        func.count().over(partition_by=unanswered.c.manager_id).label("run"),
    ).subquery("ranked")
    became = (
        select(ranked.c.manager_id, ranked.c.first_sent, ranked.c.run)
        .where(ranked.c.position == STALLED_AFTER, ranked.c.first_sent >= since)
        .subquery("became")
    )
    total = session.scalar(select(func.count()).select_from(became)) or 0
    rows = session.execute(
        select(
            Manager.id,
            Manager.name,
            Manager.email,
            Subscription.lesson_slug,
            became.c.run,
            became.c.first_sent,
        )
        .join(became, became.c.manager_id == Manager.id)
        .outerjoin(Subscription, Subscription.manager_id == Manager.id)
        .order_by(became.c.first_sent.desc(), Manager.id)
        .limit(limit)
    ).all()
    people = [
        Stalled(row.id, row.name, row.email, row.lesson_slug or "", int(row.run), row.first_sent)
        for row in rows
    ]
    return people, int(total)
