"""Periods a lead can choose: the last N days, the program to date, or a custom range of local dates;
every unusable range is refused with a message that says what to fix, and the default is shown."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from service.analytics.periods import (
    DEFAULT_PERIOD_DAYS,
    MAX_WEEKS,
    Period,
    choose_period,
    date_range,
    last_days,
    program_to_date,
    trend_weeks,
)
from service.leads.dashboard import comparison_label

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
STARTED = datetime(2025, 11, 3, 8, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def _choose(args: dict[str, str], tz: ZoneInfo = LONDON) -> tuple[Period, str | None]:
    return choose_period(args, NOW, STARTED, tz)


@pytest.mark.parametrize(
    ("args", "key", "days"),
    [
        ({}, "7", 7),
        ({"days": "28"}, "28", 28),
        ({"period": "90"}, "90", 90),
        ({"days": "13"}, "7", 7),  # not offered: the default
        ({"days": "1e9"}, "7", 7),
        ({"period": "ptd", "from": "2026-01-01", "to": "2026-01-31"}, "ptd", None),  # the choice wins
        ({"period": "<script>"}, "7", 7),
    ],
)
def test_lengths_and_program_to_date(args: dict[str, str], key: str, days: int | None) -> None:
    period, error = _choose(args)
    assert error is None and period.key == key and period.days == days
    if key == "ptd":
        assert (period.current.start, period.current.end, period.previous) == (STARTED, NOW, None)
    else:
        assert period.current.end == NOW and period.current.end - period.current.start == timedelta(
            days=days or 0
        )
        assert period.previous is not None and period.previous.end == period.current.start


def test_a_custom_range_is_whole_local_days_compared_with_as_many_days_before() -> None:
    period, error = _choose({"period": "range", "from": "2026-03-01", "to": "2026-03-14"})
    assert error is None and period.key == "range"
    assert period.current.start == datetime(2026, 3, 1, 0, 0, tzinfo=UTC)  # GMT in March
    assert period.current.end == datetime(2026, 3, 15, 0, 0, tzinfo=UTC)
    assert period.previous is not None and period.previous.start == datetime(2026, 2, 15, tzinfo=UTC)
    assert period.args() == {"period": "range", "from": "2026-03-01", "to": "2026-03-14"}


def test_a_range_in_summer_time_starts_at_local_midnight() -> None:
    period = date_range(date(2025, 7, 1), date(2025, 7, 1), LONDON)
    assert period.current.start == datetime(2025, 6, 30, 23, 0, tzinfo=UTC)
    assert period.current.end - period.current.start == timedelta(days=1)


def test_a_range_ending_in_the_future_stops_today() -> None:
    period, error = _choose({"from": "2026-03-10", "to": "2026-12-31"})
    assert error is None and period.last_day == date(2026, 3, 18)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"period": "range"}, "Give both dates"),
        ({"period": "range", "from": "2026-03-01"}, "Give both dates"),
        ({"from": "", "to": "2026-03-01"}, "Give both dates"),
        ({"from": "01/03/2026", "to": "2026-03-05"}, "is not a date"),
        ({"from": "2026-02-30", "to": "2026-03-05"}, "is not a date"),
        ({"from": "2026-03-01", "to": "yesterday"}, "is not a date"),
        ({"from": "<script>alert(1)</script>", "to": "2026-03-05"}, "is not a date"),
        ({"from": "2026-03-01\x00", "to": "2026-03-05"}, "is not a date"),
        ({"from": "9" * 5000, "to": "2026-03-05"}, "is not a date"),
        ({"from": "2026-03-10", "to": "2026-03-01"}, "starts after it ends"),
        ({"from": "2026-04-01", "to": "2026-04-30"}, "starts in the future"),
        ({"from": "2020-01-01", "to": "2026-03-01"}, "longer than three years"),
        ({"from": "0001-01-01", "to": "2026-03-01"}, "starts before 2000"),
        ({"from": "0001-01-01", "to": "0001-01-07"}, "starts before 2000"),  # was an OverflowError
        ({"from": "0405-11-23", "to": "0405-11-29"}, "starts before 2000"),
    ],
)
def test_unusable_ranges_are_refused_with_a_reason_and_the_default_is_shown(
    args: dict[str, str], message: str
) -> None:
    period, error = _choose(args)
    assert error is not None and message in error
    assert len(error) < 200  # the typed text is never echoed at length
    assert period.key == str(DEFAULT_PERIOD_DAYS)


@pytest.mark.parametrize(
    ("args", "weeks"),
    [({"days": "7"}, 12), ({"days": "90"}, 14), ({"period": "ptd"}, 20)],  # 3 Nov to 18 Mar: 20 weeks
)
def test_trend_charts_cover_the_period_between_12_and_26_weeks(args: dict[str, str], weeks: int) -> None:
    period, _ = _choose(args)
    shown = trend_weeks(period, NOW)
    assert len(shown) == weeks
    assert shown[-1].start <= NOW < shown[-1].end  # ends with the current week
    assert all(a.end == b.start for a, b in itertools.pairwise(shown))


def test_trend_weeks_never_exceed_half_a_year() -> None:
    period = choose_period({"period": "ptd"}, NOW, STARTED - timedelta(days=400), LONDON)[0]
    assert len(trend_weeks(period, NOW)) == MAX_WEEKS


def test_trend_weeks_of_a_past_range_end_with_its_last_week() -> None:
    period, _ = _choose({"from": "2025-12-01", "to": "2025-12-21"})
    shown = trend_weeks(period, NOW)
    assert shown[-1].start == datetime(2025, 12, 15, tzinfo=UTC) and len(shown) == 12


def test_the_comparison_names_its_rolling_window_to_the_minute() -> None:
    """The window's edges are instants: "22 Nov to 29 Nov" alone read as eight days for "last 7 days"."""
    now = datetime(2026, 12, 6, 0, 36, tzinfo=UTC)
    label = comparison_label(last_days(now, 7), ZoneInfo("Europe/Berlin"))
    assert (
        label == "Compared with the same length of time just before: 22 Nov 2026 01:36 to 29 Nov 2026 01:36."
    )
    assert comparison_label(program_to_date(now, now - timedelta(days=30)), ZoneInfo("UTC")).startswith(
        "No earlier"
    )
