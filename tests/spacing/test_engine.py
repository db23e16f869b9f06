"""plan_next, rule by rule, on hand-built histories (UTC, every weekday, 09:00 unless stated)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

import pytest

from service.curriculum import Curriculum
from service.enums import PauseReason
from service.spacing import Pause, Plan, Schedule, SentItem, plan_next, rules
from tests.spacing.conftest import schedule, sent

START = datetime(2025, 1, 6, tzinfo=UTC)  # a Monday


def day(n: int, hour: int = 9) -> datetime:
    return START + timedelta(days=n, hours=hour)


def plan(curriculum: Curriculum, history: list[SentItem], now: datetime | None = None, **kw: object) -> Plan:
    result = plan_next(
        schedule(**kw), history, now or (history[-1].sent_at if history else START), curriculum
    )
    assert isinstance(result, Plan), result
    return result


def test_first_nudge_goes_out_at_the_first_slot(curriculum: Curriculum) -> None:
    first = plan(curriculum, [])
    assert (first.kind, first.content_id, first.send_at, first.gap_days) == (
        "nudge",
        "share-credit.n1",
        day(0),
        0,
    )


def test_start_after_todays_send_time_waits_for_tomorrow(curriculum: Curriculum) -> None:
    later = START + timedelta(hours=10)
    assert plan(curriculum, [], now=later, start=later).send_at == day(1)


def test_a_prompt_follows_each_nudge(curriculum: Curriculum) -> None:
    nxt = plan(curriculum, [sent("nudge", "n1", day(0))])
    assert (nxt.kind, nxt.content_id, nxt.send_at) == ("prompt", "share-credit.p1", day(2))


def test_substantive_reply_earns_a_followup_after_a_longer_gap(curriculum: Curriculum) -> None:
    history = [sent("nudge", "n1", day(0)), sent("prompt", "p1", day(2), words=40)]
    nxt = plan(curriculum, history)
    assert (nxt.kind, nxt.content_id, nxt.gap_days, nxt.send_at) == ("followup", "share-credit.f1", 3, day(5))


def test_one_sentence_reply_earns_a_followup_at_the_normal_gap(curriculum: Curriculum) -> None:
    history = [sent("nudge", "n1", day(0)), sent("prompt", "p1", day(2), words=rules.QUOTABLE_REPLY_WORDS)]
    nxt = plan(curriculum, history)
    assert (nxt.kind, nxt.content_id, nxt.gap_days, nxt.send_at) == ("followup", "share-credit.f1", 2, day(4))


def test_an_answer_written_before_a_pause_still_gets_its_followup_when_emails_resume(
    curriculum: Curriculum,
) -> None:
    """QA: "…credit to Priya. PS: pause for two weeks" paused the emails, and on resuming the follow-up
    to that reflection never came (the engine had left the pre-pause prompt behind)."""
    history = [sent("nudge", "n1", day(0)), sent("prompt", "p1", day(2), words=40)]
    resumed = day(17, hour=12)
    nxt = plan(curriculum, history, now=resumed, resumed_at=resumed)
    assert (nxt.kind, nxt.content_id) == ("followup", "share-credit.f1")
    assert nxt.send_at > resumed


def test_an_unanswered_prompt_before_a_pause_is_not_asked_again_after_it(curriculum: Curriculum) -> None:
    history = [sent("nudge", "n1", day(0)), sent("prompt", "p1", day(2))]
    resumed = day(17, hour=12)
    nxt = plan(curriculum, history, now=resumed, resumed_at=resumed)
    assert nxt.kind == "nudge" and nxt.content_id == "share-credit.n2"


def test_short_reply_moves_on_without_followup_or_longer_gap(curriculum: Curriculum) -> None:
    history = [sent("nudge", "n1", day(0)), sent("prompt", "p1", day(2), words=5)]
    nxt = plan(curriculum, history)
    assert (nxt.kind, nxt.content_id, nxt.gap_days) == ("nudge", "share-credit.n2", 2)


def test_substantive_reply_to_a_nudge_lengthens_the_next_gap(curriculum: Curriculum) -> None:
    assert plan(curriculum, [sent("nudge", "n1", day(0), words=30)]).gap_days == 3
    assert plan(curriculum, [sent("nudge", "n1", day(0))]).gap_days == 2


def test_unanswered_prompt_is_reasked_once_sooner(curriculum: Curriculum) -> None:
    history = [sent("nudge", "n1", day(0)), sent("prompt", "p1", day(2))]
    reask = plan(curriculum, history)
    assert (reask.kind, reask.content_id, reask.reask, reask.gap_days) == (
        "prompt",
        "share-credit.p1",
        True,
        1,
    )
    assert reask.send_at == day(7)  # asked on Wednesday: Thursday, Friday, Monday are three business days


@pytest.mark.parametrize(
    ("asked", "reasked"),
    [(0, 3), (1, 4), (2, 7), (3, 8), (4, 9), (5, 9), (6, 9)],  # Monday..Sunday -> 3 business days later
)
def test_a_reask_waits_three_business_days(curriculum: Curriculum, asked: int, reasked: int) -> None:
    history = [sent("nudge", "n1", day(asked - 1)), sent("prompt", "p1", day(asked))]
    reask = plan(curriculum, history)
    assert reask.reask and reask.send_at == day(reasked)


def test_the_followup_is_the_one_written_for_the_prompt_just_answered(curriculum: Curriculum) -> None:
    lesson = curriculum.lesson("share-credit")
    for prompt in lesson.prompts:
        local = prompt.id.rsplit(".", 1)[1]
        history = [sent("nudge", "n1", day(0)), sent("prompt", local, day(2), words=30)]
        nxt = plan(curriculum, history)
        assert (nxt.kind, nxt.content_id, nxt.in_reply_to) == (
            "followup",
            lesson.followup_for(prompt.id).id,
            prompt.id,
        )
        assert curriculum.item(nxt.content_id).answers == prompt.id


def test_the_generic_followup_when_the_bound_one_was_already_sent(curriculum: Curriculum) -> None:
    lesson = curriculum.lesson("share-credit")
    bound = lesson.followup_for("share-credit.p2").id.rsplit(".", 1)[1]
    history = [
        sent("nudge", "n1", day(0)),
        sent("followup", bound, day(1)),
        sent("prompt", "p2", day(2), words=30),
    ]
    nxt = plan(curriculum, history)
    assert (nxt.kind, nxt.content_id) == ("followup", lesson.generic_followup.id)
    assert curriculum.item(nxt.content_id).answers is None


def test_after_an_unanswered_reask_the_engine_moves_on(curriculum: Curriculum) -> None:
    history = [sent("nudge", "n1", day(0)), sent("prompt", "p1", day(2)), sent("prompt", "p1", day(3))]
    nxt = plan(curriculum, history)
    assert (nxt.kind, nxt.content_id, nxt.reask, nxt.gap_days) == ("nudge", "share-credit.n2", False, 2)


@pytest.mark.parametrize("answered", ["original", "reask"])
def test_a_prompt_answered_after_its_reask_gets_the_followup(curriculum: Curriculum, answered: str) -> None:
    history = [
        sent("nudge", "n1", day(0)),
        sent("prompt", "p1", day(2), words=30 if answered == "original" else None),
        sent("prompt", "p1", day(3), words=30 if answered == "reask" else None),
    ]
    assert plan(curriculum, history).content_id == "share-credit.f1"


def test_a_prompt_answered_only_by_saying_no_gets_no_followup(curriculum: Curriculum) -> None:
    history = [sent("nudge", "n1", day(0)), sent("prompt", "p1", day(2), words=30, declines=True)]
    nxt = plan(curriculum, history)
    # "Nobody. Everyone was in the announcement." answered (longer gap, no re-ask), but "It is rarely
    # too late to credit someone. Name them" would not fit it, nor would the generic follow-up (f4,
    # unsent): the lesson goes on.
    assert (nxt.kind, nxt.content_id, nxt.gap_days) == ("nudge", "share-credit.n2", 3)


def test_a_no_gets_the_followup_written_to_fit_it(curriculum: Curriculum) -> None:
    # "What actual evidence do you have…?" "None, it's a feeling." "An untested fear is worth a test."
    history = [sent("nudge", "n1", day(0)), sent("prompt", "p7", day(2), words=30, declines=True)]
    assert curriculum.item("share-credit.f3").fits_no
    assert plan(curriculum, history).content_id == "share-credit.f3"


def test_a_second_answer_that_says_yes_brings_the_followup_back(curriculum: Curriculum) -> None:
    history = [
        sent("nudge", "n1", day(0)),
        sent("prompt", "p1", day(2), words=30, declines=True),
        sent("prompt", "p1", day(3), words=30),
    ]
    assert plan(curriculum, history).content_id == "share-credit.f1"


def test_followups_stop_when_used_up(curriculum: Curriculum) -> None:
    history = [
        sent("nudge", "n1", day(0)),
        sent("prompt", "p1", day(2), words=30),
        *(sent("followup", f"f{n}", day(3 + n)) for n in range(1, 9)),
        sent("nudge", "n2", day(14)),
        sent("prompt", "p2", day(17), words=30),
    ]
    assert plan(curriculum, history).content_id == "share-credit.n3"


def _never(curriculum: Curriculum, distinct_prompts: int) -> list[SentItem]:
    """A silent manager's history, one email a day (nudge, prompt, its re-ask), to the n-th prompt."""
    history: list[SentItem] = []
    for n in range(1, distinct_prompts + 1):
        history.append(sent("nudge", f"n{n}", day(len(history))))
        history.append(sent("prompt", f"p{n}", day(len(history))))
        if n < distinct_prompts:
            history.append(sent("prompt", f"p{n}", day(len(history))))
    return history


