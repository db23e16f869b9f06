"""Friendly pages for the managers' errors: broken links, expired forms, too many requests."""

from __future__ import annotations

from flask import Response, make_response, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import TooManyRequests

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


@blueprint.errorhandler(TooManyRequests)
def _too_many(_error: TooManyRequests) -> Response:
    html = render_template(
        "public/message.html",
        title="Too many requests",
        paragraphs=["You've sent a lot of requests in a short time. Please wait a minute and try again."],
        alert=True,
    )
    return make_response(html, 429)
