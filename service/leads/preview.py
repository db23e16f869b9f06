"""GET /leads/preview/<kind>?focus=<slug>&format=html|text: an email with sample data, in the browser."""

from __future__ import annotations

from flask import Response, abort, request
from flask_login import login_required

from service.curriculum import load_curriculum
from service.emails import render_email
from service.emails.sample import sample_context
from service.enums import EMAIL_KINDS
from service.leads import blueprint
from service.settings import current_settings

# The response body is the email itself, whose CSS is inlined into style="" attributes, so this one
# route allows inline styles; it still runs no script, loads nothing remote and submits no form.
EMAIL_PREVIEW_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'; sandbox"
)


@blueprint.get("/preview/<kind>")
@login_required  # leads and admins only: sample emails are internal material
def preview_email(kind: str) -> Response:
    """Render one kind of email about one lesson, as HTML or as its plain-text alternative."""
    if kind not in EMAIL_KINDS:
        abort(404)
    focus = request.args.get("focus") or None
    if focus is not None and focus not in load_curriculum().slugs:
        abort(404)
    fmt = request.args.get("format", "html")
    if fmt not in ("html", "text"):
        abort(400)
    rendered = render_email(kind, sample_context(kind, focus, site_url=current_settings().public_url))
    if fmt == "text":
        response = Response(rendered.text, mimetype="text/plain")
    else:
        response = Response(rendered.html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = EMAIL_PREVIEW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Cache-Control"] = "no-store"
    return response
