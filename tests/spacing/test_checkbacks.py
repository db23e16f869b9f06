"""Commitment check-backs in the engine: the day after the date named, ahead of the lesson, once each."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from service.curriculum import Curriculum
from service.enums import PauseReason
from service.spacing import CommitmentDue, Pause, Plan, SentItem, plan_next
from tests.spacing.conftest import WEEKDAYS, schedule, sent

START = datetime(2025, 1, 6, tzinfo=UTC)  # a Monday


def day(n: int) -> datetime:
    return START + timedelta(days=n, hours=9)


def plan(curriculum: Curriculum, history: list[SentItem], owed: list[CommitmentDue], **kw: object) -> Plan:
    result = plan_next(schedule(weekdays=WEEKDAYS, **kw), history, history[-1].sent_at, curriculum, owed)
    assert isinstance(result, Plan), result
    return result


HISTORY = [sent("nudge", "n1", day(0)), sent("prompt", "p1", day(2), words=30)]


def test_a_checkback_goes_out_the_first_allowed_day_after_the_date_named(curriculum: Curriculum) -> None:
    friday = date(2025, 1, 10)
    nxt = plan(
        curriculum, [*HISTORY, sent("followup", "f1", day(3))], [CommitmentDue("commitment.1.0", friday)]
    )
    assert (nxt.kind, nxt.content_id, nxt.due_on) == ("commitment", "commitment.1.0", friday)
    assert nxt.send_at == day(7)  # Monday: the first weekday after Friday


def test_the_lesson_goes_first_when_it_is_due_sooner(curriculum: Curriculum) -> None:
    owed = [CommitmentDue("commitment.1.0", date(2025, 1, 20))]
    assert plan(curriculum, HISTORY, owed).kind == "followup"


def test_a_checkback_is_sent_once_and_the_lesson_carries_on_another_day(curriculum: Curriculum) -> None:
    owed = [CommitmentDue("commitment.1.0", date(2025, 1, 3))]
    first = plan(curriculum, HISTORY, owed)
    assert first.kind == "commitment" and first.send_at == day(3)
    history = [*HISTORY, SentItem("commitment", first.content_id, "share-credit", first.send_at)]
    after = plan(curriculum, history, owed)
    assert after.kind == "followup"  # the prompt just answered still gets its follow-up
    assert after.send_at > first.send_at and after.send_at.date() != first.send_at.date()


def test_a_new_date_is_a_new_checkback(curriculum: Curriculum) -> None:
    history = [*HISTORY, SentItem("commitment", "commitment.1.0", "share-credit", day(3), True)]
    owed = [CommitmentDue("commitment.1.1", date(2025, 1, 8))]  # "not yet": a new key, a new date
    nxt = plan(curriculum, history, owed)
    assert (nxt.kind, nxt.content_id, nxt.send_at) == ("commitment", "commitment.1.1", day(4))
    assert plan(curriculum, history, [CommitmentDue("commitment.1.0", date(2025, 1, 8))]).kind == "followup"


def test_a_resurfacing_is_skipped_right_after_another_checkback_and_when_stale(
    curriculum: Curriculum,
) -> None:
    history = [*HISTORY, SentItem("commitment", "commitment.1.0", "share-credit", day(3), True)]
    soon = [CommitmentDue("commitment.2.r30", date(2025, 1, 10), resurface=True)]
    assert plan(curriculum, history, soon).kind == "followup"
    later = [CommitmentDue("commitment.2.r30", date(2025, 1, 24), resurface=True)]
    nxt = plan_next(schedule(weekdays=WEEKDAYS), history, day(18), curriculum, later)
    assert isinstance(nxt, Plan) and (nxt.kind, nxt.send_at) == ("commitment", day(18))
    stale = plan_next(schedule(weekdays=WEEKDAYS), history, day(30), curriculum, later)
    assert isinstance(stale, Plan) and stale.kind != "commitment"


def test_check_backs_still_come_after_the_review_but_not_after_silence(curriculum: Curriculum) -> None:
    lesson = curriculum.lesson("share-credit")
    nudges = [SentItem("nudge", item.id, "share-credit", day(2 * n)) for n, item in enumerate(lesson.nudges)]
    prompts = [
        SentItem("prompt", item.id, "share-credit", day(2 * n + 1), True, 3)
        for n, item in enumerate(lesson.prompts)
    ]
    done = [*nudges, *prompts, SentItem("review", lesson.review.id, "share-credit", day(20))]
    owed = [CommitmentDue("commitment.1.0", date(2025, 1, 27))]  # before the handover (review + 4 days)
    nxt = plan_next(schedule(weekdays=WEEKDAYS), done, day(20), curriculum, owed)
    assert isinstance(nxt, Plan) and nxt.kind == "commitment"
    silent = [
        sent("nudge", "n1", day(0)),
        sent("prompt", "p1", day(1)),
        sent("prompt", "p1", day(4)),
        sent("nudge", "n2", day(5)),
        sent("prompt", "p2", day(6)),
        SentItem("checkin", "checkin", "share-credit", day(9)),
    ]
    assert plan_next(schedule(weekdays=WEEKDAYS), silent, day(9), curriculum, owed) == Pause(
        PauseReason.UNRESPONSIVE
    )


def test_a_fresh_checkback_goes_before_a_resurfacing_on_the_same_slot(curriculum: Curriculum) -> None:
    """Found by a new user on Mondays only: a kept one asked again (Wednesday) took the Monday a
    check-back due the Friday before was waiting for, which then slipped a week."""
    mondays = frozenset({0})
    history = [
        sent("nudge", "n1", day(0)),
        sent("prompt", "p1", day(7), words=30),
        sent("followup", "f1", day(14)),
    ]
    owed = [
        CommitmentDue("commitment.1.r30", date(2025, 1, 22), resurface=True),  # Wednesday
        CommitmentDue("commitment.2.0", date(2025, 1, 24)),  # Friday: checked back from Saturday on
    ]
    nxt = plan_next(schedule(weekdays=mondays), history, day(15), curriculum, owed)
    assert isinstance(nxt, Plan)
    assert (nxt.kind, nxt.content_id, nxt.send_at) == ("commitment", "commitment.2.0", day(21))
    # On a day of its own, the resurfacing still goes first.
    alone = [owed[0], CommitmentDue("commitment.2.0", date(2025, 2, 7))]
    first = plan_next(schedule(weekdays=mondays), history, day(15), curriculum, alone)
    assert isinstance(first, Plan) and first.content_id == "commitment.1.r30"
