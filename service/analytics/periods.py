"""Time windows for engagement figures: a period and the one before it, and whole UTC weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PERIOD_DAYS = (7, 14, 28, 90)
DEFAULT_PERIOD_DAYS = 7
ACTIVE_DAYS = 14  # "managers active in the last 14 days" is fixed, whatever period is shown
DEFAULT_WEEKS = 12


@dataclass(frozen=True, slots=True)
class Window:
    """A half-open time range [start, end)."""

    start: datetime
    end: datetime

    def __contains__(self, instant: datetime) -> bool:
        return self.start <= instant < self.end


def period_days(raw: object) -> int:
    """A whitelisted period length; anything else falls back to the default."""
    try:
        days = int(str(raw))
    except ValueError:
        return DEFAULT_PERIOD_DAYS
    return days if days in PERIOD_DAYS else DEFAULT_PERIOD_DAYS


def periods(now: datetime, days: int) -> tuple[Window, Window]:
    """The last `days` days up to `now`, and the `days` days before them."""
    span = timedelta(days=days)
    return Window(now - span, now), Window(now - 2 * span, now - span)


def week_start(instant: datetime) -> datetime:
    """Monday 00:00 UTC of the ISO week containing `instant`."""
    utc = instant.astimezone(UTC)
    monday = utc.date() - timedelta(days=utc.weekday())
    return datetime(monday.year, monday.month, monday.day, tzinfo=UTC)


def recent_weeks(now: datetime, count: int = DEFAULT_WEEKS) -> list[Window]:
    """The last `count` ISO weeks, oldest first; the last one is the current, partial week."""
    current = week_start(now)
    return [
        Window(current - timedelta(weeks=back), current - timedelta(weeks=back - 1))
        for back in range(count - 1, -1, -1)
    ]
