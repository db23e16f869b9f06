"""Double opt-in: GET shows what is being confirmed and a button; only the POST changes anything."""

from __future__ import annotations

from flask import Response, flash, make_response, redirect, render_template, url_for

from service.curriculum import load_curriculum
from service.enums import SubscriptionStatus
from service.extensions import limiter
from service.models import utcnow
from service.public import blueprint
from service.public.limits import CONFIRM_LIMIT
from service.public.links import private, subscription_from, token_for
from service.subscriptions import confirm, send_soon
from service.subscriptions.validation import WEEKDAY_LABELS
from service.web_db import db_session


@blueprint.get("/confirm/<token>")
@limiter.limit(CONFIRM_LIMIT)
def confirm_page(token: str) -> Response:
    """Mail scanners follow links: this page only shows a Confirm button (409 if it is too late)."""
    subscription = subscription_from("confirm", token)
    status = (
        409 if subscription.status in (SubscriptionStatus.UNSUBSCRIBED, SubscriptionStatus.EXPIRED) else 200
    )
    html = render_template(
        "public/confirm.html",
        subscription=subscription,
        manager=subscription.manager,
        lesson=_lesson(subscription.lesson_slug),
        weekday_labels=WEEKDAY_LABELS,
        preferences_url=url_for("public.preferences", token=token_for("preferences", subscription.id)),
    )
    return private(make_response(html, status))


@blueprint.post("/confirm/<token>")
@limiter.limit(CONFIRM_LIMIT)
def confirm_post(token: str) -> Response:
    """Activate once (a repeated POST changes nothing), then show the preference centre."""
    subscription = subscription_from("confirm", token)
    session = db_session()
    result = confirm(session, subscription.id, utcnow())
    session.commit()
    send_soon(result.message_ids)
    if not result.changed and result.status not in (SubscriptionStatus.ACTIVE, SubscriptionStatus.PAUSED):
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
