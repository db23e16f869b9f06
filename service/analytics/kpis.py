"""A program's headline figures, each next to its value for the previous period.

Counts of managers by status are stocks: "now" against the state at the start of the period,
rebuilt from the subscription's timestamps (created, confirmed, unsubscribed). The schema keeps no
pause history, so a subscription counts as paused at the start only if it is paused now and has
not changed since. Everything else is a flow over the period: emails sent in it, how many of those
were delivered and answered, and how fast.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from service.analytics.definitions import KPI_KEYS, KpiDefinition, kpi_definition
from service.analytics.periods import ACTIVE_DAYS, Window, periods
from service.analytics.sql import answered, count_if, is_postgres, median, seconds_between
from service.enums import EmailKind, SubscriptionStatus
from service.models import Manager, Message, Subscription

STATUS_KEYS = (
    SubscriptionStatus.PENDING,
    SubscriptionStatus.ACTIVE,
    SubscriptionStatus.PAUSED,
    SubscriptionStatus.UNSUBSCRIBED,
)
NOT_ENROLLED = "not-enrolled"


@dataclass(frozen=True, slots=True)
class Kpi:
    """One figure's value now and for the previous period (None: no data yet); its meaning, label and
    unit come from the registry in service.analytics.definitions."""

    key: str
    value: float | None
    previous: float | None

    @property
    def definition(self) -> KpiDefinition:
        return kpi_definition(self.key)

    @property
    def label(self) -> str:
        return self.definition.label

    @property
    def unit(self) -> str:
        return self.definition.unit

    @property
    def higher_is_better(self) -> bool:
        return self.definition.higher_is_better

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass(frozen=True, slots=True)
class Kpis:
    """Every headline figure of a program for one period, plus status counts per focus lesson."""

    period: Window
    previous: Window
    items: tuple[Kpi, ...]
    subscribers_by_lesson: dict[str, int]

    def __getitem__(self, key: str) -> Kpi:
        return next(kpi for kpi in self.items if kpi.key == key)

    def as_dict(self) -> dict[str, dict[str, object]]:
        return {
            kpi.key: {"label": kpi.label, "value": kpi.value, "previous": kpi.previous, "change": kpi.change,
                      "unit": kpi.unit, "higher_is_better": kpi.higher_is_better}
            for kpi in self.items
        }  # fmt: skip


def status_now() -> ColumnElement[str]:
    """A manager's status: their subscription's, or "pending" while their invitation is open."""
    return case((Subscription.id.is_(None), literal(SubscriptionStatus.PENDING)), else_=Subscription.status)


def status_at(t: datetime) -> ColumnElement[str]:
    """The same status at instant `t`, rebuilt from timestamps (see the module docstring)."""
    s = SubscriptionStatus
    return case(
        (Manager.created_at > t, literal(NOT_ENROLLED)),
        (or_(Subscription.id.is_(None), Subscription.created_at > t), literal(s.PENDING)),
        (and_(Subscription.status == s.UNSUBSCRIBED, Subscription.unsubscribed_at <= t),
         literal(s.UNSUBSCRIBED)),
        (or_(Subscription.confirmed_at.is_(None), Subscription.confirmed_at > t),
         case((Subscription.status == s.EXPIRED, literal(s.EXPIRED)), else_=literal(s.PENDING))),
        (and_(Subscription.status == s.PAUSED, Subscription.updated_at <= t), literal(s.PAUSED)),
        else_=literal(s.ACTIVE),
    )  # fmt: skip


def _status_counts(
    session: Session, program_id: int, start: datetime
) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """(now, at start, live subscribers per focus lesson) in one pass over the program's managers."""
    now_col, then_col = status_now().label("now"), status_at(start).label("then")
    rows = session.execute(
        select(now_col, then_col, Subscription.lesson_slug, func.count())
        .select_from(Manager)
        .outerjoin(Subscription, Subscription.manager_id == Manager.id)
        .where(Manager.program_id == program_id)
        .group_by(now_col, then_col, Subscription.lesson_slug)
    ).all()
    now: Counter[str] = Counter()
    then: Counter[str] = Counter()
    lessons: Counter[str] = Counter()
    for status, status_then, lesson, count in rows:
        now[status] += count
        then[status_then] += count
        if lesson and status in (
            SubscriptionStatus.PENDING,
            SubscriptionStatus.ACTIVE,
            SubscriptionStatus.PAUSED,
        ):
            lessons[lesson] += count
    return now, then, lessons


