"""What the dashboard and the forwarded report show about one program, built from its figures once
so the web page and `coach report` say exactly the same thing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup

from service.analytics.figures import Figures
from service.analytics.managers import STALLED_AFTER
from service.analytics.periods import ACTIVE_DAYS, PROGRAM_TO_DATE, Period
from service.leads.chart import weekly_chart
from service.leads.rate_chart import rate_chart
from service.models import Program

GAPS_NOTE = (
    "Fewer emails per week is by design: within a lesson the gaps between emails widen (lesson days "
    "0, 2, 4, 7, 10, 14, 18, 23, 28…), so weekly volume falls as managers progress. Judge engagement by "
    "the reply rate, not by volume."
)
RATE_NOTE = (
    "Reply rate: of the prompts sent that week, the share answered at any time since. Commitments kept: "
    "of the commitments that fell due that week, the share the manager marked done. The latest weeks may "
    "still rise as answers come in. n = the sample size of each."
)
NO_COMMITMENTS = (
    'Commitments kept appears here once commitments managers make in their replies ("I will…") come due.'
)


def _day(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%d %b %Y")


def _moment(moment: datetime, tz: ZoneInfo) -> str:
    """A rolling window's edge to the minute: "22 Nov 2026 00:36" (a day alone reads as one day too many)."""
    return moment.astimezone(tz).strftime("%d %b %Y %H:%M")


def period_label(period: Period, now: datetime, tz: ZoneInfo) -> str:
    """The period in words, e.g. "Last 28 days" or "01 Mar 2025 to 31 Mar 2025"."""
    if period.key == PROGRAM_TO_DATE:
        return f"Program to date (since {_day(period.current.start, tz)})"
    if period.key == "range" and period.first_day and period.last_day:
        return f"{period.first_day:%d %b %Y} to {period.last_day:%d %b %Y}"
    return f"Last {period.key} days"


def comparison_label(period: Period, tz: ZoneInfo) -> str:
    if period.previous is None:
        return "No earlier period to compare with."
    previous = period.previous
    return (
        f"Compared with the same length of time just before: {_moment(previous.start, tz)} to "
        f"{_moment(previous.end, tz)}."
    )


def _rate_note(figures: Figures) -> str:
    if any(point.commitments_due for point in figures.series):
        return RATE_NOTE
    return f"{RATE_NOTE} {NO_COMMITMENTS}"


def charts(figures: Figures) -> dict[str, Markup]:
    """The trend charts, each as a wide and a narrow (phone) SVG."""
    return {
        "volume_wide": weekly_chart(figures.series, narrow=False),
        "volume_narrow": weekly_chart(figures.series, narrow=True),
        "rate_wide": rate_chart(figures.series, narrow=False),
        "rate_narrow": rate_chart(figures.series, narrow=True),
    }


def dashboard_context(
    program: Program, figures: Figures, tz: ZoneInfo, report: bool = False
) -> dict[str, object]:
    """Template variables of the dashboard's figures (everything but the live manager table)."""
    period = figures.period
    return {
        "report": report,
        "zone_name": tz.key,
        "active_days": ACTIVE_DAYS,
        "stalled_after": STALLED_AFTER,
        "program": program,
        "figures": figures,
        "period": period,
        "period_label": period_label(period, figures.computed_at, tz),
        "comparison_label": comparison_label(period, tz),
        "headline": figures.headline,
        "kpis": figures.kpis,
        "series": figures.series,
        "charts": charts(figures),
        "gaps_note": GAPS_NOTE,
        "rate_note": _rate_note(figures),
        "lesson_rows": figures.lessons,
        "quotes": figures.quotes,
        "stalled": figures.stalled,
        "stalled_total": figures.stalled_total,
    }
