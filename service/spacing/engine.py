"""`plan_next`: from a schedule and its history to the next email and its UTC instant, or a pause."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from service.curriculum import ContentItem, Curriculum, Lesson
from service.curriculum.suggest import remaining
from service.enums import EmailKind, PauseReason
from service.spacing import calendar, rules
from service.spacing.history import Progress, read_progress
from service.spacing.records import (
    CHECKIN_CONTENT_ID,
    GRADUATION_CONTENT_ID,
    HANDOVER_CONTENT_IDS,
    CommitmentDue,
    Pause,
    Plan,
    Schedule,
    SentItem,
)


@dataclass(frozen=True, slots=True)
class _Choice:
    kind: str
    content_id: str
    reask: bool = False
    in_reply_to: str | None = None


_CHECKIN = _Choice(EmailKind.CHECKIN, CHECKIN_CONTENT_ID)


def _first_unsent(items: Sequence[ContentItem], sent: frozenset[str]) -> ContentItem | None:
    return next((item for item in items if item.id not in sent), None)


def _next_content(lesson: Lesson, progress: Progress) -> _Choice:
    """Alternate nudge -> prompt in file order; the review once both are used up."""
    nudge = _first_unsent(lesson.nudges, progress.sent_ids)
    prompt = _first_unsent(lesson.prompts, progress.sent_ids)
    if progress.last_kind_in_run == EmailKind.NUDGE and prompt is not None:
        return _Choice(EmailKind.PROMPT, prompt.id)
    chosen = nudge or prompt or lesson.review
    return _Choice(chosen.kind, chosen.id)


def _followup(lesson: Lesson, prompt_id: str, sent: frozenset[str], *, declined: bool) -> ContentItem | None:
    """The follow-up written for `prompt_id`, else the lesson's generic one; None once both are used.

    An answer that says there is none ("Nobody. Everyone was named.") gets only a follow-up written
    for that prompt to fit a no as well: "It is rarely too late to credit someone. Name them" would not.
    """
    if declined:
        written = lesson.followup_for(prompt_id)
        fits = written.fits_no and written.answers == prompt_id and written.id not in sent
        return written if fits else None
    for item in (lesson.followup_for(prompt_id), lesson.generic_followup):
        if item.id not in sent:
            return item
    return None


def _after_review(lesson: Lesson, progress: Progress, curriculum: Curriculum) -> _Choice | Pause:
    """The handover (then at most two reminders), or after all ten lessons one graduation; then pause."""
    following = remaining(curriculum, lesson.slug, progress.completed)
    if not following:
        if progress.handovers == 0:
            return _Choice(EmailKind.HANDOVER, GRADUATION_CONTENT_ID)
        return Pause(PauseReason.LESSON_COMPLETE, None)
    if progress.handovers < len(HANDOVER_CONTENT_IDS):
        return _Choice(EmailKind.HANDOVER, HANDOVER_CONTENT_IDS[progress.handovers])
    return Pause(PauseReason.LESSON_COMPLETE, following[0].slug)


def _choose(lesson: Lesson, progress: Progress, curriculum: Curriculum) -> _Choice | Pause:
    if progress.review_sent:
        return _after_review(lesson, progress, curriculum)
    if progress.checkin_since_reply:
        return Pause(PauseReason.UNRESPONSIVE)
    if progress.unanswered_streak >= rules.CHECKIN_AFTER_UNANSWERED:
        return _CHECKIN
    pending = progress.pending_prompt
    if pending is not None and not progress.prompt_answered and not progress.prompt_reasked:
        return _Choice(EmailKind.PROMPT, pending.content_id, reask=True)
    if pending is not None and progress.prompt_quotable:
        followup = _followup(lesson, pending.content_id, progress.sent_ids, declined=progress.prompt_declined)
        if followup is not None:
            return _Choice(EmailKind.FOLLOWUP, followup.id, in_reply_to=pending.content_id)
    return _next_content(lesson, progress)


def _earliest_day(choice: _Choice, progress: Progress, gap: int, schedule: Schedule, tz: ZoneInfo) -> date:
    """The first local day the choice may go out: the gap after the last send, later for a re-ask."""
    last = progress.last
    if not (progress.run_started and last is not None):
        return calendar.local_day(schedule.started_at, tz)
    day = calendar.local_day(last.sent_at, tz) + timedelta(days=gap)
    pending = progress.pending_prompt
    if choice.reask and pending is not None:
        asked = calendar.local_day(pending.sent_at, tz)
        day = max(day, calendar.add_business_days(asked, rules.REASK_MIN_BUSINESS_DAYS))
    return day


def _silence_deadline(choice: _Choice, progress: Progress, schedule: Schedule, tz: ZoneInfo) -> date | None:
    """The last local day a check-in may wait for, while prompts go unanswered; None: no check-in due."""
    if choice.kind in (EmailKind.CHECKIN, EmailKind.HANDOVER):
        return None
    if progress.unanswered_streak < rules.CHECKIN_MIN_UNANSWERED:
        return None
    waits = rules.checkin_deadline_days(schedule.weekdays)
    return calendar.local_day(progress.silence_since, tz) + timedelta(days=waits)


def _checkin_slot(
    schedule: Schedule, progress: Progress, now: datetime, tz: ZoneInfo, deadline: date
) -> datetime:
    """The first slot from the silence deadline, or from a few days after the last email when that
    slot is still within four weeks of silence: a check-in the day after a nudge reads like nagging."""
    at_deadline = _slot(schedule, progress, now, tz, deadline)
    if progress.last is None:
        return at_deadline
    spaced = calendar.local_day(progress.last.sent_at, tz) + timedelta(days=rules.CHECKIN_SPACING_DAYS)
    latest = calendar.local_day(progress.silence_since, tz) + timedelta(days=rules.CHECKIN_BY_DAYS)
    if spaced <= calendar.local_day(at_deadline, tz):
        return at_deadline
    later = _slot(schedule, progress, now, tz, spaced)
    return later if calendar.local_day(later, tz) <= latest else at_deadline


def _check_inputs(schedule: Schedule, history: Sequence[SentItem], now: datetime) -> None:
    instants = [now, schedule.started_at, *(item.sent_at for item in history)]
    if schedule.resumed_at is not None:
        instants.append(schedule.resumed_at)
    if any(instant.utcoffset() is None for instant in instants):
        raise ValueError("now, started_at, resumed_at and sent_at must be timezone-aware")
    if not schedule.weekdays or not schedule.weekdays <= frozenset(range(7)):
        raise ValueError(f"weekdays must be a non-empty subset of 0..6, got {sorted(schedule.weekdays)}")
    if schedule.intensity not in rules.INTENSITY_FACTORS:
        raise ValueError(f"unknown intensity {schedule.intensity!r}")
    if schedule.send_time.tzinfo is not None:
        raise ValueError("send_time must be a naive local wall time")


def plan_next(
    schedule: Schedule,
    history: Sequence[SentItem],
    now: datetime,
    curriculum: Curriculum,
    commitments: Sequence[CommitmentDue] = (),
) -> Plan | Pause:
    """The next coaching email for `schedule` given everything already sent, or why to pause.

    Pure and deterministic. Call it again when a reply arrives (the plan may change) and at the
    due time: a plan whose `send_at` is later than `now` is not due yet. `commitments` are the
    check-backs owed; one goes out at the first slot after its date, ahead of the lesson's email.
    """
    _check_inputs(schedule, history, now)
    tz = calendar.zone(schedule.timezone)
    progress = read_progress(schedule, history)
    lesson_plan = _plan_lesson(schedule, progress, now, curriculum, tz)
    if isinstance(lesson_plan, Pause) and lesson_plan.reason == PauseReason.UNRESPONSIVE:
        return lesson_plan
    checkback = _plan_checkback(schedule, progress, now, commitments, tz)
    if checkback is not None and (isinstance(lesson_plan, Pause) or checkback.send_at <= lesson_plan.send_at):
        return checkback
    return lesson_plan


def _not_before(schedule: Schedule, now: datetime) -> datetime:
    starts = [schedule.started_at, now - rules.LATE_GRACE]
    if schedule.resumed_at is not None:
        starts.append(schedule.resumed_at)
    return max(starts)


def _slot(
    schedule: Schedule, progress: Progress, now: datetime, tz: ZoneInfo, earliest_day: date
) -> datetime:
    """The first allowed slot on or after `earliest_day`, on a local day with no coaching email yet."""
    return calendar.next_slot(
        earliest_day=earliest_day,
        at=schedule.send_time,
        tz=tz,
        weekdays=schedule.weekdays,
        not_before=_not_before(schedule, now),
        after_day=_last_day(progress, tz),
    )


def _last_day(progress: Progress, tz: ZoneInfo) -> date | None:
    """The latest local day that already had a coaching email (lesson or check-back)."""
    sent = [item.sent_at for item in (progress.last, progress.last_side) if item is not None]
    return calendar.local_day(max(sent), tz) if sent else None


def _plan_checkback(
    schedule: Schedule,
    progress: Progress,
    now: datetime,
    commitments: Sequence[CommitmentDue],
    tz: ZoneInfo,
) -> Plan | None:
    """The earliest check-back owed, at the first slot after the date named. A kept commitment
    resurfaces on its day unless another check-back went out in the two weeks before (then that
    one resurfacing is skipped: never a pile of them); when a fresh check-back falls on the same
    slot, the fresh one goes (a step just taken comes before one kept weeks ago)."""
    last_side = calendar.local_day(progress.last_side.sent_at, tz) if progress.last_side else None
    options: list[tuple[date, str, CommitmentDue]] = []
    for due in commitments:
        if due.key in progress.side_sent:
            continue
        if not due.resurface:
            options.append((due.due_on + timedelta(days=rules.CHECKBACK_AFTER_DAYS), due.key, due))
        elif _may_resurface(due, last_side, calendar.local_day(now, tz)):
            options.append((due.due_on, due.key, due))
    if not options:
        return None
    slots = [
        (_slot(schedule, progress, now, tz, day), due.resurface, day, key, due) for day, key, due in options
    ]
    send_at, _, _, key, due = min(slots, key=lambda slot: slot[:4])
    return Plan(EmailKind.COMMITMENT, key, schedule.lesson_slug, send_at, due_on=due.due_on)


def _may_resurface(due: CommitmentDue, last_side: date | None, today: date) -> bool:
    """Two weeks clear of the last check-back, and not stale (a missed day is skipped, not caught up)."""
    clear = last_side is None or due.due_on >= last_side + timedelta(days=rules.RESURFACE_GAP_DAYS)
    return clear and due.due_on >= today - timedelta(days=rules.RESURFACE_STALE_DAYS)


def _plan_lesson(
    schedule: Schedule, progress: Progress, now: datetime, curriculum: Curriculum, tz: ZoneInfo
) -> Plan | Pause:
    """The lesson's next email (nudge, prompt, follow-up, check-in, review), or why to pause."""
    lesson = curriculum.lesson(schedule.lesson_slug)
    choice = _choose(lesson, progress, curriculum)
    if isinstance(choice, Pause):
        return choice

    last = progress.last
    gap = rules.gap_days(
        progress.steps,
        schedule.intensity,
        substantive_reply=progress.last_substantive
        or (progress.pending_prompt is not None and progress.prompt_substantive),
        reask=choice.reask or choice.kind == EmailKind.CHECKIN,
        halved=progress.unanswered_streak >= rules.HALVE_AFTER_UNANSWERED,
    )
    if choice.kind == EmailKind.HANDOVER:  # time to answer the review, then a week between reminders
        gap = rules.HANDOVER_REMINDER_DAYS if progress.handovers else rules.HANDOVER_AFTER_REVIEW_DAYS

    send_at = _slot(schedule, progress, now, tz, _earliest_day(choice, progress, gap, schedule, tz))
    deadline = _silence_deadline(choice, progress, schedule, tz)
    if deadline is not None and calendar.local_day(send_at, tz) > deadline:
        # Weeks of silence: ask "still want these?" before the next lesson email would go out.
        choice, send_at = _CHECKIN, _checkin_slot(schedule, progress, now, tz, deadline)
        if last is not None:
            gap = max(rules.MIN_GAP_DAYS, (deadline - calendar.local_day(last.sent_at, tz)).days)
    return Plan(
        choice.kind,
        choice.content_id,
        lesson.slug,
        send_at,
        reask=choice.reask,
        gap_days=gap,
        in_reply_to=choice.in_reply_to,
    )
