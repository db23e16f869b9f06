"""A handover's lesson choices: GET shows the lesson and one button; only the POST starts it."""

from __future__ import annotations

from flask import Response, make_response, redirect, render_template, request, url_for

from service.curriculum import Lesson, load_curriculum
from service.enums import EmailKind
from service.extensions import limiter
from service.models import Message, Subscription, utcnow
from service.public import blueprint
from service.public.limits import PAGE_LIMIT
from service.public.links import LinkProblem, private, subject, token_for
from service.subscriptions import change_focus
from service.web_db import db_session


def _handover(token: str) -> tuple[Message, Subscription]:
    session = db_session()
    message = subject(Message, "lesson", token)
    subscription = (
        session.get(Subscription, message.subscription_id) if message and message.subscription_id else None
    )
    if message is None or message.kind != EmailKind.HANDOVER or subscription is None:
        raise LinkProblem("missing", "lesson")
    return message, subscription


def _chosen(slug: str | None) -> Lesson | None:
    try:
        return load_curriculum().lesson(slug or "")
    except KeyError:
        return None


@blueprint.get("/lessons/<token>")
@limiter.limit(PAGE_LIMIT)
def lesson_choice(token: str) -> Response:
    """The chosen lesson and a Start button (mail scanners follow links: nothing changes here)."""
    _, subscription = _handover(token)
    lesson = _chosen(request.args.get("lesson"))
    status = 200 if lesson is not None else 404
    html = render_template(
        "public/lesson_choice.html",
        token=token,
        lesson=lesson,
        current=subscription.lesson_slug,
        started=request.args.get("started") is not None,
        preferences_url=url_for("public.preferences", token=token_for("preferences", subscription.id)),
    )
    return private(make_response(html, status))


@blueprint.post("/lessons/<token>")
@limiter.limit(PAGE_LIMIT)
def lesson_choice_post(token: str) -> Response:
    """Start the chosen lesson from its first email (a repeat changes nothing); the click is engagement."""
    message, subscription = _handover(token)
    lesson = _chosen(request.form.get("lesson"))
    if lesson is None:
        return lesson_choice(token)
    session = db_session()
    now = utcnow()
    if subscription.lesson_slug != lesson.slug:
        change_focus(session, subscription, lesson.slug, resume_earlier=False, now=now)
    if message.answered_at is None:
        message.answered_at = now
    session.commit()
    return redirect(url_for("public.lesson_choice", token=token, lesson=lesson.slug, started=1), 303)  # type: ignore[return-value]
