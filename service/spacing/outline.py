"""What to expect from a lesson, measured with the engine itself: weeks, emails, emails a week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from service.curriculum import Curriculum
from service.enums import EmailKind
from service.spacing.records import Schedule
from service.spacing.simulate import simulate

OUTLINE_START = datetime(2025, 1, 6, tzinfo=UTC)  # a Monday; any date gives the same answer
WEEKDAYS = frozenset(range(5))


@dataclass(frozen=True, slots=True)
class Outline:
    """A lesson for a manager who answers every prompt: its length and the pace of its emails."""

    weeks: int
    emails: int
    first_month_per_week: float
    later_per_week: float


_OUTLINES: dict[tuple[int, str, str], Outline] = {}


def lesson_outline(curriculum: Curriculum, slug: str, intensity: str) -> Outline:
    """Simulate the lesson (Monday to Friday, every prompt answered) up to and including its review."""
    key = (id(curriculum), slug, intensity)
    if key not in _OUTLINES:
        _OUTLINES[key] = _measure(curriculum, slug, intensity)
    return _OUTLINES[key]


def _measure(curriculum: Curriculum, slug: str, intensity: str) -> Outline:
    schedule = Schedule(slug, "UTC", time(9), WEEKDAYS, intensity, OUTLINE_START)
    journey = simulate(schedule, curriculum, until=OUTLINE_START + timedelta(days=400), replies="always")
    lesson = [plan for plan in journey.plans if plan.lesson_slug == slug]
    review = next(i for i, plan in enumerate(lesson) if plan.kind == EmailKind.REVIEW)
    sends = [plan.send_at for plan in lesson[: review + 1]]
    month = OUTLINE_START + timedelta(days=28)
    early = sum(moment < month for moment in sends)
    later_weeks = max((sends[-1] - month).days / 7, 1)
    return Outline(
        weeks=round((sends[-1] - OUTLINE_START).days / 7),
        emails=len(sends),
        first_month_per_week=round(early / 4, 1),
        later_per_week=round((len(sends) - early) / later_weeks, 1),
    )


def outline_sentence(outline: Outline) -> str:
    """The outline in words, as the subscribe page and the welcome email say it."""
    return (
        f"A lesson runs about {outline.weeks} weeks: {outline.emails} emails, about "
        f"{_per_week(outline.first_month_per_week)} a week in the first month, then about "
        f"{_per_week(outline.later_per_week)} a week, fewer if you go quiet."
    )


def _per_week(value: float) -> str:
    """1.8 -> "2", 1.5 -> "1 to 2": a pace, not a measurement."""
    if abs(value - round(value)) < 0.3 or value < 1:
        return str(max(1, round(value)))
    return f"{int(value)} to {int(value) + 1}"
