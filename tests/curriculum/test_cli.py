"""`coach curriculum --json` prints the shape other tools rely on."""

from __future__ import annotations

import json

from click.testing import CliRunner

from service.cli import main


def test_curriculum_json_lists_ten_lessons_with_distinct_content() -> None:
    result = CliRunner().invoke(main, ["curriculum", "--json"])
    assert result.exit_code == 0, result.output
    lessons = json.loads(result.output)
    assert [lesson["number"] for lesson in lessons] == list(range(1, 11))
    texts: list[str] = []
    for lesson in lessons:
        assert {"number", "slug", "title", "nudges", "prompts", "followups"} <= set(lesson)
        assert len(lesson["nudges"]) >= 6
        assert len(lesson["prompts"]) >= 6
        assert len(lesson["followups"]) >= 2
        for section in ("nudges", "prompts", "followups"):
            for item in lesson[section]:
                assert item["id"].startswith(lesson["slug"] + ".")
                assert item["text"].strip()
                texts.append(item["text"])
        prompt_ids = {prompt["id"] for prompt in lesson["prompts"]}
        answers = [followup["answers"] for followup in lesson["followups"]]
        assert answers.count(None) == 1, lesson["slug"]
        assert {answer for answer in answers if answer is not None} <= prompt_ids
        assert len(set(answers)) == len(answers)
        assert all("answers" not in item for item in (*lesson["nudges"], *lesson["prompts"]))
    assert len(set(texts)) == len(texts)


def test_curriculum_table_names_every_lesson() -> None:
    result = CliRunner().invoke(main, ["curriculum"])
    assert result.exit_code == 0, result.output
    assert "share-credit" in result.output
    assert len(result.output.strip().splitlines()) == 11
