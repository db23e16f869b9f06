"""Strict query parameters for the API: a client gets a 400 naming the parameter, never a silent default.

The dashboard's pages stay lenient (people edit URLs; `ManagerQuery.from_args` and `choose_period`
fall back to defaults there); the API checks the same whitelists first and hands those parsers only
the checked values, so they mean what the client sent. An empty value counts as not given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from werkzeug.datastructures import MultiDict

from service.analytics.managers import (
    COLUMNS,
    MAX_PAGE,
    PER_PAGE,
    SEARCH_MAX,
    STALLED_NO,
    STALLED_YES,
    STATUSES,
)
from service.analytics.periods import PERIOD_DAYS, PROGRAM_TO_DATE, RANGE

SHOWN_MAX = 20  # characters of a rejected value quoted back in the message
PERIOD_PARAMS = ("days", "period", "from", "to")
TABLE_PARAMS = ("sort", "dir", "status", "focus", "q", "stalled", "page", "per_page")
DAYS = tuple(str(days) for days in PERIOD_DAYS)
PERIODS = (PROGRAM_TO_DATE, RANGE, *DAYS)
DIRECTIONS = ("asc", "desc")
STALLED = (*STALLED_YES, *STALLED_NO)


class ParameterError(ValueError):
    """Query parameters the API cannot use; the message names each one and what it accepts."""


def _shown(value: str) -> str:
    """A rejected value, quoted short and printable, so the message stays one readable line."""
    text = "".join(char if char.isprintable() else "?" for char in value[:SHOWN_MAX])
    return f"'{text}…'" if len(value) > SHOWN_MAX else f"'{text}'"


def _value(args: MultiDict[str, str], name: str) -> str | None:
    """The parameter's one value (None when absent or empty); the parsers would read only the first."""
    values = args.getlist(name)
    if len(values) > 1:
        raise ParameterError(f"'{name}' was given {len(values)} times: give it once.")
    return values[0] if values and values[0] != "" else None


def _choice(args: MultiDict[str, str], name: str, allowed: Sequence[str]) -> None:
    value = _value(args, name)
    if value is not None and value not in allowed:
        raise ParameterError(f"'{name}' must be one of {', '.join(allowed)}; got {_shown(value)}.")


def _flag(args: MultiDict[str, str], name: str) -> None:
    """Yes or no, in any case ("True" is how Python's requests sends a boolean)."""
    value = _value(args, name)
    if value is not None and value.lower() not in STALLED:
        raise ParameterError(f"'{name}' must be one of {', '.join(STALLED)}; got {_shown(value)}.")


def _page(args: MultiDict[str, str]) -> None:
    """A whole number in ASCII digits (no sign, space or other script) within 1..MAX_PAGE."""
    value = _value(args, "page")
    if value is None:
        return
    digits = value.isascii() and value.isdigit() and len(value) <= len(str(MAX_PAGE))
    if not digits or not 1 <= int(value) <= MAX_PAGE:
        raise ParameterError(f"'page' must be a whole number from 1 to {MAX_PAGE}; got {_shown(value)}.")


def _search(args: MultiDict[str, str]) -> None:
    value = _value(args, "q")
    if value is not None and len(value) > SEARCH_MAX:
        raise ParameterError(f"'q' must be at most {SEARCH_MAX} characters; got {len(value)}.")


def _period_combination(args: MultiDict[str, str]) -> None:
    """One way of choosing the period: `choose_period` would silently ignore all but one of them."""
    period, days = _value(args, "period"), _value(args, "days")
    ranged = _value(args, "from") is not None or _value(args, "to") is not None
    if period is not None and days is not None and period != days:
        raise ParameterError(
            f"Give the period once: 'days' ({_shown(days)}) and 'period' ({_shown(period)}) differ."
        )
    if ranged and (days is not None or period not in (None, RANGE)):
        raise ParameterError(
            "'from' and 'to' go with period=range only, not with 'days' or another 'period'."
        )


def engagement_args(args: MultiDict[str, str], lessons: Sequence[str]) -> dict[str, str]:
    """The period and table parameters given (empty ones left out), each checked; ParameterError
    names every unusable one at once, so a client fixes them in one go."""
    checks: list[Callable[[], object]] = [
        lambda: _choice(args, "days", DAYS),
        lambda: _choice(args, "period", PERIODS),
        lambda: _value(args, "from"),
        lambda: _value(args, "to"),
        lambda: _period_combination(args),
        lambda: _choice(args, "sort", COLUMNS),
        lambda: _choice(args, "dir", DIRECTIONS),
        lambda: _choice(args, "status", [str(status) for status in STATUSES]),
        lambda: _choice(args, "focus", lessons),
        lambda: _search(args),
        lambda: _flag(args, "stalled"),
        lambda: _page(args),
        lambda: _choice(args, "per_page", [str(size) for size in PER_PAGE]),
    ]
    problems: list[str] = []
    for check in checks:
        try:
            check()
        except ParameterError as exc:
            problems.append(str(exc))
    if problems:
        raise ParameterError(" ".join(dict.fromkeys(problems)))  # a repeated parameter is named once
    return {name: args[name] for name in (*PERIOD_PARAMS, *TABLE_PARAMS) if args.get(name)}