def _with_neutral_reply_before_last_two_prompts(history: list[SentItem]) -> list[SentItem]:
    """Mark a short reply on the item just before the second-to-last distinct prompt: streak becomes 2."""
    prompt_ids = list(dict.fromkeys(item.content_id for item in history if item.kind == "prompt"))
    first_send = next(i for i, item in enumerate(history) if item.content_id == prompt_ids[-2])
    changed = list(history)
    before = changed[first_send - 1]
    changed[first_send - 1] = SentItem(
        before.kind, before.content_id, before.lesson_slug, before.sent_at, True, 1
    )
    return changed


@pytest.mark.parametrize("distinct_prompts", [3, 4, 5])
def test_three_unanswered_prompts_halve_the_frequency(curriculum: Curriculum, distinct_prompts: int) -> None:
    history = _never(curriculum, distinct_prompts)
    halved = plan(curriculum, history)
    normal = plan(curriculum, _with_neutral_reply_before_last_two_prompts(history))
    assert (halved.kind, halved.content_id, halved.reask) == (normal.kind, normal.content_id, normal.reask)
    assert halved.gap_days == 2 * normal.gap_days


def test_two_unanswered_prompts_keep_the_normal_frequency(curriculum: Curriculum) -> None:
    history = _never(curriculum, 2)
    assert plan(curriculum, history).gap_days == 2  # the re-ask of p2: ceil(3 / 2), not doubled


