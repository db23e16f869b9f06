"""Timezone suggestions for enrolment rows: the zone a lead probably meant, or nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.enrolment.timezones import suggest_timezone
from service.subscriptions.validation import timezone_names


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("Europe/Berln", "Europe/Berlin"),
        ("Europe/berlin", "Europe/Berlin"),
        ("berlin", "Europe/Berlin"),
        (" Europe/Paris ", "Europe/Paris"),
        ("America/NewYork", "America/New_York"),
        ("New York", "America/New_York"),
        ("Asia/Kolkatta", "Asia/Kolkata"),
        ("Sao Paulo", "America/Sao_Paulo"),
        ("Europe\\London", "Europe/London"),
        ("utc", "UTC"),
        ("Knox", "America/Indiana/Knox"),
    ],
)
def test_a_typo_case_or_bare_city_suggests_the_zone(typed: str, suggested: str) -> None:
    assert suggest_timezone(typed) == suggested


@pytest.mark.parametrize(
    "typed",
    [
        "Europe/Berlin",  # already right
        "Mars/Olympus",
        "GMT+1",  # Etc/GMT+1 is UTC-1: never offered
        "Pacific time",
        "",
        "   ",
        "x" * 65,
        None,
        42,
    ],
)
def test_nothing_is_suggested_when_nothing_is_close_or_the_value_is_right(typed: object) -> None:
    assert suggest_timezone(typed) is None


@given(st.text(max_size=70))
def test_a_suggestion_is_always_a_known_zone_other_than_the_input(typed: str) -> None:
    suggestion = suggest_timezone(typed)
    assert suggestion is None or (suggestion in timezone_names() and suggestion != typed)


@given(st.sampled_from(timezone_names()))
def test_a_known_zone_is_never_corrected(zone: str) -> None:
    assert suggest_timezone(zone) is None
