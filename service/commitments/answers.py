"""A reply to a check-back that answers it: DONE, NOT YET (maybe with a new date) or DROP, in any case."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from service.commitments.extract import due_date
from service.enums import Outcome

_ANSWER = re.compile(
    r"^(?P<word>done|not\s+yet|notyet|drop|dropped)\b[\s.!:,;-]*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Answer:
    """A check-back answered by reply; `new_due_on` only for "not yet" (a date named, or a week on)."""

    outcome: Outcome
    new_due_on: date | None = None


def parse_answer(text: str, today: date) -> Answer | None:
    """The answer on the first non-blank line of a check-back reply; None: the reply is a reflection."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    match = _ANSWER.match(first)
    if match is None:
        return None
    word = match["word"].lower().replace(" ", "")
    if word == "done":
        return Answer(Outcome.DONE)
    if word in ("drop", "dropped"):
        return Answer(Outcome.DROPPED)
    new_due, _ = due_date(match["rest"] or text, today)
    return Answer(Outcome.NOT_YET, new_due)
