"""Read a subscription's send history into the few facts the engine decides on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from service.enums import COACHING_KINDS, LESSON_KINDS, SIDE_KINDS, EmailKind
from service.spacing.records import Schedule, SentItem
from service.spacing.rules import is_quotable, is_substantive


@dataclass(frozen=True, slots=True)
class Progress:
    """Where the manager stands in the current lesson and how engaged they have been lately."""

    sent_ids: frozenset[str]
    steps: int
    review_sent: bool
    last: SentItem | None
    last_kind_in_run: str | None
    pending_prompt: SentItem | None
    prompt_reasked: bool
    prompt_answered: bool
    prompt_substantive: bool
    prompt_quotable: bool
    prompt_declined: bool  # answered only by saying no: no follow-up written for an answer fits
    last_substantive: bool
    unanswered_streak: int
    checkin_since_reply: bool
    silence_since: datetime
    side_sent: frozenset[str]
    last_side: SentItem | None
    handovers: int
    completed: frozenset[str]

    @property
    def run_started(self) -> bool:
        return self.steps > 0


def _key(item: SentItem) -> tuple[str, str]:
    return item.lesson_slug, item.content_id


def read_progress(schedule: Schedule, history: Sequence[SentItem]) -> Progress:
    """Facts about the current lesson run and engagement; order of `history` does not matter."""
    everything = sorted(
        (item for item in history if item.kind in COACHING_KINDS),
        key=lambda item: item.sent_at.astimezone(UTC),
    )
    # Check-backs go beside the lesson: they neither set its gaps nor stand between a prompt and its
    # follow-up, but answering one is engagement like any reply.
    ordered = [item for item in everything if item.kind not in SIDE_KINDS]
    resumed = schedule.resumed_at
    active = [item for item in everything if resumed is None or item.sent_at >= resumed]
    run = [
        item
        for item in ordered
        if item.kind in LESSON_KINDS
        and item.lesson_slug == schedule.lesson_slug
        and item.sent_at >= schedule.started_at
    ]
    last = ordered[-1] if ordered else None

    # A prompt and its re-ask form one group: answered if either got a reply.
    groups: dict[tuple[str, str], list[SentItem]] = {}
    for item in active:
        if item.kind == EmailKind.PROMPT:
            groups.setdefault(_key(item), []).append(item)
    answered = {key for key, sends in groups.items() if any(send.replied for send in sends)}

    last_reply = max((i for i, item in enumerate(active) if item.replied), default=-1)
    since_reply = active[last_reply + 1 :]
    # Silence is counted from the email last answered, else from when the lesson started or resumed.
    quiet_from = [schedule.started_at, *([resumed] if resumed is not None else [])]
    if last_reply >= 0:
        quiet_from.append(active[last_reply].sent_at)
    unanswered = {_key(item) for item in since_reply if item.kind == EmailKind.PROMPT} - answered

    # A prompt from before a pause is left behind, unless it was answered: its follow-up still fits
    # what the manager wrote (the one who replied and then went on leave gets it when emails resume).
    pending = (
        last
        if last is not None
        and last.kind == EmailKind.PROMPT
        and last in run
        and (
            last in active
            or any(item.replied for item in run if item.kind == last.kind and _key(item) == _key(last))
        )
        else None
    )
    side = [item for item in everything if item.kind in SIDE_KINDS]
    group = [
        item for item in run if item.kind == EmailKind.PROMPT and pending and _key(item) == _key(pending)
    ]
    telling = [item for item in group if item.replied and item.reply_words > 0]
    return Progress(
        sent_ids=frozenset(item.content_id for item in run),
        # Follow-ups answer the manager rather than move the lesson on: they do not widen the gaps.
        steps=len({item.content_id for item in run if item.kind != EmailKind.FOLLOWUP}),
        review_sent=any(item.kind == EmailKind.REVIEW for item in run),
        last=last,
        last_kind_in_run=run[-1].kind if run else None,
        pending_prompt=pending,
        prompt_reasked=len(group) > 1,
        prompt_answered=any(item.replied for item in group),
        prompt_substantive=any(is_substantive(item.reply_words) for item in group if item.replied),
        prompt_quotable=any(is_quotable(item.reply_words) for item in group if item.replied),
        prompt_declined=bool(telling) and all(item.reply_declines for item in telling),
        last_substantive=last is not None and last.replied and is_substantive(last.reply_words),
        unanswered_streak=len(unanswered),
        checkin_since_reply=any(item.kind == EmailKind.CHECKIN for item in since_reply),
        silence_since=max(quiet_from),
        side_sent=frozenset(item.content_id for item in side),
        last_side=side[-1] if side else None,
        handovers=sum(
            item.kind == EmailKind.HANDOVER
            and item.lesson_slug == schedule.lesson_slug
            and item.sent_at >= schedule.started_at
            for item in everything
        ),
        completed=frozenset(item.lesson_slug for item in everything if item.kind == EmailKind.REVIEW),
    )
