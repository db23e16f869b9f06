"""The preference centre: one page per subscription, reached by a signed link; each form its own POST."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import Response, flash, make_response, redirect, render_template, url_for

from service.curriculum import load_curriculum
from service.enums import PauseReason, SubscriptionStatus
from service.extensions import limiter
from service.models import Program, Subscription, utcnow
from service.public import blueprint
from service.public.forms import FocusForm, PauseForm, ScheduleForm, SharingForm
from service.public.limits import PAGE_LIMIT
from service.public.links import private, subscription_from, token_for
from service.public.reflections import forget_lead_views, local_time
from service.subscriptions import (
    PAUSE_WEEKS,
    change_focus,
    keeps_focus,
    lesson_states,
    pause,
    resume,
    set_sharing,
    update_schedule,
)
from service.subscriptions.schedule import later_restart
from service.subscriptions.validation import (
    WEEKDAY_LABELS,
    check_focus,
    check_intensity,
    check_timezone,
    parse_entered_send_time,
    parse_weekday_names,
    timezone_names,
)
from service.text import whole_number
from service.web_db import db_session

LIVE = (SubscriptionStatus.ACTIVE, SubscriptionStatus.PAUSED)
FOCUS_MODES = ("resume", "start")
CHOOSE_MODE = "Choose whether to resume the lesson where you left it or to start it again."
PAUSE_REASONS: dict[str, str] = {
    PauseReason.MANAGER: "You paused your emails.",
    PauseReason.UNRESPONSIVE: "We paused your emails because we hadn't heard from you in a while.",
    PauseReason.LESSON_COMPLETE: "You finished your lesson. Choose your next focus below to carry on.",
}


def _local(instant: datetime | None, timezone: str) -> str | None:
    return local_time(instant, timezone) if instant is not None else None


def _schedule_values(subscription: Subscription) -> dict[str, Any]:
    return {
        "timezone": subscription.manager.timezone,
        "send_time": subscription.send_time.strftime("%H:%M"),
        "weekdays": subscription.weekday_list,
        "intensity": subscription.intensity,
    }


def _page(
    token: str,
    subscription: Subscription,
    *,
    schedule: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
    status: int = 200,
) -> Response:
    if subscription.status not in LIVE:
        return _not_live(subscription, 200 if status == 200 else 409, token)
    session = db_session()
    manager = subscription.manager
    program = session.get(Program, manager.program_id) if manager.program_id else None
    states = lesson_states(session, subscription)
    html = render_template(
        "public/preferences.html",
        token=token,
        subscription=subscription,
        manager=manager,
        program=program,
        lessons=load_curriculum().lessons,
        current=load_curriculum().lesson(subscription.lesson_slug),
        states=states,
        resumable={slug for slug, state in states.items() if state.resumable},
        next_email=_local(subscription.next_due_at, manager.timezone),
        paused_until=_local(subscription.paused_until, manager.timezone),
        restarts=_local(later_restart(subscription, manager.timezone), manager.timezone),
        sharing_since=_local(manager.sharing_since, manager.timezone),
        pause_reason=PAUSE_REASONS.get(subscription.pause_reason or "", ""),
        pause_weeks=list(PAUSE_WEEKS),
        schedule=schedule or _schedule_values(subscription),  # the form: what was typed, after an error
        saved_schedule=_schedule_values(subscription),  # the summary: what is in force
        errors=errors or {},
        timezones=timezone_names(),
        weekday_labels=WEEKDAY_LABELS,
        unsubscribe_url=url_for("public.unsubscribe_page", token=token_for("unsubscribe", subscription.id)),
        reflections_url=url_for("public.reflections", token=token_for("reflections", manager.id)),
    )
    return private(make_response(html, status))


def _not_live(subscription: Subscription, status: int, token: str | None = None) -> Response:
    """Pending or ended subscriptions have nothing to change here but sharing, which can always be
    turned off (other POSTs to them answer 409): stopping the emails never locks a manager in."""
    if subscription.status == SubscriptionStatus.PENDING:
        title = "Please confirm your subscription first"
        paragraphs = ["We've emailed you a confirmation link. Open it and press Confirm to start."]
        link = {"url": url_for("public.link_request"), "label": "Send me a fresh link"}
    else:
        title = "You're not subscribed"
        paragraphs = ["You won't receive any coaching emails from us."]
        link = {"url": url_for("public.index"), "label": "Subscribe again"}
    manager = subscription.manager
    program = db_session().get(Program, manager.program_id) if manager.program_id and token else None
    html = render_template(
        "public/preferences_closed.html",
        title=title,
        paragraphs=paragraphs,
        link=link,
        token=token,
        manager=manager,
        program=program,
        sharing_since=_local(manager.sharing_since, manager.timezone),
        reflections_url=url_for("public.reflections", token=token_for("reflections", manager.id)),
    )
    return private(make_response(html, status))


def _live(token: str) -> Subscription | Response:
    """The subscription a preferences POST may change, or the 409 page when it is not live."""
    subscription = subscription_from("preferences", token)
    return subscription if subscription.status in LIVE else _not_live(subscription, 409, token)


def _done(token: str, message: str) -> Response:
    flash(message, "success")
    return redirect(url_for("public.preferences", token=token), 303)  # type: ignore[return-value]


@blueprint.get("/preferences/<token>")
@limiter.limit(PAGE_LIMIT)
def preferences(token: str) -> Response:
    return _page(token, subscription_from("preferences", token))


@blueprint.post("/preferences/<token>/schedule")
@limiter.limit(PAGE_LIMIT)
def preferences_schedule(token: str) -> Response:
    subscription = _live(token)
    if isinstance(subscription, Response):
        return subscription
    form = ScheduleForm()
    values = {
        "timezone": form.timezone.data or "",
        "send_time": form.send_time.data or "",
        "weekdays": list(form.weekdays.data or []),
        "intensity": form.intensity.data or "",
    }
    errors: dict[str, str] = {}
    parsed: dict[str, Any] = {}
    for field, check in (
        ("timezone", lambda v: check_timezone(v, keep=subscription.manager.timezone)),
        ("send_time", parse_entered_send_time),
        ("weekdays", lambda v: parse_weekday_names(v or [])),
        ("intensity", check_intensity),
    ):
        try:
            parsed[field] = check(values[field])
        except ValueError as exc:
            errors[field] = str(exc)
    if errors:
        return _page(token, subscription, schedule=values, errors=errors, status=422)
    session = db_session()
    update_schedule(
        session,
        subscription,
        timezone=parsed["timezone"],
        send_time=parsed["send_time"],
        weekdays=",".join(parsed["weekdays"]),
        intensity=parsed["intensity"],
        now=utcnow(),
    )
    session.commit()
    return _done(token, "Your schedule is saved.")


@blueprint.post("/preferences/<token>/focus")
@limiter.limit(PAGE_LIMIT)
def preferences_focus(token: str) -> Response:
    subscription = _live(token)
    if isinstance(subscription, Response):
        return subscription
    form = FocusForm()
    try:
        slug = check_focus(form.focus.data, load_curriculum())
    except ValueError as exc:
        return _page(token, subscription, errors={"focus": str(exc)}, status=422)
    if (form.mode.data or "resume") not in FOCUS_MODES:  # a hand-made post: "resume" must not be guessed
        return _page(token, subscription, errors={"focus": CHOOSE_MODE}, status=422)
    restart = form.mode.data == "start"
    lesson = load_curriculum().lesson(slug)
    if keeps_focus(subscription, slug, restart=restart):
        return _done(token, f"Your focus stays lesson {lesson.number}: {lesson.title}.")
    session = db_session()
    result = change_focus(session, subscription, slug, resume_earlier=not restart, now=utcnow())
    session.commit()
    if not result.changed:
        return _page(token, subscription, errors={"focus": "This subscription can't change now."}, status=409)
    return _done(token, f"Your focus is now lesson {lesson.number}: {lesson.title}.")


@blueprint.post("/preferences/<token>/pause")
@limiter.limit(PAGE_LIMIT)
def preferences_pause(token: str) -> Response:
    subscription = _live(token)
    if isinstance(subscription, Response):
        return subscription
    form = PauseForm()
    raw = form.weeks.data or ""
    weeks = whole_number(raw, max_digits=2) or 0
    if weeks not in PAUSE_WEEKS:
        return _page(token, subscription, errors={"weeks": "Choose a pause of 1 to 8 weeks."}, status=422)
    session = db_session()
    result = pause(session, subscription, weeks, utcnow())
    session.commit()
    if not result.changed:
        return _page(
            token, subscription, errors={"weeks": "This subscription can't be paused now."}, status=409
        )
    return _done(token, f"Paused for {weeks} week{'s' if weeks > 1 else ''}.")


@blueprint.post("/preferences/<token>/resume")
@limiter.limit(PAGE_LIMIT)
def preferences_resume(token: str) -> Response:
    subscription = _live(token)
    if isinstance(subscription, Response):
        return subscription
    session = db_session()
    result = resume(session, subscription, utcnow())
    session.commit()
    return _done(
        token, "Welcome back: your emails are on again." if result.changed else "Your emails are on."
    )


@blueprint.post("/preferences/<token>/sharing")
@limiter.limit(PAGE_LIMIT)
def preferences_sharing(token: str) -> Response:
    """Sharing on or off; off whatever the subscription's state, on only while it is live (someone
    who has left, or not confirmed yet, has no coaching to share: they subscribe again first)."""
    subscription = subscription_from("preferences", token)
    form = SharingForm()
    share = bool(form.share.data)
    if share and subscription.status not in LIVE:
        return _not_live(subscription, 409, token)
    session = db_session()
    result = set_sharing(session, subscription, share, utcnow())
    session.commit()
    if result.changed:
        forget_lead_views(subscription.manager.program_id)  # the dashboard's quotes change at once
    if share:
        return _done(
            token,
            "From now on, your program lead can read the replies you write. Earlier replies stay private "
            "unless you share them one by one.",
        )
    return _done(
        token,
        "Your replies are private again: your program lead can read none of them, on the dashboard, in "
        "your timeline, exports or digests.",
    )
