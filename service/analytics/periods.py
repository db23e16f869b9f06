"""Time windows for engagement figures: a period and the one before it, and whole UTC weeks.

A period is the last 7/14/28/90 days, the program to date, or a custom range of local dates in the
viewer's timezone; each (but the program to date) is compared with the same length just before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PERIOD_DAYS = (7, 14, 28, 90)
DEFAULT_PERIOD_DAYS = 7
ACTIVE_DAYS = 14  # "managers active in the last 14 days" is fixed, whatever period is shown
DEFAULT_WEEKS = 12
MAX_WEEKS = 26  # a trend chart shows at most half a year of weeks
MAX_RANGE_DAYS = 3 * 366
EARLIEST_DAY = date(2000, 1, 1)  # no custom range starts earlier (year 1 has no days before it)
PROGRAM_TO_DATE = "ptd"
RANGE = "range"


@dataclass(frozen=True, slots=True)
class Window:
    """A half-open time range [start, end)."""

    start: datetime
    end: datetime

    def __contains__(self, instant: datetime) -> bool:
        return self.start <= instant < self.end


@dataclass(frozen=True, slots=True)
class Period:
    """What the figures cover: `current`, compared with `previous` (None for the program to date)."""

    key: str  # "7", "14", "28", "90", "ptd" or "range"
    current: Window
    previous: Window | None
    first_day: date | None = None  # a custom range's dates, as the viewer typed them
    last_day: date | None = None

    @property
    def cache_key(self) -> str:
        """Stable while the period means the same instants (a custom range is fixed; others move)."""
        if self.key == RANGE:
            return f"range:{int(self.current.start.timestamp())}:{int(self.current.end.timestamp())}"
        return self.key

    @property
    def days(self) -> int | None:
        return int(self.key) if self.key.isdigit() else None

    def args(self) -> dict[str, str]:
        """Query-string arguments that select this period again (for links and forms)."""
        if self.key == RANGE and self.first_day and self.last_day:
            return {"period": RANGE, "from": self.first_day.isoformat(), "to": self.last_day.isoformat()}
        if self.key == PROGRAM_TO_DATE:
            return {"period": PROGRAM_TO_DATE}
        return {"days": self.key}


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


def last_days(now: datetime, days: int) -> Period:
    current, previous = periods(now, days)
    return Period(str(days), current, previous)


def program_to_date(now: datetime, started: datetime) -> Period:
    """From the program's start until now; nothing to compare with."""
    return Period(PROGRAM_TO_DATE, Window(min(started, now), now), None)


def date_range(first: date, last: date, tz: ZoneInfo) -> Period:
    """Local dates `first`..`last` inclusive in `tz`, against the same number of days before."""
    start = datetime.combine(first, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    span = end - start
    return Period(RANGE, Window(start, end), Window(start - span, start), first, last)


class PeriodError(ValueError):
    """A custom range a person typed cannot be used; the message says why."""


def _day(raw: str, name: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise PeriodError(f"'{raw[:20]}' is not a date: use YYYY-MM-DD for '{name}'.") from None


def custom_range(raw_from: str, raw_to: str, now: datetime, tz: ZoneInfo) -> Period:
    """A custom range from two ISO dates; PeriodError names what is wrong."""
    if not raw_from.strip() or not raw_to.strip():
        raise PeriodError("Give both dates of the range, 'from' and 'to'.")
    first, last = _day(raw_from, "from"), _day(raw_to, "to")
    if first < EARLIEST_DAY:
        raise PeriodError(f"The range starts before {EARLIEST_DAY.year}: there are no figures that old.")
    today = now.astimezone(tz).date()
    if first > last:
        raise PeriodError("The range starts after it ends: swap the two dates.")
    if first > today:
        raise PeriodError("The range starts in the future: there are no figures yet.")
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise PeriodError("The range is longer than three years: choose a shorter one.")
    return date_range(first, min(last, today), tz)


def choose_period(
    args: Mapping[str, str], now: datetime, started: datetime, tz: ZoneInfo
) -> tuple[Period, str | None]:
    """The period a request asks for (`period` = ptd, a number of days or "range" with `from` and
    `to`; or `days` alone, as older links do), and an error to show when a custom range was unusable
    (the default period is used then). Unknown values fall back to the default silently (the
    pages' choice; the API refuses them first: service/api/params.py)."""
    choice = str(args.get("period", ""))
    if choice == RANGE or (not choice and ("from" in args or "to" in args)):
        try:
            return custom_range(str(args.get("from", "")), str(args.get("to", "")), now, tz), None
        except PeriodError as exc:
            return last_days(now, DEFAULT_PERIOD_DAYS), str(exc)
    if choice == PROGRAM_TO_DATE:
        return program_to_date(now, started), None
    return last_days(now, period_days(choice or args.get("days"))), None


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


def trend_weeks(period: Period, now: datetime) -> list[Window]:
    """The weeks a trend chart shows for `period`: those it spans, at least DEFAULT_WEEKS and at most
    MAX_WEEKS, ending with the week of its last instant (never after `now`)."""
    end = min(period.current.end, now)
    last = end - timedelta(microseconds=1) if end > period.current.start else end
    spanned = (week_start(last) - week_start(period.current.start)).days // 7 + 1
    return recent_weeks(last, max(DEFAULT_WEEKS, min(MAX_WEEKS, spanned)))
