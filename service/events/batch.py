"""Split an Event Webhook body into its events, keeping each event's own JSON text to store as sent."""

from __future__ import annotations

import json
import re

_SPACE = re.compile(r"[ \t\n\r]*")


class BatchError(ValueError):
    """The body is not a JSON array (or not UTF-8, or has NaN/Infinity, or trailing data)."""


def _reject_constant(name: str) -> object:
    raise BatchError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _skip(text: str, index: int) -> int:
    """The index of the first non-whitespace character at or after `index`."""
    found = _SPACE.match(text, index)
    return found.end() if found else index


def parse_batch(body: bytes) -> list[tuple[object, str]]:
    """Each array item decoded, with its exact text: re-encoding 1,000 payloads cost more than parsing."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BatchError("the body is not UTF-8") from None
    index = _skip(text, 0)
    if text[index : index + 1] != "[":
        raise BatchError("the body is not a JSON array")
    index = _skip(text, index + 1)
    items: list[tuple[object, str]] = []
    if text[index : index + 1] == "]":
        index += 1
    else:
        while True:
            try:
                value, end = _DECODER.raw_decode(text, index)
            except (ValueError, RecursionError) as exc:
                raise BatchError(f"invalid JSON at character {index}") from exc
            items.append((value, text[index:end]))
            index = _skip(text, end)
            separator = text[index : index + 1]
            index = _skip(text, index + 1)
            if separator == "]":
                break
            if separator != ",":
                raise BatchError(f"expected ',' or ']' at character {index}")
    if _skip(text, index) != len(text):
        raise BatchError("data after the array")
    return items
