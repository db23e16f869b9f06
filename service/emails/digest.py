"""The lead's weekly digest: turn the numbers the leads area stores into rows the template shows.

The digest Message's `context` (written by the leads area) looks like this; every list may be empty:
    {"program_name": "...",                      # optional: the Program row's name is the default
     "period_start": "2025-03-03", "period_end": "2025-03-09",
     "kpis": [{"label": "Reply rate", "value": 0.42, "previous": 0.38,
               "unit": "percent",                # count (default) | percent (a 0..1 fraction) | hours | days
               "higher_is_better": true}],       # optional, default true
     "stalled": [{"name": "...", "email": "...", "lesson_slug": "...", "unanswered": 3}],
     "unsubscribes": [{"name": "...", "email": "...", "lesson_slug": "..."}],
     "excerpts": [{"name": "...", "lesson_slug": "...", "text": "..."}],   # consented replies only
     "stop_digest_url": "https://..."}           # optional: where a lead turns the digest off
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.emails.formatting import clip

EXCERPT_CHARS = 280
DASH = "\u2013"  # en dash: ranges of dates, and "no value"
MAX_ROWS = 10  # longer lists end with "and N more"; the dashboard has the rest
UNITS = ("count", "percent", "hours", "days")


class DigestError(ValueError):
    """The stored digest context is missing a field or has one of the wrong type."""


@dataclass(frozen=True, slots=True)
class KpiRow:
    """One KPI as shown: this week, last week, and the change with its direction."""

    label: str
    value: str
    previous: str
    change: str
    trend: str  # better | worse | same | new


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A manager named in the digest (stalled, unsubscribed, or quoted with consent)."""

    name: str
    email: str
    lesson: str
    detail: str


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DigestError(f"digest: {where} must be a number or null")
    return float(value)


def _format(value: float | None, unit: str) -> str:
    if value is None:
        return DASH
    if unit == "percent":
        return f"{value * 100:.0f}%"
    if unit == "hours":
        return f"{value:.1f} h"
    if unit == "days":
        return f"{value:.1f} days"
    return f"{round(value):,}"


def _shown(value: float, unit: str) -> float:
    """A value rounded as `_format` shows it."""
    if unit == "percent":
        return float(round(value * 100))
    if unit in ("hours", "days"):
        return round(value, 1)
    return float(round(value))


def _shown_change(value: float, previous: float, unit: str) -> float:
    """The difference of the two figures as shown, so "71% (last week 71%)" never reads "+1 pts"."""
    return round(_shown(value, unit) - _shown(previous, unit), 1)


def _change(shown: float, unit: str) -> str:
    if unit == "percent":
        return f"{shown:+.0f} pts"
    if unit == "hours":
        return f"{shown:+.1f} h"
    if unit == "days":
        return f"{shown:+.1f} days"
    return f"{round(shown):+,}"


def kpi_row(raw: Mapping[str, Any], index: int) -> KpiRow:
    """Format one KPI for the digest table."""
    where = f"kpis[{index}]"
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        raise DigestError(f"digest: {where}.label is required")
    unit = raw.get("unit", "count")
    if unit not in UNITS:
        raise DigestError(f"digest: {where}.unit must be one of {', '.join(UNITS)}")
    value = _number(raw.get("value"), f"{where}.value")
    previous = _number(raw.get("previous"), f"{where}.previous")
    if value is None or previous is None:
        return KpiRow(label, _format(value, unit), _format(previous, unit), "", "new")
    shown = _shown_change(value, previous, unit)
    if shown == 0:
        return KpiRow(label, _format(value, unit), _format(previous, unit), "no change", "same")
    better = (shown > 0) == bool(raw.get("higher_is_better", True))
    trend = "better" if better else "worse"
    return KpiRow(label, _format(value, unit), _format(previous, unit), _change(shown, unit), trend)


def _rows(
    raw: Any, key: str, lesson_title: Callable[[str], str], detail: Callable[[Mapping[str, Any]], str]
) -> list[PersonRow]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise DigestError(f"digest: {key} must be a list")
    rows = []
    for index, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise DigestError(f"digest: {key}[{index}] must be an object")
        email = str(item.get("email") or "")
        name = str(item.get("name") or "") or email or "A manager"
        slug = str(item.get("lesson_slug") or "")
        rows.append(PersonRow(name, email, lesson_title(slug) if slug else "", detail(item)))
    return rows


def _stalled_detail(item: Mapping[str, Any]) -> str:
    count = item.get("unanswered")
    return f"{count} questions unanswered in a row" if isinstance(count, int) and count > 0 else ""


def period_label(start: date, end: date) -> str:
    """The week in words, e.g. 3-9 March 2025 (with an en dash), spanning months or years as needed."""
    if start.year != end.year:
        return f"{start.day} {start:%B %Y} {DASH} {end.day} {end:%B %Y}"
    if start.month != end.month:
        return f"{start.day} {start:%B} {DASH} {end.day} {end:%B %Y}"
    return f"{start.day}{DASH}{end.day} {end:%B %Y}"


def _date(raw: Mapping[str, Any], key: str) -> date:
    value = raw.get(key)
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DigestError(f"digest: {key} must be an ISO date (YYYY-MM-DD)") from None


def digest_context(raw: Mapping[str, Any], lesson_title: Callable[[str], str]) -> dict[str, Any]:
    """The template's view of a stored digest context (see the module docstring for its shape)."""
    kpis_raw = raw.get("kpis") or []
    if not isinstance(kpis_raw, Sequence) or isinstance(kpis_raw, str):
        raise DigestError("digest: kpis must be a list")
    kpis = [kpi_row(item if isinstance(item, Mapping) else {}, i) for i, item in enumerate(kpis_raw)]
    stalled = _rows(raw.get("stalled"), "stalled", lesson_title, _stalled_detail)
    unsubscribes = _rows(raw.get("unsubscribes"), "unsubscribes", lesson_title, lambda _: "")
    excerpts = _rows(
        raw.get("excerpts"),
        "excerpts",
        lesson_title,
        lambda item: clip(str(item.get("text") or ""), EXCERPT_CHARS),
    )
    stop = raw.get("stop_digest_url")
    return {
        "headline": digest_headline(kpis, len(stalled), len(unsubscribes)),
        "period_label": period_label(_date(raw, "period_start"), _date(raw, "period_end")),
        "kpis": kpis,
        "stalled": stalled[:MAX_ROWS],
        "stalled_count": len(stalled),
        "stalled_more": max(0, len(stalled) - MAX_ROWS),
        "unsubscribes": unsubscribes[:MAX_ROWS],
        "unsubscribes_count": len(unsubscribes),
        "unsubscribes_more": max(0, len(unsubscribes) - MAX_ROWS),
        "excerpts": [row for row in excerpts if row.detail][:3],
        "stop_digest_url": stop
        if isinstance(stop, str) and stop.startswith(("https://", "http://"))
        else None,
    }


def digest_headline(kpis: Sequence[KpiRow], stalled: int, unsubscribes: int) -> str:
    """The preheader: the first two KPIs and what needs attention, in one line."""
    parts = [
        f"{row.label} {row.value}" + (f" ({row.change})" if row.trend in ("better", "worse") else "")
        for row in kpis[:2]
    ]
    parts.append(f"{stalled} newly stalled" if stalled else "nobody newly stalled")
    if unsubscribes:
        parts.append(f"{unsubscribes} unsubscribed")
    return " · ".join(parts)
