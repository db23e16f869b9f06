"""A follow-up to a reply that already chose its step keeps the lesson's point and asks no second step."""

from __future__ import annotations

from datetime import date

import pytest

from service.curriculum import Curriculum
from service.emails.followup import (
    ASK_AHEAD,
    ASK_SINCE,
    ASK_TAKEN,
    ChosenStep,
    chosen_step,
    followup_words,
)
from service.emails.formatting import first_sentence, split_followup

F5 = (
    'You wrote: "{quote}". Knowing when credit feels risky lets you plan for it. Before the next situation '
    "like that, decide on one person you will credit by name. Who will it be?"
)
FRIDAY = date(2026, 12, 11)


@pytest.mark.parametrize(
    ("step", "rest"),
    [
        (
            ChosenStep(FRIDAY, done=False, ahead=True),
            "Knowing when credit feels risky lets you plan for it. You have already picked your next step, "
            "and I will ask you how it went after Friday 11 December.\n\n" + ASK_AHEAD,
        ),
        (
            ChosenStep(FRIDAY, done=False, ahead=False),
            "Knowing when credit feels risky lets you plan for it. You have already picked your next step."
            "\n\n" + ASK_SINCE,
        ),
        (
            ChosenStep(FRIDAY, done=True, ahead=False),
            "Knowing when credit feels risky lets you plan for it. You have already taken the step you "
            "picked: you marked it done.\n\n" + ASK_TAKEN,
        ),
    ],
)
def test_a_chosen_step_replaces_the_lessons_suggestion_and_question(step: ChosenStep, rest: str) -> None:
    assert followup_words(F5, step) == ("You wrote:", rest)


def test_without_a_chosen_step_the_lessons_words_stay_whole() -> None:
    assert followup_words(F5, None) == split_followup(F5)


def test_a_followup_that_opens_with_its_question_keeps_no_point() -> None:
    text = 'You wrote: "{quote}". Who else saw it? Tell them.'
    assert followup_words(text, ChosenStep(FRIDAY, done=True, ahead=False))[1] == (
        "You have already taken the step you picked: you marked it done.\n\n" + ASK_TAKEN
    )


@pytest.mark.parametrize(
    ("stored", "step"),
    [
        ({"due_on": "2026-12-11", "status": "open", "ahead": True}, ChosenStep(FRIDAY, False, True)),
        ({"due_on": "2026-12-11", "status": "open", "ahead": False}, ChosenStep(FRIDAY, False, False)),
        ({"due_on": "2026-12-11", "status": "done", "ahead": True}, ChosenStep(FRIDAY, True, False)),
        ({"due_on": "2026-12-11"}, ChosenStep(FRIDAY, False, False)),
        (None, None),
        ("2026-12-11", None),
        ([], None),
        ({"status": "open"}, None),
        ({"due_on": "next Friday"}, None),
        ({"due_on": "2026-02-30"}, None),
        ({"due_on": 20261211}, None),
    ],
)
def test_the_stored_step_is_read_or_ignored_never_raises(stored: object, step: ChosenStep | None) -> None:
    assert chosen_step(stored) == step


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("One. Two.", "One."),
        ("Is it? Yes.", "Is it?"),
        ("Only one", "Only one"),
        ("She said “go.” Then left.", "She said “go.”"),
        ("", ""),
    ],
)
def test_first_sentence(text: str, first: str) -> None:
    assert first_sentence(text) == first


def test_every_real_followup_reads_as_a_point_then_one_question(curriculum: Curriculum) -> None:
    """Each follow-up's first sentence must stand alone as the lesson's point: a statement, not cut."""
    step = ChosenStep(FRIDAY, done=False, ahead=True)
    for lesson in curriculum.lessons:
        for followup in lesson.followups:
            _, rest = followup_words(followup.text, step)
            said, ask = rest.split("\n\n")
            point = said.split(" You have already")[0]
            assert point.endswith(".") and len(point.split()) >= 5, followup.id
            assert "?" not in said and ask == ASK_AHEAD, followup.id
