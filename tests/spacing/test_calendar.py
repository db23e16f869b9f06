"""Local-time slots: allowed weekdays at the chosen wall time, safe across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from service.spacing import format_weekdays, parse_weekdays, slot_on, wall_time_exists, zone
from service.spacing.calendar import next_slot


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon,tue,wed,thu,fri", {0, 1, 2, 3, 4}),
        ("sun", {6}),
        (" Mon , FRIDAY ", {0, 4}),
        ("wed,wed", {2}),
        ("sat,sun,", {5, 6}),
    ],
)
def test_parse_weekdays(text: str, days: set[int]) -> None:
    assert parse_weekdays(text) == frozenset(days)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no weekdays"),
        (",,", "no weekdays"),
        ("funday", "unknown weekday 'funday'"),
        ("mon,tues", "unknown weekday 'tues'"),
        ("1,2", "unknown weekday '1'"),
        ("mon;tue", "unknown weekday 'mon;tue'"),
    ],
)
def test_parse_weekdays_rejects_bad_input(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_weekdays(text)


def test_format_weekdays_round_trips() -> None:
    assert format_weekdays(frozenset({4, 0, 2})) == "mon,wed,fri"
    assert parse_weekdays(format_weekdays(frozenset({6, 5}))) == {5, 6}


@pytest.mark.parametrize("name", ["Mars/Base", "", "../etc/passwd", "Europe/", "localtime/../x"])
def test_unknown_timezone_is_a_value_error(name: str) -> None:
    with pytest.raises(ValueError, match="unknown timezone"):
        zone(name)


@pytest.mark.parametrize(
    ("tz", "day", "at", "utc", "local_wall"),
    [
        # Spring forward: 02:30 does not exist, it moves forward by the one-hour jump.
        ("America/New_York", date(2025, 3, 9), time(2, 30), datetime(2025, 3, 9, 7, 30), time(3, 30)),
        ("Europe/Berlin", date(2025, 3, 30), time(2, 15), datetime(2025, 3, 30, 1, 15), time(3, 15)),
        # Southern hemisphere, half-hour standard offset: Adelaide springs forward 02:00 -> 03:00.
        ("Australia/Adelaide", date(2025, 10, 5), time(2, 30), datetime(2025, 10, 4, 17, 0), time(3, 30)),
        # Lord Howe moves by only 30 minutes.
        ("Australia/Lord_Howe", date(2025, 10, 5), time(2, 10), datetime(2025, 10, 4, 15, 40), time(2, 40)),
        # Fall back: 01:30 happens twice; the first occurrence (daylight time) is the one sent.
        ("America/New_York", date(2025, 11, 2), time(1, 30), datetime(2025, 11, 2, 5, 30), time(1, 30)),
        ("America/St_Johns", date(2025, 11, 2), time(0, 30), datetime(2025, 11, 2, 3, 0), time(0, 30)),
        ("Australia/Adelaide", date(2025, 4, 6), time(2, 30), datetime(2025, 4, 5, 16, 0), time(2, 30)),
        # Ordinary days, half-hour offsets.
        ("Asia/Kolkata", date(2025, 6, 2), time(9), datetime(2025, 6, 2, 3, 30), time(9)),
        ("America/St_Johns", date(2025, 6, 2), time(9), datetime(2025, 6, 2, 11, 30), time(9)),
    ],
)
def test_slot_on_handles_gaps_and_overlaps(
    tz: str, day: date, at: time, utc: datetime, local_wall: time
) -> None:
    slot = slot_on(day, at, zone(tz))
    assert slot == utc.replace(tzinfo=UTC)
    assert slot is not None
    shown = slot.astimezone(zone(tz))
    assert shown.date() == day
    assert shown.time() == local_wall
    assert wall_time_exists(day, at, zone(tz)) is (local_wall == at)


def test_day_skipped_by_the_zone_has_no_slot() -> None:
    # Samoa jumped over 30 December 2011 when it moved across the date line.
    assert slot_on(date(2011, 12, 30), time(9), zone("Pacific/Apia")) is None
    assert slot_on(date(2011, 12, 31), time(9), zone("Pacific/Apia")) is not None


def test_next_slot_skips_disallowed_days_and_the_last_send_day() -> None:
    tz = zone("Europe/Berlin")
    friday = date(2025, 5, 2)
    slot = next_slot(
        earliest_day=friday,
        at=time(9),
        tz=tz,
        weekdays=frozenset({0, 4}),
        not_before=datetime(2025, 5, 1, tzinfo=UTC),
        after_day=friday,
    )
    assert slot.astimezone(tz) == datetime(2025, 5, 5, 9, tzinfo=tz)


def test_next_slot_never_before_not_before() -> None:
    tz = zone("Asia/Kolkata")
    not_before = datetime(2025, 5, 5, 4, tzinfo=UTC)  # 09:30 IST, after today's 09:00 slot
    slot = next_slot(
        earliest_day=date(2025, 5, 1), at=time(9), tz=tz, weekdays=frozenset(range(7)), not_before=not_before
    )
    assert slot == datetime(2025, 5, 6, 3, 30, tzinfo=UTC)
    assert slot - not_before < timedelta(days=1)
