"""CSV cells a spreadsheet will not run as formulas (CSV injection), and the way back on import."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula: a leading ' defuses it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restored_cell(text: str) -> str:
    """The value `safe_cell` defused, so a file we wrote can be uploaded again unchanged."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text
