"""Simulate one manager's journey with the engine: the `coach journey` command and the tests use it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from service.commitments.extract import find_commitments
from service.curriculum import Curriculum
from service.curriculum.suggest import remaining
from service.enums import EmailKind
from service.spacing import calendar
from service.spacing.engine import plan_next
from service.spacing.records import GRADUATION_CONTENT_ID, CommitmentDue, Pause, Plan, Schedule, SentItem

REPLY_PATTERNS = ("never", "always", "every-other", "went-quiet", "commitments", "nothing", "no")
SIMULATED_REPLY_WORDS = 40
QUIET_AFTER = timedelta(days=14)  # "went-quiet" answers every prompt of its first two weeks only
MAX_SENDS = 1000
CHOICE_DELAY = timedelta(hours=1)  # how soon the simulated manager clicks a handover's suggestion
RESURFACE_AFTER_DAYS = (30, 60, 90)
# What "commitments" replies say, in turn: each names its date differently (one names none).
COMMITMENT_REPLIES = (
    "I will raise it in Friday's pipeline review and ask the SE to walk us through the demo.",
    "Next week I'm going to thank the deal desk by name in our win post.",
    "I'll talk to Maria about it before the QBR, one to one.",
    "By the end of the month I will have asked two peers for honest feedback.",
    "I will bring it to the forecast call in two weeks and let the rep present it.",
)


@dataclass(frozen=True, slots=True)
class Journey:
    """The planned sends in order, what was 'sent' (with simulated replies), and the pause that
    ended the journey (None if time ran out first)."""

    plans: tuple[Plan, ...]
    history: tuple[SentItem, ...]
    pause: Pause | None
    commitments: tuple[CommitmentDue, ...] = ()


@dataclass
class _Manager:
    """The simulated manager's state: prompts seen, commitments made and kept."""

    pattern: str
    started_at: datetime
    timezone: str
    prompt_order: list[str] = field(default_factory=list)
    owed: list[CommitmentDue] = field(default_factory=list)
    made: int = 0

    def replies_to(self, plan: Plan) -> bool:
        """Prompts get replies per the pattern; "commitments" also answers every check-back (Done);
        "nothing" answers every prompt with "Nobody comes to mind this week" (nothing to quote); "no"
        with "Nobody. Everyone who worked on it was named." (answered, quoted, declined)."""
        if plan.kind == EmailKind.COMMITMENT:
            return self.pattern == "commitments"
        if plan.kind in (EmailKind.HANDOVER, EmailKind.CHECKIN):  # a lesson chosen; "yes, keep them coming"
            return self.pattern in ("always", "every-other", "commitments", "nothing", "no")
        if plan.kind != EmailKind.PROMPT or self.pattern == "never":
            return False
        if self.pattern in ("always", "commitments", "nothing", "no"):
            return True
        if self.pattern == "went-quiet":
            return plan.send_at < self.started_at + QUIET_AFTER
        if plan.content_id not in self.prompt_order:
            self.prompt_order.append(plan.content_id)
        return self.prompt_order.index(plan.content_id) % 2 == 0

    def after_reply(self, plan: Plan) -> None:
        """A prompt answered with a dated commitment is owed a check-back; a kept one resurfaces."""
        if self.pattern != "commitments":
            return
        today = calendar.local_day(plan.send_at, calendar.zone(self.timezone))
        if plan.kind == EmailKind.PROMPT:
            text = COMMITMENT_REPLIES[self.made % len(COMMITMENT_REPLIES)]
            for found in find_commitments(text, today, limit=1):
                self.made += 1
                self.owed.append(CommitmentDue(f"commitment.{self.made}.0", found.due_on))
        elif plan.kind == EmailKind.COMMITMENT and not plan.content_id.split(".")[-1].startswith("r"):
            number = plan.content_id.split(".")[1]
            for days in RESURFACE_AFTER_DAYS:
                due = today + timedelta(days=days)
                self.owed.append(CommitmentDue(f"commitment.{number}.r{days}", due, resurface=True))


def _choose_next(
    schedule: Schedule, curriculum: Curriculum, history: list[SentItem], at: datetime
) -> Schedule:
    """The manager clicks the suggested lesson within the hour: it starts from then (as change_focus does)."""
    completed = {item.lesson_slug for item in history if item.kind == EmailKind.REVIEW}
    following = remaining(curriculum, schedule.lesson_slug, completed)
    if not following:
        return schedule
    return replace(schedule, lesson_slug=following[0].slug, started_at=at + CHOICE_DELAY, resumed_at=None)


def simulate(schedule: Schedule, curriculum: Curriculum, *, until: datetime, replies: str) -> Journey:
    """Plan, 'send' and record replies until a pause or the first send at or after `until`."""
    if replies not in REPLY_PATTERNS:
        raise ValueError(f"unknown reply pattern {replies!r}")
    history: list[SentItem] = []
    plans: list[Plan] = []
    manager = _Manager(replies, schedule.started_at, schedule.timezone)
    now = schedule.started_at
    while len(plans) < MAX_SENDS:
        result = plan_next(schedule, history, now, curriculum, manager.owed)
        if isinstance(result, Pause):
            return Journey(tuple(plans), tuple(history), result, tuple(manager.owed))
        if result.send_at >= until:
            break
        replied = manager.replies_to(result)
        telling = replied and result.kind == EmailKind.PROMPT and replies != "nothing"
        words = SIMULATED_REPLY_WORDS if telling else 0
        declines = telling and replies == "no"
        history.append(
            SentItem(
                result.kind, result.content_id, result.lesson_slug, result.send_at, replied, words, declines
            )
        )
        plans.append(result)
        if replied:
            manager.after_reply(result)
        if replied and result.kind == EmailKind.HANDOVER and result.content_id != GRADUATION_CONTENT_ID:
            schedule = _choose_next(schedule, curriculum, history, result.send_at)
        now = result.send_at
    return Journey(tuple(plans), tuple(history), None, tuple(manager.owed))
