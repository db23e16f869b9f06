"""A program's headline figures, each next to its value for the previous period.

Counts of managers by status are stocks: at the end of the period (now, or a past range's end)
against the start, read from each subscription's status history (`subscription_status_history`,
written by service/subscriptions/status.py, the one owner of a subscription's status). Everything
else is a flow over the period: emails sent in it, how many of those were delivered and answered,
and how fast: emails to managers chosen by kind
(`service.sharing.mail_to_managers`), so an erased manager's anonymous rows still count. "Managers
active" is measured as of the period's end, against the previous period's end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from service.analytics.commitments import kept_counts, today_of
from service.analytics.definitions import KPI_KEYS, KpiDefinition, kpi_definition
from service.analytics.periods import ACTIVE_DAYS, Period, Window, last_days
from service.analytics.series import rate as _rate
from service.analytics.sql import answered, count_if, is_postgres, median, seconds_between
from service.enums import EmailKind, SubscriptionStatus
from service.models import Manager, Message, Subscription, SubscriptionStatusChange
from service.sharing import mail_to_managers

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
    unit come from the registry in service.analytics.definitions. A percentage carries its sample
    size: `base` (and `previous_base`) is how many things it is a share of, e.g. prompts sent."""

    key: str
    value: float | None
    previous: float | None
    base: int | None = None
    previous_base: int | None = None

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
        """The difference with the previous period, rounded as figures are (one decimal)."""
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 1)

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"label": self.label, "value": self.value, "previous": self.previous,
                                   "change": self.change, "unit": self.unit,
                                   "higher_is_better": self.higher_is_better}  # fmt: skip
        if self.unit == "percent":
            data.update(sample_size=self.base, previous_sample_size=self.previous_base)
        return data


@dataclass(frozen=True, slots=True)
class Kpis:
    """Every headline figure of a program for one period, plus status counts per focus lesson."""

    period: Window
    previous: Window | None
    items: tuple[Kpi, ...]
    subscribers_by_lesson: dict[str, int]

    def __getitem__(self, key: str) -> Kpi:
        return next(kpi for kpi in self.items if kpi.key == key)

    def as_dict(self) -> dict[str, dict[str, object]]:
        return {kpi.key: kpi.as_dict() for kpi in self.items}


@dataclass(frozen=True, slots=True)
class Headline:
    """Is it working, in one line: managers who replied lately, and the reply rate to every prompt
    and the share of commitments kept since the program started (with their sample sizes)."""

    active_managers: int  # answered an email in the last ACTIVE_DAYS days
    taking_part: int  # subscriptions active or paused now
    prompts: int  # prompts sent since the program started
    prompts_answered: int
    commitments_due: int = 0  # commitments come due since the program started
    commitments_kept: int = 0

    @property
    def reply_rate(self) -> float | None:
        return _rate(self.prompts_answered, self.prompts)

    @property
    def kept_rate(self) -> float | None:
        return _rate(self.commitments_kept, self.commitments_due)


def status_now() -> ColumnElement[str]:
    """A manager's status: their subscription's, or "pending" while their invitation is open."""
    return case((Subscription.id.is_(None), literal(SubscriptionStatus.PENDING)), else_=Subscription.status)


def stretch_at(t: datetime) -> tuple[Any, ColumnElement[bool]]:
    """The subscription's status history row in force at instant `t`, as (an alias to outer-join,
    its ON clause): the stretch that began at or before `t` and had not ended by then."""
    stretch = aliased(SubscriptionStatusChange)
    on = and_(
        stretch.subscription_id == Subscription.id,
        stretch.changed_at <= t,
        or_(stretch.ended_at.is_(None), stretch.ended_at > t),
    )
    return stretch, on


def status_at(t: datetime, stretch: Any) -> ColumnElement[str]:
    """A manager's status at instant `t`, from the subscription's status history (`stretch`, joined
    as `stretch_at(t)` gives it): not enrolled before the manager existed, pending while invited or
    before the subscription existed."""
    s = SubscriptionStatus
    return case(
        (Manager.created_at > t, literal(NOT_ENROLLED)),
        (or_(Subscription.id.is_(None), Subscription.created_at > t), literal(s.PENDING)),
        else_=func.coalesce(stretch.status, literal(s.PENDING)),
    )


def _status_counts(
    session: Session, program_id: int, start: datetime, end: datetime | None = None
) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """(at the end, at the start, live subscribers per focus lesson) in one pass over the program's
    managers; the end is now unless a past `end` is given (a custom range)."""
    then_stretch, then_on = stretch_at(start)
    end_stretch, end_on = stretch_at(end if end is not None else start)
    now_col = (status_now() if end is None else status_at(end, end_stretch)).label("now")
    then_col = status_at(start, then_stretch).label("then")
    query = (
        select(now_col, then_col, Subscription.lesson_slug, func.count())
        .select_from(Manager)
        .outerjoin(Subscription, Subscription.manager_id == Manager.id)
        .outerjoin(then_stretch, then_on)
    )
    if end is not None:
        query = query.outerjoin(end_stretch, end_on)
    rows = session.execute(
        query.where(Manager.program_id == program_id).group_by(now_col, then_col, Subscription.lesson_slug)
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


def _flow_counts(
    session: Session, program_id: int, current: Window, previous: Window | None
) -> dict[str, int]:
    """Sent, delivered, prompts and answered prompts for both windows: one range scan."""
    first = previous.start if previous is not None else current.start
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
            mail_to_managers(program_id),
            Message.sent_at >= first,
            Message.sent_at < current.end,
        )
    ).one()
    return {key: int(value) for key, value in row._mapping.items()}


