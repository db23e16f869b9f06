"""Every number the spacing engine uses, in one place; the lead's README points here.

How a manager's emails are spaced
=================================

All gaps are counted in *local calendar days* between the previous coaching email and the next
one. The engine then moves the send forward to the first allowed weekday at the chosen local time
(see `service.spacing.calendar`), never earlier, and never onto a local day that already had one.

Within a lesson (expanding intervals)
    The k-th distinct nudge, prompt or review of a lesson (re-asks and follow-ups do not count) is
    followed by a gap of ``BASE_GAPS_DAYS[k-1]`` days, the last value repeating: 2, 2, 3, 3, 4, 4,
    5, 5, 5, ... days. The lesson's first item goes out at the first slot on or after the lesson
    start (offset 0). Items alternate nudge -> prompt; when nudges and prompts are used up the
    closing review is sent.

Follow-ups fit the answer
    A prompt answered with a reply of at least ``QUOTABLE_REPLY_WORDS`` (8) words, one real
    sentence such as a commitment, is followed by the follow-up written for *that* prompt (its
    ``answers`` in the lesson file), quoting that reply; if that one was already sent in this run,
    the lesson's generic follow-up; if both were, none. ``Plan.in_reply_to`` names the prompt.
    Words count only from replies that tell something: "Nobody comes to mind this week" answers
    the prompt with nothing to quote (``SentItem.reply_words``).

Intensity (the subscription's choice)
    ``INTENSITY_FACTORS`` multiplies every base gap: light x1.5, standard x1, intense x0.5.
    Fractions round up to whole days and no gap is shorter than ``MIN_GAP_DAYS`` (1 day).

Engagement
    * A reply of at least ``SUBSTANTIVE_REPLY_WORDS`` (20) words to the latest email lengthens the
      next gap by ``REPLY_GAP_FACTOR`` (x1.5): time to act on what they wrote before the follow-up.
      A one-click answer (a commitment's Done / Not yet / Drop, a lesson chosen) counts as a reply.
    * An unanswered prompt gets one gentle re-ask (same prompt, ``Plan.reask``) after
      ``REASK_GAP_FACTOR`` (x0.5) of the normal gap, but never sooner than
      ``REASK_MIN_BUSINESS_DAYS`` (3) business days (Monday to Friday) after the prompt. Never a
      second re-ask: if the re-ask goes unanswered too the sequence continues at the normal gap.
    * A prompt counts as unanswered as soon as it has been sent without a reply (to it or its
      re-ask); any reply to any email ends the run. From the moment ``HALVE_AFTER_UNANSWERED`` (3)
      prompts in a row are unanswered the frequency halves: every gap is multiplied by
      ``HALVED_FREQUENCY_FACTOR`` (x2, after rounding, so exactly). Callers re-plan when a reply
      arrives, so a late answer restores the normal pace.
    * Silence brings a "still want these?" check-in (kind ``checkin``, content id ``checkin``)
      within four weeks of the last reply: once a prompt is unanswered (``CHECKIN_MIN_UNANSWERED``,
      1), an email that would go out after the silence deadline is replaced by the check-in, sent at
      the first slot on or after that deadline. The deadline is the last answered email (or the
      lesson's start or resume, if none) plus ``checkin_deadline_days(weekdays)``: ``CHECKIN_BY_DAYS``
      (28) less the longest wait between two allowed weekdays, never less than
      ``CHECKIN_AFTER_DAYS`` (21) -- 25 days on Monday to Friday, 21 on Mondays only -- so the
      check-in comes as late as the schedule allows and still inside four weeks, on any weekdays.
      It waits ``CHECKIN_SPACING_DAYS`` (3) after the email before it when that day is still within
      ``CHECKIN_BY_DAYS`` of silence, so it does not come the day after a nudge or a re-ask.
      ``CHECKIN_AFTER_UNANSWERED`` (6) unanswered prompts bring it in any case. If the check-in goes
      unanswered the engine returns ``Pause("unresponsive")``; a reply after that resumes the
      subscription, and resuming (``Schedule.resumed_at``) starts the count afresh. A manager who
      answers every other prompt on a sparse schedule can meet a check-in too; answering it carries on.

Lesson end
    ``HANDOVER_AFTER_REVIEW_DAYS`` (4) after the review comes the handover (kind ``handover``,
    content ``handover``) offering the next lesson, then at most two reminders
    ``HANDOVER_REMINDER_DAYS`` (7) apart (``handover.reminder-1``, ``-2``); then the engine returns
    ``Pause("lesson-complete", next_lesson=SLUG)``, SLUG the next unfinished lesson (wrapping
    round). After all ten lessons the handover is the graduation (content ``graduation``), sent
    once, then ``Pause("lesson-complete", None)``. Choosing a lesson (new ``lesson_slug`` and
    ``started_at``) starts it at offset 0, never on a local day that already had an email.

Commitment check-backs
    Each owed check-back (``CommitmentDue``) goes out at the first slot at least
    ``CHECKBACK_AFTER_DAYS`` (1) after the date the manager named, ahead of the lesson's next email
    when that would be later; it neither counts as a lesson step nor separates a prompt from its
    follow-up. A kept commitment resurfacing (30/60/90 days on) goes on its day unless another
    check-back went out in the ``RESURFACE_GAP_DAYS`` (14) before; one more than
    ``RESURFACE_STALE_DAYS`` (3) overdue is skipped. Silence (``Pause("unresponsive")``) stops them too.

Timing
    A slot up to ``LATE_GRACE`` (2 hours) before ``now`` is still returned (it is due: send it
    now); an older one is skipped for the next slot, so an outage never fires a burst of emails at
    odd hours. Nothing is planned before ``Schedule.started_at`` or ``resumed_at``. The dispatcher
    stores each planned slot as the subscription's ``next_due_at`` and sends when it has passed;
    after an outage a late subscription gets one email at once, and its next gap counts from then.

What that adds up to (standard intensity, Monday-Friday, 09:00; `coach journey` shows any case)
    * Always replies substantively: 22 emails (7 nudges, 7 prompts, 7 follow-ups, the review);
      gaps widen from 2 to 8 days; the review lands on day 115-120 of the lesson.
    * Replies every other prompt: about 24 emails, 4 follow-ups, 3 re-asks and 2 check-ins (which
      they answer); review near day 105.
    * Replies for two weeks, then goes quiet: 10 emails, the check-in 26 days after the last
      answered prompt (day 28), then the pause.
    * Never replies: 9 emails (3 nudges, 3 prompts, 2 re-asks, the check-in on day 25-28).
"""