def _flow_counts(session: Session, program_id: int, current: Window, previous: Window) -> dict[str, int]:
    """Sent, delivered, prompts and answered prompts for both windows: one range scan."""
    in_cur = Message.sent_at >= current.start
    in_prev = Message.sent_at < current.start
    prompt = Message.kind == EmailKind.PROMPT

    row = session.execute(
        select(
            count_if(in_cur).label("sent"),
            count_if(in_prev).label("sent_prev"),
            count_if(and_(in_cur, Message.delivered_at.is_not(None))).label("delivered"),
            count_if(and_(in_prev, Message.delivered_at.is_not(None))).label("delivered_prev"),
            count_if(and_(in_cur, prompt)).label("prompts"),
            count_if(and_(in_prev, prompt)).label("prompts_prev"),
            count_if(and_(in_cur, prompt, answered())).label("answered"),
            count_if(and_(in_prev, prompt, answered())).label("answered_prev"),
        ).where(
            Message.program_id == program_id,
            Message.manager_id.is_not(None),
            Message.sent_at >= previous.start,
            Message.sent_at < current.end,
        )
    ).one()
    return {key: int(value) for key, value in row._mapping.items()}


def _reply_medians(
    session: Session, program_id: int, current: Window, previous: Window
) -> tuple[float | None, float | None]:
    """Median hours from send to first reply, over emails sent in each window that were answered."""
    seconds = seconds_between(session, Message.replied_at, Message.sent_at)
    scope = (
        Message.program_id == program_id,
        Message.manager_id.is_not(None),
        Message.sent_at >= previous.start,
        Message.sent_at < current.end,
        answered(),
    )
    if is_postgres(session):
        in_cur = Message.sent_at >= current.start
        row = session.execute(
            select(
                func.percentile_cont(0.5).within_group(seconds).filter(in_cur),
                func.percentile_cont(0.5).within_group(seconds).filter(~in_cur),
            ).where(*scope)
        ).one()
        cur, prev = row
    else:
        pairs = session.execute(select(Message.sent_at >= current.start, seconds).where(*scope)).all()
        cur = median(value for is_cur, value in pairs if is_cur)
        prev = median(value for is_cur, value in pairs if not is_cur)
    return _hours(cur), _hours(prev)


def _hours(seconds: Any) -> float | None:
    return None if seconds is None else round(float(seconds) / 3600, 1)


def _active_managers(session: Session, program_id: int, now: datetime) -> tuple[int, int]:
    """Distinct managers who answered an email in the last 14 days, and in the 14 days before."""
    span = timedelta(days=ACTIVE_DAYS)
    recent = Message.replied_at >= now - span
    row = session.execute(
        select(
            func.count(func.distinct(case((recent, Message.manager_id)))),
            func.count(func.distinct(case((~recent, Message.manager_id)))),
        ).where(
            Message.program_id == program_id,
            Message.replied_at >= now - 2 * span,
            Message.replied_at < now,
        )
    ).one()
    return int(row[0]), int(row[1])


def _rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


def program_kpis(session: Session, program_id: int, now: datetime, days: int) -> Kpis:
    """Every headline figure for the last `days` days against the `days` before."""
    current, previous = periods(now, days)
    now_counts, then_counts, lessons = _status_counts(session, program_id, current.start)
    flow = _flow_counts(session, program_id, current, previous)
    median_now, median_prev = _reply_medians(session, program_id, current, previous)
    active_now, active_prev = _active_managers(session, program_id, now)
    enrolled_now = sum(now_counts.values())
    enrolled_then = sum(count for status, count in then_counts.items() if status != NOT_ENROLLED)
    values: dict[str, tuple[float | None, float | None]] = {
        "enrolled": (enrolled_now, enrolled_then),
        **{key: (now_counts[key], then_counts[key]) for key in STATUS_KEYS},
        "sent": (flow["sent"], flow["sent_prev"]),
        "delivered": (flow["delivered"], flow["delivered_prev"]),
        "reply_rate": (
            _rate(flow["answered"], flow["prompts"]),
            _rate(flow["answered_prev"], flow["prompts_prev"]),
        ),
        "median_reply_hours": (median_now, median_prev),
        "active_managers": (active_now, active_prev),
    }
    items = tuple(Kpi(key, *values[key]) for key in KPI_KEYS)  # the registry's display order
    return Kpis(current, previous, items, dict(lessons))