def test_weeks_of_silence_bring_the_checkin_within_four_weeks(curriculum: Curriculum) -> None:
    history = [
        sent("nudge", "n1", day(0)),
        sent("prompt", "p1", day(2), words=30),
        sent("followup", "f1", day(5)),
        sent("nudge", "n2", day(8)),
        sent("prompt", "p2", day(10)),
        sent("prompt", "p2", day(15)),
        sent("nudge", "n3", day(18)),
        sent("prompt", "p3", day(22)),
        sent("prompt", "p3", day(25)),
    ]
    # Every day allowed: the check-in waits 27 days after the last reply (day 2), to day 29.
    assert rules.checkin_deadline_days(frozenset(range(7))) == 27
    nxt = plan(curriculum, history)
    assert (nxt.kind, nxt.send_at) == ("nudge", day(29))  # on the deadline itself: still the lesson
    after = plan(curriculum, [*history, sent("nudge", "n4", day(29))])
    assert (after.kind, after.send_at) == ("checkin", day(30))  # 28 days after the reply, not later
    assert plan(curriculum, history[:-2]).kind == "prompt"  # p3 on day 22 is well within the weeks


def test_one_unanswered_prompt_on_a_weekly_schedule_brings_the_checkin_within_four_weeks(
    curriculum: Curriculum,
) -> None:
    """Mondays only: the re-ask of p2 would come five weeks after the last reply; a check-in asks instead."""
    history = [
        sent("nudge", "n1", day(0)),
        sent("prompt", "p1", day(7), words=30),
        sent("followup", "f1", day(14)),
        sent("nudge", "n2", day(21)),
        sent("prompt", "p2", day(28)),
    ]
    mondays = schedule(weekdays=frozenset({0}))
    nxt = plan_next(mondays, history, day(28), curriculum)
    assert isinstance(nxt, Plan)
    assert (nxt.kind, nxt.send_at) == ("checkin", day(35))  # the first Monday on or after day 7 + 21
    assert plan_next(mondays, history[:-1], day(21), curriculum).kind == "prompt"  # nothing unanswered yet


def test_six_unanswered_prompts_bring_a_checkin_then_a_pause(curriculum: Curriculum) -> None:
    history = _never(curriculum, 6)
    checkin = plan(curriculum, history)
    assert (checkin.kind, checkin.content_id) == ("checkin", "checkin")
    history.append(SentItem("checkin", "checkin", "share-credit", checkin.send_at))
    assert plan_next(schedule(), history, checkin.send_at, curriculum) == Pause(PauseReason.UNRESPONSIVE)


