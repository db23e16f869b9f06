"""Which lesson to offer next: the one a manager's own replies talk about most (pure, no I/O).

Each unfinished lesson is scored by how many distinct topic words of its title, tagline and summary
(words of five letters or more, minus common ones) appear in the manager's replies, leaving out the
topic words of the lesson just finished (replies to a lesson on credit say "credit"); the highest
score wins, ties go to the lesson that comes soonest after the one just finished (wrapping round).
Fewer than MIN_SHARED_WORDS in common: simply the next unfinished lesson, not claimed as theirs.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from service.curriculum.content import Curriculum, Lesson

_WORD = re.compile(r"[a-z]{5,}")
MIN_SHARED_WORDS = 2  # one word in common ("credit") is a coincidence, not what they wrote about
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
        "almost",
        "always",
        "because",
        "before",
        "comes",
        "coming",
        "going",
        "quarter",
        "shows",
        "starts",
        "takes",
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


def lesson_words(lesson: Lesson) -> frozenset[str]:
    """What a lesson is about: the topic words of its title, tagline and summary."""
    return topic_words(f"{lesson.title} {lesson.tagline} {lesson.summary}")


def shared_words(
    curriculum: Curriculum, after: str, lesson: Lesson, replies: Iterable[str]
) -> frozenset[str]:
    """Topic words of `lesson` in the manager's replies, less those of the lesson `after` they answered."""
    said = topic_words(" ".join(replies))
    if after in curriculum.slugs:
        said -= lesson_words(curriculum.lesson(after))
    return said & lesson_words(lesson)


def from_replies(curriculum: Curriculum, after: str, lesson: Lesson, replies: Iterable[str]) -> bool:
    """Whether the replies really talk about `lesson`, enough to say the suggestion comes from them."""
    return len(shared_words(curriculum, after, lesson, replies)) >= MIN_SHARED_WORDS


def suggest_next(
    curriculum: Curriculum, after: str, completed: Collection[str], replies: Iterable[str] = ()
) -> Lesson | None:
    """The lesson to offer after `after`, or None once every lesson is finished."""
    candidates = remaining(curriculum, after, completed)
    if not candidates:
        return None
    texts = list(replies)
    scores = {lesson.slug: len(shared_words(curriculum, after, lesson, texts)) for lesson in candidates}
    best = max(scores.values())
    if best < MIN_SHARED_WORDS:
        return candidates[0]
    return next(lesson for lesson in candidates if scores[lesson.slug] == best)
