"""Styled HTML pages for errors outside the JSON API: a 404 that helps people find their way back."""

from __future__ import annotations

from flask import Response, make_response, render_template, url_for
from werkzeug.exceptions import HTTPException


def html_error_page(error: HTTPException) -> Response | HTTPException:
    """A 404 in the site's own style; other statuses keep Werkzeug's page."""
    if error.code != 404:
        return error
    html = render_template(
        "public/message.html",
        title="Page not found",
        paragraphs=[
            "There's nothing at this address. If you followed a link from one of our emails, it may have "
            "been cut short: copy the whole link, or ask for a fresh one.",
        ],
        link={"url": url_for("public.link_request"), "label": "Send me a fresh link to my preferences"},
    )
    response = make_response(html, 404)
    response.headers["Cache-Control"] = "no-store"
    return response
