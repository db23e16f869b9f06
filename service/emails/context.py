"""Build a template context from an outbox row: who it is for, what it teaches, where its links go."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.accounts.password_reset import RESET_MAX_AGE
from service.commitments.move_dates import day_label
from service.commitments.moves import nudge_default_due
from service.curriculum import ContentItem, Curriculum, Lesson, load_curriculum
from service.emails import links
from service.emails.checkback import commitment_context
from service.emails.digest import digest_context
from service.emails.followup import chosen_step
from service.emails.formatting import clock, local_when, weekdays_label
from service.emails.handover import handover_context, review_recap
from service.emails.render import EmailError
from service.enums import LESSON_KINDS, STOPPED_SUBSCRIPTIONS, EmailKind
from service.models import Lead, Manager, Message, PendingChange, Program, ProgramInvitation, Subscription
from service.settings import Settings, current_settings
from service.sharing import readable_reply_ids
from service.spacing.outline import lesson_outline, outline_sentence
from service.subscriptions.arc import next_lesson_for
from service.tokens import MAX_AGE


def base_context(
    *,
    site_url: str,
    brand_name: str,
    recipient_name: str,
    preferences_url: str | None,
    unsubscribe_url: str | None,
    reflections_url: str | None = None,
    sender_email: str = "",
) -> dict[str, Any]:
    """The keys every email's layout uses: the footer names the sender and links the privacy page."""
    return {
        "site_url": site_url,
        "brand_name": brand_name,
        "recipient_name": recipient_name,
        "preferences_url": preferences_url,
        "unsubscribe_url": unsubscribe_url,
        "reflections_url": reflections_url,
        "sender_email": sender_email,
        "privacy_url": f"{site_url}/privacy",
    }


def item_context(lesson: Lesson, item: ContentItem) -> dict[str, Any]:
    """A lesson item with its place in the lesson ("nudge 3 of 7")."""
    by_kind: dict[str, tuple[ContentItem, ...]] = {
        EmailKind.NUDGE: lesson.nudges,
        EmailKind.PROMPT: lesson.prompts,
        EmailKind.FOLLOWUP: lesson.followups,
    }
    siblings = by_kind.get(item.kind)
    position = siblings.index(item) + 1 if siblings and item in siblings else 1
    return {"lesson": lesson, "item": item, "position": position, "total": len(siblings or (item,))}


def schedule_view(send_time: time, weekdays: str, timezone: str) -> dict[str, str]:
    """The schedule in words: "09:00", "Monday to Friday", "Europe/Berlin"."""
    return {"send_time": clock(send_time), "weekdays": weekdays_label(weekdays), "timezone": timezone}


def sharing_of(manager: Manager | None) -> str:
    """Who can read a reply: "personal" (no program), "shared" (consented) or "private"."""
    if manager is None or manager.program_id is None:
        return "personal"
    return "shared" if manager.share_replies else "private"


