"""Styled HTML pages for errors outside the JSON API: a 404 that helps people find their way back, and
the managers' and leads' pages for an expired form (CSRF) or too many requests (429)."""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime, timedelta

from flask import Blueprint, Response, make_response, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from redis.exceptions import RedisError
from werkzeug.exceptions import Forbidden, HTTPException, TooManyRequests

from service.extensions import limiter


def _on_leads_pages() -> bool:
    return request.blueprint == "leads" or request.path.startswith("/leads/")


def html_error_page(error: HTTPException) -> Response | HTTPException:
    """A 404 or 405 in the site's own style, pointing a lead to their programs and a manager to a
    fresh link; other statuses keep Werkzeug's page."""
    if error.code == 405:
        return _message_page(
            405,
            "That can't be done from this address",
            ["It is reached by a button on one of our pages: go back and use the button."],
        )
    if error.code != 404:
        return error
    if _on_leads_pages():  # a lead's page: back to theirs
        paragraphs = ["There's nothing at this address, or nothing you can see: it may have been removed."]
        link = {"url": url_for("leads.programs"), "label": "Back to your programs"}
    else:
        paragraphs = [
            "There's nothing at this address. If you followed a link from one of our emails, it may have "
            "been cut short: copy the whole link, or ask for a fresh one.",
        ]
        link = {"url": url_for("public.link_request"), "label": "Send me a fresh link to my preferences"}
    return _message_page(404, "Page not found", paragraphs, link)


def forbidden_page(_error: Forbidden) -> Response:
    """A lead's action their role in the program does not allow (a co-lead changing the team)."""
    return _message_page(
        403,
        "Only the program's owners can do that",
        ["Your account can see this program but not change this part of it. Ask one of its owners."],
        {"url": url_for("leads.programs"), "label": "Back to your programs"},
    )


def _message_page(
    status: int, title: str, paragraphs: list[str], link: dict[str, str] | None = None
) -> Response:
    html = render_template("public/message.html", title=title, paragraphs=paragraphs, link=link)
    response = make_response(html, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def csrf_failed_page(_error: CSRFError) -> Response:
    """A form posted without its valid token (open too long, or sent from another site): nothing done."""
    html = render_template(
        "public/message.html",
        title="Please try again",
        paragraphs=[
            "This form was open for too long or came from somewhere else, so we didn't act on it.",
            "Go back, reload the page and submit it again.",
        ],
        alert=True,
    )
    response = make_response(html, 400)
    response.headers["Cache-Control"] = "no-store"
    return response


def retry_after_seconds() -> int | None:
    """Seconds until the limit this request broke lets the next one through, if the limiter knows."""
    limit = limiter.current_limit
    if limit is None:
        return None
    try:
        reset_at = limit.window.reset_time
    except RedisError:
        return None
    return max(1, math.ceil(reset_at - time.time()))


def too_many_page(_error: TooManyRequests) -> Response:
    """A rate limit reached: when to try again, in words and in Retry-After."""
    seconds = retry_after_seconds()
    if seconds is None:
        when = "Please wait a minute and try again."
    else:
        at = datetime.now(UTC) + timedelta(seconds=seconds)
        unit = "second" if seconds == 1 else "seconds"
        when = f"Please try again in {seconds} {unit} (after {at:%H:%M:%S} UTC)."
    html = render_template(
        "public/message.html",
        title="Too many requests",
        paragraphs=["You've sent a lot of requests in a short time.", when],
        alert=True,
    )
    response = make_response(html, 429)
    response.headers["Cache-Control"] = "no-store"
    if seconds is not None:
        response.headers["Retry-After"] = str(seconds)
    return response


def register_form_error_pages(blueprint: Blueprint) -> None:
    """The expired-form and too-many-requests pages for a blueprint of HTML forms."""
    blueprint.register_error_handler(CSRFError, csrf_failed_page)
    blueprint.register_error_handler(TooManyRequests, too_many_page)
