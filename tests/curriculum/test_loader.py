"""Lesson files are validated at load: every broken file is refused with its file and field named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from service.curriculum import CurriculumError, read_curriculum
from tests.curriculum.conftest import valid_lesson

Mutation = Callable[[dict[str, Any]], None]
LONG_TEXT = " ".join(["word"] * 171)


def _set(path: str, value: Any) -> Mutation:
    """Set a dotted path such as 'nudges.0.text' (use value=... to delete)."""

    def mutate(lesson: dict[str, Any]) -> None:
        *parents, leaf = path.split(".")
        target: Any = lesson
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        key: Any = int(leaf) if leaf.isdigit() else leaf
        if value is ...:
            del target[key]
        else:
            target[key] = value

    return mutate


def _drop_last(section: str) -> Mutation:
    return lambda lesson: lesson[section].pop()


BROKEN = [
    ("too-few-nudges", _drop_last("nudges"), "01-alpha.toml: nudges: 5 items (at least 6 required)"),
    ("too-few-prompts", _drop_last("prompts"), "01-alpha.toml: prompts: 5 items (at least 6 required)"),
    (
        "too-few-followups",
        lambda lesson: lesson.update(followups=lesson["followups"][-1:]),
        "01-alpha.toml: followups: 1 items (at least 7 required)",
    ),
    ("no-nudges", _set("nudges", ...), "01-alpha.toml: nudges: missing or not an array of tables"),
    (
        "followup-without-quote",
        _set("followups.0.text", "How did it go?"),
        "followups[0] (f1).text: must contain {quote} exactly once (found 0)",
    ),
    (
        "followup-two-quotes",
        _set("followups.1.text", "{quote} and {quote}"),
        "followups[1] (f2).text: must contain {quote} exactly once (found 2)",
    ),
    (
        "quote-in-nudge",
        _set("nudges.2.text", "Try {quote}."),
        "nudges[2] (n3).text: {quote} is only allowed in follow-ups",
    ),
    (
        "stray-braces",
        _set("prompts.0.text", "Use {name} here?"),
        "prompts[0] (p1).text: braces are only allowed as {quote}",
    ),
    ("braces-in-subject", _set("nudges.0.subject", "{x}"), "nudges[0] (n1).subject: braces are not allowed"),
    ("duplicate-id", _set("nudges.1.id", "n1"), "01-alpha.toml: nudges[1].id: duplicate id 'n1'"),
    ("wrong-id-prefix", _set("prompts.0.id", "n9"), "01-alpha.toml: prompts[0].id: must look like p1, p2"),
    ("id-not-string", _set("followups.0.id", 1), "01-alpha.toml: followups[0].id: must look like f1"),
    ("number-mismatch", _set("number", 2), "01-alpha.toml: number: must be the integer 1"),
    ("number-as-string", _set("number", "1"), "01-alpha.toml: number: must be the integer 1"),
    ("slug-mismatch", _set("slug", "gamma"), "01-alpha.toml: slug: must be 'alpha'"),
    (
        "unknown-quality",
        _set("qualities", ["courage"]),
        "01-alpha.toml: qualities: unknown quality 'courage'",
    ),
    (
        "unknown-benefit",
        _set("benefits", ["buy-in", "profit"]),
        "01-alpha.toml: benefits: unknown benefit 'profit'",
    ),
    ("empty-qualities", _set("qualities", []), "01-alpha.toml: qualities: missing or not a non-empty list"),
    ("duplicate-benefit", _set("benefits", ["trust", "trust"]), "01-alpha.toml: benefits: duplicate entries"),
    (
        "text-over-limit",
        _set("nudges.0.text", LONG_TEXT),
        "01-alpha.toml: nudges[0] (n1).text: 171 words (limit 170)",
    ),
    ("action-over-limit", _set("nudges.3.action", LONG_TEXT), "nudges[3] (n4).action: 171 words (limit 170)"),
    ("summary-over-limit", _set("summary", LONG_TEXT), "01-alpha.toml: summary: 171 words (limit 170)"),
    (
        "hostile-huge-text",
        _set("prompts.2.text", "x " * 50_000 + "?"),
        "prompts[2] (p3).text: 50001 words (limit 170)",
    ),
    ("missing-action", _set("nudges.4.action", ...), "01-alpha.toml: nudges[4] (n5).action: missing"),
    (
        "blank-text",
        _set("prompts.1.text", "   "),
        "01-alpha.toml: prompts[1] (p2).text: missing or not a non-empty string",
    ),
    ("text-not-string", _set("prompts.1.text", 42), "01-alpha.toml: prompts[1] (p2).text: missing"),
    (
        "prompt-without-question",
        _set("prompts.5.text", "Tell me more."),
        "prompts[5] (p6).text: must ask exactly one question (found 0 '?')",
    ),
    ("unknown-field", _set("nudges.0.subjct", "typo"), "01-alpha.toml: nudges[0] (n1).subjct: unknown field"),
    ("unknown-top-level", _set("author", "me"), "01-alpha.toml: author: unknown field"),
    ("tagline-too-long", _set("tagline", "t" * 91), "01-alpha.toml: tagline: 91 characters (limit 90)"),
    (
        "subject-too-long",
        _set("prompts.0.subject", "s" * 71),
        "prompts[0] (p1).subject: 71 characters (limit 70)",
    ),
    (
        "answers-unknown-prompt",
        _set("followups.0.answers", "p9"),
        "01-alpha.toml: followups[0] (f1).answers: 'p9' is not a prompt of lesson 'alpha' (its prompts: p1,",
    ),
    (
        "answers-a-nudge",
        _set("followups.1.answers", "n1"),
        "01-alpha.toml: followups[1] (f2).answers: 'n1' is not a prompt of lesson 'alpha'",
    ),
    (
        "answers-qualified-id",
        _set("followups.0.answers", "alpha.p1"),
        "01-alpha.toml: followups[0] (f1).answers: 'alpha.p1' is not a prompt of lesson 'alpha'",
    ),
    (
        "answers-blank",
        _set("followups.0.answers", ""),
        "01-alpha.toml: followups[0] (f1).answers: '' is not a prompt of lesson 'alpha'",
    ),
    (
        "answers-number",
        _set("followups.0.answers", 1),
        "01-alpha.toml: followups[0] (f1).answers: 1 is not a prompt of lesson 'alpha'",
    ),
    (
        "answers-list",
        _set("followups.0.answers", ["p1", "p2"]),
        "01-alpha.toml: followups[0] (f1).answers: this value is not a prompt of lesson 'alpha'",
    ),
    (
        "two-followups-answer-one-prompt",
        _set("followups.1.answers", "p1"),
        "01-alpha.toml: followups[1] (f2).answers: p1 is already answered by f1",
    ),
    (
        "prompt-without-followup",
        lambda lesson: lesson["followups"].pop(5),
        "01-alpha.toml: followups: no follow-up answers p6 (every prompt needs its own)",
    ),
    (
        "no-generic-followup",
        _set("followups.6.answers", "p3"),
        "01-alpha.toml: followups: exactly one generic follow-up (without `answers`) is required, found none",
    ),
    (
        "two-generic-followups",
        _set("followups.0.answers", ...),
        "followups: exactly one generic follow-up (without `answers`) is required, found f1, f7",
    ),
    (
        "fits-no-a-string",
        _set("followups.0.fits_no", "yes"),
        "01-alpha.toml: followups[0] (f1).fits_no: must be true or false",
    ),
    (
        "fits-no-a-number",
        _set("followups.0.fits_no", 1),
        "01-alpha.toml: followups[0] (f1).fits_no: must be true or false",
    ),
    (
        "fits-no-on-the-generic",
        _set("followups.6.fits_no", True),
        "01-alpha.toml: followups[6] (f7).fits_no: only a follow-up with `answers` can fit a no",
    ),
    (
        "fits-no-on-a-prompt",
        _set("prompts.0.fits_no", True),
        "01-alpha.toml: prompts[0] (p1).fits_no: unknown field",
    ),
    (
        "answers-on-a-prompt",
        _set("prompts.0.answers", "p1"),
        "01-alpha.toml: prompts[0] (p1).answers: unknown field",
    ),
    ("missing-title", _set("title", ...), "01-alpha.toml: title: missing"),
    ("missing-review", _set("review", ...), "01-alpha.toml: review: missing or not a table"),
    ("review-no-question", _set("review.question", ...), "01-alpha.toml: review.question: missing"),
    ("review-blank-question", _set("review.question", " "), "01-alpha.toml: review.question: missing"),
    (
        "review-old-question-list",
        _set("review.questions", ["What changed?"]),
        "01-alpha.toml: review.questions: unknown field",
    ),
    (
        "review-text-asks",
        _set("review.text", "What did you learn?"),
        "01-alpha.toml: review.text: frames the look back without asking",
    ),
    ("review-unknown-field", _set("review.action", "x"), "01-alpha.toml: review.action: unknown field"),
    (
        "review-quote",
        _set("review.text", "You said {quote}."),
        "01-alpha.toml: review.text: {quote} is only allowed",
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [case[1:] for case in BROKEN], ids=[c[0] for c in BROKEN])
def test_broken_lesson_is_refused_naming_file_and_field(
    lesson_dir: Callable[..., Path], mutate: Mutation, expected: str
) -> None:
    broken = {"__file__": "01-alpha.toml", **valid_lesson(1, "alpha")}
    mutate(broken)
    directory = lesson_dir(broken, valid_lesson(2, "beta"))
    with pytest.raises(CurriculumError) as caught:
        read_curriculum(directory)
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems
    assert not any(problem.startswith("02-beta.toml") for problem in caught.value.problems)


RAW = [
    ("bad-filename", ("1-alpha.toml", "number = 1"), "1-alpha.toml: filename: must be NN-slug.toml"),
    ("upper-case-slug", ("01-Alpha.toml", "number = 1"), "01-Alpha.toml: filename"),
    ("invalid-toml", ("01-alpha.toml", "number = = 1"), "01-alpha.toml: file: not valid TOML"),
    ("not-utf8", ("01-alpha.toml", b'title = "\xff\xfe"'), "01-alpha.toml: file: not valid TOML"),
    (
        "nudges-not-tables",
        ("01-alpha.toml", 'nudges = ["a"]'),
        "01-alpha.toml: nudges: missing or not an array",
    ),
]


@pytest.mark.parametrize(("file", "expected"), [case[1:] for case in RAW], ids=[c[0] for c in RAW])
def test_unreadable_lesson_file_is_refused_by_name(
    lesson_dir: Callable[..., Path], file: tuple[str, str | bytes], expected: str
) -> None:
    directory = lesson_dir(file, valid_lesson(2, "beta"))
    with pytest.raises(CurriculumError) as caught:
        read_curriculum(directory)
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


def test_same_text_in_two_lessons_names_both_places(lesson_dir: Callable[..., Path]) -> None:
    first, second = valid_lesson(1, "alpha"), valid_lesson(2, "beta")
    second["prompts"][3]["text"] = "  " + first["prompts"][0]["text"].upper() + "\n"
    with pytest.raises(CurriculumError) as caught:
        read_curriculum(lesson_dir(first, second))
    assert caught.value.problems == [
        "02-beta.toml: prompts[3] (p4).text: same text as 01-alpha.toml: prompts[0] (p1).text"
    ]


def test_same_text_twice_in_one_lesson_is_refused(lesson_dir: Callable[..., Path]) -> None:
    lesson = valid_lesson(1, "alpha")
    lesson["nudges"][5]["text"] = lesson["nudges"][0]["text"]
    with pytest.raises(CurriculumError, match=r"01-alpha.toml: nudges\[5\] \(n6\).text: same text as"):
        read_curriculum(lesson_dir(lesson))


def test_lesson_numbers_must_run_without_gaps(lesson_dir: Callable[..., Path]) -> None:
    with pytest.raises(CurriculumError, match=r"numbers must run 1..2 without gaps or repeats, got \[1, 3\]"):
        read_curriculum(lesson_dir(valid_lesson(1, "alpha"), valid_lesson(3, "gamma")))


def test_two_files_with_one_slug_are_refused(lesson_dir: Callable[..., Path]) -> None:
    twin = valid_lesson(2, "alpha")
    twin["title"] = "Twin"
    for section in ("nudges", "prompts", "followups"):
        for item in twin[section]:
            item["text"] = item["text"].replace("alpha 2", "twin 2")
    with pytest.raises(CurriculumError, match="slug 'alpha' is used by more than one file"):
        read_curriculum(lesson_dir(valid_lesson(1, "alpha"), twin))


def test_every_problem_is_reported_at_once(lesson_dir: Callable[..., Path]) -> None:
    lesson = {"__file__": "01-alpha.toml", **valid_lesson(1, "alpha")}
    lesson["slug"] = "wrong"
    lesson["qualities"] = ["bravado"]
    lesson["followups"][0]["text"] = "No placeholder, in your next QBR. What now?"
    with pytest.raises(CurriculumError) as caught:
        read_curriculum(lesson_dir(lesson))
    assert [problem.split(":")[1].strip() for problem in caught.value.problems] == [
        "slug",
        "qualities",
        "followups[0] (f1).text",
    ]
    assert "01-alpha.toml: slug" in str(caught.value)


def test_empty_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CurriculumError, match="no lesson files"):
        read_curriculum(tmp_path)


def test_valid_files_load_in_number_order_with_qualified_ids(lesson_dir: Callable[..., Path]) -> None:
    curriculum = read_curriculum(lesson_dir(valid_lesson(2, "beta"), valid_lesson(1, "alpha")))
    assert curriculum.slugs == ("alpha", "beta")
    alpha = curriculum.lesson("alpha")
    assert [item.id for item in alpha.nudges][:2] == ["alpha.n1", "alpha.n2"]
    assert alpha.review.id == "alpha.review"
    assert alpha.review.question == "What changed?"
    assert curriculum.item("beta.f2").kind == "followup"
    assert curriculum.item("beta.f2").answers == "beta.p2"
    assert curriculum.item("beta.f7").answers is None
    assert alpha.followup_for("alpha.p1").id == "alpha.f1"
    assert alpha.followup_for("alpha.p5").id == "alpha.f5"
    assert alpha.followup_for("beta.p1") is alpha.generic_followup
    assert alpha.generic_followup.id == "alpha.f7"
    assert curriculum.item("beta.f2").lesson_slug == "beta"
    assert curriculum.by_number(2) is curriculum.lesson("beta")
    assert curriculum.next_lesson("alpha") is curriculum.lesson("beta")
    assert curriculum.next_lesson("beta") is None
