"""What a lead's weekly digest says about one program: KPIs against last week, managers who newly
stalled, who unsubscribed, and a few short excerpts from managers who share their replies.

The result is the digest Message's `context`, in the shape service/emails/digest.py documents.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from service.analytics.definitions import Unit
from service.analytics.kpis import Kpis, program_kpis
from service.analytics.managers import STALLED_AFTER
from service.analytics.sql import answered, real_reply
from service.enums import EmailKind, SubscriptionStatus
from service.models import Manager, Message, Program, Reply, Subscription
from service.sharing import shared_replies

DIGEST_DAYS = 7
EXCERPTS = 3
EXCERPT_MIN_WORDS = 8
EXCERPT_CHARS = 220
LIST_LIMIT = 50  # the email shows 10 and "and N more"; the count needs no more rows than this


def _kpi_rows(kpis: Kpis) -> list[dict[str, Any]]:
    """The registry's digest figures in display order; the email's units: percentages as 0..1 fractions."""
    rows = []
    for kpi in kpis.items:
        if not kpi.definition.in_digest:
            continue
        scale = 0.01 if kpi.unit == Unit.PERCENT else 1.0
        rows.append(
            {
                "key": kpi.key,
                "label": kpi.label,
                "value": None if kpi.value is None else kpi.value * scale,
                "previous": None if kpi.previous is None else kpi.previous * scale,
                "unit": kpi.unit,
                "higher_is_better": kpi.higher_is_better,
            }
        )
    return rows


def newly_stalled(session: Session, program_id: int, since: datetime) -> list[dict[str, Any]]:
    """Managers whose run of unanswered prompts reached the stalled threshold at or after `since`."""
    last_reply = (
        select(Reply.manager_id, func.max(Reply.received_at).label("at"))
        .where(real_reply())
        .group_by(Reply.manager_id)
        .subquery()
    )
    rows = session.execute(
        select(Message.manager_id, Message.content_id, func.min(Message.sent_at))
        .join(Manager, Manager.id == Message.manager_id)
        .join(Subscription, Subscription.id == Message.subscription_id)
        .outerjoin(last_reply, last_reply.c.manager_id == Message.manager_id)
        .where(
            Manager.program_id == program_id,
            Subscription.status.in_((SubscriptionStatus.ACTIVE, SubscriptionStatus.PAUSED)),
            Message.kind == EmailKind.PROMPT,
            Message.sent_at.is_not(None),
            ~answered(),
            or_(last_reply.c.at.is_(None), Message.sent_at > last_reply.c.at),
            or_(Subscription.resumed_at.is_(None), Message.sent_at >= Subscription.resumed_at),
        )
        .group_by(Message.manager_id, Message.content_id)
    ).all()
    sends: dict[int, list[datetime]] = defaultdict(list)
    for manager_id, _content, first_sent in rows:
        if manager_id is not None and first_sent is not None:
            sends[manager_id].append(first_sent)
    became = {
        manager_id: len(times)
        for manager_id, times in sends.items()
        if len(times) >= STALLED_AFTER and sorted(times)[STALLED_AFTER - 1] >= since
    }
    if not became:
        return []
    people = session.execute(
        select(Manager.id, Manager.name, Manager.email, Subscription.lesson_slug)
        .outerjoin(Subscription, Subscription.manager_id == Manager.id)
        .where(Manager.id.in_(sorted(became)[: LIST_LIMIT * 4]))
        .order_by(Manager.name, Manager.id)
        .limit(LIST_LIMIT)
    ).all()
    return [
        {"name": name, "email": email, "lesson_slug": lesson, "unanswered": became[manager_id]}
        for manager_id, name, email, lesson in people
    ]


def unsubscribes(session: Session, program_id: int, since: datetime, until: datetime) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Manager.name, Manager.email, Subscription.lesson_slug)
        .join(Subscription, Subscription.manager_id == Manager.id)
        .where(
            Manager.program_id == program_id,
            Subscription.status == SubscriptionStatus.UNSUBSCRIBED,
            Subscription.unsubscribed_at >= since,
            Subscription.unsubscribed_at < until,
        )
        .order_by(Subscription.unsubscribed_at.desc())
        .limit(LIST_LIMIT)
    ).all()
    return [{"name": name, "email": email, "lesson_slug": lesson} for name, email, lesson in rows]


def clip_excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:-") + "…"


def excerpts(session: Session, program_id: int, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """The week's most substantial replies that their managers shared (service/sharing.py); the
    reply id travels along, so the email is checked again when it is rendered."""
    rows = shared_replies(
        session, program_id, since=since, until=until, min_words=EXCERPT_MIN_WORDS, limit=EXCERPTS * 4
    )
    chosen, seen = [], set()
    for row in rows:  # one excerpt per person, so three voices rather than one
        if row.manager_id in seen:
            continue
        seen.add(row.manager_id)
        chosen.append(
            {"reply_id": row.reply_id, "name": row.name, "lesson_slug": row.lesson_slug or "",
             "text": clip_excerpt(row.text)}
        )  # fmt: skip
        if len(chosen) == EXCERPTS:
            break
    return chosen


def last_week(now: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The lead's previous calendar week, Monday 00:00 to Monday 00:00 local time, as UTC instants."""
    today = now.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    end = datetime.combine(monday, time(0), tzinfo=tz)
    start = datetime.combine(monday - timedelta(days=DIGEST_DAYS), time(0), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def digest_context(session: Session, program: Program, now: datetime, tz: ZoneInfo) -> dict[str, Any]:
    """The stored context of one lead's digest for `program`: last calendar week in the lead's
    timezone, against the week before."""
    since, until = last_week(now, tz)
    kpis = program_kpis(session, program.id, until, DIGEST_DAYS)
    return {
        "program_id": program.id,
        "program_name": program.name,
        "period_start": since.astimezone(tz).date().isoformat(),
        "period_end": (until - timedelta(seconds=1)).astimezone(tz).date().isoformat(),
        "kpis": _kpi_rows(kpis),
        "stalled": newly_stalled(session, program.id, since),
        "unsubscribes": unsubscribes(session, program.id, since, until),
        "excerpts": excerpts(session, program.id, since, until),
    }
