"""The dashboard figures as JSON for their Redis snapshot, and back (never pickle: Redis is shared)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from service.analytics.kpis import Headline, Kpi, Kpis
from service.analytics.lessons import LessonRow
from service.analytics.periods import Period, Window
from service.analytics.series import WeekPoint
from service.analytics.voices import Quote, Stalled

if TYPE_CHECKING:
    from service.analytics.figures import Figures

VERSION = 3  # bump when the shape changes: an older snapshot is then recomputed, not misread


def _window(window: Window | None) -> list[str] | None:
    return None if window is None else [window.start.isoformat(), window.end.isoformat()]


def _unwindow(pair: list[str] | None) -> Window | None:
    return None if pair is None else Window(datetime.fromisoformat(pair[0]), datetime.fromisoformat(pair[1]))


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _undate(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def figures_to_json(figures: Figures) -> str:
    period = figures.period
    kpis = figures.kpis
    return json.dumps(
        {
            "version": VERSION,
            "computed_at": figures.computed_at.isoformat(),
            "period": {"key": period.key, "current": _window(period.current),
                       "previous": _window(period.previous), "first_day": _day(period.first_day),
                       "last_day": _day(period.last_day)},
            "headline": asdict(figures.headline),
            "kpis": {"period": _window(kpis.period), "previous": _window(kpis.previous),
                     "items": [asdict(kpi) for kpi in kpis.items], "subscribers": kpis.subscribers_by_lesson},
            "series": [[p.week_start.isoformat(), p.sends, p.replies, p.prompts, p.prompts_answered,
                        p.commitments_due, p.commitments_kept] for p in figures.series],
            "lessons": [asdict(row) for row in figures.lessons],
            "quotes": [{**asdict(q), "received_at": q.received_at.isoformat()} for q in figures.quotes],
            "stalled": [{**asdict(s), "since": s.since.isoformat()} for s in figures.stalled],
            "stalled_total": figures.stalled_total,
        }
    )  # fmt: skip


def figures_from_json(cls: type[Figures], raw: str | bytes) -> Figures:
    """The snapshot's figures; ValueError/KeyError/TypeError when it is not one this code wrote."""
    data: dict[str, Any] = json.loads(raw)
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ValueError("snapshot of another version")
    p = data["period"]
    current = _unwindow(p["current"])
    if current is None:
        raise ValueError("snapshot without a period")
    period = Period(
        p["key"], current, _unwindow(p["previous"]), _undate(p["first_day"]), _undate(p["last_day"])
    )
    k = data["kpis"]
    kpis = Kpis(
        _unwindow(k["period"]) or current,
        _unwindow(k["previous"]),
        tuple(Kpi(**item) for item in k["items"]),
        dict(k["subscribers"]),
    )
    series = [WeekPoint(datetime.fromisoformat(start), *counts) for start, *counts in data["series"]]
    quotes = [Quote(**{**q, "received_at": datetime.fromisoformat(q["received_at"])}) for q in data["quotes"]]
    stalled = [Stalled(**{**s, "since": datetime.fromisoformat(s["since"])}) for s in data["stalled"]]
    return cls(
        computed_at=datetime.fromisoformat(data["computed_at"]),
        period=period,
        headline=Headline(**data["headline"]),
        kpis=kpis,
        series=series,
        lessons=[LessonRow(**row) for row in data["lessons"]],
        quotes=quotes,
        stalled=stalled,
        stalled_total=int(data["stalled_total"]),
    )
