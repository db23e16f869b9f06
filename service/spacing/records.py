"""The engine's inputs and outputs: plain immutable values the workers build from database rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from service.enums import PauseReason

CHECKIN_CONTENT_ID = "checkin"
# The handover after a lesson's review, then its reminders; after all ten lessons, the graduation.
HANDOVER_CONTENT_IDS = ("handover", "handover.reminder-1", "handover.reminder-2")
GRADUATION_CONTENT_ID = "graduation"


@dataclass(frozen=True, slots=True)
class Schedule:
    """A subscription's schedule; `weekdays` uses 0=Monday, `send_time` is a naive local time.

    `started_at` is when the current lesson began (its items sent earlier are ignored, so a
    repeated lesson starts over); `resumed_at`, if set, is when the manager last resumed after a
    pause: unanswered prompts before it no longer count.
    """

    lesson_slug: str
    timezone: str
    send_time: time
    weekdays: frozenset[int]
    intensity: str
    started_at: datetime
    resumed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SentItem:
    """One coaching email already sent, and whether (and how fully) the manager replied to it.

    `reply_words` counts the words of replies that tell something: "Nobody comes to mind this
    week" is a reply (`replied`) with nothing to quote or follow up on (service/replies/nothing_to_tell.py).
    `reply_declines`: every reply that tells something opens by saying no ("Nobody. Everyone was in
    the announcement.") and takes on no step, so a follow-up built on an answer would not fit.
    """

    kind: str
    content_id: str
    lesson_slug: str
    sent_at: datetime
    replied: bool = False
    reply_words: int = 0
    reply_declines: bool = False


@dataclass(frozen=True, slots=True)
class CommitmentDue:
    """A commitment to check back on: `key` is the check-back's content id (sent once), `due_on` the
    local date the manager named; `resurface` marks a kept one asked about again weeks later."""

    key: str
    due_on: date
    resurface: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    """The next email: what to send and the exact UTC instant; `reask` marks a repeated prompt.

    `gap_days` is the nominal gap in local days from the previous send (0 for a lesson's first
    item) before rounding forward to an allowed slot. `in_reply_to` is, for a follow-up, the
    prompt just answered whose reply it quotes; `due_on`, for a commitment check-back, the date named.
    """

    kind: str
    content_id: str
    lesson_slug: str
    send_at: datetime
    reask: bool = False
    gap_days: int = 0
    in_reply_to: str | None = None
    due_on: date | None = None


@dataclass(frozen=True, slots=True)
class Pause:
    """Nothing more to send: "lesson-complete" (offer `next_lesson`, None after the last) or
    "unresponsive" (the check-in went unanswered)."""

    reason: PauseReason
    next_lesson: str | None = None
