"""A nudge's "Your move this week" taken on by its link: which move a nudge offers, and the one
commitment it becomes (at most one per nudge, whoever clicks twice or at the same time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.commitments.move_dates import day_label, default_due
from service.commitments.store import local_today
from service.curriculum import Curriculum
from service.enums import LIVE_SUBSCRIPTIONS, CommitmentStatus, EmailKind, SubscriptionStatus
from service.models import Commitment, Manager, Message, Subscription
from service.spacing import parse_weekdays
from service.subscriptions.schedule import next_due_at


class NotAMove(LookupError):
    """The message is not a nudge of a known manager with a subscription, or its move is gone."""


@dataclass(frozen=True, slots=True)
class Move:
    """A nudge's move as its page shows it: the words, whose it is, and the date offered by default."""

    message: Message
    manager: Manager
    subscription: Subscription
    text: str
    default_due: date

    @property
    def live(self) -> bool:
        """Only a live subscription (active or paused) takes on anything: no check-back otherwise."""
        return self.subscription.status in LIVE_SUBSCRIPTIONS


def nudge_default_due(message: Message, manager: Manager, subscription: Subscription) -> date:
    """The end of the manager's working week after the nudge's local day (when it was due to go)."""
    try:
        weekdays = parse_weekdays(subscription.weekdays)
    except ValueError:
        weekdays = frozenset()
    return default_due(local_today(manager, message.due_at), weekdays)


def load_move(session: Session, message_id: int, curriculum: Curriculum) -> Move:
    """The move the nudge `message_id` offered; NotAMove for any other message or a nudge of nobody."""
    message = session.get(Message, message_id)
    if message is None or message.kind != EmailKind.NUDGE or message.manager_id is None:
        raise NotAMove(message_id)
    manager = session.get(Manager, message.manager_id)
    subscription = (
        session.get(Subscription, message.subscription_id) if message.subscription_id is not None else None
    )
    try:
        item = curriculum.item(message.content_id or "")
    except KeyError:
        raise NotAMove(message_id) from None
    if manager is None or subscription is None or item.kind != EmailKind.NUDGE or not item.action.strip():
        raise NotAMove(message_id)
    default = nudge_default_due(message, manager, subscription)
    return Move(message, manager, subscription, item.action.strip(), default)


def taken_move(session: Session, message_id: int) -> Commitment | None:
    """The commitment a nudge's move became, if it was taken on."""
    return session.scalars(select(Commitment).where(Commitment.nudge_message_id == message_id)).first()


def take_on(session: Session, move: Move, due_on: date, now: datetime) -> tuple[Commitment, bool]:
    """The move as an open commitment due `due_on`, and whether it is new (a second take is the first).
    A new one re-plans an active subscription, so its check-back comes after `due_on` at the latest.

    The unique nudge_message_id makes a rerun, or two clicks at once, harmless: the loser reads the
    winner's row."""
    existing = taken_move(session, move.message.id)
    if existing is not None:
        return existing, False
    message = move.message
    commitment = Commitment(
        manager_id=move.manager.id,
        reply_id=None,
        nudge_message_id=message.id,
        position=0,
        lesson_slug=message.lesson_slug,
        content_id=message.content_id,
        text=move.text,
        due_phrase=day_label(due_on),
        made_at=now,
        made_on=local_today(move.manager, now),
        due_on=due_on,
        status=CommitmentStatus.OPEN,
        postponed=0,
    )
    try:
        with session.begin_nested():
            session.add(commitment)
    except IntegrityError:
        existing = taken_move(session, message.id)
        if existing is None:
            raise
        return existing, False
    if message.answered_at is None:
        message.answered_at = now  # a one-click answer is engagement for the spacing engine
    subscription = move.subscription
    if subscription.status == SubscriptionStatus.ACTIVE:
        subscription.next_due_at = next_due_at(session, subscription, move.manager, now)
    return commitment, True
