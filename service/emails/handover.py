"""The contexts built from the manager's own record: the handover's lesson choice and the review's recap."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.commitments import counts_by_manager
from service.curriculum import Curriculum, Lesson
from service.curriculum.suggest import from_replies, remaining, suggest_next
from service.emails import links
from service.enums import CommitmentStatus
from service.models import Commitment, Manager, Message, Subscription
from service.replies.nothing_to_tell import says_nothing
from service.settings import Settings
from service.spacing import GRADUATION_CONTENT_ID, HANDOVER_CONTENT_IDS
from service.spacing.rules import QUOTABLE_REPLY_WORDS
from service.subscriptions.arc import lesson_replies, lesson_states
from service.subscriptions.history import trim_quote

RECAP_QUOTES = 2
RECAP_COMMITMENTS = 5
STATUS_WORDS: dict[str, str] = {
    CommitmentStatus.DONE: "done",
    CommitmentStatus.DROPPED: "dropped",
    CommitmentStatus.OPEN: "still open",
}


def handover_context(
    session: Session, message: Message, subscription: Subscription, lesson: Lesson, curriculum: Curriculum,
    settings: Settings,
) -> dict[str, Any]:  # fmt: skip
    """The suggestion (from the manager's replies), the other unfinished lessons, one-click choices."""
    completed = {slug for slug, state in lesson_states(session, subscription).items() if state.completed}
    graduation = message.content_id == GRADUATION_CONTENT_ID
    texts = [reply.text for reply in lesson_replies(session, subscription.manager_id, lesson.slug, None)]
    suggested = None if graduation else suggest_next(curriculum, lesson.slug, completed, texts)
    others = list(curriculum.lessons) if graduation else remaining(curriculum, lesson.slug, completed)
    others = [other for other in others if suggested is None or other.slug != suggested.slug]
    index = (
        HANDOVER_CONTENT_IDS.index(message.content_id) if message.content_id in HANDOVER_CONTENT_IDS else 0
    )
    counts = counts_by_manager(session, [subscription.manager_id])[subscription.manager_id]
    choices = [lesson for lesson in (suggested, *others) if lesson is not None]
    return {
        "lesson": lesson,
        "graduation": graduation,
        "reminder": index > 0,
        "reminders_left": len(HANDOVER_CONTENT_IDS) - 1 - index,
        "suggested": suggested,
        "suggested_reason": _reason(curriculum, lesson, suggested, texts),
        "others": others,
        "choose_urls": {
            choice.slug: links.lesson_url(settings, message.id, choice.slug) for choice in choices
        },
        "kept": counts.kept,
        "made": counts.made,
    }


def _reason(curriculum: Curriculum, lesson: Lesson, suggested: Lesson | None, texts: list[str]) -> str | None:
    """Say the suggestion comes from their replies only when it really shares words with them."""
    if suggested is None or not from_replies(curriculum, lesson.slug, suggested, texts):
        return None
    return "Suggested from what you wrote in your replies."


def review_recap(
    session: Session, manager: Manager | None, lesson: Lesson, since: datetime | None
) -> dict[str, Any]:
    """What the manager really wrote and said they would do in this lesson; nothing is claimed beyond it."""
    if manager is None:
        return {"quotes": [], "commitments": [], "replied": False}
    replies = lesson_replies(session, manager.id, lesson.slug, since)
    quotable = [
        reply
        for reply in replies
        if reply.word_count >= QUOTABLE_REPLY_WORDS and not says_nothing(reply.text)
    ]
    query = select(Commitment).where(
        Commitment.manager_id == manager.id, Commitment.lesson_slug == lesson.slug
    )
    if since is not None:
        query = query.where(Commitment.made_at >= since)
    commitments = list(session.scalars(query.order_by(Commitment.made_at).limit(RECAP_COMMITMENTS)))
    return {
        "quotes": [trim_quote(reply.text) for reply in quotable[-RECAP_QUOTES:]],
        "commitments": [
            {"text": c.text, "status": STATUS_WORDS.get(c.status, c.status)} for c in commitments
        ],
        "replied": bool(replies),
    }
