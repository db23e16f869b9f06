"""Free text typed by people (labels, names, search terms), made safe to store and query."""

from __future__ import annotations


def single_spaced(text: str) -> str:
    """Runs of whitespace become one space and NUL goes: PostgreSQL text cannot hold NUL, and a label
    or search term has no use for line breaks."""
    return " ".join(text.replace("\x00", "").split())


def whole_number(text: str, max_digits: int = 18) -> int | None:
    """The non-negative integer `text` spells in ASCII digits, else None. Not `str.isdigit()`: it also
    accepts "²" or "①", which `int()` then refuses with a ValueError."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= max_digits else None
