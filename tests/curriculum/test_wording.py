"""The loader refuses each shape of a second question, a follow-up naming no routine, and a vague action."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from service.curriculum import CurriculumError, read_curriculum
from service.curriculum.vocabulary import ROUTINES, routines_in
from service.curriculum.wording import JOINED_QUESTIONS, action_problems, question_problems
from tests.curriculum.conftest import valid_lesson

QUOTE = 'You wrote: "{quote}". '
ROUTINE = "Try it in your next pipeline review. "

# (case id, question, what the problem says): each is refused in a prompt, a follow-up and a review question.
BAD_QUESTIONS = [
    ("no-question", "Tell me more.", "must ask exactly one question (found 0 '?')"),
    ("two-marks", "What happened? How did it feel?", "must ask exactly one question (found 2 '?')"),
    ("question-not-last", "What happened? Tell me.", "must end with its one question ('?')"),
    (
        "and-what",
        "Who could give you honest feedback, and what exactly would you ask them?",
        "joins a second question onto the first (a second question word joined on: 'and what')",
    ),
    ("and-how-no-comma", "Which rule hurts most and how would you fix it?", "'and how'"),
    ("or-why", "Did you push back, or why not?", "'or why'"),
    ("but-who", "You asked for help, but who answered?", "'but who'"),
    ("then-what", "You escalate first, then what happens?", "'then what'"),
    ("and-which", "What would they say, and which word would you change?", "'and which'"),
    ("and-whether", "Who decides, and whether it is fair?", "'and whether'"),
    ("and-when", "What will you do, and when?", "'and when'"),
    ("and-where", "Which skill will you practice, and where?", "'and where'"),
    ("and-if-so-what", "Have you asked them, and if so, what did they say?", "'and if so, what'"),
    (
        "and-is-it",
        "Which rule causes friction, and is it written down?",
        "(a second yes/no question joined on: 'and is it')",
    ),
    ("or-did-you", "Did you wait too long, or did you move too fast?", "'or did you'"),
    ("and-do-they", "Who saved the deal, and do they know you noticed?", "'and do they'"),
    (
        "and-if-so-bare",
        "Have you told them, and if so did it help?",
        "(an 'and if so/not' clause: 'and if so')",
    ),
    ("semicolon", "What did you try; what happened?", "(two clauses joined by a semicolon: ';')"),
    ("as-well-as", "What did you learn as well as what surprised you?", "'as well as what'"),
    ("upper-case", "WHO COULD HELP, AND WHAT WOULD YOU ASK?", "'AND WHAT'"),
]


def _refused(lesson_dir: Callable[..., Path], lesson: dict[str, Any], expected: str) -> list[str]:
    with pytest.raises(CurriculumError) as caught:
        read_curriculum(lesson_dir({"__file__": "01-alpha.toml", **lesson}, valid_lesson(2, "beta")))
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems
    return caught.value.problems


def _prompt(lesson: dict[str, Any], text: str) -> None:
    lesson["prompts"][2]["text"] = f"Think of your last quarter. {text}"


def _followup(lesson: dict[str, Any], text: str) -> None:
    lesson["followups"][4]["text"] = QUOTE + ROUTINE + text


def _review(lesson: dict[str, Any], text: str) -> None:
    lesson["review"]["question"] = text


# Where a question is asked, and the field its problems name.
PLACES = [
    ("prompt", _prompt, "01-alpha.toml: prompts[2] (p3).text: "),
    ("followup", _followup, "01-alpha.toml: followups[4] (f5).text: "),
    ("review", _review, "01-alpha.toml: review.question: "),
]


@pytest.mark.parametrize(("place", "field"), [p[1:] for p in PLACES], ids=[p[0] for p in PLACES])
@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in BAD_QUESTIONS], ids=[c[0] for c in BAD_QUESTIONS]
)
def test_anything_but_one_question_is_refused_wherever_it_is_asked(
    lesson_dir: Callable[..., Path],
    place: Callable[[dict[str, Any], str], None],
    field: str,
    text: str,
    expected: str,
) -> None:
    lesson = valid_lesson(1, "alpha")
    place(lesson, text)
    problems = _refused(lesson_dir, lesson, expected)
    assert all(problem.startswith(field) for problem in problems), problems


def test_context_sentences_may_say_and_how_and_a_followup_may_name_a_qbr(
    lesson_dir: Callable[..., Path],
) -> None:
    lesson = valid_lesson(1, "alpha")
    lesson["prompts"][0]["text"] = (
        "Think about what they want and how they are measured. Who do you ask first?"
    )
    lesson["followups"][0]["text"] = 'You wrote: "{quote}". Take it to your next QBR. Who will you bring?'
    curriculum = read_curriculum(lesson_dir(lesson))
    assert curriculum.item("alpha.p1").text.endswith("Who do you ask first?")


@pytest.mark.parametrize("where", ["followups.2", "followups.6"])
def test_a_followup_without_a_sales_routine_is_refused(lesson_dir: Callable[..., Path], where: str) -> None:
    lesson = valid_lesson(1, "alpha")
    index = int(where.split(".")[1])
    lesson["followups"][index]["text"] = QUOTE + "Think about it this week. What will you do?"
    problems = _refused(lesson_dir, lesson, "text: must name a sales routine (One-on-ones (1:1s), Pipeline")
    assert problems[0].startswith(f"01-alpha.toml: followups[{index}] (f{index + 1}).text")


BAD_ACTIONS = [
    ("no-when", "Write a note to your sales ops partner.", "must say when ('this week', 'by Friday'"),
    ("two-sentences", "Write it this week. Send it to your manager.", "must be one sentence ending with '.'"),
    ("no-full-stop", "Write it this week", "must be one sentence ending with '.'"),
    ("then-second-step", "Write it this week, then send it.", "must be one move: no '?', ';' or 'then'"),
    ("semicolon", "Write it this week; send it by Friday.", "must be one move"),
    ("question", "Is there a partner you could call this week?", "must be one move"),
    ("too-long", "This week " + "write " * 28 + "it.", "31 words (an action has at most 30)"),
]


@pytest.mark.parametrize(
    ("action", "expected"), [c[1:] for c in BAD_ACTIONS], ids=[c[0] for c in BAD_ACTIONS]
)
def test_an_action_that_is_not_one_dated_move_is_refused(
    lesson_dir: Callable[..., Path], action: str, expected: str
) -> None:
    lesson = valid_lesson(1, "alpha")
    lesson["nudges"][3]["action"] = action
    problems = _refused(lesson_dir, lesson, expected)
    assert all(problem.startswith("01-alpha.toml: nudges[3] (n4).action: ") for problem in problems)


@pytest.mark.parametrize(
    "action",
    [
        "By Friday, send your sales ops partner a three-sentence summary of the comp plan.",
        "In your next one-on-one, ask one rep what they personally want from their SE.",
        "Add two lines on top of the next announcement you pass to your team.",
        "Within a week of your next big close, hold a 20-minute retro with the people who helped.",
    ],
)
def test_one_dated_move_passes(action: str) -> None:
    assert action_problems(action) == []


def test_every_joined_question_pattern_is_exercised_by_a_bad_case() -> None:
    labels = {label for label, _ in JOINED_QUESTIONS}
    hit = {
        problem.split("(", 1)[1].split(":")[0]
        for _, text, _ in BAD_QUESTIONS
        for problem in question_problems(text)
    }
    assert labels <= hit


def test_routines_are_found_in_their_usual_spellings() -> None:
    assert routines_in("Bring it to Friday's 1:1 and the QBR.") == ("one-on-one", "qbr")
    assert routines_in("your next forecast review, a ride-along, the win announcement") == (
        "forecast-call",
        "ride-along",
        "win-post",
    )
    assert routines_in("pipeline reviews and one-on-ones") == ("one-on-one", "pipeline-review")
    assert routines_in("a pipeline of reviews") == ()
    assert len(ROUTINES) == 6
