"""Free-text helpers: what people type is stored and queried safely."""

from __future__ import annotations

import pytest

from service.text import single_spaced, whole_number


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
