"""A follow-up's words around the quote: the lesson's own suggestion, or, when the quoted reply
already made a commitment, the lesson's point and the step the manager chose (never a second one).

A follow-up to "When does credit feel risky?" ends "decide on one person you will credit by name.
Who will it be?". Sent to a manager who answered "I will thank Priya by name in Friday's win post",
that question asks for a decision they already wrote down. So when the quoted reply holds an open
or kept commitment, the follow-up keeps the lesson's first sentence (its point), names the step as
already chosen, says when the check-back comes, and asks what could get in its way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from service.commitments.move_dates import day_label
from service.emails.formatting import first_sentence, split_followup, split_prompt
from service.enums import CommitmentStatus

CHOSEN_AHEAD = "You have already picked your next step, and I will ask you how it went after {day}."
CHOSEN = "You have already picked your next step."
TAKEN = "You have already taken the step you picked: you marked it done."
ASK_AHEAD = "Before then: what could get in the way, and what will you do if it does?"
ASK_SINCE = "What has helped it along so far, and what has got in the way?"
ASK_TAKEN = "What did you notice when you did it?"


@dataclass(frozen=True, slots=True)
class ChosenStep:
    """The commitment a follow-up's quoted reply made, as planned: its date and where it stood."""

    due_on: date
    done: bool
    ahead: bool  # its date was still to come on the follow-up's day: the check-back comes after


def chosen_step(stored: Any) -> ChosenStep | None:
    """The step stored on a follow-up's row by the dispatcher; None for none or an unreadable one."""
    if not isinstance(stored, dict) or not isinstance(stored.get("due_on"), str):
        return None
    try:
        due_on = date.fromisoformat(stored["due_on"])
    except ValueError:
        return None
    done = stored.get("status") == CommitmentStatus.DONE
    return ChosenStep(due_on=due_on, done=done, ahead=bool(stored.get("ahead")) and not done)


def followup_words(text: str, step: ChosenStep | None) -> tuple[str, str]:
    """(lead-in, rest) of a follow-up's text around its quote; with a chosen step, the rest is the
    lesson's point and that step instead of the lesson's own suggestion and question."""
    lead_in, rest = split_followup(text)
    if step is None:
        return lead_in, rest
    point = first_sentence(rest)
    if point.endswith("?"):  # a follow-up that opens with its question has no point to keep
        point = ""
    if step.done:
        said, ask = TAKEN, ASK_TAKEN
    elif step.ahead:
        said, ask = CHOSEN_AHEAD.format(day=day_label(step.due_on)), ASK_AHEAD
    else:
        said, ask = CHOSEN, ASK_SINCE
    return lead_in, f"{point} {said}".strip() + "\n\n" + ask


def question_asked(text: str, stored: Any) -> str:
    """The closing question a follow-up asked, given its row's stored context (My reflections shows
    it beside the answer: the step's question when the quoted reply had chosen one)."""
    step = chosen_step(stored.get("commitment")) if isinstance(stored, dict) else None
    return split_prompt(followup_words(text, step)[1])[1]
