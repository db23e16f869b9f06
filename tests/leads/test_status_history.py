"""Active, paused and unsubscribed at a past instant come from the subscription's status history.

Each case is a manager's story told through the real state changes (pause, resume, a schedule or
focus change, unsubscribe), each at its own moment. The expected counts at the start and the end of
the last 7 days are read here from the story itself: the status of its latest change at or before
that instant. Before the history existed, a schedule change of a subscription paused long ago moved
its pause into the current period (the demo showed "Paused 17 ▲16 vs previous").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.accounts import create_program
from service.analytics import program_kpis
from service.db import Database
from service.models import Subscription, SubscriptionStatusChange
from service.subscriptions import lifecycle, preferences
from tests.leads.conftest import World, make_manager

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
START = NOW - timedelta(days=7)  # the last 7 days: [11 Mar 12:00, 18 Mar 12:00)
JOINED = NOW - timedelta(days=90)
Step = Callable[[Session, Subscription, datetime], object]


def pause(session: Session, subscription: Subscription, at: datetime) -> object:
    return preferences.pause(session, subscription, 8, at)


def resume(session: Session, subscription: Subscription, at: datetime) -> object:
    return preferences.resume(session, subscription, at)


def new_schedule(session: Session, subscription: Subscription, at: datetime) -> object:
    return preferences.update_schedule(session, subscription, timezone="Europe/Berlin", send_time=time(7, 30),
                                       weekdays="mon,wed", intensity="light", now=at)  # fmt: skip


def new_focus(session: Session, subscription: Subscription, at: datetime) -> object:
    return preferences.change_focus(session, subscription, "bring-energy", resume_earlier=False, now=at)


def unsubscribe(session: Session, subscription: Subscription, at: datetime) -> object:
    return lifecycle.unsubscribe(session, subscription.id, at)


# What each step leaves the status as (None: unchanged), for reading the story independently.
AFTER: dict[Step, str | None] = {
    pause: "paused",
    resume: "active",
    new_schedule: None,
    new_focus: None,  # a pause the manager chose stays a pause when they pick another lesson
    unsubscribe: "unsubscribed",
}

STORIES: dict[str, list[tuple[int, Step]]] = {  # (days before NOW, step)
    "paused long ago, schedule changed yesterday": [(40, pause), (1, new_schedule)],
    "paused long ago, focus changed yesterday": [(40, pause), (1, new_focus)],
    "paused long ago, schedule changed in the previous week": [(40, pause), (9, new_schedule)],
    "paused this week": [(3, pause)],
    "paused long ago, resumed this week": [(40, pause), (2, resume)],
    "paused, resumed, paused again this week": [(40, pause), (20, resume), (2, pause), (1, new_schedule)],
    "paused long ago, unsubscribed this week": [(40, pause), (2, unsubscribe)],
    "active all along, schedule changed this week": [(2, new_schedule)],
}


def _status_at(story: list[tuple[int, Step]], instant: datetime) -> str:
    status = "active"  # confirmed when joining, long before every story begins
    for days, step in story:
        if NOW - timedelta(days=days) <= instant and AFTER[step] is not None:
            status = AFTER[step]  # type: ignore[assignment]
    return status


@pytest.mark.parametrize("name", list(STORIES))
def test_status_counts_at_the_start_and_end_of_the_period_follow_the_history(db: Database, name: str) -> None:
    story = STORIES[name]
    with db.transaction() as session:
        program = create_program(session, "One story")
        manager = make_manager(session, program.id, "story@example.com", created_at=JOINED)
        program_id = manager.program_id
        subscription = manager.subscription
        assert subscription is not None and program_id is not None
        for days, step in story:
            step(session, subscription, NOW - timedelta(days=days))
            session.refresh(subscription)
    with db.session() as session:
        kpis = program_kpis(session, program_id, NOW, 7)
    got = {key: (kpis[key].value, kpis[key].previous) for key in ("active", "paused", "unsubscribed")}
    end, start = _status_at(story, NOW), _status_at(story, START)
    expected = {key: (int(end == key), int(start == key)) for key in ("active", "paused", "unsubscribed")}
    assert got == expected


def test_every_status_change_leaves_one_open_stretch_in_the_current_status(
    db: Database, world: World
) -> None:
    """The history is written by the one owner (service/subscriptions/status.py), whichever way the
    status changes: its open stretch always says what the subscription says."""
    with db.transaction() as session:
        manager = make_manager(session, world.program_b, "steps@example.com", created_at=JOINED)
        subscription = manager.subscription
        assert subscription is not None
        moments = []
        for days, step in ((30, pause), (20, resume), (10, new_schedule), (5, unsubscribe)):
            step(session, subscription, NOW - timedelta(days=days))
            session.refresh(subscription)
            moments.append(NOW - timedelta(days=days))
            open_rows = session.scalars(
                select(SubscriptionStatusChange.status).where(
                    SubscriptionStatusChange.subscription_id == subscription.id,
                    SubscriptionStatusChange.ended_at.is_(None),
                )
            ).all()
            assert open_rows == [subscription.status]
        rows = session.execute(
            select(SubscriptionStatusChange.status, SubscriptionStatusChange.changed_at)
            .where(SubscriptionStatusChange.subscription_id == subscription.id)
            .order_by(SubscriptionStatusChange.changed_at, SubscriptionStatusChange.id)
        ).all()
    assert [(status, at) for status, at in rows] == [
        ("pending", JOINED),
        ("active", JOINED),
        ("paused", moments[0]),
        ("active", moments[1]),
        ("unsubscribed", moments[3]),  # the schedule change is no status change
    ]
