"""Double opt-in: GET shows what is being confirmed and a button; only the POST changes anything.

A link confirms either a new subscription (token purpose "confirm") or one stored subscribe request
for an address we already knew (purpose "confirm-change"): then the page shows that request's
settings, and they replace the old ones only when its owner presses Confirm.
"""

from __future__ import annotations

from typing import Any

from flask import Response, flash, make_response, redirect, render_template, url_for

from service.curriculum import load_curriculum
from service.enums import LIVE_SUBSCRIPTIONS, STOPPED_SUBSCRIPTIONS, SubscriptionStatus
from service.extensions import limiter
from service.models import PendingChange, Subscription, utcnow
from service.public import blueprint
from service.public.limits import CONFIRM_LIMIT
from service.public.links import LinkProblem, private, subject, subscription_from, token_for
from service.subscriptions import confirm, send_soon
from service.subscriptions.lifecycle import confirm_change
from service.subscriptions.validation import WEEKDAY_LABELS
from service.web_db import db_session


def _target(token: str) -> tuple[Subscription, PendingChange | None]:
    """The subscription a confirm link is about, and the stored request it confirms, if any."""
    try:
        return subscription_from("confirm", token), None
    except LinkProblem as problem:
        try:
            change = subject(PendingChange, "confirm-change", token)
        except LinkProblem as other:
            raise (other if other.reason == "expired" else problem) from None
    subscription = db_session().get(Subscription, change.subscription_id) if change is not None else None
    if change is None or subscription is None:
        raise LinkProblem("missing", "confirm")
    return subscription, change


def _shown(subscription: Subscription, change: PendingChange | None) -> dict[str, Any]:
    """What the page asks to confirm: the request's settings, or the new subscription's."""
    source: Any = change if change is not None else subscription
    waiting = subscription.status == SubscriptionStatus.PENDING
    if change is not None:
        waiting = change.applied_at is None and subscription.status not in LIVE_SUBSCRIPTIONS
    return {
        "waiting": waiting,
        "lesson_slug": source.lesson_slug,
        "send_time": source.send_time.strftime("%H:%M"),
        "weekdays": source.weekday_list,
        "timezone": change.timezone if change is not None else subscription.manager.timezone,
        "name": change.name if change is not None else subscription.manager.name,
        "stopped": subscription.status in STOPPED_SUBSCRIPTIONS and change is None,
    }


@blueprint.get("/confirm/<token>")
@limiter.limit(CONFIRM_LIMIT)
def confirm_page(token: str) -> Response:
    """Mail scanners follow links: this page only shows a Confirm button (409 if it is too late)."""
    subscription, change = _target(token)
    shown = _shown(subscription, change)
    html = render_template(
        "public/confirm.html",
        subscription=subscription,
        manager=subscription.manager,
        shown=shown,
        lesson=_lesson(shown["lesson_slug"]),
        weekday_labels=WEEKDAY_LABELS,
        preferences_url=url_for("public.preferences", token=token_for("preferences", subscription.id)),
    )
    return private(make_response(html, 409 if shown["stopped"] else 200))


@blueprint.post("/confirm/<token>")
@limiter.limit(CONFIRM_LIMIT)
def confirm_post(token: str) -> Response:
    """Activate once (a repeated POST changes nothing), then show the preference centre."""
    subscription, change = _target(token)
    session = db_session()
    now = utcnow()
    result = (
        confirm(session, subscription.id, now) if change is None else confirm_change(session, change.id, now)
    )
    session.commit()
    send_soon(result.message_ids)
    current = session.get(Subscription, subscription.id, populate_existing=True)
    if current is None or current.status not in LIVE_SUBSCRIPTIONS:
        return confirm_page(token)
    if result.changed:
        flash("You're subscribed. Your welcome email is on its way.", "success")
    preferences = url_for("public.preferences", token=token_for("preferences", subscription.id))
    return redirect(preferences, 303)  # type: ignore[return-value]


def _lesson(slug: str) -> object | None:
    try:
        return load_curriculum().lesson(slug)
    except KeyError:
        return None