def test_a_reply_to_the_checkin_resumes_the_lesson_at_normal_frequency(curriculum: Curriculum) -> None:
    history = _never(curriculum, 6)
    checkin = plan(curriculum, history)
    history.append(SentItem("checkin", "checkin", "share-credit", checkin.send_at, True, 3))
    nxt = plan(curriculum, history)
    assert (nxt.kind, nxt.content_id) == ("nudge", "share-credit.n7")
    assert nxt.gap_days == 5


def test_resuming_after_the_pause_starts_the_count_afresh(curriculum: Curriculum) -> None:
    history = _never(curriculum, 6)
    checkin = plan(curriculum, history)
    history.append(SentItem("checkin", "checkin", "share-credit", checkin.send_at))
    resumed = checkin.send_at + timedelta(days=30, hours=5)
    nxt = plan(curriculum, history, now=resumed, resumed_at=resumed)
    assert nxt.kind == "nudge"
    assert nxt.send_at == day(0) + (resumed.date() - START.date()) + timedelta(days=1)


def _whole_lesson(slug: str, curriculum: Curriculum) -> list[SentItem]:
    lesson = curriculum.lesson(slug)
    history = []
    for n, (nudge, prompt) in enumerate(zip(lesson.nudges, lesson.prompts, strict=True)):
        history.append(SentItem("nudge", nudge.id, slug, day(4 * n)))
        history.append(SentItem("prompt", prompt.id, slug, day(4 * n + 2), True, 3))
    return history


def test_after_the_review_a_handover_and_two_weekly_reminders_then_the_pause(curriculum: Curriculum) -> None:
    history = _whole_lesson("share-credit", curriculum)
    review = plan(curriculum, history, now=history[-1].sent_at + timedelta(days=2))
    assert (review.kind, review.content_id) == ("review", "share-credit.review")
    history.append(SentItem("review", review.content_id, "share-credit", review.send_at))
    gaps = []
    for content_id in ("handover", "handover.reminder-1", "handover.reminder-2"):
        handover = plan(curriculum, history)
        assert (handover.kind, handover.content_id, handover.lesson_slug) == (
            "handover",
            content_id,
            "share-credit",
        )
        gaps.append((handover.send_at - history[-1].sent_at).days)
        history.append(SentItem("handover", content_id, "share-credit", handover.send_at))
    assert gaps == [4, 7, 7]
    assert plan_next(schedule(), history, history[-1].sent_at, curriculum) == Pause(
        PauseReason.LESSON_COMPLETE, "develop-interpersonal-skills"
    )


def test_after_all_ten_lessons_one_graduation_then_the_pause(curriculum: Curriculum) -> None:
    history = [
        SentItem("review", lesson.review.id, lesson.slug, day(n))
        for n, lesson in enumerate(curriculum.lessons[:-1])
    ]
    slug = "develop-interpersonal-skills"
    history += [*_whole_lesson(slug, curriculum), SentItem("review", f"{slug}.review", slug, day(40))]
    graduation = plan(curriculum, history, slug=slug)
    assert (graduation.kind, graduation.content_id) == ("handover", "graduation")
    history.append(SentItem("handover", "graduation", slug, graduation.send_at))
    assert plan_next(schedule(slug=slug), history, graduation.send_at, curriculum) == Pause(
        PauseReason.LESSON_COMPLETE, None
    )


def test_the_handover_offers_unfinished_lessons_round_the_curriculum(curriculum: Curriculum) -> None:
    slug = "develop-interpersonal-skills"
    history = [*_whole_lesson(slug, curriculum), SentItem("review", f"{slug}.review", slug, day(40))]
    for content_id in ("handover", "handover.reminder-1", "handover.reminder-2"):
        history.append(SentItem("handover", content_id, slug, day(41 + len(history))))
    assert plan_next(schedule(slug=slug), history, day(80), curriculum) == Pause(
        PauseReason.LESSON_COMPLETE, "personal-motive"
    )


def test_next_lesson_starts_afresh_but_never_on_the_same_local_day(curriculum: Curriculum) -> None:
    history = [
        *_whole_lesson("share-credit", curriculum),
        SentItem("review", "share-credit.review", "share-credit", day(30)),
    ]
    switched = day(30, hour=12)
    first = plan(
        curriculum, history, now=switched, slug="develop-interpersonal-skills", start=day(30, hour=0)
    )
    assert (first.content_id, first.send_at) == ("develop-interpersonal-skills.n1", day(31))


