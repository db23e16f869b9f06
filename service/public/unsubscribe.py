"""Leaving: RFC 8058 one-click for mail clients, and a page with a single button for people.

Mail clients POST `List-Unsubscribe=One-Click` to the URL in the List-Unsubscribe header with no
cookie and no CSRF token; that endpoint is exempt from CSRF and rate limits (the signed, purpose-
scoped token is the credential), answers 200 without a redirect, and sets no cookie. The page's
button posts to a separate endpoint that keeps CSRF protection.
"""

from __future__ import annotations

from flask import Response, make_response, redirect, render_template, request, url_for

from service.extensions import csrf, limiter
from service.models import utcnow
from service.public import blueprint
from service.public.limits import PAGE_LIMIT
from service.public.links import private, subscription_from
from service.subscriptions import unsubscribe
from service.web_db import db_session

ONE_CLICK_FIELD = "List-Unsubscribe"
ONE_CLICK_VALUE = "One-Click"


@blueprint.get("/unsubscribe/<token>")
@limiter.limit(PAGE_LIMIT)
def unsubscribe_page(token: str) -> Response:
    """A single button (GET never unsubscribes: scanners follow links), or "you're unsubscribed"."""
    subscription = subscription_from("unsubscribe", token)
    html = render_template(
        "public/unsubscribe.html",
        token=token,
        subscription=subscription,
        manager=subscription.manager,
    )
    return private(make_response(html, 200))


@blueprint.post("/unsubscribe/<token>/confirm")
@limiter.limit(PAGE_LIMIT)
def unsubscribe_form(token: str) -> Response:
    """The page's button (CSRF-protected); shows the result on the same page."""
    subscription = subscription_from("unsubscribe", token)
    session = db_session()
    unsubscribe(session, subscription.id, utcnow())
    session.commit()
    return redirect(url_for("public.unsubscribe_page", token=token), 303)  # type: ignore[return-value]


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
