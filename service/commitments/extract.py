"""Find what a manager says they will do in a reply, and by when (pure: `today` is passed in).

A commitment is a sentence in the first person about the future: "I will…", "I'll…", "Next week I'm
going to…", "ich werde…", "je vais…", "voy a…", "ik ga…", "farò…", "vou…" (the seven reply
languages). Its date is the first date phrase in the sentence (`service.replies.dates`): "by
Friday", "next week", "end of month", "in two weeks". A week named as a whole ("next week") is
due on its Friday; a sentence with no date ("before the QBR") is due `DEFAULT_DUE_DAYS` after the
reply. Questions, sentences about what the manager would or did do, and promises only to answer
later ("I'll get back to you next week", service/replies/nothing_to_tell.py) are not commitments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from service.replies.dates import first_date
from service.replies.nothing_to_tell import says_nothing

DEFAULT_DUE_DAYS = 7
MAX_PER_REPLY = 2  # the first two: a reply is a reflection, not a to-do list
MAX_SENTENCE_CHARS = 300
MIN_SENTENCE_WORDS = 3
WEEK_TO_FRIDAY = 4

# First person, future, per language. Word boundaries keep "will" in "goodwill" out.
_MARKERS = re.compile(
    r"(?:^|[\s,;:(\"'\u201c\u2018])(?:"
    r"I\s*(?:'|\u2019)ll|I\s+will|I\s+shall|I\s*(?:'|\u2019)m\s+going\s+to|I\s+am\s+going\s+to|I\s*(?:'|\u2019)m\s+gonna|"
    r"I\s+plan\s+to|I\s*(?:'|\u2019)m\s+planning\s+to|I\s+am\s+planning\s+to|I\s+intend\s+to|I\s+commit\s+to|"
    r"my\s+move(?:\s+this\s+week)?\s*(?:is|:)|"
    r"ich\s+werde|werde\s+ich|ich\s+nehme\s+mir\s+vor|"
    r"je\s+vais|je\s+compte|je\s+m(?:'|\u2019)engage\s+à|j(?:'|\u2019)ai\s+l(?:'|\u2019)intention\s+de|"
    r"voy\s+a|me\s+comprometo\s+a|tengo\s+previsto|pienso\s+(?=\w+ar\b|\w+er\b|\w+ir\b)|"
    r"ik\s+ga|ik\s+zal|ga\s+ik|zal\s+ik|ik\s+neem\s+me\s+voor|"
    r"ho\s+intenzione\s+di|mi\s+impegno\s+a|(?:io\s+)?\w{2,}erò|(?:io\s+)?\w{2,}irò|(?:io\s+)?farò|"
    r"vou|irei|pretendo|vou\s+me\s+comprometer"
    r")\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*", re.UNICODE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class FoundCommitment:
    """One commitment: the manager's sentence, its order in the reply, and when it is due."""

    text: str
    position: int
    due_on: date
    due_phrase: str | None  # the words that named the date; None: the default a week on


def find_commitments(text: str, today: date, *, limit: int = MAX_PER_REPLY) -> list[FoundCommitment]:
    """The first `limit` commitments of `text`, in order, each with its due date (never before today)."""
    found: list[FoundCommitment] = []
    for match in _SENTENCE.finditer(text):
        sentence = " ".join(match.group().split())
        if not _is_commitment(sentence):
            continue
        due_on, phrase = due_date(sentence, today)
        found.append(FoundCommitment(sentence[:MAX_SENTENCE_CHARS], len(found), due_on, phrase))
        if len(found) >= limit:
            break
    return found


def due_date(sentence: str, today: date) -> tuple[date, str | None]:
    """When `sentence` says it will be done, and the words that say so (None: a week from today)."""
    phrase = first_date(sentence, today)
    if phrase is None:
        return today + timedelta(days=DEFAULT_DUE_DAYS), None
    due = phrase.date
    if phrase.kind == "period" and due.weekday() == 0 and phrase.relation not in ("by", "until"):
        due += timedelta(days=WEEK_TO_FRIDAY)  # "next week": give them the week, check on its Friday
    return due, _tidy(phrase.text)


def _tidy(phrase: str) -> str:
    """The date words without a possessive's scaffolding: "in Friday's (review)" -> "Friday"."""
    words = phrase.split()
    if words and words[-1].endswith(("'s", "\u2019s")):
        words[-1] = words[-1][:-2]
        if len(words) > 1 and words[0].lower() in ("in", "at"):
            words = words[1:]
    return " ".join(words)


def _is_commitment(sentence: str) -> bool:
    if sentence.rstrip().endswith("?") or len(_WORD.findall(sentence)) < MIN_SENTENCE_WORDS:
        return False
    return _MARKERS.search(sentence) is not None and not says_nothing(sentence)
