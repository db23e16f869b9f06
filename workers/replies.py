"""Inbound reply jobs: a stored Inbound Parse post becomes a Reply, answers its prompt, or runs a command."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from service.commitments.replied import ReplyAnswer, answer_by_reply
from service.commitments.store import save_commitments
from service.curriculum import load_curriculum
from service.db import database
from service.enums import (
    EmailKind,
    InboundStatus,
    PauseReason,
    ReplyCommand,
    SubscriptionStatus,
)
from service.metrics import add_counts
from service.models import InboundPost, Manager, Reply, Subscription, utcnow
from service.queues import redis_connection
from service.replies.autoreply import auto_reply_reason
from service.replies.confirm import queue_confirmation_request
from service.replies.extraction import extract_new_text, word_count
from service.replies.machine import machine_mail_reason
from service.replies.mailto import unsubscribe_by_mail, unsubscribe_tokens
from service.replies.matching import Match, match_reply
from service.replies.mime import MalformedPost, ParsedInbound, parse_post
from service.replies.notify import PENDING_KEY, enqueue_received
from service.replies.requests import Request, respond, understand
from service.replies.trust import sender_trusted_for_commands
from service.settings import current_settings
from service.subscriptions import resume
from service.subscriptions.mail import send_soon
from service.subscriptions.schedule import next_due_at
from workers.errors import private_errors

log = logging.getLogger(__name__)

RECEIVED_BATCH = 100
RECEIVED_BUDGET = 240.0  # seconds per job, under JOB_TIMEOUT; the rest goes to a follow-up job
TEXT_LIMIT = 50_000  # characters of reply text kept (word_count counts them all)
NUL = "\x00"


@dataclass
class Outcome:
    """What one post became, for the job result and the log line."""

    status: str
    reply_id: int | None = None
    notice_ids: list[int] = field(default_factory=list)


@private_errors
def process_received(budget: float = RECEIVED_BUDGET) -> dict[str, int]:
    """RQ job (after posts arrive, and every minute from cron): process every post still "received",
    oldest first. Idempotent: `process_inbound` does nothing for a post that is no longer "received"."""
    redis = redis_connection()
    redis.delete(PENDING_KEY)
    deadline = time.monotonic() + budget
    counts: dict[str, int] = {}
    try:
        while time.monotonic() < deadline:
            with database().session() as session:
                ids = list(
                    session.scalars(
                        select(InboundPost.id)
                        .where(InboundPost.status == InboundStatus.RECEIVED)
                        .order_by(InboundPost.id)
                        .limit(RECEIVED_BATCH)
                    )
                )
            if not ids:
                return counts
            for post_id in ids:
                status = str(_process_one(post_id)["status"])
                counts[status] = counts.get(status, 0) + 1
    finally:
        add_counts(redis, "coach_replies", {(status,): n for status, n in counts.items()})
    enqueue_received()  # budget spent with posts left: a fresh job continues
    return counts


def _process_one(post_id: int) -> dict[str, object]:
    """A bug or a value the database refuses is recorded on that post, so the posts behind it go on."""
    try:
        return process_inbound(post_id)
    except (OperationalError, InterfaceError):
        raise  # the database is unreachable or unwell: RQ retries the whole job later
    except Exception as exc:  # recorded on the row below (and logged), never swallowed silently
        log.exception("inbound post %s: processing failed", post_id)
        with database().transaction() as session:
            post = session.get(InboundPost, post_id)
            if post is not None and post.status == InboundStatus.RECEIVED:
                _finish(post, InboundStatus.FAILED, f"processing failed: {type(exc).__name__}")
        return {"status": InboundStatus.FAILED, "reply_id": None}


def process_inbound(post_id: int, now: datetime | None = None) -> dict[str, object]:
    """RQ job. Idempotent: only a post still "received" is processed, in the transaction that changes its
    status, and Reply.rfc_message_id is unique, so a rerun or the same email posted twice adds nothing."""
    now = now or utcnow()
    db = database()
    try:
        with db.transaction() as session:
            outcome = _process(session, post_id, now)
    except IntegrityError:
        # A concurrent job stored the same Message-ID first; a second pass records this post as a duplicate.
        log.info("inbound post %s: concurrent duplicate, retrying once", post_id)
        with db.transaction() as session:
            outcome = _process(session, post_id, now)
    send_soon(outcome.notice_ids)
    log.info("inbound post %s: %s (reply %s)", post_id, outcome.status, outcome.reply_id)
    return {"status": outcome.status, "reply_id": outcome.reply_id}


def _process(session: Session, post_id: int, now: datetime) -> Outcome:
    post = session.get(InboundPost, post_id, with_for_update=True)
    if post is None or post.status != InboundStatus.RECEIVED:
        return Outcome("already-done" if post is not None else "missing")
    post.processed_at = now
    try:
        parsed = parse_post(post.content_type, post.body)
    except MalformedPost as exc:
        return _finish(post, InboundStatus.MALFORMED, str(exc))
    if parsed.message_id and _seen(session, parsed.message_id):
        return _finish(post, InboundStatus.DUPLICATE, f"Message-ID {parsed.message_id} was already processed")
    not_a_person = machine_mail_reason(parsed.header, parsed.from_address, parsed.subject)
    if not_a_person is not None:
        return _finish(post, InboundStatus.IGNORED, f"not a person's reply: {not_a_person}")
    tokens = unsubscribe_tokens(parsed.recipients)
    if tokens:
        return _unsubscribe_by_mail(session, post, parsed, tokens, now)
    match = match_reply(session, parsed)
    if match is None:
        sender = parsed.from_address or "an unknown sender"
        return _finish(
            post, InboundStatus.UNMATCHED, f"no reply address, thread header or manager matched {sender}"
        )
    return _record(session, post, parsed, match, now)


def _record(
    session: Session, post: InboundPost, parsed: ParsedInbound, match: Match, now: datetime
) -> Outcome:
    text = extract_new_text(parsed.text, parsed.html).replace(NUL, "")
    reason = auto_reply_reason(parsed.header, parsed.subject, text)
    auto = reason is not None
    if auto:  # stored, never counted: no answer, no streak reset, no request, nothing quoted later
        log.info("inbound post %s: automatic reply (%s)", post.id, reason)
    manager = match.manager
    request = None if auto or manager is None else _request(text, match, manager, now)
    postscript = request.postscript if request is not None else None
    if postscript is not None:  # a reflection with a request after it: the reflection is kept without it
        text = postscript.reflection
    # Acting needs proof of the sender (service/replies/trust.py). A question ("Did you mean …?") goes to
    # the manager's own address and acts only on its answer, so it needs none; an answer comes by token.
    waits = request is not None and request.action != "ask" and not sender_trusted_for_commands(match, parsed)
    if waits:
        log.warning("inbound post %s: command from an unverified sender waits for confirmation", post.id)
    command = None if request is None else ReplyCommand.UNCONFIRMED if waits else request.command
    reply = _reply_row(post, parsed, match, text, auto=auto)
    if postscript is None:
        reply.command = command  # a waiting command is never taken for a reflection (quoted, shared, counted)
    session.add(reply)
    session.flush()
    outcome = Outcome(InboundStatus.PROCESSED, reply.id)
    if not auto and manager is not None:
        subscription = manager.subscription
        if request is None or postscript is not None:
            answered = _checkback_answer(session, match, manager, reply, now, parsed)
            if answered is not None and answered.notice is not None:
                outcome.notice_ids.append(answered.notice.id)
            if answered is None or answered.story:
                steps = answered is None or not answered.moved_by_step  # the step moved that commitment
                _reflection(session, match, subscription, manager, reply, now, steps=steps)
        if request is not None and subscription is not None:
            asked = reply
            if postscript is not None:  # the request is a reply row of its own: never quoted, never shared
                asked = _reply_row(post, parsed, match, postscript.request, auto=False, first=False)
                asked.command = command
                session.add(asked)
                session.flush()
            outcome.notice_ids.extend(_command(session, request, subscription, manager, asked, now, waits))
    _finish(post, InboundStatus.PROCESSED, None)
    return outcome


def _reply_row(
    post: InboundPost, parsed: ParsedInbound, match: Match, text: str, *, auto: bool, first: bool = True
) -> Reply:
    """A reply row for `text`; the second row of one email (its postscript's request) has no Message-ID:
    the first one holds it, so a repeated post is still recognised."""
    return Reply(
        inbound_post_id=post.id,
        message_id=match.message.id if match.message is not None else None,
        manager_id=match.manager.id if match.manager is not None else None,
        rfc_message_id=parsed.message_id if first else None,
        from_email=_clean(parsed.from_address, 320),
        subject=_clean(parsed.subject, 1000),
        received_at=post.received_at,
        text=text[:TEXT_LIMIT],
        word_count=word_count(text),
        is_auto_reply=auto,
        matched_by=match.matched_by,
    )


def _checkback_answer(
    session: Session, match: Match, manager: Manager, reply: Reply, now: datetime, parsed: ParsedInbound
) -> ReplyAnswer | None:
    """A reply to a check-back that answers it (DONE, "Not yet, next Friday", "C'est fait !") records
    the answer and queues its acknowledgement; a bare answer is no reflection, one with a story is both."""
    message = match.message
    if (
        message is None
        or message.kind != EmailKind.COMMITMENT
        or not sender_trusted_for_commands(match, parsed)
    ):
        return None
    answered = answer_by_reply(session, message, manager, reply, now=now)
    if answered is not None and not answered.story:
        reply.command = answered.outcome  # an answer, not a reflection: never quoted back
    return answered


def _request(text: str, match: Match, manager: Manager, now: datetime) -> Request | None:
    return understand(text, match.message, manager, now, load_curriculum())


def _unsubscribe_by_mail(
    session: Session, post: InboundPost, parsed: ParsedInbound, tokens: list[str], now: datetime
) -> Outcome:
    """A message to the List-Unsubscribe mailto address: the token is the credential, the body is not read."""
    result = unsubscribe_by_mail(session, tokens, current_settings().public_url, now)
    if result.message is None:
        return _finish(post, InboundStatus.UNMATCHED, "unsubscribe address with an unknown token")
    reply = Reply(
        inbound_post_id=post.id,
        message_id=result.message.id,
        manager_id=result.manager_id,
        rfc_message_id=parsed.message_id,
        from_email=_clean(parsed.from_address, 320),
        subject=_clean(parsed.subject, 1000),
        received_at=post.received_at,
        command=ReplyCommand.UNSUBSCRIBE,
        matched_by="token",
    )
    session.add(reply)
    session.flush()
    log.info("inbound post %s: list-unsubscribe mail, %s", post.id, result.done)
    outcome = Outcome(InboundStatus.PROCESSED, reply.id, [result.notice_id] if result.notice_id else [])
    _finish(post, InboundStatus.PROCESSED, None)
    return outcome


def _reflection(
    session: Session,
    match: Match,
    subscription: Subscription | None,
    manager: Manager,
    reply: Reply,
    now: datetime,
    *,
    steps: bool = True,
) -> None:
    """A real answer: the prompt is answered, the silence streak ends, and the engine re-plans the spacing.
    `steps`: the commitments it makes are saved (not when its step moved a checked-back one)."""
    if match.message is not None and match.message.replied_at is None:
        match.message.replied_at = reply.received_at
    if steps:
        save_commitments(session, manager, reply, match.message, now)
    if subscription is None:
        return
    subscription.unanswered_streak = 0
    if (
        subscription.status == SubscriptionStatus.PAUSED
        and subscription.pause_reason == PauseReason.UNRESPONSIVE
    ):
        # The check-in said "reply with anything to keep going": a reply after the pause is that answer.
        resume(session, subscription, now)
    elif subscription.status == SubscriptionStatus.ACTIVE:
        subscription.next_due_at = next_due_at(session, subscription, manager, now)


def _command(
    session: Session,
    request: Request,
    subscription: Subscription,
    manager: Manager,
    reply: Reply,
    now: datetime,
    waits: bool,
) -> list[int]:
    if waits and request.intent is not None:  # a sure request from an unproven sender: confirm by link
        asked = queue_confirmation_request(session, request.intent, subscription, manager, reply, now)
        session.flush()
        return [asked.id] if asked is not None else []
    if waits:
        return []
    settings = current_settings()
    notice = respond(
        session,
        request,
        subscription,
        manager,
        reply,
        now=now,
        curriculum=load_curriculum(),
        public_url=settings.public_url,
        secret_key=settings.secret_key,
    )
    session.flush()
    return [notice.id] if notice is not None else []


def _seen(session: Session, message_id: str) -> bool:
    found = session.scalars(select(Reply.id).where(Reply.rfc_message_id == message_id).limit(1)).first()
    return found is not None


def _finish(post: InboundPost, status: str, error: str | None) -> Outcome:
    post.status = status
    post.error = error
    return Outcome(status)


def _clean(value: str, limit: int) -> str:
    return value.replace(NUL, "")[:limit]
