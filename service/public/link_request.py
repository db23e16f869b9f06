"""Asking for a fresh link by address: the same answer whether or not the address is known."""

from __future__ import annotations

from flask import Response, make_response, render_template

from service.extensions import limiter
from service.models import utcnow
from service.public import blueprint
from service.public.forms import LinkRequestForm
from service.public.limits import LINK_LIMIT, LINK_SCOPE
from service.subscriptions import normalise_email, request_link, send_soon
from service.web_db import db_session


@blueprint.get("/preferences/link")
def link_request() -> Response:
    return make_response(render_template("public/link_request.html", email="", errors={}))


@blueprint.post("/preferences/link")
@limiter.shared_limit(LINK_LIMIT, scope=LINK_SCOPE)
def link_request_post() -> Response:
    """Preferences link if subscribed, the confirmation again if pending, nothing otherwise; at most
    one email per 10 minutes. Only a malformed address gets a different answer (a 422 to fix it)."""
    form = LinkRequestForm()
    raw = form.email.data or ""
    try:
        email = normalise_email(raw)
    except ValueError as exc:
        html = render_template("public/link_request.html", email=raw, errors={"email": str(exc)})
        return make_response(html, 422)
    session = db_session()
    ids = request_link(session, email, utcnow())
    session.commit()
    send_soon(ids)
    html = render_template(
        "public/message.html",
        title="Check your inbox",
        paragraphs=[
            "If that address has a subscription with us, we've emailed it a fresh link. "
            "It can take a few minutes to arrive.",
            "We send at most one link every 10 minutes.",
        ],
    )
    return make_response(html, 200)
