"""The dashboard's trend charts as server-side SVG: no script, no external library, no network.

Each chart comes in two layouts: a wide one (weeks along the x axis) for desktops and print, and a
narrow one (one row per week) for phones, so its text stays at 12 px instead of shrinking with
the drawing. Every interpolated text is escaped; numbers are formatted here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from service.analytics import WeekPoint

WIDE_W, WIDE_H = 700, 270
LEFT, RIGHT, TOP, BOTTOM = 48, 10, 22, 58
NARROW_W = 330
ROW_H = 30
LABEL_W = 52
NARROW_WEEKS = 12  # a phone shows the latest weeks; the wide chart and the table show them all
GRID_LINES = 4
FONT = 'font-size="12" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'
LABEL_PX = 46  # room a week label needs on the x axis


def nice_ceiling(value: int) -> int:
    """The axis maximum: 1, 2 or 5 times a power of ten, at least `value` (and at least 1)."""
    if value <= 1:
        return 1
    magnitude = int(10 ** math.floor(math.log10(value)))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _open(width: int, height: int, ident: str, title: str, description: str, layout: str) -> list[str]:
    return [
        f'<svg class="chart chart-{layout}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" {FONT} role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]


def _week(point: WeekPoint) -> str:
    return point.week_start.strftime("%d %b")


def _label_every(count: int, plot_w: float) -> int:
    return max(1, math.ceil(count * LABEL_PX / plot_w)) if count else 1


def _svg(parts: list[str]) -> Markup:
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text above is escaped or a number


def weekly_chart(
    points: Sequence[WeekPoint], title: str = "Emails sent and answered per week", narrow: bool = False
) -> Markup:
    """Bars per ISO week (sent, answered) with a y axis (wide) or one row per week (narrow)."""
    description = _volume_description(points)
    if narrow:
        return _volume_rows(points[-NARROW_WEEKS:], title, description)
    plot_w, plot_h = WIDE_W - LEFT - RIGHT, WIDE_H - TOP - BOTTOM
    highest = max([1, *(p.sends for p in points), *(p.replies for p in points)])
    step = nice_ceiling(math.ceil(highest / GRID_LINES))
    top = step * GRID_LINES
    slot = plot_w / max(1, len(points))
    bar = max(2.0, slot * 0.36)
    every = _label_every(len(points), plot_w)
    parts = _open(WIDE_W, WIDE_H, "volume-wide", title, description, "wide")
    for line in range(GRID_LINES + 1):
        value = step * line
        y = TOP + plot_h - plot_h * line / GRID_LINES
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDE_W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value:,}</text>')
    for index, point in enumerate(points):
        x0 = LEFT + index * slot + (slot - 2 * bar) / 2
        for offset, (css, count, label) in enumerate(
            (("sends", point.sends, "sent"), ("replies", point.replies, "answered"))
        ):
            height = plot_h * count / top
            x = x0 + offset * bar
            y = TOP + plot_h - height
            parts.append(
                f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}">'
                f"<title>Week of {escape(_week(point))}: {count} {label}</title></rect>"
            )
        if index % every == 0:
            parts.append(
                f'<text class="axis" x="{LEFT + index * slot + slot / 2:.1f}" y="{WIDE_H - BOTTOM + 16}" '
                f'text-anchor="middle">{escape(_week(point))}</text>'
            )
    legend_y = WIDE_H - 12
    parts += _legend(LEFT, legend_y, (("sends", "Emails sent"), ("replies", "Emails answered")))
    return _svg(parts)


def _legend(x: float, y: float, items: Sequence[tuple[str, str]]) -> list[str]:
    parts = []
    for css, label in items:
        parts.append(f'<rect class="{css}" x="{x:.0f}" y="{y - 10:.0f}" width="11" height="11"/>')
        parts.append(f'<text class="axis" x="{x + 15:.0f}" y="{y:.0f}">{escape(label)}</text>')
        x += 30 + 7 * len(label)
    return parts


def _volume_rows(points: Sequence[WeekPoint], title: str, description: str) -> Markup:
    highest = max([1, *(p.sends for p in points), *(p.replies for p in points)])
    room = NARROW_W - LABEL_W - 44
    height = 30 + ROW_H * len(points)
    parts = _open(NARROW_W, height, "volume-narrow", title, description, "narrow")
    parts += _legend(0, 14, (("sends", "Emails sent"), ("replies", "Emails answered")))
    for index, point in enumerate(points):
        y = 26 + index * ROW_H
        parts.append(f'<text class="axis" x="0" y="{y + 16}">{escape(_week(point))}</text>')
        for offset, (css, count, label) in enumerate(
            (("sends", point.sends, "sent"), ("replies", point.replies, "answered"))
        ):
            width = room * count / highest
            top = y + 3 + offset * 12
            parts.append(
                f'<rect class="{css}" x="{LABEL_W}" y="{top}" width="{width:.1f}" height="10">'
                f"<title>Week of {escape(_week(point))}: {count} {label}</title></rect>"
            )
            parts.append(f'<text class="axis" x="{LABEL_W + width + 4:.1f}" y="{top + 10}">{count:,}</text>')
    return _svg(parts)


def _volume_description(points: Sequence[WeekPoint]) -> str:
    if not points:
        return "No weeks to show."
    total_sent = sum(p.sends for p in points)
    total_replies = sum(p.replies for p in points)
    return (
        f"{len(points)} weeks from {points[0].week_start:%d %b %Y}: "
        f"{total_sent} emails sent and {total_replies} answered in total."
    )
