"""The rates trend chart: reply rate to prompts (by week sent) and commitments kept (by week due),
each point with its sample size. Wide (weeks along the x axis) and narrow (a row per week) layouts,
as in chart.py; the commitments line appears once any commitment has come due."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from service.analytics import WeekPoint
from service.leads.chart import (
    BOTTOM,
    GRID_LINES,
    LABEL_W,
    LEFT,
    NARROW_W,
    NARROW_WEEKS,
    RIGHT,
    ROW_H,
    TOP,
    WIDE_H,
    WIDE_W,
    _label_every,
    _legend,
    _open,
    _svg,
    _week,
)


@dataclass(frozen=True, slots=True)
class Rate:
    """One line of the chart: how to read its value and sample size from a week."""

    css: str
    label: str
    noun: str
    value: Callable[[WeekPoint], float | None]
    base: Callable[[WeekPoint], int]


REPLIES = Rate("rate", "Reply rate to prompts", "prompts", lambda p: p.reply_rate, lambda p: p.prompts)
KEPT = Rate("kept", "Commitments kept", "due", lambda p: p.kept_rate, lambda p: p.commitments_due)


def percent(value: float) -> str:
    return f"{value:.0f}%" if value in (0, 100) else f"{value:.1f}%"


def rates_shown(points: Sequence[WeekPoint]) -> tuple[Rate, ...]:
    """Reply rate always; commitments kept once any commitment has come due."""
    return (REPLIES, KEPT) if any(point.commitments_due for point in points) else (REPLIES,)


def rate_chart(
    points: Sequence[WeekPoint], title: str = "Reply rate and commitments kept, by week", narrow: bool = False
) -> Markup:
    """Each week's rates with n (the sample size) beside them."""
    rates = rates_shown(points)
    description = _description(points, rates)
    if narrow:
        return _rows(points[-NARROW_WEEKS:], rates, title, description)
    plot_w, plot_h = WIDE_W - LEFT - RIGHT, WIDE_H - TOP - BOTTOM
    slot = plot_w / max(1, len(points))
    every = _label_every(len(points), plot_w)
    parts = _open(WIDE_W, WIDE_H, "rate-wide", title, description, "wide")
    for line in range(GRID_LINES + 1):
        y = TOP + plot_h - plot_h * line / GRID_LINES
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDE_W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{25 * line}%</text>'
        )
    marks: list[str] = []
    for index, point in enumerate(points):
        if index % every == 0:
            x = LEFT + index * slot + slot / 2
            sizes = " · ".join(f"{rate.base(point):,}" for rate in rates)
            marks.append(
                f'<text class="axis" x="{x:.1f}" y="{WIDE_H - BOTTOM + 16}" text-anchor="middle">'
                f"{escape(_week(point))}</text>"
                f'<text class="axis muted" x="{x:.1f}" y="{WIDE_H - BOTTOM + 31}" text-anchor="middle">'
                f"n {sizes}</text>"
            )
    for offset, rate in enumerate(rates):
        runs: list[list[str]] = [[]]  # consecutive weeks with a value are joined by a line
        for index, point in enumerate(points):
            value = rate.value(point)
            if value is None:
                runs.append([])
                continue
            x = LEFT + index * slot + slot / 2
            y = TOP + plot_h - plot_h * value / 100
            runs[-1].append(f"{x:.1f},{y:.1f}")
            marks.append(
                f'<circle class="{rate.css}" cx="{x:.1f}" cy="{y:.1f}" r="4"><title>Week of '
                f"{escape(_week(point))}: {escape(rate.label)} {percent(value)} of {rate.base(point):,} "
                f"{rate.noun}</title></circle>"
            )
            if index % every == 0:
                label_y = y - 9 if _label_above(rates, offset, point, value) else y + 17
                marks.append(
                    f'<text class="axis value {rate.css}" x="{x:.1f}" y="{label_y:.1f}" text-anchor="middle">'
                    f"{percent(value)}</text>"
                )
        parts += [f'<polyline class="{rate.css}" points="{" ".join(run)}"/>' for run in runs if len(run) > 1]
    parts += marks
    nouns = " · ".join(rate.noun for rate in rates)
    legend = [(rate.css, rate.label) for rate in rates] + [("none", f"n = {nouns}")]
    parts += _legend(LEFT, WIDE_H - 8, legend)
    return _svg(parts)


def _label_above(rates: Sequence[Rate], offset: int, point: WeekPoint, value: float) -> bool:
    """Labels point away from each other: the higher value's above, the lower one's below (ties: the
    first rate above), unless below would fall off the plot."""
    for other, rate in enumerate(rates):
        theirs = rate.value(point) if other != offset else None
        if theirs is not None and (theirs > value or (theirs == value and other < offset)):
            return value < 15
    return True


def _rows(points: Sequence[WeekPoint], rates: Sequence[Rate], title: str, description: str) -> Markup:
    room = NARROW_W - LABEL_W - 100
    row = ROW_H if len(rates) == 1 else ROW_H + 10
    height = 30 + row * len(points)
    parts = _open(NARROW_W, height, "rate-narrow", title, description, "narrow")
    parts += _legend(0, 14, [(rate.css, rate.label) for rate in rates])
    for index, point in enumerate(points):
        y = 26 + index * row
        parts.append(f'<text class="axis" x="0" y="{y + 16}">{escape(_week(point))}</text>')
        for offset, rate in enumerate(rates):
            top = y + 3 + offset * 14
            parts.append(f'<rect class="track" x="{LABEL_W}" y="{top}" width="{room}" height="11"/>')
            value = rate.value(point)
            text_x = LABEL_W + room + 6
            if value is None:
                parts.append(f'<text class="axis muted" x="{text_x}" y="{top + 10}">none</text>')
                continue
            width = room * value / 100
            parts.append(
                f'<rect class="{rate.css}" x="{LABEL_W}" y="{top}" width="{width:.1f}" height="11">'
                f"<title>Week of {escape(_week(point))}: {escape(rate.label)} {percent(value)} of "
                f"{rate.base(point):,} {rate.noun}</title></rect>"
            )
            parts.append(
                f'<text class="axis" x="{text_x}" y="{top + 10}">{percent(value)} '
                f'<tspan class="muted">of {rate.base(point):,}</tspan></text>'
            )
    return _svg(parts)


def _description(points: Sequence[WeekPoint], rates: Sequence[Rate]) -> str:
    parts = []
    for rate in rates:
        shown = [(p, rate.value(p)) for p in points]
        weeks = [
            f"week of {_week(p)}: {percent(v)} of {rate.base(p)} {rate.noun}"
            for p, v in shown
            if v is not None
        ]
        parts.append(f"{rate.label}: " + ("; ".join(weeks) if weeks else "no data yet") + ".")
    return " ".join(parts)
