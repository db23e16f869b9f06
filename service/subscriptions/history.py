"""Load what the spacing engine needs about many subscriptions at once: their sends and replies."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.commitments.extract import find_commitments
from service.enums import COACHING_KINDS, MessageStatus
from service.models import Message, Reply
from service.replies.nothing_to_tell import opens_with_no, says_nothing
from service.spacing import SentItem
from service.spacing.rules import is_quotable

# A failed send still used its content (re-planning it would fail again and again); a skipped one
# never reached anybody.
HISTORY_STATUSES = (MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.SENT, MessageStatus.FAILED)
QUOTE_LIMIT = 300


@dataclass
class History:
    """One subscription's coaching sends, oldest first, and its latest substantive reply."""

    items: list[SentItem] = field(default_factory=list)
    quote: str | None = None
    quote_reply_id: int | None = None
    quote_quotable: bool = False
    # Per content id answered: the latest reply's words to quote and its id (a quotable one preferred).
    quotes: dict[str, tuple[str, int]] = field(default_factory=dict)

    def quote_for(self, content_id: str | None) -> tuple[str, int] | None:
        """The reply to quote in a follow-up to `content_id`, else the latest quotable reply."""
        if content_id is not None and content_id in self.quotes:
            return self.quotes[content_id]
        return (self.quote, self.quote_reply_id) if self.quote and self.quote_reply_id else None


def load_histories(session: Session, subscription_ids: Collection[int]) -> dict[int, History]:
    """Two queries for the whole batch, whatever its size (no query per subscription)."""
    histories: dict[int, History] = {sid: History() for sid in subscription_ids}
    if not subscription_ids:
        return histories
    sends = session.execute(
        select(
            Message.id,
            Message.subscription_id,
            Message.kind,
            Message.content_id,
            Message.lesson_slug,
            Message.sent_at,
            Message.due_at,
            Message.status,
            Message.answered_at,
        ).where(Message.subscription_id.in_(subscription_ids))
    ).all()
    # Filtering on kind or status in SQL would let the planner pick the status index and read every
    # sent message: the subscription filter alone keeps a tick's cost with the batch, not the outbox.
    sends = [s for s in sends if s.kind in COACHING_KINDS and s.status in HISTORY_STATUSES]
    replies = session.execute(
        select(Reply.id, Reply.message_id, Reply.text, Reply.word_count, Reply.received_at)
        .join(Message, Reply.message_id == Message.id)
        .where(
            Message.subscription_id.in_(subscription_ids),
            Reply.is_auto_reply.is_(False),
            Reply.command.is_(None),
        )
        .order_by(Reply.received_at, Reply.id)
    ).all()
    # "Nobody comes to mind this week" answers the prompt but tells nothing to quote or follow up on.
    telling = [reply for reply in replies if not says_nothing(reply.text)]
    replied = {reply.message_id for reply in replies}
    words: dict[int, int] = defaultdict(int)
    declines: dict[int, bool] = {}
    for reply in telling:
        words[reply.message_id] += reply.word_count
        declines[reply.message_id] = declines.get(reply.message_id, True) and _declines(
            reply.text, reply.received_at
        )
    owner = {send.id: (send.subscription_id, send.content_id or "") for send in sends}
    for reply in telling:  # oldest first, so the latest wins; a quotable reply beats a shorter one
        sid, content_id = owner.get(reply.message_id, (None, ""))
        if sid is None or not reply.text.strip():
            continue
        history = histories[sid]
        if is_quotable(reply.word_count) or not history.quote_quotable:
            history.quote = trim_quote(reply.text)
            history.quote_reply_id = reply.id
            history.quote_quotable = is_quotable(reply.word_count)
        if is_quotable(reply.word_count) or content_id not in history.quotes:
            history.quotes[content_id] = (trim_quote(reply.text), reply.id)
    for send in sorted(sends, key=lambda s: (s.sent_at or s.due_at, s.id)):
        histories[send.subscription_id].items.append(
            SentItem(
                kind=send.kind,
                content_id=send.content_id or "",
                lesson_slug=send.lesson_slug or "",
                sent_at=_when(send.sent_at, send.due_at),
                # A one-click answer (a commitment's Done, a lesson chosen) is engagement too.
                replied=send.id in replied or send.answered_at is not None,
                reply_words=words.get(send.id, 0),
                reply_declines=declines.get(send.id, False),
            )
        )
    return histories


def _declines(text: str, received_at: datetime) -> bool:
    """ "Nobody. Everyone was in the announcement." says no and takes on no step (one that does,
    "Not yet. I'll call Priya tomorrow.", gets the follow-up about its step)."""
    return opens_with_no(text) and not find_commitments(text, received_at.date(), limit=1)


def _when(sent_at: datetime | None, due_at: datetime) -> datetime:
    """Rows not yet sent count from when they were due: they are about to go."""
    return sent_at or due_at


def trim_quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """One line of the manager's own words, cut at a word boundary, for a follow-up to quote."""
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:-")
    return f"{cut}…"
