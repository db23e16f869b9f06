"""A request under a reflection ("PS: I'm off next week, please pause"): the reply is both.

`read_intent` reads a reply's opening, and a reply that opens with a reflection is a reflection. A
manager who adds a request after it means both: the reflection is kept (without the request, which
is theirs alone: it is never quoted back nor shared) and the request is carried out or asked about.
The request is read from a later paragraph marked as a postscript (PS, P.S., PPS, P.-S., P.D.), or
from an unmarked one that on its own is a sure request naming the emails, a date or a lesson ("Also,
please pause my emails until 4 January."): a story's last paragraph rarely reads like that. An
unsubscribe found there is always asked about, never carried out at once: the reflection above it
says the manager is still writing to their coach. Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from service.enums import ReplyCommand as C
from service.replies.intent import (
    MAX_PARAGRAPH,
    Intent,
    is_greeting,
    is_postscript,
    mentions_keep,
    read_paragraph,
)
from service.replies.lesson_target import LessonLike

_BREAK = re.compile(r"(\n[ \t\r\f\v]*\n\s*)")
# Unmarked, a closing paragraph is read only for these: a wish for other days, a help question or a
# bare word at the end of a story may be part of the story.
_UNMARKED = frozenset({C.PAUSE, C.SWITCH, C.FEWER, C.RESUME, C.STOP})


@dataclass(frozen=True)
class Postscript:
    """The request a reply makes after its reflection, the paragraph that makes it, and the rest."""

    intent: Intent
    request: str  # the paragraph as written
    reflection: str  # the reply without that paragraph


def read_postscript(text: str, today: date, lessons: Sequence[LessonLike] = ()) -> Postscript | None:
    """The request in a paragraph after the reply's first one, or None; for a reply `read_intent` found
    no request in."""
    pieces = _BREAK.split(text.strip())  # paragraphs at even indices, the blank lines between them at odd
    indices = [i for i in range(0, len(pieces), 2) if pieces[i].strip() and not is_greeting(pieces[i])]
    for index in indices[1:]:
        paragraph = pieces[index]
        intent = _request(paragraph, today, lessons)
        if intent is None:
            continue
        rest = pieces[: max(index - 1, 0)] + pieces[index + 1 :]
        return Postscript(intent, paragraph.strip(), "".join(rest).strip())
    return None


def _request(paragraph: str, today: date, lessons: Sequence[LessonLike]) -> Intent | None:
    marked = is_postscript(paragraph)
    intent = read_paragraph(paragraph[:MAX_PARAGRAPH], today, lessons)
    if intent is None:
        return None
    if not marked and not (intent.sure and not intent.bare and intent.command in _UNMARKED):
        return None
    if intent.command == C.STOP:
        if mentions_keep(paragraph):  # "PS: stop, these are gold, keep them coming": praise
            return None
        return replace(intent, sure=False)
    return intent
