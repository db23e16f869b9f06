"""The packaged ten lessons load, meet the content counts and stay distinct from each other."""

from __future__ import annotations

import pytest

from service.curriculum import BENEFITS, QUALITIES, Curriculum, benefit_name, load_curriculum, quality_name


@pytest.fixture(scope="module")
def curriculum() -> Curriculum:
    return load_curriculum()


def test_ten_lessons_numbered_one_to_ten_in_order(curriculum: Curriculum) -> None:
    assert [lesson.number for lesson in curriculum.lessons] == list(range(1, 11))
    assert curriculum.lesson("share-credit").number == 9
    assert curriculum.lesson("simplify-complexity").number == 2


def test_every_lesson_meets_the_minimum_counts(curriculum: Curriculum) -> None:
    for lesson in curriculum.lessons:
        assert len(lesson.nudges) >= 6, lesson.slug
        assert len(lesson.prompts) >= 6, lesson.slug
        assert len(lesson.followups) == len(lesson.prompts) + 1, lesson.slug
        assert all(item.action for item in lesson.nudges), lesson.slug
        assert all(item.text.count("{quote}") == 1 for item in lesson.followups), lesson.slug
        assert lesson.review.question, lesson.slug
        assert set(lesson.qualities) <= set(QUALITIES)
        assert set(lesson.benefits) <= set(BENEFITS)


def test_the_packaged_counts(curriculum: Curriculum) -> None:
    lessons = curriculum.lessons
    assert sum(len(lesson.prompts) for lesson in lessons) == 70
    assert sum(len(lesson.followups) for lesson in lessons) == 80
    assert sum(item.answers is None for lesson in lessons for item in lesson.followups) == 10
    assert sum(len(lesson.nudges) for lesson in lessons) == 70
    assert len({lesson.review.question for lesson in lessons}) == 10


def test_all_coaching_texts_are_distinct_across_lessons(curriculum: Curriculum) -> None:
    texts = [
        " ".join(item.text.split()).casefold()
        for lesson in curriculum.lessons
        for item in (*lesson.nudges, *lesson.prompts, *lesson.followups)
    ]
    assert len(texts) >= 10 * 14
    assert len(set(texts)) == len(texts)


def test_content_ids_are_qualified_and_resolvable(curriculum: Curriculum) -> None:
    for lesson in curriculum.lessons:
        for item in lesson.items():
            assert item.id.startswith(f"{lesson.slug}.")
            assert curriculum.item(item.id) is item


def test_load_curriculum_is_cached(curriculum: Curriculum) -> None:
    assert load_curriculum() is curriculum


@pytest.mark.parametrize("lookup", ["lesson", "item"])
def test_unknown_slug_or_id_raises_key_error(curriculum: Curriculum, lookup: str) -> None:
    with pytest.raises(KeyError, match="nope"):
        getattr(curriculum, lookup)("nope")


@pytest.mark.parametrize("number", [0, 11, -1])
def test_out_of_range_number_raises_key_error(curriculum: Curriculum, number: int) -> None:
    with pytest.raises(KeyError):
        curriculum.by_number(number)


def test_vocabulary_has_five_qualities_and_nine_benefits() -> None:
    assert len(QUALITIES) == 5
    assert len(BENEFITS) == 9
    assert quality_name("sharing") == "Sharing knowledge, power and credit"
    assert benefit_name("turf") == "Fewer turf battles"
    with pytest.raises(KeyError):
        quality_name("bravado")
