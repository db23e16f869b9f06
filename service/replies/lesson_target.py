"""Which lesson a switch request names: by number, by slug, or by words from the lesson's title.

Pure: the lessons are passed in. Numbers and slugs are exact; title words are a guess, so the
caller asks the manager before acting on them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from service.replies import intent_words as iw
from service.replies.date_words import NUMBERS, fold

STEM = 5  # "sharing" and "share" meet at "shar", "conflicts" and "conflict" at "confl"
_NUMBER_WORDS = {fold(word): value for word, value in NUMBERS.items() if value <= 99 and len(word) > 2}
_ORDINALS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|e|er|eme|te|de|o|a|ª|º)?$")
_LESSON_WORD = re.compile(rf"^(?:{iw.LESSON_WORDS})$")
# Words too common in titles and requests to tell one lesson from another.
_STOP_TEXT = """
    the a an to of for and or in on at with your you my me about one that this which lesson please
    have be are is it its some there just can how well all
    die der das den dem und oder mit fur zu zur zum uber ein eine lektion bitte
    le la les de des du et ou avec pour sur un une lecon
    el la los las de del y o con para sobre un una leccion
    de het een en of met voor over les
    il lo la le gli di del e o con per su un una lezione
    o a os as de do da e ou com para sobre um uma licao
"""
_STOP_WORDS = frozenset(fold(word) for word in _STOP_TEXT.split())
# Title words whose stem differs in another language: the titles are English ("Konflikte" is "conflict").
_FOREIGN_STEMS = {
    "konfl": "confl",
    "bezie": "relat",
    "relac": "relat",
    "relaz": "relat",
    "relai": "relat",
    "verdi": "credi",
    "merit": "credi",
}


class LessonLike(Protocol):
    """What this module needs of a lesson (service.curriculum.Lesson has it)."""

    @property
    def number(self) -> int: ...

    @property
    def slug(self) -> str: ...

    @property
    def title(self) -> str: ...


@dataclass(frozen=True)
class Target:
    """The lesson a request named (None: it named none we know) and whether it was named exactly."""

    slug: str | None
    exact: bool
    words: str


def find_lesson(words: str, lessons: Sequence[LessonLike]) -> Target:
    """The lesson `words` (folded, after "switch to") name; exact for a number or slug."""
    tokens = [t for t in words.replace("#", " ").split() if not _LESSON_WORD.match(t)]
    joined = "-".join(tokens)
    for lesson in lessons:
        if joined == lesson.slug:
            return Target(lesson.slug, True, words)
    if len(tokens) == 1:
        number = _number(tokens[0])
        if number is not None:
            found = next((lesson for lesson in lessons if lesson.number == number), None)
            return Target(found.slug if found else None, True, words)  # "lesson 12": asked, none such
    return Target(_by_title(tokens, lessons), False, words)


def _number(token: str) -> int | None:
    if match := _ORDINALS.match(token):
        return int(match.group(1))
    return _NUMBER_WORDS.get(token)


def _stems(words: Sequence[str]) -> set[str]:
    stems = {w[:STEM] for w in words if len(w) > 2 and w not in _STOP_WORDS}
    return {_FOREIGN_STEMS.get(stem, stem) for stem in stems}


def _by_title(tokens: Sequence[str], lessons: Sequence[LessonLike]) -> str | None:
    """The one lesson whose title shares the most word stems with the request, if it shares any."""
    asked = _stems(tokens)
    if not asked:
        return None
    scores = sorted(
        (
            (
                len(asked & _stems(fold(f"{lesson.title} {lesson.slug}").replace("-", " ").split())),
                lesson.slug,
            )
            for lesson in lessons
        ),
        reverse=True,
    )
    if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return scores[0][1]
