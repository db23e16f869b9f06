"""Simulate one manager's journey with the engine: the `coach journey` command and the tests use it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from service.curriculum import Curriculum
from service.enums import EmailKind
from service.spacing.engine import plan_next
from service.spacing.records import Pause, Plan, Schedule, SentItem

REPLY_PATTERNS = ("never", "always", "every-other", "went-quiet")
SIMULATED_REPLY_WORDS = 40
QUIET_AFTER = timedelta(days=14)  # "went-quiet" answers every prompt of its first two weeks only
MAX_SENDS = 1000


@dataclass(frozen=True, slots=True)
class Journey:
    """The planned sends in order, what was 'sent' (with simulated replies), and the pause that
    ended the journey (None if time ran out first)."""

    plans: tuple[Plan, ...]
    history: tuple[SentItem, ...]
    pause: Pause | None


def _replies_to(plan: Plan, pattern: str, prompt_order: list[str], started_at: datetime) -> bool:
    """Only prompts get replies; every-other answers the 1st, 3rd, 5th... distinct prompt."""
    if plan.kind != EmailKind.PROMPT or pattern == "never":
        return False
    if pattern == "always":
        return True
    if pattern == "went-quiet":
        return plan.send_at < started_at + QUIET_AFTER
    if plan.content_id not in prompt_order:
        prompt_order.append(plan.content_id)
    return prompt_order.index(plan.content_id) % 2 == 0


def simulate(schedule: Schedule, curriculum: Curriculum, *, until: datetime, replies: str) -> Journey:
    """Plan, 'send' and record replies until a pause or the first send at or after `until`."""
    if replies not in REPLY_PATTERNS:
        raise ValueError(f"unknown reply pattern {replies!r}")
    history: list[SentItem] = []
    plans: list[Plan] = []
    prompt_order: list[str] = []
    now = schedule.started_at
    while len(plans) < MAX_SENDS:
        result = plan_next(schedule, history, now, curriculum)
        if isinstance(result, Pause):
            return Journey(tuple(plans), tuple(history), result)
        if result.send_at >= until:
            break
        replied = _replies_to(result, replies, prompt_order, schedule.started_at)
        words = SIMULATED_REPLY_WORDS if replied else 0
        history.append(
            SentItem(result.kind, result.content_id, result.lesson_slug, result.send_at, replied, words)
        )
        plans.append(result)
        now = result.send_at
    return Journey(tuple(plans), tuple(history), None)
