"""The privacy page: what is stored, who sees what, how long it is kept, how to erase it."""

from __future__ import annotations

from flask import Response, make_response, render_template

from service.public import blueprint
from service.settings import current_settings
from service.tokens import MAX_AGE


@blueprint.get("/privacy")
def privacy() -> Response:
    settings = current_settings()
    html = render_template(
        "public/privacy.html",
        sender_name=settings.from_name,
        sender_email=settings.from_email,
        link_days=MAX_AGE["preferences"].days,  # preferences and My reflections
        unsubscribe_days=MAX_AGE["unsubscribe"].days,
    )
    return make_response(html, 200)
