"""The next lesson offered from what a manager wrote, and when the handover may say it came from that."""

from __future__ import annotations

import pytest

from service.curriculum import Curriculum, load_curriculum
from service.curriculum.suggest import from_replies, suggest_next

FINISHED = "share-credit"  # lesson 9: the next unfinished one is lesson 10, then 1, 2, 3 …


@pytest.fixture(scope="module")
def curriculum() -> Curriculum:
    return load_curriculum()


@pytest.mark.parametrize(
    ("replies", "expected", "claimed"),
    [
        # A new user's case: only the finished lesson's own words ("credit") in common with lesson 3.
        (
            ["I gave Priya the credit in the forecast call, and credit came back to me."],
            "develop-interpersonal-skills",
            False,
        ),
        # One word in common beyond it is a coincidence.
        (["We had a conflict about the demo."], "develop-interpersonal-skills", False),
        # Two or more: that lesson, and the handover may say why.
        (
            ["Every territory dispute turns into an escalation; I want to prepare before the next one."],
            "prepare-for-conflict",
            True,
        ),
        ([], "develop-interpersonal-skills", False),
    ],
    ids=["own-words-only", "one-word", "talks-about-conflict", "no-replies"],
)
def test_the_suggestion_follows_what_they_wrote_beyond_the_lesson_just_finished(
    curriculum: Curriculum, replies: list[str], expected: str, claimed: bool
) -> None:
    suggested = suggest_next(curriculum, FINISHED, {FINISHED}, replies)
    assert suggested is not None and suggested.slug == expected
    assert from_replies(curriculum, FINISHED, suggested, replies) is claimed


def test_a_finished_lesson_is_never_suggested(curriculum: Curriculum) -> None:
    replies = ["Every territory dispute turns into an escalation; I want to prepare before the next one."]
    done = {FINISHED, "prepare-for-conflict"}
    suggested = suggest_next(curriculum, FINISHED, done, replies)
    assert suggested is not None and suggested.slug not in done
    assert suggest_next(curriculum, FINISHED, set(curriculum.slugs), replies) is None
