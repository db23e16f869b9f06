"""Confirming a command from an unverified sender: GET shows it with a button, the POST carries it out."""

from __future__ import annotations

from flask import Response, make_response, render_template

from service.extensions import limiter
from service.models import Reply, utcnow
from service.public import blueprint
from service.public.limits import CONFIRM_LIMIT
from service.public.links import LinkProblem, private, subject
from service.replies.confirm import carried_out, confirm_command, pending_command
from service.settings import current_settings
from service.subscriptions import send_soon
from service.web_db import db_session


def _reply(token: str, *, lock: bool = False) -> Reply:
    reply = subject(Reply, "command", token, lock=lock)
    if reply is None or reply.manager_id is None:
        raise LinkProblem("missing", "command")
    return reply


@blueprint.get("/commands/<token>")
@limiter.limit(CONFIRM_LIMIT)
def command_page(token: str) -> Response:
    """Mail scanners follow links: this page only names the command and shows a Confirm button."""
    reply = _reply(token)
    intent = pending_command(db_session(), reply, utcnow())
    command = intent.command if intent is not None else None
    done = carried_out(reply)
    html = render_template("public/command.html", command=command, done=done)
    return private(make_response(html, 200 if command is not None or done else 409))


@blueprint.post("/commands/<token>")
@limiter.limit(CONFIRM_LIMIT)
def command_post(token: str) -> Response:
    """Carry the command out once; a repeated POST shows that it is done and changes nothing."""
    session = db_session()
    reply = _reply(token, lock=True)
    result = confirm_command(session, reply, now=utcnow(), public_url=current_settings().public_url)
    session.commit()
    if result.notice_id is not None:
        send_soon([result.notice_id])
    html = render_template("public/command.html", command=None, done=result.command, applied=result.outcome)
    return private(make_response(html, 409 if result.outcome == "nothing" else 200))
