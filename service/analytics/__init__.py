"""Engagement analytics: set-based SQL aggregates that the dashboard, exports, API and digest share."""

from __future__ import annotations

from service.analytics.kpis import Kpi, Kpis, program_kpis
from service.analytics.lessons import LessonRow, lesson_table
from service.analytics.managers import (
    STALLED_AFTER,
    ManagerPage,
    ManagerQuery,
    ManagerRow,
    iter_manager_rows,
    manager_page,
    rows_for,
    shown_page,
)
from service.analytics.periods import (
    ACTIVE_DAYS,
    PERIOD_DAYS,
    Window,
    period_days,
    periods,
    recent_weeks,
    week_start,
)
from service.analytics.series import WeekPoint, weekly_series
from service.analytics.timeline import TimelineEntry, manager_timeline

__all__ = [
    "ACTIVE_DAYS",
    "PERIOD_DAYS",
    "STALLED_AFTER",
    "Kpi",
    "Kpis",
    "LessonRow",
    "ManagerPage",
    "ManagerQuery",
    "ManagerRow",
    "TimelineEntry",
    "WeekPoint",
    "Window",
    "iter_manager_rows",
    "lesson_table",
    "manager_page",
    "manager_timeline",
    "period_days",
    "periods",
    "program_kpis",
    "recent_weeks",
    "rows_for",
    "shown_page",
    "week_start",
    "weekly_series",
]
