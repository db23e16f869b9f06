"""`coach curriculum` lists the lessons; `coach journey` simulates one manager's emails with the engine."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import click

from service.curriculum import ContentItem, Curriculum, CurriculumError, Lesson, load_curriculum
from service.enums import EmailKind
from service.models.coaching import DEFAULT_WEEKDAYS
from service.spacing import REPLY_PATTERNS, Journey, Plan, Schedule, parse_weekdays, simulate, zone
from service.spacing.rules import DEFAULT_INTENSITY, INTENSITY_FACTORS

MAX_JOURNEY_DAYS = 730
DEFAULT_JOURNEY_DAYS = 90
EARLIEST_START = date(1970, 1, 1)
LATEST_START = date(2200, 12, 31)


def _curriculum_or_exit() -> Curriculum:
    try:
        return load_curriculum()
    except CurriculumError as exc:
        raise click.ClickException(str(exc)) from None


def _item_json(item: ContentItem) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "kind": item.kind, "subject": item.subject, "text": item.text}
    if item.action:
        data["action"] = item.action
    if item.question:
        data["question"] = item.question
    if item.kind == EmailKind.FOLLOWUP:
        data["answers"] = item.answers
        data["fits_no"] = item.fits_no
    return data


def _lesson_json(lesson: Lesson) -> dict[str, Any]:
    return {
        "number": lesson.number,
        "slug": lesson.slug,
        "title": lesson.title,
        "tagline": lesson.tagline,
        "summary": lesson.summary,
        "why_it_matters": lesson.why_it_matters,
        "qualities": list(lesson.qualities),
        "benefits": list(lesson.benefits),
        "nudges": [_item_json(item) for item in lesson.nudges],
        "prompts": [_item_json(item) for item in lesson.prompts],
        "followups": [_item_json(item) for item in lesson.followups],
        "review": _item_json(lesson.review),
    }


@click.command("curriculum")
@click.option("--json", "as_json", is_flag=True, help="Print every lesson with its content as JSON.")
def curriculum(as_json: bool) -> None:
    """List the ten lessons (validated lesson files)."""
    lessons = _curriculum_or_exit().lessons
    if as_json:
        click.echo(json.dumps([_lesson_json(lesson) for lesson in lessons], indent=2, ensure_ascii=False))
        return
    click.echo(f"{'#':>2}  {'slug':<34} nudges prompts followups  title")
    for lesson in lessons:
        click.echo(
            f"{lesson.number:>2}  {lesson.slug:<34} {len(lesson.nudges):>6} {len(lesson.prompts):>7} "
            f"{len(lesson.followups):>9}  {lesson.title}"
        )


def _timezone(ctx: click.Context, param: click.Parameter, value: str) -> ZoneInfo:
    try:
        return zone(value)
    except ValueError as exc:
        raise click.BadParameter(f"{exc}; use an IANA name such as Europe/Berlin") from None


def _start(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None  # today in --tz, worked out once the zone is known
    try:
        day = date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        day = None
    if day is None:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD")
    if not EARLIEST_START <= day <= LATEST_START:
        raise click.BadParameter(f"must lie between {EARLIEST_START} and {LATEST_START}")
    return day


def _send_time(ctx: click.Context, param: click.Parameter, value: str) -> time:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise click.BadParameter(f"{value!r} is not a time in the form HH:MM (00:00-23:59)")
    return time(int(match[1]), int(match[2]))


def _weekdays(ctx: click.Context, param: click.Parameter, value: str) -> frozenset[int]:
    try:
        return parse_weekdays(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _send_json(plan: Plan, replied: bool, tz: ZoneInfo, lessons: Curriculum) -> dict[str, Any]:
    """One planned send and whether the simulated manager answered it; a follow-up also names the
    prompt it was written for and the one just answered."""
    data: dict[str, Any] = {
        "send_at_utc": plan.send_at.astimezone(UTC).isoformat(),
        "send_at_local": plan.send_at.astimezone(tz).isoformat(),
        "kind": plan.kind,
        "content_id": plan.content_id,
        "lesson": plan.lesson_slug,
        "reask": plan.reask,
        "replied": replied,
    }
    if plan.kind == EmailKind.FOLLOWUP:
        data["answers"] = lessons.item(plan.content_id).answers
        data["in_reply_to"] = plan.in_reply_to
    if plan.kind == EmailKind.COMMITMENT and plan.due_on is not None:
        data["due_local"] = plan.due_on.isoformat()
        data["resurface"] = ".r" in plan.content_id
    return data


def _journey_json(journey: Journey, tz: ZoneInfo, lessons: Curriculum) -> list[dict[str, Any]]:
    return [
        _send_json(plan, item.replied, tz, lessons)
        for plan, item in zip(journey.plans, journey.history, strict=True)
    ]


def _print_table(journey: Journey, tz: ZoneInfo, start: date) -> None:
    click.echo(f"{'day':>4}  {'local time':<32} {'UTC':<16}  {'kind':<9} {'answered':<8}  content")
    for plan, item in zip(journey.plans, journey.history, strict=True):
        local = plan.send_at.astimezone(tz)
        shown = f"{local:%a %Y-%m-%d %H:%M} {local.isoformat()[-6:]} {local.tzname()}"
        note = "  (re-ask)" if plan.reask else ""
        if plan.due_on is not None and ".r" in plan.content_id:
            note = f"  (a kept one, asked again: {plan.due_on:%a %Y-%m-%d})"
        elif plan.due_on is not None:
            note = f"  (date named: {plan.due_on:%a %Y-%m-%d})"
        click.echo(
            f"{(local.date() - start).days:>4}  {shown:<32} {plan.send_at.astimezone(UTC):%Y-%m-%d %H:%M}  "
            f"{plan.kind:<9} {'yes' if item.replied else '':<8}  {plan.content_id}{note}"
        )
    pause = journey.pause
    summary = f"{len(journey.plans)} emails; "
    if pause is None:
        click.echo(summary + "the window ended before any pause")
    elif pause.next_lesson:
        click.echo(summary + f"paused: {pause.reason} (next lesson offered: {pause.next_lesson})")
    else:
        click.echo(summary + f"paused: {pause.reason}")


@click.command("journey")
@click.option("--focus", required=True, metavar="SLUG", help="Lesson slug (see `coach curriculum`).")
@click.option(
    "--tz", "tz", default="UTC", show_default=True, metavar="TZ", callback=_timezone, help="IANA timezone."
)
@click.option(
    "--start", metavar="YYYY-MM-DD", callback=_start, help="First local day.  [default: today in --tz]"
)
@click.option(
    "--days",
    default=DEFAULT_JOURNEY_DAYS,
    show_default=True,
    type=click.IntRange(1, MAX_JOURNEY_DAYS),
    help="Days to simulate.",
)
@click.option("--send-time", default="09:00", show_default=True, metavar="HH:MM", callback=_send_time)
@click.option("--weekdays", default=DEFAULT_WEEKDAYS, show_default=True, callback=_weekdays)
@click.option(
    "--replies",
    type=click.Choice(REPLY_PATTERNS),
    default="every-other",
    show_default=True,
    help="How the simulated manager answers: never; always (every prompt, 40 words); every-other prompt; "
    "went-quiet (answers its first two weeks only); commitments (dated promises, then Done at each "
    'check-back); nothing ("Nobody comes to mind this week": answered, nothing to quote); no ("Nobody. '
    'Everyone was named.": answered, a follow-up only where one was written to fit a no).',
)
@click.option(
    "--intensity", type=click.Choice(tuple(INTENSITY_FACTORS)), default=DEFAULT_INTENSITY, show_default=True
)
@click.option("--json", "as_json", is_flag=True, help="Print the sends as a JSON list.")
def journey(
    focus: str,
    tz: ZoneInfo,
    start: date | None,
    days: int,
    send_time: time,
    weekdays: frozenset[int],
    replies: str,
    intensity: str,
    as_json: bool,
) -> None:
    """Simulate one manager's emails with the spacing engine, from local midnight of --start."""
    lessons = _curriculum_or_exit()
    if focus not in lessons.slugs:
        raise click.BadParameter(
            f"unknown lesson {focus!r}; choose one of: {', '.join(lessons.slugs)}", param_hint="--focus"
        )
    if start is None:
        start = datetime.now(tz).date()
    started_at = datetime.combine(start, time(0), tzinfo=tz).astimezone(UTC)
    until = datetime.combine(start + timedelta(days=days), time(0), tzinfo=tz).astimezone(UTC)
    schedule = Schedule(focus, tz.key, send_time, weekdays, intensity, started_at)
    result = simulate(schedule, lessons, until=until, replies=replies)
    if as_json:
        click.echo(json.dumps(_journey_json(result, tz, lessons), indent=2))
    else:
        _print_table(result, tz, start)


commands = [curriculum, journey]
