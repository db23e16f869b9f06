"""Calendar arithmetic the date phrases need: months, quarters, ISO weeks, Easter. Pure, no clock."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """`months` calendar months later, the day clamped to the month's length (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def week_start(day: date, weeks_ahead: int = 0) -> date:
    """Monday of the ISO week `weeks_ahead` after the one holding `day`."""
    return day - timedelta(days=day.weekday()) + timedelta(weeks=weeks_ahead)


def period_bounds(period: str, today: date, ahead: int) -> tuple[date, date]:
    """First and last day of this (ahead=0) or a later calendar week, month, quarter or year."""
    if period == "week":
        monday = week_start(today, ahead)
        return monday, monday + timedelta(days=6)
    if period == "month":
        first = add_months(today.replace(day=1), ahead)
        return first, last_day(first.year, first.month)
    if period == "quarter":
        first = add_months(date(today.year, (today.month - 1) // 3 * 3 + 1, 1), 3 * ahead)
        end = add_months(first, 2)
        return first, last_day(end.year, end.month)
    year = today.year + ahead
    return date(year, 1, 1), date(year, 12, 31)


def quarter_bounds(quarter: int, year: int) -> tuple[date, date]:
    """First and last day of quarter 1 to 4 of `year`."""
    first = date(year, 3 * quarter - 2, 1)
    return first, last_day(year, 3 * quarter)


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday_shift) // 433
    month = (h + weekday_shift - 7 * m + 90) // 25
    day = (h + weekday_shift - 7 * m + 33 * month + 19) % 32
    return date(year, month, day)


def next_weekday(today: date, weekday: int, *, include_today: bool) -> date:
    """The next `weekday` (0 = Monday) from today: today itself only if `include_today`."""
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and not include_today:
        ahead = 7
    return today + timedelta(days=ahead)


def event_bounds(event: str, today: date) -> tuple[date, date, bool] | None:
    """First and last day of a named point of the year, its next occurrence; None when ambiguous now."""
    year = today.year
    if event == "new_year":
        return date(year + 1, 1, 1), date(year + 1, 1, 1), True
    if event == "christmas":
        christmas = date(year if today <= date(year, 12, 26) else year + 1, 12, 25)
        return christmas, christmas + timedelta(days=1), True
    if event == "easter":
        sunday = easter(year)
        if sunday + timedelta(days=1) < today:
            sunday = easter(year + 1)
        return sunday, sunday + timedelta(days=1), True
    if event == "rentree":
        rentree = date(year if today <= date(year, 9, 1) else year + 1, 9, 1)
        return rentree, rentree, False
    if event == "summer":
        summer_year = year if today <= date(year, 8, 31) else year + 1
        return date(summer_year, 6, 21), date(summer_year, 8, 31), False
    # "the holidays": the year-end holidays from mid-November, the summer ones from mid-June.
    if today >= date(year, 11, 15):
        return date(year, 12, 24), date(year + 1, 1, 1), False
    if today <= date(year, 1, 6):
        return today, date(year, 1, 6), False
    if date(year, 6, 15) <= today <= date(year, 8, 31):
        return today, date(year, 8, 31), False
    return None
