"""When a move taken on from a nudge is due: by default the end of the manager's working week.

Pure date arithmetic, no clock of its own: the callers pass the nudge's local day and today.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from service.calendar_names import DAY_NAMES, MONTH_NAMES

MAX_AHEAD_DAYS = 56  # eight weeks: a move is for the coming days, not for next quarter
FRIDAY = 4
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateRefused(ValueError):
    """The date chosen on the page is missing, malformed, or outside the allowed range."""


def default_due(sent_on: date, weekdays: frozenset[int]) -> date:
    """The last allowed weekday of the nudge's week; from that day on, the same weekday a week later.

    Mondays to Fridays and a nudge on Tuesday: that Friday; on Friday (or a weekend): next Friday.
    """
    last = max(weekdays) if weekdays else FRIDAY
    return sent_on + timedelta(days=(last - sent_on.weekday() - 1) % 7 + 1)


def allowed_range(today: date) -> tuple[date, date]:
    """The first and last date a move may be due: tomorrow, and eight weeks from today."""
    return today + timedelta(days=1), today + timedelta(days=MAX_AHEAD_DAYS)


def proposed_due(default: date, today: date) -> date:
    """The date the page offers: the default, moved into the allowed range (a link opened late)."""
    first, last = allowed_range(today)
    return min(max(default, first), last)


def chosen_due(raw: str | None, today: date) -> date:
    """The date posted by the page (YYYY-MM-DD) if it lies in the allowed range, else DateRefused."""
    value = (raw or "").strip()
    if not value:
        raise DateRefused("Choose the date by which you'll have done it.")
    try:
        if not _ISO_DAY.fullmatch(value):
            raise ValueError(value)
        chosen = date.fromisoformat(value)
    except ValueError:
        raise DateRefused("The date must be a calendar date written YYYY-MM-DD, e.g. 2026-12-11.") from None
    first, last = allowed_range(today)
    if chosen < first:
        raise DateRefused(f"Choose a date from tomorrow on ({day_label(first)} or later).")
    if chosen > last:
        raise DateRefused(f"Choose a date within eight weeks ({day_label(last)} at the latest).")
    return chosen


def day_label(day: date, today: date | None = None) -> str:
    """ "Friday 11 December": the way a manager names a day (English whatever the process's locale),
    with its year ("Friday 1 January 2027") when `today` is given and falls in another year."""
    label = f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month]}"
    return label if today is None or today.year == day.year else f"{label} {day.year}"