def message_context(message: Message, session: Session) -> dict[str, Any]:
    """Everything the templates of `message.kind` need, loaded for one outbox row."""
    settings = current_settings()
    curriculum = load_curriculum()
    manager = session.get(Manager, message.manager_id) if message.manager_id is not None else None
    subscription = _subscription(session, message, manager)
    context = base_context(
        site_url=settings.public_url,
        brand_name=settings.from_name,
        recipient_name=manager.name if manager is not None else "",
        preferences_url=links.preferences_url(settings, subscription.id) if subscription else None,
        unsubscribe_url=links.unsubscribe_url(settings, subscription.id) if subscription else None,
        reflections_url=links.reflections_url(settings, manager.id) if manager is not None else None,
        sender_email=settings.from_email,
    )
    stored: dict[str, Any] = dict(message.context or {})
    kind = message.kind
    if kind in LESSON_KINDS:
        context.update(_item_kind(kind, message, stored, curriculum, manager))
        if kind == EmailKind.NUDGE and manager is not None and subscription is not None:
            context.update(_move_link(message, manager, subscription, settings))
        if kind == EmailKind.REVIEW:
            since = subscription.lesson_started_at if subscription is not None else None
            context["recap"] = review_recap(session, manager, context["lesson"], since)
            if subscription is not None:
                context["next_lesson"] = next_lesson_for(session, subscription, curriculum)
    elif kind in (EmailKind.CONFIRM, EmailKind.WELCOME, EmailKind.CHECKIN):
        if subscription is None or manager is None:
            raise EmailError(f"{kind} email {message.id}: no subscription to write about")
        change = _pending_change(session, message, stored) if kind == EmailKind.CONFIRM else None
        context.update(_subscription_kind(kind, message, subscription, manager, curriculum, settings, change))
    elif kind == EmailKind.DIGEST:
        context.update(_digest(session, message, stored, curriculum, settings))
    elif kind == EmailKind.INVITATION:
        context.update(_invitation(session, message, curriculum, settings))
    elif kind == EmailKind.NOTICE:
        context.update(_notice(message, stored, subscription, curriculum))
        lead = session.get(Lead, message.lead_id) if manager is None and message.lead_id is not None else None
        if lead is not None:
            context["recipient_name"] = lead.name  # a lead's notice greets them as their digest does
        context.update(_notice_action(stored, settings))
    elif kind == EmailKind.HANDOVER:
        if subscription is None:
            raise EmailError(f"handover email {message.id}: no subscription to write about")
        lesson = _lesson(curriculum, message.lesson_slug or subscription.lesson_slug, message)
        context.update(handover_context(session, message, subscription, lesson, curriculum, settings))
    elif kind == EmailKind.COMMITMENT:
        if subscription is None:
            raise EmailError(f"commitment email {message.id}: no subscription to write about")
        context.update(commitment_context(message, stored, settings, manager.timezone if manager else None))
        context["lesson"] = _lesson(curriculum, message.lesson_slug or subscription.lesson_slug, message)
    elif kind == EmailKind.PASSWORD_RESET:
        context.update(_password_reset(session, message, settings))
    else:
        raise EmailError(f"message {message.id}: unknown email kind {kind!r}")
    return context


def _move_link(
    message: Message, manager: Manager, subscription: Subscription, settings: Settings
) -> dict[str, str]:
    """A nudge's "take it on" link and the day it proposes, both per recipient (personalise.PERSONAL)."""
    due = nudge_default_due(message, manager, subscription)
    return {"move_url": links.move_url(settings, message.id), "move_due": day_label(due)}


