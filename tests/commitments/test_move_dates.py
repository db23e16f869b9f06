"""The date a move taken on from a nudge is due: the end of the working week, within tomorrow..8 weeks."""

from __future__ import annotations

from datetime import date

import pytest

from service.commitments.move_dates import (
    DateRefused,
    allowed_range,
    chosen_due,
    day_label,
    default_due,
    proposed_due,
)
from service.spacing import parse_weekdays

MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 12, day) for day in range(7, 14))
WEEKDAYS = "mon,tue,wed,thu,fri"


@pytest.mark.parametrize(
    ("sent_on", "weekdays", "due"),
    [
        (MON, WEEKDAYS, FRI),
        (WED, WEEKDAYS, FRI),
        (THU, WEEKDAYS, FRI),
        (FRI, WEEKDAYS, date(2026, 12, 18)),  # sent on the last day: that day next week
        (SAT, WEEKDAYS, date(2026, 12, 18)),  # sent after the week's end (a send-next): next week's
        (SUN, WEEKDAYS, date(2026, 12, 18)),
        (MON, "mon,wed", WED),
        (WED, "mon,wed", date(2026, 12, 16)),
        (TUE, "tue", date(2026, 12, 15)),
        (MON, "tue", TUE),
        (THU, "sat,sun", SUN),
        (SUN, "mon,sun", date(2026, 12, 20)),
        (date(2026, 12, 30), WEEKDAYS, date(2027, 1, 1)),  # across the year's end
    ],
    ids=lambda value: value.isoformat() if isinstance(value, date) else value,
)
def test_the_default_is_the_last_allowed_weekday_of_the_nudges_week(
    sent_on: date, weekdays: str, due: date
) -> None:
    assert default_due(sent_on, parse_weekdays(weekdays)) == due


def test_without_a_readable_schedule_the_week_ends_on_friday() -> None:
    assert default_due(TUE, frozenset()) == FRI


@pytest.mark.parametrize(
    ("default", "today", "offered"),
    [
        (FRI, MON, FRI),  # within range: as it is
        (FRI, FRI, SAT),  # the link opened on the day itself: tomorrow at the earliest
        (FRI, date(2026, 12, 20), date(2026, 12, 21)),  # opened late: tomorrow
        (date(2027, 3, 1), MON, date(2027, 2, 1)),  # never more than eight weeks ahead
    ],
)
def test_the_page_offers_the_default_moved_into_range(default: date, today: date, offered: date) -> None:
    assert proposed_due(default, today) == offered


def test_the_range_is_tomorrow_to_eight_weeks_on() -> None:
    assert allowed_range(MON) == (TUE, date(2027, 2, 1))


@pytest.mark.parametrize(
    ("raw", "due"),
    [("2026-12-08", TUE), (" 2026-12-11 ", FRI), ("2027-02-01", date(2027, 2, 1))],
)
def test_a_date_in_range_is_taken(raw: str, due: date) -> None:
    assert chosen_due(raw, MON) == due


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "Choose the date"),
        ("", "Choose the date"),
        ("   ", "Choose the date"),
        ("11/12/2026", "YYYY-MM-DD"),
        ("2026-12-32", "YYYY-MM-DD"),
        ("2026-13-01", "YYYY-MM-DD"),
        ("20261211", "YYYY-MM-DD"),
        ("2026-W50-5", "YYYY-MM-DD"),
        ("next friday", "YYYY-MM-DD"),
        ("2026-12-07", "from tomorrow on (Tuesday 8 December or later)"),
        ("2026-12-01", "from tomorrow on"),
        ("2027-02-02", "within eight weeks (Monday 1 February at the latest)"),
    ],
)
def test_a_missing_malformed_or_out_of_range_date_is_refused_with_a_reason(
    raw: str | None, message: str
) -> None:
    with pytest.raises(DateRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        chosen_due(raw, MON)


def test_day_label_names_the_day_as_a_person_would() -> None:
    assert day_label(FRI) == "Friday 11 December"
    assert day_label(date(2027, 1, 1)) == "Friday 1 January"


@pytest.mark.parametrize(
    ("day", "today", "label"),
    [
        (date(2027, 1, 1), date(2026, 12, 7), "Friday 1 January 2027"),  # across the new year
        (date(2026, 12, 11), date(2026, 12, 7), "Friday 11 December"),
        (date(2025, 12, 12), date(2026, 1, 2), "Friday 12 December 2025"),
    ],
)
def test_day_label_names_the_year_when_it_is_not_this_one(day: date, today: date, label: str) -> None:
    assert day_label(day, today) == label
