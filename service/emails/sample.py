"""Realistic sample contexts for every kind of email: what `coach preview` and the tests render."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from service.curriculum import Lesson, load_curriculum
from service.emails.checkback import LABELS
from service.emails.context import base_context, item_context, lesson_title, schedule_view
from service.emails.digest import digest_context
from service.emails.followup import ChosenStep
from service.emails.formatting import local_when
from service.emails.render import EmailError
from service.enums import EMAIL_KINDS, EmailKind
from service.spacing.outline import lesson_outline, outline_sentence

SAMPLE_SITE = "https://coach.example.com"
SAMPLE_BRAND = "Collaborative Leadership Coach"
SAMPLE_MANAGER = "Dana Whitfield"
SAMPLE_LEAD = "Priya Raman"
SAMPLE_PROGRAM = "EMEA sales leadership 2025"
# A notice's stored context: {"subject", "paragraphs", optional "commands" (show the command list)
# and "final" (no preference/unsubscribe links; implied when the subscription has stopped)}.
SAMPLE_NOTICE: dict[str, Any] = {
    "subject": "How to steer your coaching emails",
    "paragraphs": [
        "You can run your coaching entirely by email. Reply to any coaching email with one of the "
        "commands below as the first line; upper or lower case both work.",
        "Anything else you write is treated as a reflection: it stays with your coaching history and "
        "shapes what you get next.",
    ],
    "commands": True,
    "final": False,
}
# A follow-up to a reply that made a commitment (service/emails/followup.py), as `coach preview
# followup --step` shows it: its date still ahead, passed while still open, or marked done.
SAMPLE_STEPS = {
    "ahead": ChosenStep(date(2025, 3, 7), done=False, ahead=True),
    "since": ChosenStep(date(2025, 3, 7), done=False, ahead=False),
    "done": ChosenStep(date(2025, 3, 7), done=True, ahead=False),
}
SAMPLE_PROMISE = (
    "Marco from solutions engineering rebuilt the whole demo for the CFO over a weekend, and the win "
    "post only named me and the rep. I will thank him by name in Friday's win post."
)
SAMPLE_QUOTE = (
    "Honestly, Marco from solutions engineering rebuilt the whole demo for the CFO over a weekend, "
    "and the win post only named me and the rep. I should fix that."
)


def sample_context(
    kind: str, focus: str | None = None, *, site_url: str = SAMPLE_SITE, step: str | None = None
) -> dict[str, Any]:
    """A complete template context for `kind`, about lesson `focus` (default: lesson 1); a follow-up
    may quote a reply that already chose its `step` (one of SAMPLE_STEPS)."""
    if kind not in EMAIL_KINDS:
        raise EmailError(f"unknown email kind {kind!r}; expected one of {', '.join(EmailKind)}")
    if step is not None and (kind != EmailKind.FOLLOWUP or step not in SAMPLE_STEPS):
        raise EmailError(f"a chosen step is for follow-ups only, one of {', '.join(SAMPLE_STEPS)}")
    curriculum = load_curriculum()
    try:
        lesson = curriculum.lesson(focus) if focus else curriculum.lessons[0]
    except KeyError:
        raise EmailError(f"unknown lesson {focus!r}; expected one of {', '.join(curriculum.slugs)}") from None
    site = site_url.rstrip("/")
    context = base_context(
        site_url=site,
        brand_name=SAMPLE_BRAND,
        recipient_name=SAMPLE_MANAGER,
        preferences_url=f"{site}/preferences/sample-preferences-token",
        unsubscribe_url=f"{site}/unsubscribe/sample-unsubscribe-token",
        reflections_url=None if kind == EmailKind.DIGEST else f"{site}/reflections/sample-reflections-token",
        sender_email="coach@example.com",
    )
    schedule = schedule_view(time(8, 30), "mon,tue,wed,thu,fri", "Europe/Berlin")
    if kind == EmailKind.CONFIRM:
        context.update(
            lesson=lesson,
            schedule=schedule,
            confirm_url=f"{site}/confirm/sample-confirm-token",
            expires_days=7,
        )
    elif kind == EmailKind.WELCOME:
        first = local_when(datetime(2025, 3, 4, 7, 30, tzinfo=UTC), "Europe/Berlin")
        outline = outline_sentence(lesson_outline(curriculum, lesson.slug, "standard"))
        context.update(lesson=lesson, schedule=schedule, first_send=first, outline=outline, in_program=True)
    elif kind == EmailKind.NUDGE:
        context.update(
            item_context(lesson, lesson.nudges[2]),
            move_url=f"{site}/moves/sample-move-token",
            move_due="Friday 7 March",
        )
    elif kind == EmailKind.PROMPT:
        context.update(item_context(lesson, lesson.prompts[0]), reask=False, sharing="private")
    elif kind == EmailKind.FOLLOWUP:
        context.update(
            item_context(lesson, lesson.generic_followup),
            quote=SAMPLE_PROMISE if step else SAMPLE_QUOTE,
            chosen_step=SAMPLE_STEPS[step] if step else None,
        )
    elif kind == EmailKind.CHECKIN:
        context["lesson"] = lesson
    elif kind == EmailKind.REVIEW:
        context.update(
            item_context(lesson, lesson.review),
            next_lesson=curriculum.next_lesson(lesson.slug),
            recap={
                "quotes": [SAMPLE_QUOTE],
                "commitments": [
                    {"text": "I will name Marco in Friday's win post.", "status": "done"},
                    {
                        "text": "I'll ask the deal desk what they need from us by end of month.",
                        "status": "still open",
                    },
                ],
                "replied": True,
            },
        )
    elif kind == EmailKind.HANDOVER:
        suggested = curriculum.next_lesson(lesson.slug) or curriculum.lessons[0]
        others = [other for other in curriculum.lessons if other.slug != lesson.slug]
        context.update(
            lesson=lesson,
            graduation=False,
            reminder=False,
            reminders_left=2,
            suggested=suggested,
            suggested_reason="Suggested from what you wrote in your replies.",
            others=[other for other in others if other.slug != suggested.slug],
            choose_urls={
                other.slug: f"{site}/lessons/sample-token?lesson={other.slug}" for other in curriculum.lessons
            },
            kept=3,
            made=4,
        )
    elif kind == EmailKind.DIGEST:
        context.update(_digest(lesson, site))
    elif kind == EmailKind.INVITATION:
        context.update(
            preferences_url=None,
            unsubscribe_url=None,
            program_name=SAMPLE_PROGRAM,
            inviter_name=SAMPLE_LEAD,
            invite_url=f"{site}/subscribe/invite/sample-invite-token",
            suggested_lesson=lesson,
            lessons=curriculum.lessons,
            expires_days=30,
            reminder=False,
        )
    elif kind == EmailKind.COMMITMENT:
        context.update(
            lesson=lesson,
            text="I will raise it in Friday's pipeline review and let Marco walk us through the demo.",
            made_on="Tuesday 1 December",
            due_on="Friday 4 December",
            named=True,
            gone_by="A week has gone by.",
            taken_on=False,
            resurface=False,
            done_on=None,
            labels=LABELS,
            links={answer: f"{site}/commitments/sample-token?answer={answer}" for answer in LABELS},
        )
    elif kind == EmailKind.PASSWORD_RESET:
        context.update(
            recipient_name=SAMPLE_LEAD,
            account_email="lead@example.com",
            reset_url=f"{site}/leads/password/reset/sample-reset-token",
            expires_minutes=60,
            preferences_url=None,
            unsubscribe_url=None,
        )
    else:
        context.update(SAMPLE_NOTICE, lesson=lesson, for_lead=False)
    return context


def sample_digest_data(lesson: Lesson) -> dict[str, Any]:
    """A stored digest context as the leads area writes it (see service.emails.digest)."""
    return {
        "period_start": "2025-03-03",
        "period_end": "2025-03-09",
        "kpis": [
            {"label": "Active managers (14 days)", "value": 41, "previous": 38},
            {"label": "Reply rate to prompts", "value": 0.46, "previous": 0.39, "unit": "percent"},
            {
                "label": "Median time to reply",
                "value": 5.2,
                "previous": 6.8,
                "unit": "hours",
                "higher_is_better": False,
            },
            {"label": "Emails delivered", "value": 212, "previous": 212},
            {"label": "Paused", "value": 3, "previous": 1, "higher_is_better": False},
        ],
        "stalled": [
            {
                "name": "Tom Becker",
                "email": "tom.becker@example.com",
                "lesson_slug": lesson.slug,
                "unanswered": 3,
            },
            {
                "name": "Aisha Khan",
                "email": "aisha.khan@example.com",
                "lesson_slug": "share-credit",
                "unanswered": 4,
            },
        ],
        "unsubscribes": [
            {"name": "Luis Ortega", "email": "luis.ortega@example.com", "lesson_slug": lesson.slug},
        ],
        "excerpts": [
            {
                "name": "Marie Dubois",
                "lesson_slug": lesson.slug,
                "text": "I finally sat down with the channel manager before the deal-desk call instead of "
                "after it. We agreed the split in ten minutes, which used to take us two weeks of emails.",
            },
            {
                "name": "Sam Okafor",
                "lesson_slug": "share-credit",
                "text": "Handed the QBR slot to Jess for the Nordics renewal. She was nervous, nailed it, "
                "and the CRO asked her to present again next quarter.",
            },
        ],
    }


def _digest(lesson: Lesson, site: str) -> dict[str, Any]:
    curriculum = load_curriculum()
    context = digest_context(sample_digest_data(lesson), lambda slug: lesson_title(curriculum, slug))
    context.update(
        recipient_name=SAMPLE_LEAD,
        program_name=SAMPLE_PROGRAM,
        dashboard_url=f"{site}/leads/programs/1",
        preferences_url=None,
        unsubscribe_url=None,
    )
    return context
