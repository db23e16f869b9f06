"""Friendly pages for the managers' errors: broken links, expired forms, too many requests."""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime, timedelta

from flask import Response, make_response, render_template
from flask_wtf.csrf import CSRFError
from redis.exceptions import RedisError
from werkzeug.exceptions import TooManyRequests

from service.extensions import limiter
from service.public import blueprint
from service.public.links import LinkProblem, link_problem_page


@blueprint.errorhandler(LinkProblem)
def _link_problem(problem: LinkProblem) -> Response:
    return link_problem_page(problem)


@blueprint.errorhandler(CSRFError)
def _csrf_failed(_error: CSRFError) -> Response:
    html = render_template(
        "public/message.html",
        title="Please try again",
        paragraphs=[
            "This form was open for too long or came from somewhere else, so we didn't act on it.",
            "Go back, reload the page and submit it again.",
        ],
        alert=True,
    )
    return make_response(html, 400)


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


@blueprint.errorhandler(TooManyRequests)
def _too_many(_error: TooManyRequests) -> Response:
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
    if seconds is not None:
        response.headers["Retry-After"] = str(seconds)
    return response
