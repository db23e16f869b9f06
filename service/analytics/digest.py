"""What a lead's weekly digest says about one program: KPIs against last week, managers who newly
stalled, who unsubscribed, and a few short excerpts from managers who share their replies.

The result is the digest Message's `context`, in the shape service/emails/digest.py documents.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.analytics import voices
from service.analytics.definitions import Unit
from service.analytics.kpis import Kpis, period_kpis
from service.analytics.periods import Period, Window, date_range
from service.enums import SubscriptionStatus
from service.models import Manager, Program, Subscription

DIGEST_DAYS = 7
EXCERPTS = 3
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
    people, _total = voices.newly_stalled(session, program_id, since, LIST_LIMIT)
    return [
        {"name": person.name, "email": person.email, "lesson_slug": person.lesson_slug,
         "unanswered": person.unanswered}
        for person in sorted(people, key=lambda person: (person.name, person.manager_id))
    ]  # fmt: skip


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


def excerpts(session: Session, program_id: int, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """The week's most substantial replies that their managers shared (service/sharing.py); the
    reply id travels along, so the email is checked again when it is rendered."""
    return [
        {"reply_id": quote.reply_id, "name": quote.name, "lesson_slug": quote.lesson_slug, "text": quote.text}
        for quote in voices.shared_quotes(session, program_id, Window(since, until), EXCERPTS)
    ]


def last_week(now: datetime, tz: ZoneInfo) -> Period:
    """The lead's previous calendar week, Monday to Sunday in their timezone, against the week before:
    the custom range a lead would pick on the dashboard or in the API for the same figures."""
    today = now.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    return date_range(monday - timedelta(days=DIGEST_DAYS), monday - timedelta(days=1), tz)


def digest_context(session: Session, program: Program, now: datetime, tz: ZoneInfo) -> dict[str, Any]:
    """The stored context of one lead's digest for `program`: last calendar week in the lead's
    timezone, against the week before; managers counted by status as they stood when it ended."""
    week = last_week(now, tz)
    since, until = week.current.start, week.current.end
    kpis = period_kpis(session, program.id, week, now)
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
