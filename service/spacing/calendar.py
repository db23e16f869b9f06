"""Local-time slot arithmetic: allowed weekdays at a chosen wall time, safe across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from service.spacing.rules import MAX_SLOT_SEARCH_DAYS

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=256)
def parse_weekdays(text: str) -> frozenset[int]:
    """'mon,wed,fri' (or full names) -> {0, 2, 4}; ValueError names an unknown day or an empty list.

    Cached: the dispatcher parses every due subscription's days, and a few spellings cover them all."""
    days: set[int] = set()
    for token in (part.strip() for part in text.split(",")):
        name = token.lower()
        if name in WEEKDAY_NAMES:
            days.add(WEEKDAY_NAMES.index(name))
        elif name in _FULL_NAMES:
            days.add(_FULL_NAMES.index(name))
        elif token:
            raise ValueError(f"unknown weekday {token!r} (use {','.join(WEEKDAY_NAMES)})")
    if not days:
        raise ValueError("no weekdays given")
    return frozenset(days)


def format_weekdays(days: frozenset[int]) -> str:
    """{0, 2, 4} -> 'mon,wed,fri', the storage form of Subscription.weekdays."""
    return ",".join(WEEKDAY_NAMES[day] for day in sorted(days))


def zone(name: str) -> ZoneInfo:
    """The IANA timezone `name`; ValueError (not KeyError) when it is unknown or malformed."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {name!r}") from None


def local_day(instant: datetime, tz: ZoneInfo) -> date:
    """The calendar date `instant` falls on in `tz`."""
    return instant.astimezone(tz).date()


def wall_time_exists(day: date, at: time, tz: ZoneInfo) -> bool:
    """False when clocks jump over `at` on `day` (spring forward)."""
    wall = datetime.combine(day, at.replace(fold=0), tzinfo=tz)
    return wall.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall.replace(tzinfo=None)


@lru_cache(maxsize=4096)
def slot_on(day: date, at: time, tz: ZoneInfo) -> datetime | None:
    """The UTC instant of wall time `at` on local `day`, or None if no such instant lies on that day.

    A wall time skipped by a spring-forward moves forward by the size of the jump (02:30 becomes
    03:30); a wall time that occurs twice at fall-back resolves to its first occurrence (fold=0),
    so it is sent once. A day a zone skipped entirely (Pacific/Apia, 2011-12-30) has no slot.
    Cached: managers share a few zones and send times, and the dispatcher asks twice per email.
    """
    instant = datetime.combine(day, at.replace(fold=0), tzinfo=tz).astimezone(UTC)
    return instant if local_day(instant, tz) == day else None


def next_slot(
    *,
    earliest_day: date,
    at: time,
    tz: ZoneInfo,
    weekdays: frozenset[int],
    not_before: datetime,
    after_day: date | None = None,
) -> datetime:
    """First slot on an allowed weekday, on or after `earliest_day`, strictly after local day
    `after_day` and not before the instant `not_before`."""
    day = max(earliest_day, local_day(not_before, tz))
    if after_day is not None:
        day = max(day, after_day + timedelta(days=1))
    for _ in range(MAX_SLOT_SEARCH_DAYS):
        if day.weekday() in weekdays:
            instant = slot_on(day, at, tz)
            if instant is not None and instant >= not_before:
                return instant
        day += timedelta(days=1)
    raise ValueError(f"no slot within {MAX_SLOT_SEARCH_DAYS} days of {day} (weekdays {sorted(weekdays)})")


def add_business_days(day: date, count: int) -> date:
    """The local date `count` business days (Monday to Friday) after `day`."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day