def test_a_repeated_lesson_starts_over(curriculum: Curriculum) -> None:
    history = _whole_lesson("share-credit", curriculum)
    restart = day(60, hour=0)
    assert plan(curriculum, history, now=restart, start=restart).content_id == "share-credit.n1"


def test_other_lessons_do_not_count_as_progress(curriculum: Curriculum) -> None:
    history = [
        sent("nudge", "n1", day(0), slug="bring-energy"),
        sent("prompt", "p1", day(2), slug="bring-energy", words=40),
    ]
    first = plan(curriculum, history, now=day(2), start=START)
    assert first.content_id == "share-credit.n1"
    assert first.send_at == day(3)


def test_welcome_and_other_non_coaching_emails_are_ignored(curriculum: Curriculum) -> None:
    history = [SentItem("welcome", "welcome", "share-credit", day(0, hour=8))]
    assert plan(curriculum, history, now=day(0, hour=8)).send_at == day(0)


def test_weekend_due_date_moves_to_the_next_allowed_weekday(curriculum: Curriculum) -> None:
    friday = day(4)
    nxt = plan(curriculum, [sent("nudge", "n1", friday)], weekdays=frozenset(range(5)))
    assert nxt.send_at == day(7)  # Sunday is not allowed: Monday


def test_intensity_changes_the_gap(curriculum: Curriculum) -> None:
    history = [sent("nudge", "n1", day(0))]
    assert plan(curriculum, history, intensity="intense").send_at == day(1)
    assert plan(curriculum, history, intensity="light").send_at == day(3)


def test_a_slightly_late_call_still_gets_the_due_slot(curriculum: Curriculum) -> None:
    history = [sent("nudge", "n1", day(0))]
    assert plan(curriculum, history, now=day(2) + timedelta(minutes=90)).send_at == day(2)
    assert plan(curriculum, history, now=day(2) + timedelta(hours=3)).send_at == day(3)
    assert plan(curriculum, history, now=day(1)).send_at == day(2)


def test_same_input_same_output_in_any_history_order(curriculum: Curriculum) -> None:
    history = _never(curriculum, 4)
    expected = plan(curriculum, history)
    shuffled = list(history)
    random.Random(7).shuffle(shuffled)
    assert plan_next(schedule(), shuffled, history[-1].sent_at, curriculum) == expected
    assert plan(curriculum, history) == expected


def test_half_hour_zone_keeps_the_local_send_time(curriculum: Curriculum) -> None:
    tz_start = datetime(2025, 1, 5, 18, 30, tzinfo=UTC)  # Monday 00:00 in Kolkata
    first = plan(curriculum, [], now=tz_start, tz="Asia/Kolkata", start=tz_start, at=time(8, 15))
    assert first.send_at == datetime(2025, 1, 6, 2, 45, tzinfo=UTC)


NAIVE = datetime(2025, 1, 6, 9)
BAD_INPUTS = [
    ("naive-now", {}, [], NAIVE, ValueError, "timezone-aware"),
    ("naive-start", {"start": NAIVE}, [], START, ValueError, "timezone-aware"),
    (
        "naive-sent-at",
        {},
        [SentItem("nudge", "x", "share-credit", NAIVE)],
        START,
        ValueError,
        "timezone-aware",
    ),
    ("no-weekdays", {"weekdays": frozenset()}, [], START, ValueError, "weekdays"),
    ("weekday-out-of-range", {"weekdays": frozenset({7})}, [], START, ValueError, "weekdays"),
    ("unknown-intensity", {"intensity": "extreme"}, [], START, ValueError, "intensity"),
    ("aware-send-time", {"at": time(9, tzinfo=UTC)}, [], START, ValueError, "send_time"),
    ("unknown-timezone", {"tz": "Mars/Base"}, [], START, ValueError, "unknown timezone"),
    ("unknown-lesson", {"slug": "nope"}, [], START, KeyError, "nope"),
]


@pytest.mark.parametrize(
    ("changes", "history", "now", "error", "message"),
    [case[1:] for case in BAD_INPUTS],
    ids=[case[0] for case in BAD_INPUTS],
)
def test_bad_input_is_refused(
    curriculum: Curriculum,
    changes: dict[str, object],
    history: list[SentItem],
    now: datetime,
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        plan_next(schedule(**changes), history, now, curriculum)


def test_schedule_is_a_plain_value() -> None:
    assert schedule() == Schedule("share-credit", "UTC", time(9), frozenset(range(7)), "standard", START)