def _password_reset(session: Session, message: Message, settings: Settings) -> dict[str, Any]:
    """The link is signed when the email is rendered for sending, from the account as it is then."""
    lead = session.get(Lead, message.lead_id) if message.lead_id is not None else None
    if lead is None:
        raise EmailError(f"password reset {message.id}: no account")
    return {
        "recipient_name": lead.name,
        "account_email": lead.email,
        "reset_url": links.password_reset_url(settings, lead),
        "expires_minutes": int(RESET_MAX_AGE.total_seconds() // 60),
        "preferences_url": None,
        "unsubscribe_url": None,
    }


def _subscription(session: Session, message: Message, manager: Manager | None) -> Subscription | None:
    if message.subscription_id is not None:
        return session.get(Subscription, message.subscription_id)
    if manager is None:
        return None
    return session.scalars(select(Subscription).where(Subscription.manager_id == manager.id)).first()


def _lesson(curriculum: Curriculum, slug: str | None, message: Message) -> Lesson:
    try:
        return curriculum.lesson(slug or "")
    except KeyError:
        raise EmailError(f"{message.kind} email {message.id}: unknown lesson {slug!r}") from None


def _item_kind(
    kind: str, message: Message, stored: dict[str, Any], curriculum: Curriculum, manager: Manager | None
) -> dict[str, Any]:
    try:
        item = curriculum.item(message.content_id or "")
    except KeyError:
        raise EmailError(f"{kind} email {message.id}: unknown content {message.content_id!r}") from None
    if item.kind != kind:
        raise EmailError(f"{kind} email {message.id}: content {item.id!r} is a {item.kind}")
    lesson = curriculum.lesson(item.lesson_slug)
    context = item_context(lesson, item)
    if kind == EmailKind.PROMPT:
        context.update(reask=bool(stored.get("reask")), sharing=sharing_of(manager))
    elif kind == EmailKind.FOLLOWUP:
        quote = stored.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            raise EmailError(f"followup email {message.id}: context has no quote to follow up on")
        context["quote"] = quote.strip()
        context["chosen_step"] = chosen_step(stored.get("commitment"))
    elif kind == EmailKind.REVIEW:
        context["next_lesson"] = curriculum.next_lesson(lesson.slug)
    return context


def _subscription_kind(
    kind: str,
    message: Message,
    subscription: Subscription,
    manager: Manager,
    curriculum: Curriculum,
    settings: Settings,
    change: PendingChange | None = None,
) -> dict[str, Any]:
    lesson = _lesson(curriculum, message.lesson_slug or subscription.lesson_slug, message)
    context: dict[str, Any] = {
        "lesson": lesson,
        "schedule": schedule_view(subscription.send_time, subscription.weekdays, manager.timezone),
    }
    if kind == EmailKind.CONFIRM:
        # Whoever typed the address also typed the name: a confirmation greets nobody by it.
        context["recipient_name"] = ""
        context["confirm_url"] = links.confirm_url(settings, subscription.id)
        context["expires_days"] = MAX_AGE["confirm"].days
        if change is not None:  # a request for a known address: show and confirm what it asks for
            context["schedule"] = schedule_view(change.send_time, change.weekdays, change.timezone)
            context["confirm_url"] = links.confirm_change_url(settings, change.id)
    elif kind == EmailKind.WELCOME:
        context["outline"] = outline_sentence(lesson_outline(curriculum, lesson.slug, subscription.intensity))
        due = subscription.next_due_at or _instant((message.context or {}).get("first_due_at"))
        context["first_send"] = local_when(due, manager.timezone) if due is not None else None
        context["in_program"] = manager.program_id is not None  # sharing replies means nothing outside one
    return context


def _pending_change(session: Session, message: Message, stored: dict[str, Any]) -> PendingChange | None:
    """The stored request a confirmation email confirms (None: it confirms the subscription itself)."""
    change_id = stored.get("change_id")
    if change_id is None:
        return None
    change = session.get(PendingChange, change_id) if isinstance(change_id, int) else None
    if change is None:
        raise EmailError(f"confirm email {message.id}: no pending change {change_id!r}")
    return change


def _instant(value: Any) -> datetime | None:
    """An ISO-8601 instant stored in a context, or None when absent or unreadable."""
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return parsed if parsed is not None and parsed.tzinfo is not None else None


def _digest(
    session: Session, message: Message, stored: dict[str, Any], curriculum: Curriculum, settings: Settings
) -> dict[str, Any]:
    lead = session.get(Lead, message.lead_id) if message.lead_id is not None else None
    if lead is None:
        raise EmailError(f"digest {message.id}: no lead to send it to")
    program_id = message.program_id if message.program_id is not None else stored.get("program_id")
    program = session.get(Program, program_id) if isinstance(program_id, int) else None
    program_name = stored.get("program_name") or (program.name if program else "your program")
    stored["excerpts"] = still_shared(session, stored.get("excerpts"))
    context = digest_context(stored, lambda slug: lesson_title(curriculum, slug))
    context.update(
        recipient_name=lead.name,
        program_name=str(program_name),
        dashboard_url=links.dashboard_url(settings, program.id if program else None),
    )
    return context


def still_shared(session: Session, excerpts: Any) -> Any:
    """The stored quotes whose replies a lead may still read now: a manager who stopped sharing, or
    erased their data, since the digest was written is not quoted when it goes out."""
    if not isinstance(excerpts, list):
        return excerpts
    ids = [item.get("reply_id") for item in excerpts if isinstance(item, dict)]
    readable = readable_reply_ids(session, [i for i in ids if isinstance(i, int) and not isinstance(i, bool)])
    return [item for item in excerpts if isinstance(item, dict) and item.get("reply_id") in readable]


def lesson_title(curriculum: Curriculum, slug: str) -> str:
    """A lesson's title, or the slug itself when the lesson no longer exists."""
    try:
        return curriculum.lesson(slug).title
    except KeyError:
        return slug


def _invitation(
    session: Session, message: Message, curriculum: Curriculum, settings: Settings
) -> dict[str, Any]:
    """An invitation speaks in the lead's words only: the name they typed, the program, their name."""
    invitation = _program_invitation(session, message)
    if invitation is None:
        raise EmailError(f"invitation {message.id}: no invitation to send")
    program = session.get(Program, invitation.program_id)
    lead = session.get(Lead, invitation.invited_by_id) if invitation.invited_by_id is not None else None
    stored_name = (message.context or {}).get("program_name")
    try:  # a suggestion that no longer names a lesson is dropped, not fatal: the manager chooses anyway
        suggested = curriculum.lesson(message.lesson_slug) if message.lesson_slug else None
    except KeyError:
        suggested = None
    return {
        "recipient_name": invitation.name,
        "program_name": program.name if program else str(stored_name or "a coaching program"),
        "inviter_name": (lead.name or lead.email) if lead else "",
        "invite_url": links.invite_url(settings, invitation.id),
        "suggested_lesson": suggested,
        "lessons": curriculum.lessons,
        "expires_days": MAX_AGE["join"].days,
        "reminder": bool((message.context or {}).get("reminder")),
    }


def _notice_action(stored: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """A notice asking to confirm a command carries the button to do so (its token made at render)."""
    reply_id = stored.get("confirm_reply_id")
    if not isinstance(reply_id, int) or isinstance(reply_id, bool):
        return {"action_url": None, "action_label": None}
    return {"action_url": links.command_url(settings, reply_id), "action_label": "Confirm"}


def _program_invitation(session: Session, message: Message) -> ProgramInvitation | None:
    """The invitation an invitation email is for (rows queued before invitations existed: by address)."""
    invitation_id = (message.context or {}).get("invitation_id")
    if isinstance(invitation_id, int) and not isinstance(invitation_id, bool):
        return session.get(ProgramInvitation, invitation_id)
    if message.program_id is None:
        return None
    return session.scalars(
        select(ProgramInvitation).where(
            ProgramInvitation.program_id == message.program_id, ProgramInvitation.email == message.to_email
        )
    ).first()


def _notice(
    message: Message, stored: dict[str, Any], subscription: Subscription | None, curriculum: Curriculum
) -> dict[str, Any]:
    subject = stored.get("subject")
    paragraphs = stored.get("paragraphs")
    if not isinstance(subject, str) or not subject.strip():
        raise EmailError(f"notice {message.id}: context needs a subject")
    if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
        raise EmailError(f"notice {message.id}: context needs paragraphs, a list of strings")
    lesson = None
    if subscription is not None:
        lesson = _lesson(curriculum, subscription.lesson_slug, message)
    # To someone no longer subscribed (the STOP acknowledgement among them) a notice is a one-off
    # answer: its footer says so and offers no preference or unsubscribe links.
    stopped = subscription is not None and subscription.status in STOPPED_SUBSCRIPTIONS
    return {
        "subject": subject,
        "paragraphs": paragraphs,
        "commands": bool(stored.get("commands")),
        "final": bool(stored.get("final")) or stopped,
        "lesson": lesson,
        "for_lead": message.lead_id is not None and message.manager_id is None,  # not about coaching
    }
