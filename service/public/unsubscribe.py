"""Leaving: RFC 8058 one-click for mail clients, and a page for people that offers "pause instead"
and "fewer emails" before its button, and asks an optional reason.

Mail clients POST `List-Unsubscribe=One-Click` to the URL in the List-Unsubscribe header with no
cookie and no CSRF token; that endpoint is exempt from CSRF and rate limits (the signed, purpose-
scoped token is the credential), answers 200 without a redirect, and sets no cookie. The page's
button posts to a separate endpoint that keeps CSRF protection.
"""

from __future__ import annotations

from flask import Response, flash, make_response, redirect, render_template, request, url_for

from service.enums import SubscriptionStatus
from service.extensions import csrf, limiter
from service.models import Subscription, utcnow
from service.public import blueprint
from service.public.forms import LeaveForm, PauseForm
from service.public.limits import PAGE_LIMIT
from service.public.links import private, subscription_from, token_for
from service.public.reflections import local_time
from service.subscriptions import PAUSE_WEEKS, pause, unsubscribe
from service.subscriptions.leaving import REASON_LABELS, check_reason, fewer_emails
from service.subscriptions.lifecycle import LIVE_STATUSES
from service.subscriptions.schedule import later_restart
from service.text import whole_number
from service.web_db import db_session

ONE_CLICK_FIELD = "List-Unsubscribe"
ONE_CLICK_VALUE = "One-Click"


@blueprint.get("/unsubscribe/<token>")
@limiter.limit(PAGE_LIMIT)
def unsubscribe_page(token: str) -> Response:
    """Pause instead, fewer emails, or leave with an optional reason (GET never unsubscribes)."""
    return _page(token, subscription_from("unsubscribe", token))


def _page(
    token: str,
    subscription: Subscription,
    *,
    error: str | None = None,
    pause_error: str | None = None,
    status: int = 200,
) -> Response:
    manager = subscription.manager
    paused_until = restarts = None
    if subscription.paused_until is not None:
        paused_until = local_time(subscription.paused_until, manager.timezone)
        restarts = local_time(later_restart(subscription, manager.timezone), manager.timezone) or None
    html = render_template(
        "public/unsubscribe.html",
        token=token,
        subscription=subscription,
        manager=manager,
        live=subscription.status in LIVE_STATUSES,
        paused_until=paused_until,
        restarts=restarts,
        preferences_url=url_for("public.preferences", token=token_for("preferences", subscription.id)),
        pause_weeks=list(PAUSE_WEEKS),
        reasons=list(REASON_LABELS.items()),
        error=error,
        pause_error=pause_error,
        reflections_url=url_for("public.reflections", token=token_for("reflections", manager.id)),
    )
    return private(make_response(html, status))


def _to_preferences(subscription: Subscription, message: str) -> Response:
    flash(message, "success")
    url = url_for("public.preferences", token=token_for("preferences", subscription.id))
    return redirect(url, 303)  # type: ignore[return-value]


@blueprint.post("/unsubscribe/<token>/confirm")
@limiter.limit(PAGE_LIMIT)
def unsubscribe_form(token: str) -> Response:
    """The page's button (CSRF-protected), with the optional reason; shows the result on the same page."""
    subscription = subscription_from("unsubscribe", token)
    try:
        reason = check_reason(LeaveForm().reason.data)
    except ValueError as exc:
        return _page(token, subscription, error=str(exc), status=422)
    session = db_session()
    result = unsubscribe(session, subscription.id, utcnow())
    if result.changed or subscription.status == SubscriptionStatus.UNSUBSCRIBED:
        subscription.unsubscribe_reason = reason
    session.commit()
    return redirect(url_for("public.unsubscribe_page", token=token), 303)  # type: ignore[return-value]


@blueprint.post("/unsubscribe/<token>/pause")
@limiter.limit(PAGE_LIMIT)
def unsubscribe_pause(token: str) -> Response:
    """ "Pause instead": 1-8 weeks, then the emails resume by themselves."""
    subscription = subscription_from("unsubscribe", token)
    weeks = whole_number(PauseForm().weeks.data or "", max_digits=2) or 0
    if weeks not in PAUSE_WEEKS:
        return _page(token, subscription, pause_error="Choose a pause of 1 to 8 weeks.", status=422)
    session = db_session()
    result = pause(session, subscription, weeks, utcnow())
    session.commit()
    if not result.changed:
        return _page(token, subscription, status=409)
    return _to_preferences(
        subscription, f"You're still subscribed: paused for {weeks} week{'s' if weeks > 1 else ''}."
    )


@blueprint.post("/unsubscribe/<token>/fewer")
@limiter.limit(PAGE_LIMIT)
def unsubscribe_fewer(token: str) -> Response:
    """ "Fewer emails": the lighter schedule."""
    subscription = subscription_from("unsubscribe", token)
    session = db_session()
    result = fewer_emails(session, subscription, utcnow())
    session.commit()
    if not result.changed and subscription.status in LIVE_STATUSES:  # pressed twice, or gone back to
        return _to_preferences(subscription, "You're already on the lighter schedule: nothing changed.")
    if not result.changed:
        return _page(token, subscription, status=409)
    return _to_preferences(
        subscription, "You're still subscribed, on the lighter schedule: more days between emails."
    )


@blueprint.post("/unsubscribe/<token>")
@csrf.exempt
@limiter.exempt
def unsubscribe_one_click(token: str) -> Response:
    """RFC 8058: unsubscribe at once; 200, no redirect, no cookie. Repeating it is harmless."""
    if request.form.get(ONE_CLICK_FIELD) != ONE_CLICK_VALUE:
        html = render_template(
            "public/message.html",
            title="Use the unsubscribe page",
            paragraphs=[
                "This address takes one-click unsubscribe requests from mail programs "
                "(a POST with List-Unsubscribe=One-Click).",
                "To unsubscribe yourself, open the unsubscribe link in any of our emails.",
            ],
        )
        return private(make_response(html, 400))
    subscription = subscription_from("unsubscribe", token)
    session = db_session()
    unsubscribe(session, subscription.id, utcnow())
    session.commit()
    html = render_template(
        "public/message.html",
        title="You're unsubscribed",
        paragraphs=["You won't receive any more coaching emails."],
    )
    return private(make_response(html, 200))
