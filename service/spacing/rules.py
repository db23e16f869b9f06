"""Every number the spacing engine uses, in one place; the lead's README points here.

How a manager's emails are spaced
=================================

All gaps are counted in *local calendar days* between the previous coaching email and the next
one. The engine then moves the send forward to the first allowed weekday at the chosen local time
(see `service.spacing.calendar`), never earlier, and never onto a local day that already had one.

Within a lesson (expanding intervals)
    The k-th distinct item of a lesson (re-asks do not count) is followed by a gap of
    ``BASE_GAPS_DAYS[k-1]`` days, the last value repeating: 2, 2, 3, 3, 4, 4, 5, 5, 5, ... days,
    i.e. sends on lesson days 0, 2, 4, 7, 10, 14, 18, 23, 28, 33, ... The lesson's first item goes
    out at the first slot on or after the lesson start (offset 0). Items alternate nudge -> prompt;
    a prompt answered with a reply of at least ``QUOTABLE_REPLY_WORDS`` (8) words, one real sentence
    such as a commitment, is followed by a commitment follow-up quoting it (while the lesson has
    unused follow-ups); when nudges and prompts are used up the closing review is sent.

Intensity (the subscription's choice)
    ``INTENSITY_FACTORS`` multiplies every base gap: light x1.5, standard x1, intense x0.5.
    Fractions round up to whole days and no gap is shorter than ``MIN_GAP_DAYS`` (1 day).

Engagement
    * A reply of at least ``SUBSTANTIVE_REPLY_WORDS`` (20) words to the latest email lengthens the
      next gap by ``REPLY_GAP_FACTOR`` (x1.5): time to act on what they wrote before the follow-up.
    * An unanswered prompt gets one gentle re-ask (same prompt, ``Plan.reask``) after
      ``REASK_GAP_FACTOR`` (x0.5) of the normal gap. If the re-ask goes unanswered too the engine
      backs off: that prompt is never asked again and the sequence continues at the normal gap.
    * A prompt counts as unanswered as soon as it has been sent without a reply (to it or its
      re-ask); any reply to any email ends the run. From the moment ``HALVE_AFTER_UNANSWERED`` (3)
      prompts in a row are unanswered the frequency halves: every gap, the third prompt's re-ask
      included, is multiplied by ``HALVED_FREQUENCY_FACTOR`` (x2, after rounding, so exactly).
      Callers re-plan when a reply arrives, so a late answer restores the normal pace.
    * After ``CHECKIN_AFTER_UNANSWERED`` (6) the next email is a "still want these?" check-in
      (kind ``checkin``, content id ``checkin``) instead of the sixth prompt's re-ask and at the
      re-ask's (halved) gap; if that goes unanswered as well the engine returns
      ``Pause("unresponsive")``. Resuming (``Schedule.resumed_at``) starts the count afresh.

Lesson end
    After the review is sent the engine returns ``Pause("lesson-complete", next_lesson=SLUG)``
    (``None`` after lesson 10); switching the subscription to the next lesson (new ``lesson_slug``
    and ``started_at``) starts it at offset 0.

Timing
    A slot up to ``LATE_GRACE`` (2 hours) before ``now`` is still returned (it is due: send it
    now); an older one is skipped for the next slot, so an outage never fires a burst of emails at
    odd hours. Nothing is planned before ``Schedule.started_at`` or ``resumed_at``. The dispatcher
    stores each planned slot as the subscription's ``next_due_at`` and sends when it has passed;
    after an outage a late subscription gets one email at once, and its next gap counts from then.

What that adds up to (standard intensity, Monday-Friday, 09:00; `coach journey` shows any case)
    * Always replies substantively: 18 emails (7 nudges, 7 prompts, 3 follow-ups, the review);
      gaps widen from 2 to 8 days; the review lands on day 97-103 of the lesson.
    * Never replies: 18 emails (6 nudges, 6 prompts + 5 re-asks, the check-in); gaps double after
      the third prompt; the check-in lands on day 106-110, then the pause.
    * Light stretches those to about 150-160 days; intense compresses them to about 55-70.
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
HALVE_AFTER_UNANSWERED: Final = 3
HALVED_FREQUENCY_FACTOR: Final = 2
CHECKIN_AFTER_UNANSWERED: Final = 6

LATE_GRACE: Final = timedelta(hours=2)
MAX_SLOT_SEARCH_DAYS: Final = 31


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
