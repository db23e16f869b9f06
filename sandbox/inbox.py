"""The inbox pages: a list of accepted messages and each message with its Reply and Events forms."""

from __future__ import annotations

import logging
import re

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from markupsafe import Markup, escape
from werkzeug.wrappers import Response as BaseResponse

from sandbox import events
from sandbox.inbound import ReplyOptions
from sandbox.state import current_sandbox

log = logging.getLogger(__name__)
blueprint = Blueprint("inbox", __name__)
PAGE_SIZE = 200

# The stored HTML is the sender's, so no script of it runs: a sandboxed frame without allow-scripts,
# no forms, inline styles (emails are CSS-inlined), images only from loopback or data: URLs. Its links
# must work as in a mail client, so each opens in a new tab that leaves the sandbox (allow-popups…);
# allow-same-origin, harmless without scripts, lets the inbox page size the frame to the email.
FRAME_SANDBOX = "allow-same-origin allow-popups allow-popups-to-escape-sandbox"
EMAIL_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: http://localhost:* "
    "http://127.0.0.1:*; font-src data:; base-uri 'none'; form-action 'none'; "
    f"frame-ancestors 'self'; sandbox {FRAME_SANDBOX}"
)
# Every link of the email opens in a new tab (a mail client's behaviour; the frame itself cannot
# show the service's pages, which refuse to be framed).
LINKS_IN_NEW_TABS = '<base target="_blank">'
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"']+")
_TRAILING = ".,;:!?)]}'\""


@blueprint.get("/")
def index() -> str:
    sandbox = current_sandbox()
    to = request.args.get("to", "").strip()
    messages = sandbox.store.list(to=to or None, limit=PAGE_SIZE)
    return render_template(
        "sandbox/index.html", messages=messages, to=to, stats=sandbox.store.stats(), page_size=PAGE_SIZE
    )


@blueprint.get("/messages/<int:message_id>")
def message(message_id: int) -> str:
    sandbox = current_sandbox()
    item = sandbox.store.get(message_id)
    if item is None:
        abort(404)
    return render_template(
        "sandbox/message.html",
        message=item,
        default_events=events.DEFAULT_EVENTS,
        on_demand_events=events.ON_DEMAND_EVENTS,
        inbound_url=sandbox.config.inbound_url,
        events_url=sandbox.config.events_url,
        frame_sandbox=FRAME_SANDBOX,
    )


@blueprint.get("/messages/<int:message_id>/html")
def message_html(message_id: int) -> Response:
    """The stored HTML as-is, for the sandboxed iframe only, under a CSP that lets nothing run."""
    item = current_sandbox().store.get(message_id)
    if item is None:
        abort(404)
    response = Response(with_new_tab_links(item["html"] or "<p>(no HTML part)</p>"), mimetype="text/html")
    response.headers["Content-Security-Policy"] = EMAIL_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def with_new_tab_links(html: str) -> str:
    """The email's HTML with `<base target="_blank">` first in its head (or in front of it all)."""
    head = _HEAD.search(html)
    if head is None:
        return LINKS_IN_NEW_TABS + html
    return html[: head.end()] + LINKS_IN_NEW_TABS + html[head.end() :]


@blueprint.app_template_filter("linkify")
def linkify(text: str) -> Markup:
    """Plain text with every http(s) URL a link that opens in a new tab; everything else escaped."""
    parts: list[Markup] = []
    last = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        parts.append(escape(text[last : match.start()]))
        parts.append(Markup('<a href="{0}" target="_blank" rel="noopener">{0}</a>').format(url))
        last = match.start() + len(url)
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


@blueprint.post("/messages/<int:message_id>/reply")
def reply(message_id: int) -> BaseResponse:
    sandbox = current_sandbox()
    item = sandbox.store.get(message_id)
    if item is None:
        abort(404)
    text = request.form.get("text", "")
    if not text.strip():
        flash("Write something to reply with.", "error")
        return redirect(url_for("inbox.message", message_id=message_id))
    raw = request.form.get("mode") == "raw"
    try:
        status = sandbox.reply(item, text, ReplyOptions(raw=raw))
    except OSError as exc:
        flash(f"The inbound webhook at {sandbox.config.inbound_url} is unreachable: {exc}", "error")
    else:
        flash(
            f"Reply posted ({'raw' if raw else 'parsed'} mode): the webhook answered {status}.",
            "ok" if status < 300 else "error",
        )
    return redirect(url_for("inbox.message", message_id=message_id))


@blueprint.post("/messages/<int:message_id>/events")
def post_events(message_id: int) -> BaseResponse:
    sandbox = current_sandbox()
    item = sandbox.store.get(message_id)
    if item is None:
        abort(404)
    chosen = [name for name in request.form.getlist("event") if name in events.KNOWN_EVENTS]
    if not chosen:
        flash("Choose at least one event.", "error")
        return redirect(url_for("inbox.message", message_id=message_id))
    try:
        status, batch = sandbox.post_events([item], chosen)
    except OSError as exc:
        flash(f"The event webhook at {sandbox.config.events_url} is unreachable: {exc}", "error")
    else:
        flash(
            f"Posted {len(batch)} signed events ({', '.join(chosen)}): the webhook answered {status}.",
            "ok" if status < 300 else "error",
        )
    return redirect(url_for("inbox.message", message_id=message_id))
