"""Seed the demo program: 60 managers and 10 weeks of emails planned by the real spacing engine.

Each manager gets a profile (how often they reply, how fast, whether they stop), and the engine
decides what they were sent and when, exactly as the dispatcher would have; replies are synthetic.
Rows go in with bulk INSERTs, so seeding takes a second or two.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from service.accounts import assign_program, create_account, create_program
from service.curriculum import Curriculum, load_curriculum
from service.demo.commitments import seed_commitments
from service.demo.replies import reflection, word_count
from service.enums import EmailKind, InvitationStatus, MessageStatus, PauseReason, SubscriptionStatus
from service.models import Manager, Message, Program, ProgramInvitation, Reply, Subscription
from service.spacing import Pause, Schedule, SentItem, parse_weekdays, plan_next
from service.subscriptions.status import record as record_status

DEMO_PROGRAM = "Demo sales leadership"
DEMO_LEAD_EMAIL = "lead@example.com"
MANAGER_COUNT = 60  # members of the demo program
INVITED_COUNT = 3  # addresses invited who have not accepted yet (invitations, not members)
HISTORY = timedelta(weeks=10)
FIRST_NAMES = ("Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Luca",
               "Maya", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara")  # fmt: skip
LAST_NAMES = ("Okafor", "Lindqvist", "Moreau", "Patel", "Schmidt", "Tanaka", "Silva")
TIMEZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago", "America/Los_Angeles",
             "Asia/Singapore", "Australia/Sydney")  # fmt: skip
SEND_TIMES = (time(8, 0), time(8, 30), time(9, 0), time(9, 0), time(10, 0), time(13, 30))
WEEKDAYS = ("mon,tue,wed,thu,fri", "mon,tue,wed,thu,fri", "mon,wed,fri", "tue,thu")
INTENSITIES = ("standard", "standard", "light", "intense")
# (share of managers, chance of answering a prompt) - from enthusiasts to the quietly stalling
PROFILES = ((0.25, 0.9), (0.35, 0.65), (0.25, 0.35), (0.15, 0.05))


class DemoError(RuntimeError):
    """The demo cannot be seeded (it already exists)."""


@dataclass
class DemoResult:
    program_id: int
    lead_email: str
    password: str
    managers: int = 0
    messages: int = 0
    replies: int = 0
    commitments: int = 0


@dataclass
class _Rows:
    messages: list[dict[str, Any]] = field(default_factory=list)
    replies: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (message index, row)


def _profile(rng: random.Random) -> float:
    roll, total = rng.random(), 0.0
    for share, chance in PROFILES:
        total += share
        if roll < total:
            return chance
    return PROFILES[-1][1]


def _message(manager: Manager, subscription: Subscription | None, kind: str, at: datetime, rng: random.Random,
             **extra: Any) -> dict[str, Any]:  # fmt: skip
    delivered = rng.random() < 0.97
    return {
        "subscription_id": subscription.id if subscription else None,
        "manager_id": manager.id,
        "program_id": manager.program_id,
        "kind": kind,
        "to_email": manager.email,
        "context": {},
        "status": MessageStatus.SENT,
        "reply_token": secrets.token_hex(16),
        "attempts": 1,
        "due_at": at,
        "created_at": at,
        "sent_at": at,
        "delivered_at": at + timedelta(seconds=rng.randint(2, 40)) if delivered else None,
        "opened_at": at + timedelta(minutes=rng.randint(5, 600))
        if delivered and rng.random() < 0.6
        else None,
        "seq": None,
        "lesson_slug": None,
        "content_id": None,
        **extra,
    }


def _simulate(
    manager: Manager,
    subscription: Subscription,
    curriculum: Curriculum,
    rng: random.Random,
    stop_at: datetime,
    now: datetime,
    rows: _Rows,
) -> datetime | None:
    """Run the engine from the subscription's start until `stop_at`, recording sends and replies;
    when the engine paused the subscription (for silence, or after the last lesson), when it did."""
    chance = _profile(rng)
    schedule = Schedule(
        lesson_slug=subscription.lesson_slug,
        timezone=manager.timezone,
        send_time=subscription.send_time,
        weekdays=parse_weekdays(subscription.weekdays),
        intensity=subscription.intensity,
        started_at=subscription.lesson_started_at or now,
    )
    history: list[SentItem] = []
    clock = schedule.started_at
    seq = 1
    paused_at = None
    while True:
        plan = plan_next(schedule, history, clock, curriculum)
        if isinstance(plan, Pause):
            if plan.reason == PauseReason.UNRESPONSIVE or plan.next_lesson is None:
                if subscription.status == SubscriptionStatus.ACTIVE:  # an unsubscribed one stays so
                    subscription.status, subscription.pause_reason = SubscriptionStatus.PAUSED, plan.reason
                subscription.next_due_at = None
                paused_at = clock
                break
            schedule = replace(schedule, lesson_slug=plan.next_lesson, started_at=clock + timedelta(days=1))
            subscription.lesson_slug, subscription.lesson_started_at = plan.next_lesson, schedule.started_at
            continue
        if plan.send_at >= stop_at:
            subscription.next_due_at = (
                plan.send_at if subscription.status == SubscriptionStatus.ACTIVE else None
            )
            break
        answers = plan.kind in (EmailKind.PROMPT, EmailKind.CHECKIN) or (
            plan.kind == EmailKind.FOLLOWUP and rng.random() < 0.5
        )
        reply_at = plan.send_at + timedelta(hours=min(96.0, rng.lognormvariate(1.6, 1.1)))
        replied = answers and rng.random() < chance and reply_at < now
        text = reflection(rng, plan.kind, plan.content_id) if replied else ""
        history.append(
            SentItem(plan.kind, plan.content_id, plan.lesson_slug, plan.send_at, replied, word_count(text))
        )
        extra = {"seq": seq, "lesson_slug": plan.lesson_slug, "content_id": plan.content_id}
        extra["replied_at"] = reply_at if replied else None
        rows.messages.append(_message(manager, subscription, plan.kind, plan.send_at, rng, **extra))
        if replied:
            rows.replies.append(
                (len(rows.messages) - 1, _reply(manager, plan.content_id, reply_at, text, curriculum))
            )
        seq += 1
        clock = plan.send_at
    subscription.next_seq = seq
    subscription.unanswered_streak = _unanswered(history)
    return paused_at


def _status_history(
    subscription: Subscription, role: str, stop_at: datetime, engine_paused: datetime | None
) -> list[tuple[SubscriptionStatus, datetime]]:
    """The status changes the demo subscription went through, oldest first, as the real code would
    have recorded them (service/subscriptions/status.py): pending, active from confirming, then a
    pause by the engine or the manager, or an unsubscribe, each at its own moment."""
    s = SubscriptionStatus
    changes = [(s.PENDING, subscription.created_at)]
    if subscription.confirmed_at is None:
        return changes
    changes.append((s.ACTIVE, subscription.confirmed_at))
    if role == "paused":
        changes.append((s.PAUSED, min(engine_paused or stop_at, stop_at)))
    elif role == "unsubscribed":
        if engine_paused is not None and engine_paused < stop_at:
            changes.append((s.PAUSED, engine_paused))
        changes.append((s.UNSUBSCRIBED, stop_at))
    elif engine_paused is not None:
        changes.append((s.PAUSED, engine_paused))
    return changes


def _unanswered(history: list[SentItem]) -> int:
    streak = set()
    for item in reversed(history):
        if item.replied:
            break
        if item.kind == EmailKind.PROMPT:
            streak.add(item.content_id)
    return len(streak)


def _reply(
    manager: Manager, content_id: str, at: datetime, text: str, curriculum: Curriculum
) -> dict[str, Any]:
    try:
        subject = curriculum.item(content_id).subject
    except KeyError:
        subject = "Still want these?"
    return {
        "manager_id": manager.id,
        "rfc_message_id": f"<demo-{secrets.token_hex(8)}@mail.example.com>",
        "from_email": manager.email,
        "subject": f"Re: {subject}"[:1000],
        "received_at": at,
        "text": text,
        "word_count": word_count(text),
        "is_auto_reply": False,
        "matched_by": "token",
    }


def _roles(rng: random.Random) -> list[str]:
    """What each demo person ends as: INVITED_COUNT have only been invited, the rest are members."""
    roles = ["invited"] * INVITED_COUNT + ["pending"] * 2 + ["unsubscribed"] * 5 + ["paused"] * 5
    roles += ["active"] * (MANAGER_COUNT - len(roles))
    rng.shuffle(roles)
    return roles


def _people(session: Session, program: Program, rng: random.Random, now: datetime, curriculum: Curriculum,
            roles: list[str], start: int = 0) -> list[tuple[Manager, Subscription | None, str]]:  # fmt: skip
    """Managers (some invited only) with subscriptions in the state the demo wants them to end in."""
    people = []
    for index, role in enumerate(roles, start=start):
        first, last = FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[index % len(LAST_NAMES)]
        joined = now - HISTORY + timedelta(hours=rng.uniform(0, 24 * 10))
        if index % 9 == 0:  # a few joined recently, so "enrolled" moves
            joined = now - timedelta(days=rng.uniform(2, 30))
        manager = Manager(
            email=f"{first}.{last}.{index + 1}@example.com".lower(),
            name=f"{first} {last}",
            timezone=rng.choice(TIMEZONES),
            program_id=program.id,
            sharing_since=joined - timedelta(days=1) if rng.random() < 0.6 else None,
            created_at=joined - timedelta(days=1),
            invited_at=joined - timedelta(days=1),
        )
        session.add(manager)
        subscription = None
        if role != "invited":
            subscription = Subscription(
                manager=manager,
                lesson_slug=rng.choice(curriculum.slugs),
                status=SubscriptionStatus.PENDING
                if role == SubscriptionStatus.PENDING
                else SubscriptionStatus.ACTIVE,
                send_time=rng.choice(SEND_TIMES),
                weekdays=rng.choice(WEEKDAYS),
                intensity=rng.choice(INTENSITIES),
                created_at=joined - timedelta(hours=2),
                confirmation_sent_at=joined - timedelta(hours=2),
                confirmed_at=None if role == "pending" else joined,
                lesson_started_at=None if role == "pending" else joined,
                updated_at=joined,
            )
            session.add(subscription)
        people.append((manager, subscription, role))
    session.flush()
    return people


def seed_demo(
    session: Session,
    now: datetime,
    password: str,
    *,
    seed: int = 7,
    progress: Callable[[int], None] | None = None,
) -> DemoResult:
    """Create the demo program, its lead and managers with history; the caller commits."""
    if session.scalars(select(Program.id).where(Program.name == DEMO_PROGRAM)).first() is not None:
        raise DemoError(f"the program {DEMO_PROGRAM!r} already exists")
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, not secrets
    curriculum = load_curriculum()
    program = create_program(session, DEMO_PROGRAM)
    program.created_at = now - HISTORY - timedelta(days=1)  # the program started when its history did
    lead = create_account(session, DEMO_LEAD_EMAIL, password, name="Demo Lead", timezone="Europe/London")
    assign_program(session, lead.id, program.id, owner=True)
    rows = _Rows()
    main_rng = rng
    roles = _roles(rng)
    people = [(person, rng) for person in _people(session, program, rng, now, curriculum, roles)]
    # Members in place of the invited ones, from their own generator so the rest stays as it was.
    extra_rng = random.Random(seed + 1)  # noqa: S311 - synthetic demo data
    extra = _people(session, program, extra_rng, now, curriculum, ["active"] * INVITED_COUNT, len(roles))
    people += [(person, extra_rng) for person in extra]
    for (manager, subscription, role), rng in people:
        rows.messages.append(_message(manager, None, EmailKind.INVITATION, manager.created_at, rng))
        if role == "invited":  # not accepted yet: an invitation, not a member the lead can see
            session.add(_invitation(manager, lead.id))
            manager.program_id = None
        if subscription is not None:
            rows.messages.append(
                _message(manager, subscription, EmailKind.CONFIRM, subscription.created_at, rng)
            )
        if subscription is not None and role != "pending":
            rows.messages.append(
                _message(manager, subscription, EmailKind.WELCOME, subscription.confirmed_at or now, rng)
            )
            stop_at = now
            if role == "unsubscribed":
                stop_at = now - timedelta(days=rng.uniform(2, 30))
                subscription.status, subscription.unsubscribed_at = SubscriptionStatus.UNSUBSCRIBED, stop_at
            elif role == "paused":
                stop_at = now - timedelta(days=rng.uniform(1, 12))
                subscription.status = SubscriptionStatus.PAUSED
                subscription.pause_reason = PauseReason.MANAGER
                subscription.paused_until = now + timedelta(days=rng.uniform(5, 20))
            engine_paused = _simulate(manager, subscription, curriculum, rng, stop_at, now, rows)
            subscription.updated_at = stop_at
            for status, at in _status_history(subscription, role, stop_at, engine_paused):
                record_status(session, [subscription.id], status, at)
        elif subscription is not None:
            record_status(session, [subscription.id], SubscriptionStatus.PENDING, subscription.created_at)
        if progress is not None and role != "invited":
            progress(1)
    ids = session.scalars(
        insert(Message).returning(Message.id, sort_by_parameter_order=True), rows.messages
    ).all()
    replies = [{**reply, "message_id": ids[index]} for index, reply in rows.replies]
    commitments = 0
    if replies:
        reply_ids = list(
            session.scalars(insert(Reply).returning(Reply.id, sort_by_parameter_order=True), replies)
        )
        context = [{**reply, **_about(rows.messages[index])} for index, reply in rows.replies]
        commitments = seed_commitments(session, context, reply_ids, main_rng, now)
    return DemoResult(
        program.id, lead.email, password, MANAGER_COUNT, len(rows.messages), len(replies), commitments
    )


def _invitation(manager: Manager, lead_id: int) -> ProgramInvitation:
    return ProgramInvitation(
        program_id=manager.program_id, email=manager.email, name=manager.name, timezone=manager.timezone,
        invited_by_id=lead_id, status=InvitationStatus.PENDING, created_at=manager.created_at,
    )  # fmt: skip


def _about(message: dict[str, Any]) -> dict[str, Any]:
    return {"lesson_slug": message.get("lesson_slug"), "content_id": message.get("content_id")}
