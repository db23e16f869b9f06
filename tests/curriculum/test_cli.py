"""`coach curriculum --json` prints the shape other tools rely on."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner

from service.cli import main
from service.curriculum.wording import JOINED_QUESTIONS

ITEM_KEYS = {"id", "kind", "subject", "text"}


def _lessons() -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, ["curriculum", "--json"])
    assert result.exit_code == 0, result.output
    lessons: list[dict[str, Any]] = json.loads(result.output)
    return lessons


def test_curriculum_json_lists_ten_lessons_with_distinct_content() -> None:
    lessons = _lessons()
    assert [lesson["number"] for lesson in lessons] == list(range(1, 11))
    texts: list[str] = []
    for lesson in lessons:
        assert {"number", "slug", "title", "nudges", "prompts", "followups", "review"} <= set(lesson)
        assert len(lesson["nudges"]) >= 6
        assert len(lesson["prompts"]) >= 6
        for section in ("nudges", "prompts", "followups"):
            for item in lesson[section]:
                assert item["id"].startswith(lesson["slug"] + ".")
                assert item["text"].strip()
                texts.append(item["text"])
    assert len(set(texts)) == len(texts)


def test_each_kind_has_exactly_its_keys() -> None:
    for lesson in _lessons():
        assert all(set(item) == ITEM_KEYS | {"action"} for item in lesson["nudges"])
        assert all(set(item) == ITEM_KEYS for item in lesson["prompts"])
        assert all(set(item) == ITEM_KEYS | {"answers", "fits_no"} for item in lesson["followups"])
        assert set(lesson["review"]) == ITEM_KEYS | {"question"}
        assert {item["kind"] for item in lesson["followups"]} == {"followup"}


def test_every_followup_answers_a_prompt_of_its_lesson_or_is_the_one_generic() -> None:
    for lesson in _lessons():
        prompt_ids = [prompt["id"] for prompt in lesson["prompts"]]
        answers = [followup["answers"] for followup in lesson["followups"]]
        assert answers.count(None) == 1, lesson["slug"]
        assert sorted(answer for answer in answers if answer is not None) == sorted(prompt_ids)
        assert all(f["answers"] for f in lesson["followups"] if f["fits_no"]), lesson["slug"]


def test_the_followups_that_fit_a_no_are_listed() -> None:
    fitting = {f["id"] for lesson in _lessons() for f in lesson["followups"] if f["fits_no"]}
    assert fitting == {"invest-in-relationships.f8", "share-credit.f8", "share-credit.f3"}


def test_every_prompt_and_review_asks_exactly_one_question() -> None:
    for lesson in _lessons():
        for question in [prompt["text"] for prompt in lesson["prompts"]] + [lesson["review"]["question"]]:
            assert question.count("?") == 1 and question.endswith("?"), question
            last = question.rsplit(". ", 1)[-1]
            assert not any(pattern.search(last) for _, pattern in JOINED_QUESTIONS), question
        assert "?" not in lesson["review"]["text"]


def test_curriculum_table_names_every_lesson() -> None:
    result = CliRunner().invoke(main, ["curriculum"])
    assert result.exit_code == 0, result.output
    assert "share-credit" in result.output
    assert len(result.output.strip().splitlines()) == 11
