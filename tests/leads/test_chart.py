"""The server-side SVG chart: readable axis ticks, one bar pair per week, escaped text, no script."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from service.analytics import WeekPoint
from service.leads.chart import nice_ceiling, weekly_chart

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (1, 1), (2, 2), (3, 5), (7, 10), (11, 20), (499, 500)]
)
def test_nice_ceiling(value: int, expected: int) -> None:
    assert nice_ceiling(value) == expected


@pytest.mark.parametrize(
    ("highest", "ticks"),
    [
        (2, ["0", "1", "2", "3", "4"]),
        (1300, ["0", "500", "1,000", "1,500", "2,000"]),
        (0, ["0", "1", "2", "3", "4"]),
    ],
)
def test_axis_ticks_are_distinct_round_numbers(highest: int, ticks: list[str]) -> None:
    svg = weekly_chart([WeekPoint(MONDAY, highest, 0)])
    assert re.findall(r'text-anchor="end">([^<]+)<', svg) == ticks


def test_one_pair_of_bars_per_week_and_no_script() -> None:
    points = [WeekPoint(MONDAY + timedelta(weeks=i), 10 * i, 3 * i) for i in range(12)]
    svg = str(weekly_chart(points, title='<script>alert(1)</script> & "x"'))
    assert svg.count('<rect class="sends"') == 12 + 1  # plus the legend swatch
    assert svg.count('<rect class="replies"') == 12 + 1
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "style=" not in svg
    assert "Week of 02 Mar: 0 sent" in svg and "Week of 18 May: 110 sent" in svg


def test_an_empty_series_still_renders() -> None:
    svg = weekly_chart([])
    assert svg.startswith("<svg") and "No weeks to show." in svg
