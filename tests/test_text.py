"""Free-text helpers: what people type is stored and queried safely; instants written for machines."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from service.models import iso_utc
from service.text import single_spaced, unusable_character, whole_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  Q3  pipeline\nreview ", "Q3 pipeline review"), ("a\x00b", "ab"), ("\x00 \t\n", ""), ("Zoë", "Zoë")],
)
def test_single_spaced(raw: str, expected: str) -> None:
    assert single_spaced(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", 0),
        ("42", 42),
        ("007", 7),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),
        ("", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1.0", None),
        ("\u00b2", None),  # superscript two: str.isdigit() says yes, int() raises
        ("\u2460", None),  # circled one
        ("\u0663", None),  # Arabic-Indic three: int() would accept it, an id never spells it so
    ],
)
def test_whole_number(raw: str, expected: int | None) -> None:
    assert whole_number(raw) == expected


def test_whole_number_caps_the_digits() -> None:
    assert whole_number("12", max_digits=2) == 12
    assert whole_number("123", max_digits=2) is None


@pytest.mark.parametrize(
    ("text", "unusable"),
    [
        ("Zoë Müller", None),
        ("👩🏽\u200d💼 Zoë", None),  # an emoji sequence joined by ZWJ
        ("مهر\u200cناز", None),  # noqa: RUF001 - Persian with a zero-width non-joiner
        (
            "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f England",
            None,
        ),  # a subdivision flag
        ("QA \u202eevil", "\u202e"),  # right-to-left override
        ("a\u2066b", "\u2066"),  # bidi isolate
        ("zero\u200bwidth", "\u200b"),
        ("bell\x07", "\x07"),
        ("private\ue000use", "\ue000"),
    ],
)
def test_unusable_characters_are_the_invisible_and_control_ones_not_the_joiners(
    text: str, unusable: str | None
) -> None:
    assert unusable_character(text) == unusable


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2025, 3, 3, 9, 0, 0, 123456, tzinfo=UTC), "2025-03-03T09:00:00Z"),
        (datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")), "2025-03-03T09:00:00Z"),
        (datetime(405, 11, 23, tzinfo=UTC), "0405-11-23T00:00:00Z"),  # four digits, as RFC 3339 wants
        (None, None),
    ],
)
def test_iso_utc_is_rfc_3339_whatever_the_year(moment: datetime | None, shown: str | None) -> None:
    assert iso_utc(moment) == shown
