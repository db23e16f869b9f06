"""Property tests: the engine's rules hold for random zones, DST dates, weekday sets and reply patterns."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.curriculum import Curriculum, load_curriculum
from service.enums import PauseReason
from service.spacing import (
    Journey,
    Pause,
    Plan,
    Schedule,
    SentItem,
    plan_next,
    simulate,
    slot_on,
    wall_time_exists,
)
from service.spacing.calendar import add_business_days
from service.spacing.rules import INTENSITY_FACTORS, REASK_MIN_BUSINESS_DAYS, is_quotable

CURRICULUM: Curriculum = load_curriculum()
FEATURED = (
    "Asia/Kolkata",
    "Australia/Adelaide",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Santiago",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "Africa/Johannesburg",
    "Europe/London",
    "America/New_York",
    "Asia/Tehran",
    "Asia/Kathmandu",
)
ALL_ZONES = tuple(
    sorted(name for name in available_timezones() if "/" in name and not name.startswith("posix"))
)
SEND_TIMES = (
    time(0, 0),
    time(0, 30),
    time(1, 30),
    time(2, 0),
    time(2, 30),
    time(3, 0),
    time(9, 0),
    time(23, 30),
)
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def offset_changes(name: str, year: int) -> tuple[date, ...]:
    """Local days in `year` on which the zone's UTC offset changes (DST or otherwise)."""
    tz = ZoneInfo(name)
    days = []
    previous = datetime(year, 1, 1, 12, tzinfo=tz).utcoffset()
    for n in range(1, 366):
        day = date(year, 1, 1) + timedelta(days=n)
        offset = datetime.combine(day, time(12), tzinfo=tz).utcoffset()
        if offset != previous:
            days.append(day)
        previous = offset
    return tuple(days)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    name = draw(st.one_of(st.sampled_from(FEATURED), st.sampled_from(ALL_ZONES)))
    year = draw(st.integers(2020, 2035))
    changes = offset_changes(name, year)
    if changes and draw(st.booleans()):
        start_day = draw(st.sampled_from(changes)) + timedelta(days=draw(st.integers(-12, 2)))
    else:
        start_day = date(year, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    send_time = draw(
        st.one_of(st.sampled_from(SEND_TIMES), st.times().map(lambda t: t.replace(second=0, microsecond=0)))
    )
    start_hour = draw(st.integers(0, 23))
    started_at = datetime.combine(start_day, time(start_hour), tzinfo=ZoneInfo(name)).astimezone(UTC)
    return Schedule(
        lesson_slug=draw(st.sampled_from(CURRICULUM.slugs)),
        timezone=name,
        send_time=send_time,
        weekdays=draw(st.frozensets(st.integers(0, 6), min_size=1)),
        intensity=draw(st.sampled_from(tuple(INTENSITY_FACTORS))),
        started_at=started_at,
    )


def journey(schedule: Schedule, replies: str, days: int) -> Journey:
    return simulate(schedule, CURRICULUM, until=schedule.started_at + timedelta(days=days), replies=replies)


def assert_local_time_rules(schedule: Schedule, plans: tuple[Plan, ...]) -> None:
    tz = ZoneInfo(schedule.timezone)
    previous: datetime | None = None
    for plan in plans:
        assert plan.send_at.utcoffset() == timedelta(0)
        assert plan.send_at >= schedule.started_at
        local = plan.send_at.astimezone(tz)
        assert local.weekday() in schedule.weekdays
        wall = datetime.combine(local.date(), schedule.send_time)
        if wall_time_exists(local.date(), schedule.send_time, tz):
            # At the chosen time, and at its first occurrence when the clocks go back.
            assert local.time() == schedule.send_time
            both = {wall.replace(tzinfo=tz, fold=fold).astimezone(UTC) for fold in (0, 1)}
            assert plan.send_at == min(both)
        else:
            # Skipped by a spring-forward: moved forward, same local day.
            assert local.replace(tzinfo=None) > wall
            assert local.replace(tzinfo=None) - wall <= timedelta(hours=3)
        assert plan.send_at == slot_on(local.date(), schedule.send_time, tz)
        if previous is not None:
            assert plan.send_at > previous
            assert local.date() > previous.astimezone(tz).date()
            assert (local.date() - previous.astimezone(tz).date()).days >= plan.gap_days
        previous = plan.send_at


def assert_followups_quote_a_reply(history: tuple[SentItem, ...]) -> None:
    for index, item in enumerate(history):
        if item.kind == "followup":
            earlier = history[:index]
            assert any(
                e.kind == "prompt"
                and e.lesson_slug == item.lesson_slug
                and e.replied
                and is_quotable(e.reply_words)
                for e in earlier
            )


@PROPERTY_SETTINGS
@given(
    schedule=schedules(),
    replies=st.sampled_from(("never", "always", "every-other")),
    days=st.integers(20, 200),
)
def test_every_send_is_on_an_allowed_day_at_the_local_time_once_per_day(
    schedule: Schedule, replies: str, days: int
) -> None:
    result = journey(schedule, replies, days)
    assert result.plans, "a journey of 20+ days sends something"
    assert_local_time_rules(schedule, result.plans)
    assert_followups_quote_a_reply(result.history)
    assert journey(schedule, replies, days) == result


@PROPERTY_SETTINGS
@given(schedule=schedules())
def test_silence_brings_one_late_reask_per_prompt_then_an_early_checkin(schedule: Schedule) -> None:
    result = journey(schedule, "never", 2000)
    tz = ZoneInfo(schedule.timezone)
    kinds = [plan.kind for plan in result.plans]
    assert "followup" not in kinds
    prompts = [plan for plan in result.plans if plan.kind == "prompt"]
    for plan in prompts:
        asked = [p for p in prompts if p.content_id == plan.content_id]
        assert len(asked) <= 2 and asked[0].reask is False
        if plan.reask:
            first, again = (p.send_at.astimezone(tz).date() for p in asked)
            assert again >= add_business_days(first, REASK_MIN_BUSINESS_DAYS)
    assert kinds[-1] == "checkin"
    assert kinds.count("checkin") == 1
    start = schedule.started_at.astimezone(tz).date()
    assert (result.plans[-1].send_at.astimezone(tz).date() - start).days <= 28  # whatever the weekdays
    assert result.pause is not None and result.pause.reason == "unresponsive"
    assert_local_time_rules(schedule, result.plans)


@PROPERTY_SETTINGS
@given(schedule=schedules())
def test_going_quiet_brings_the_checkin_within_four_weeks_of_the_last_reply(schedule: Schedule) -> None:
    result = journey(schedule, "went-quiet", 400)
    tz = ZoneInfo(schedule.timezone)
    assert result.plans[-1].kind == "checkin"
    assert result.pause is not None and result.pause.reason == PauseReason.UNRESPONSIVE
    replied = [item.sent_at for item in result.history if item.replied]
    quiet_since = max(replied) if replied else schedule.started_at
    silence = result.plans[-1].send_at.astimezone(tz).date() - quiet_since.astimezone(tz).date()
    assert 21 <= silence.days <= 28


@PROPERTY_SETTINGS
@given(schedule=schedules(), replies=st.sampled_from(("always", "every-other")))
def test_engaged_managers_go_through_every_lesson_to_graduation(schedule: Schedule, replies: str) -> None:
    result = journey(schedule, replies, 20000)
    kinds = [plan.kind for plan in result.plans]
    if replies == "always":
        assert "checkin" not in kinds
    # Answering every other prompt on a sparse schedule can leave three weeks without a reply:
    # then a check-in asks (and its answer carries on), never sooner than three weeks after a reply.
    for index, item in enumerate(result.history):
        if item.kind == "checkin":
            last_reply = max(earlier.sent_at for earlier in result.history[:index] if earlier.replied)
            assert (item.sent_at - last_reply).days >= 20  # 21 local days, a UTC offset apart
    assert result.plans[-1].content_id == "graduation"
    assert result.pause is not None and result.pause == Pause(PauseReason.LESSON_COMPLETE, None)
    assert {plan.lesson_slug for plan in result.plans} == set(CURRICULUM.slugs)
    first = [plan for plan in result.plans if plan.lesson_slug == schedule.lesson_slug]
    lesson = CURRICULUM.lesson(schedule.lesson_slug)
    assert [plan.kind for plan in first][-2:] == ["review", "handover"]
    sent_ids = {plan.content_id for plan in first}
    assert {item.id for item in (*lesson.nudges, *lesson.prompts)} <= sent_ids
    # Nudge n precedes prompt n: a reflection prompt follows each nudge.
    order = [plan.content_id for plan in first]
    for nudge, prompt in zip(lesson.nudges, lesson.prompts, strict=False):
        assert order.index(nudge.id) < order.index(prompt.id)
    if replies == "always":
        assert [plan.kind for plan in first].count("followup") == len(lesson.prompts)
        assert not any(plan.reask for plan in result.plans)
    assert_local_time_rules(schedule, result.plans)


@PROPERTY_SETTINGS
@given(schedule=schedules(), replies=st.sampled_from(("never", "always", "every-other")), seed=st.randoms())
def test_plan_is_deterministic_and_ignores_history_order(
    schedule: Schedule, replies: str, seed: random.Random
) -> None:
    history = list(journey(schedule, replies, 90).history)
    now = history[-1].sent_at if history else schedule.started_at
    shuffled = list(history)
    seed.shuffle(shuffled)
    first = plan_next(schedule, history, now, CURRICULUM)
    assert plan_next(schedule, shuffled, now, CURRICULUM) == first
    assert plan_next(schedule, tuple(history), now, CURRICULUM) == first