from __future__ import annotations

import math
from datetime import timedelta
from fractions import Fraction
from typing import Final

BASE_GAPS_DAYS: Final = (2, 2, 3, 3, 4, 4, 5)
MIN_GAP_DAYS: Final = 1

INTENSITY_FACTORS: Final = {
    "light": Fraction(3, 2),
    "standard": Fraction(1),
    "intense": Fraction(1, 2),
}
DEFAULT_INTENSITY: Final = "standard"

SUBSTANTIVE_REPLY_WORDS: Final = 20
QUOTABLE_REPLY_WORDS: Final = 8
REPLY_GAP_FACTOR: Final = Fraction(3, 2)

REASK_GAP_FACTOR: Final = Fraction(1, 2)
REASK_MIN_BUSINESS_DAYS: Final = 3
HALVE_AFTER_UNANSWERED: Final = 3
HALVED_FREQUENCY_FACTOR: Final = 2
CHECKIN_AFTER_UNANSWERED: Final = 6
CHECKIN_MIN_UNANSWERED: Final = 1
CHECKIN_BY_DAYS: Final = 28
CHECKIN_AFTER_DAYS: Final = 21
CHECKIN_SPACING_DAYS: Final = 3

HANDOVER_AFTER_REVIEW_DAYS: Final = 4
HANDOVER_REMINDER_DAYS: Final = 7

CHECKBACK_AFTER_DAYS: Final = 1
RESURFACE_GAP_DAYS: Final = 14
RESURFACE_STALE_DAYS: Final = 3

LATE_GRACE: Final = timedelta(hours=2)
MAX_SLOT_SEARCH_DAYS: Final = 31


def checkin_deadline_days(weekdays: frozenset[int]) -> int:
    """Days of silence the check-in waits for: as late as the weekdays allow and still within four weeks."""
    allowed = sorted(weekdays)
    longest_wait = max((b - a) % 7 or 7 for a, b in zip(allowed, [*allowed[1:], allowed[0]], strict=True))
    return max(CHECKIN_AFTER_DAYS, CHECKIN_BY_DAYS - longest_wait)


def is_substantive(reply_words: int) -> bool:
    """Whether a reply is long enough to earn the manager more time before the next email."""
    return reply_words >= SUBSTANTIVE_REPLY_WORDS


def is_quotable(reply_words: int) -> bool:
    """Whether a reply says enough ("I'll thank Maria in Friday's forecast call") to quote back."""
    return reply_words >= QUOTABLE_REPLY_WORDS


def gap_days(step: int, intensity: str, *, substantive_reply: bool, reask: bool, halved: bool) -> int:
    """Local days from the previous send to the next; `step` counts the lesson's distinct items sent."""
    if step <= 0:
        return 0
    days = Fraction(BASE_GAPS_DAYS[min(step, len(BASE_GAPS_DAYS)) - 1]) * INTENSITY_FACTORS[intensity]
    if substantive_reply:
        days *= REPLY_GAP_FACTOR
    if reask:
        days *= REASK_GAP_FACTOR
    whole = max(MIN_GAP_DAYS, math.ceil(days))
    return whole * HALVED_FREQUENCY_FACTOR if halved else whole
