"""The weekly sends-and-replies chart as server-side SVG: no script, no external library, no network."""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from service.analytics import WeekPoint

WIDTH, HEIGHT = 760, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 44
GRID_LINES = 4


def nice_ceiling(value: int) -> int:
    """The axis maximum: 1, 2 or 5 times a power of ten, at least `value` (and at least 1)."""
    if value <= 1:
        return 1
    magnitude = int(10 ** math.floor(math.log10(value)))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def weekly_chart(points: Sequence[WeekPoint], title: str = "Emails sent and answered per week") -> Markup:
    """Grouped bars per ISO week (sent, answered) with a y axis, week labels and a legend."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    highest = max([1, *(p.sends for p in points), *(p.replies for p in points)])
    step = nice_ceiling(math.ceil(highest / GRID_LINES))
    top = step * GRID_LINES
    slot = plot_w / max(1, len(points))
    bar = max(2.0, slot * 0.36)
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(_description(points))}</desc>',
    ]
    for line in range(GRID_LINES + 1):
        value = step * line
        y = TOP + plot_h - plot_h * line / GRID_LINES
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value:,}</text>')
    for index, point in enumerate(points):
        x0 = LEFT + index * slot + (slot - 2 * bar) / 2
        for offset, (css, count, label) in enumerate(
            (("sends", point.sends, "sent"), ("replies", point.replies, "answered"))
        ):
            height = plot_h * count / top
            x = x0 + offset * bar
            y = TOP + plot_h - height
            week = point.week_start.strftime("%d %b")
            parts.append(
                f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}">'
                f"<title>Week of {escape(week)}: {count} {label}</title></rect>"
            )
        parts.append(
            f'<text class="axis" x="{LEFT + index * slot + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle">{escape(point.week_start.strftime("%d %b"))}</text>'
        )
    legend_y = HEIGHT - 10
    parts.append(f'<rect class="sends" x="{LEFT}" y="{legend_y - 9}" width="10" height="10"/>')
    parts.append(f'<text class="axis" x="{LEFT + 14}" y="{legend_y}">Emails sent</text>')
    parts.append(f'<rect class="replies" x="{LEFT + 110}" y="{legend_y - 9}" width="10" height="10"/>')
    parts.append(f'<text class="axis" x="{LEFT + 124}" y="{legend_y}">Emails answered</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text above is escaped or a number


def _description(points: Sequence[WeekPoint]) -> str:
    if not points:
        return "No weeks to show."
    total_sent = sum(p.sends for p in points)
    total_replies = sum(p.replies for p in points)
    return (
        f"{len(points)} weeks from {points[0].week_start:%d %b %Y}: "
        f"{total_sent} emails sent and {total_replies} answered in total."
    )
