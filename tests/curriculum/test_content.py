"""The packaged lessons keep the content rules: one question per email, follow-ups that fit, dated moves."""

from __future__ import annotations

import re

import pytest

from service.curriculum import QUOTE_PLACEHOLDER, Curriculum, load_curriculum
from service.curriculum.vocabulary import routines_in
from service.curriculum.wording import ACTION_WHEN, JOINED_QUESTIONS, question_sentence
from service.emails.formatting import split_followup, split_prompt

# One voice: every follow-up opens by handing the manager's words back, with no claim about when they
# wrote them (a follow-up may come days or weeks after the reply).
FOLLOWUP_LEAD_INS = {"You wrote:", "You told me:", "You said:", "You described this situation:"}


@pytest.fixture(scope="module")
def curriculum() -> Curriculum:
    return load_curriculum()


def _asked(text: str) -> str:
    return text.replace(QUOTE_PLACEHOLDER, "")


def test_every_prompt_followup_and_review_asks_exactly_one_question_last(curriculum: Curriculum) -> None:
    for lesson in curriculum.lessons:
        for item in (*lesson.prompts, *lesson.followups):
            assert _asked(item.text).count("?") == 1, item.id
            assert item.text.endswith("?"), item.id
        assert lesson.review.question.count("?") == 1 and lesson.review.question.endswith("?"), lesson.slug
        assert "?" not in lesson.review.text, lesson.slug


def test_no_question_has_a_second_question_joined_on(curriculum: Curriculum) -> None:
    questions = [
        (item.id, question_sentence(_asked(item.text)))
        for lesson in curriculum.lessons
        for item in (*lesson.prompts, *lesson.followups)
    ]
    questions += [(lesson.review.id, lesson.review.question) for lesson in curriculum.lessons]
    assert len(questions) == 160
    joined = [(cid, q) for cid, q in questions for _, pattern in JOINED_QUESTIONS if pattern.search(q)]
    assert joined == []


def test_the_email_sets_apart_the_same_one_question(curriculum: Curriculum) -> None:
    for lesson in curriculum.lessons:
        for prompt in lesson.prompts:
            context, question = split_prompt(prompt.text)
            assert context and question.count("?") == 1, prompt.id
            assert "?" not in context, prompt.id


def test_every_prompt_has_its_own_followup_and_the_lesson_one_generic(curriculum: Curriculum) -> None:
    for lesson in curriculum.lessons:
        prompt_ids = [prompt.id for prompt in lesson.prompts]
        bound = [item.answers for item in lesson.followups if item.answers is not None]
        assert sorted(bound) == sorted(prompt_ids), lesson.slug
        generic = [item for item in lesson.followups if item.answers is None]
        assert generic == [lesson.generic_followup], lesson.slug
        chosen = [lesson.followup_for(prompt_id) for prompt_id in prompt_ids]
        assert len({item.id for item in chosen}) == len(prompt_ids), lesson.slug
        assert lesson.generic_followup not in chosen, lesson.slug
        assert all(item.answers == prompt_id for item, prompt_id in zip(chosen, prompt_ids, strict=True))


def test_every_followup_names_a_sales_routine(curriculum: Curriculum) -> None:
    named = {item.id: routines_in(item.text) for lesson in curriculum.lessons for item in lesson.followups}
    assert [cid for cid, routines in named.items() if not routines] == []
    used = {routine for routines in named.values() for routine in routines}
    assert used == {"one-on-one", "pipeline-review", "forecast-call", "ride-along", "qbr", "win-post"}


def test_every_followup_hands_the_words_back_in_one_voice(curriculum: Curriculum) -> None:
    for lesson in curriculum.lessons:
        for item in lesson.followups:
            lead_in, rest = split_followup(item.text)
            assert lead_in in FOLLOWUP_LEAD_INS, item.id
            assert rest and rest[0].isupper(), item.id


def test_every_action_is_one_dated_move(curriculum: Curriculum) -> None:
    for lesson in curriculum.lessons:
        for nudge in lesson.nudges:
            action = nudge.action
            assert ACTION_WHEN.search(action), nudge.id
            assert action.endswith(".") and action.count(".") == 1, nudge.id
            assert not re.search(r"\\bthen\\b|[;?]", action), nudge.id
            assert len(action.split()) <= 30, nudge.id


def test_subjects_are_distinct_within_each_lesson(curriculum: Curriculum) -> None:
    for lesson in curriculum.lessons:
        subjects = [item.subject for item in lesson.items()]
        assert len(set(subjects)) == len(subjects), lesson.slug


def test_each_lesson_carries_its_lesson_from_the_source_essay(curriculum: Curriculum) -> None:
    # Archer and Cameron's ten lessons, in the essay's order; the title keeps the essay's words.
    essay = [
        "personal motive for collaborating",
        "simplifying complex situations",
        "handle conflict well in advance",
        "just can't partner with",
        "act for the long term",
        "tension between focusing on delivery and on building relationships",
        "strong personal relationships at all levels",
        "energy, passion and drive",
        "share the credit generously",
        "empathy, patience, tenacity, holding difficult conversations, and coalition building",
    ]
    assert [phrase in lesson.title for phrase, lesson in zip(essay, curriculum.lessons, strict=True)] == [
        True
    ] * 10