def _reply_medians(
    session: Session, program_id: int, current: Window, previous: Window | None
) -> tuple[float | None, float | None]:
    """Median hours from send to first reply, over emails sent in each window that were answered."""
    seconds = seconds_between(session, Message.replied_at, Message.sent_at)
    scope = (
        mail_to_managers(program_id),
        Message.sent_at >= (previous.start if previous is not None else current.start),
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


def active_managers(session: Session, program_id: int, as_of: datetime) -> int:
    """Distinct managers who answered an email of the program in the ACTIVE_DAYS days before `as_of`."""
    return _active_managers(session, program_id, as_of, as_of - timedelta(days=ACTIVE_DAYS))[0]


def _active_managers(
    session: Session, program_id: int, end: datetime, previous_end: datetime
) -> tuple[int, int]:
    """Distinct managers who answered an email in the ACTIVE_DAYS days before `end`, and in those
    before `previous_end` (both windows in one scan): the figure as of a period's end and as of the
    previous period's end, so a past week's figure never counts a later joiner and the next week's
    "previous" equals it."""
    span = timedelta(days=ACTIVE_DAYS)
    recent = and_(Message.replied_at >= end - span, Message.replied_at < end)
    before = and_(Message.replied_at >= previous_end - span, Message.replied_at < previous_end)
    row = session.execute(
        select(
            func.count(func.distinct(case((recent, Message.manager_id)))),
            func.count(func.distinct(case((before, Message.manager_id)))),
        ).where(
            Message.program_id == program_id,
            Message.replied_at >= min(end, previous_end) - span,
            Message.replied_at < max(end, previous_end),
        )
    ).one()
    return int(row[0]), int(row[1])


def taking_part(session: Session, program_id: int) -> int:
    """Managers whose subscription is active or paused now."""
    count = session.scalar(
        select(func.count())
        .select_from(Subscription)
        .join(Manager, Manager.id == Subscription.manager_id)
        .where(
            Manager.program_id == program_id,
            Subscription.status.in_((SubscriptionStatus.ACTIVE, SubscriptionStatus.PAUSED)),
        )
    )
    return int(count or 0)


def prompt_counts(session: Session, program_id: int, window: Window) -> tuple[int, int]:
    """(prompts sent in the window, how many of them were answered)."""
    flow = _flow_counts(session, program_id, window, None)
    return flow["prompts"], flow["answered"]


def program_kpis(session: Session, program_id: int, now: datetime, days: int) -> Kpis:
    """Every headline figure for the last `days` days against the `days` before."""
    return period_kpis(session, program_id, last_days(now, days), now)


def period_kpis(session: Session, program_id: int, period: Period, now: datetime) -> Kpis:
    """Every headline figure for `period` against the one before it (if it has one)."""
    current, previous = period.current, period.previous
    past_end = current.end if current.end < now else None
    now_counts, then_counts, lessons = _status_counts(session, program_id, current.start, past_end)
    now_counts.pop(NOT_ENROLLED, None)
    flow = _flow_counts(session, program_id, current, previous)
    median_now, median_prev = _reply_medians(session, program_id, current, previous)
    today = today_of(now)
    due, kept = kept_counts(session, program_id, current, today)
    due_prev, kept_prev = kept_counts(session, program_id, previous, today) if previous else (0, 0)
    # As of the period's end (now for the last N days) against the previous period's end; the
    # program to date, which has none, against the ACTIVE_DAYS days before.
    as_of = min(current.end, now)
    active_now, active_prev = _active_managers(
        session,
        program_id,
        as_of,
        previous.end if previous is not None else as_of - timedelta(days=ACTIVE_DAYS),
    )
    enrolled_now = sum(now_counts.values())
    enrolled_then = sum(count for status, count in then_counts.items() if status != NOT_ENROLLED)
    compared = previous is not None

    def was(value: float | None) -> float | None:
        return value if compared else None

    values: dict[str, tuple[float | None, float | None]] = {
        "enrolled": (enrolled_now, was(enrolled_then)),
        **{key: (now_counts[key], was(then_counts[key])) for key in STATUS_KEYS},
        "sent": (flow["sent"], was(flow["sent_prev"])),
        "delivered": (flow["delivered"], was(flow["delivered_prev"])),
        "reply_rate": (
            _rate(flow["answered"], flow["prompts"]),
            was(_rate(flow["answered_prev"], flow["prompts_prev"])),
        ),
        "commitments_kept": (_rate(kept, due), was(_rate(kept_prev, due_prev))),
        "median_reply_hours": (median_now, was(median_prev)),
        "active_managers": (active_now, active_prev),
    }
    bases: dict[str, tuple[int, int | None]] = {
        "reply_rate": (flow["prompts"], flow["prompts_prev"] if compared else None),
        "commitments_kept": (due, due_prev if compared else None),
    }
    items = tuple(
        Kpi(key, *values[key], *bases.get(key, (None, None))) for key in KPI_KEYS
    )  # the registry's display order
    return Kpis(current, previous, items, dict(lessons))
