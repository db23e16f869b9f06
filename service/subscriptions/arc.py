"""The lesson arc: which lesson comes after a finished one, from the manager's own replies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.curriculum import Curriculum, Lesson
from service.curriculum.suggest import suggest_next
from service.enums import LESSON_KINDS, EmailKind
from service.models import Message, Reply, Subscription
from service.subscriptions.history import HISTORY_STATUSES


@dataclass(frozen=True, slots=True)
class LessonState:
    """How far the manager got in one lesson, for the "change focus" choice."""

    slug: str
    sent: int
    completed: bool
    run_started_at: datetime | None

    @property
    def resumable(self) -> bool:
        return self.sent > 0 and not self.completed


def lesson_states(session: Session, subscription: Subscription) -> dict[str, LessonState]:
    """Per lesson this subscriber has received: items sent in its latest run and whether it ended."""
    rows = session.execute(
        select(Message.lesson_slug, Message.kind, Message.content_id, Message.sent_at, Message.due_at)
        .where(
            Message.subscription_id == subscription.id,
            Message.kind.in_(LESSON_KINDS),
            Message.status.in_(HISTORY_STATUSES),
        )
        .order_by(Message.due_at, Message.id)
    ).all()
    runs: dict[str, list[tuple[str, str, datetime]]] = {}
    for slug, kind, content_id, sent_at, due_at in rows:
        if slug is None:
            continue
        run = runs.setdefault(slug, [])
        if run and run[-1][0] == EmailKind.REVIEW:
            run.clear()  # a finished lesson taken up again starts a new run
        run.append((kind, content_id or "", sent_at or due_at))
    return {
        slug: LessonState(
            slug=slug,
            sent=len({content_id for _, content_id, _ in run}),
            completed=any(kind == EmailKind.REVIEW for kind, _, _ in run),
            run_started_at=run[0][2] if run else None,
        )
        for slug, run in runs.items()
    }


def lesson_replies(session: Session, manager_id: int, slug: str, since: datetime | None) -> list[Reply]:
    """The manager's written replies to this lesson (no commands or auto-replies), oldest first."""
    query = (
        select(Reply)
        .join(Message, Message.id == Reply.message_id)
        .where(
            Reply.manager_id == manager_id,
            Message.lesson_slug == slug,
            Reply.command.is_(None),
            Reply.is_auto_reply.is_(False),
        )
        .order_by(Reply.received_at, Reply.id)
    )
    if since is not None:
        query = query.where(Reply.received_at >= since)
    return list(session.scalars(query))


def next_lesson_for(session: Session, subscription: Subscription, curriculum: Curriculum) -> Lesson | None:
    """The lesson to offer after the current one: what the manager's replies talk about, else the next."""
    completed = {slug for slug, state in lesson_states(session, subscription).items() if state.completed}
    texts = [
        reply.text
        for reply in lesson_replies(session, subscription.manager_id, subscription.lesson_slug, None)
    ]
    return suggest_next(curriculum, subscription.lesson_slug, completed, texts)


def finished_current(session: Session, subscription: Subscription) -> bool:
    """The lesson in focus has had its review in its latest run."""
    state = lesson_states(session, subscription).get(subscription.lesson_slug)
    return state is not None and state.completed
