"""Which lesson to offer next: the one a manager's own replies talk about most (pure, no I/O).

Each unfinished lesson is scored by how many distinct topic words of its title, tagline and summary
(words of five letters or more, minus common ones) appear in the manager's replies; the highest
score wins, ties go to the lesson that comes soonest after the one just finished (wrapping round).
No replies, or no overlap: simply the next unfinished lesson.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from service.curriculum.content import Curriculum, Lesson

_WORD = re.compile(r"[a-z]{5,}")
_COMMON = frozenset(
    (
        "about",
        "after",
        "again",
        "being",
        "could",
        "every",
        "other",
        "their",
        "there",
        "these",
        "thing",
        "think",
        "those",
        "through",
        "where",
        "which",
        "while",
        "would",
        "people",
        "really",
        "collaboration",
        "collaborative",
        "leadership",
        "leader",
        "leaders",
        "sales",
        "manager",
        "managers",
        "team",
        "teams",
        "lesson",
    )
)


def topic_words(text: str) -> frozenset[str]:
    """Lower-case words of five letters or more that say what a text is about."""
    return frozenset(word for word in _WORD.findall(text.lower()) if word not in _COMMON)


def remaining(curriculum: Curriculum, after: str, completed: Collection[str]) -> list[Lesson]:
    """Unfinished lessons in the order they come after `after` (wrapping round)."""
    lessons = list(curriculum.lessons)
    start = curriculum.lesson(after).number if after in curriculum.slugs else 0
    ordered = lessons[start:] + lessons[:start]
    return [lesson for lesson in ordered if lesson.slug not in completed and lesson.slug != after]


def suggest_next(
    curriculum: Curriculum, after: str, completed: Collection[str], replies: Iterable[str] = ()
) -> Lesson | None:
    """The lesson to offer after `after`, or None once every lesson is finished."""
    candidates = remaining(curriculum, after, completed)
    if not candidates:
        return None
    said = topic_words(" ".join(replies))
    if not said:
        return candidates[0]

    def score(lesson: Lesson) -> int:
        return len(said & topic_words(f"{lesson.title} {lesson.tagline} {lesson.summary}"))

    best = max(score(lesson) for lesson in candidates)
    return next(lesson for lesson in candidates if score(lesson) == best)
