"""'My reflections': a manager's own replies and commitments by their signed link (no password)."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from redis.exceptions import RedisError

from service.analytics.figures import forget_figures
from service.commitments.move_dates import day_label
from service.curriculum import load_curriculum
from service.enums import ExportFormat, SubscriptionStatus
from service.extensions import limiter
from service.models import Manager, Reply, utcnow
from service.public import blueprint
from service.public.forms import ActionForm, EraseForm
from service.public.limits import PAGE_LIMIT
from service.public.links import manager_from, private, token_for
from service.queues import redis_connection
from service.reflections import load_reflections, matches, search_terms
from service.reflections.entries import VISIBILITY_WORDS
from service.reflections.erasure import NotYours, delete_reply, erase_manager
from service.reflections.export import local_day, to_json, to_markdown
from service.sharing import (
    NotAReflection,
    OutsideProgram,
    SharingOff,
    set_sharing,
    share_reply,
    withhold_reply,
)
from service.subscriptions.schedule import later_restart
from service.web_db import db_session

log = logging.getLogger(__name__)
PURPOSE = "reflections"
LIVE = (SubscriptionStatus.ACTIVE, SubscriptionStatus.PAUSED)
MEDIA_TYPES = {ExportFormat.MARKDOWN: "text/markdown; charset=utf-8", ExportFormat.JSON: "application/json"}


def local_time(instant: datetime | None, timezone: str) -> str:
    """An instant on the manager's clock, e.g. "Tuesday 4 March 2025, 08:30"."""
    if instant is None:
        return ""
    local = instant.astimezone(ZoneInfo(timezone))
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M}"


def forget_lead_views(program_id: int | None) -> None:
    """Leads' cached dashboard figures (shared quotes among them) go, so a change shows at once."""
    if program_id is None:
        return
    try:
        forget_figures(redis_connection(), program_id)
    except RedisError as exc:  # the snapshot then lives at most its minute; the page still works
        log.warning("dashboard snapshot of program %s not dropped (%s)", program_id, type(exc).__name__)


def _back(token: str, message: str, category: str = "success") -> Response:
    flash(message, category)
    return redirect(url_for("public.reflections", token=token), 303)  # type: ignore[return-value]


def _unsubscribe_url(manager: Manager) -> str | None:
    subscription = manager.subscription
    if subscription is None or subscription.status not in LIVE:
        return None
    return url_for("public.unsubscribe_page", token=token_for("unsubscribe", subscription.id))


def _preferences_url(manager: Manager) -> str | None:
    subscription = manager.subscription
    return (
        url_for("public.preferences", token=token_for("preferences", subscription.id))
        if subscription
        else None
    )


@blueprint.get("/reflections/<token>")
@limiter.limit(PAGE_LIMIT)
def reflections(token: str) -> Response:
    """Every reply newest first with its prompt and lesson, the commitments, a search box."""
    manager = manager_from(PURPOSE, token)
    raw_query = request.args.get("q", "")
    terms = search_terms(raw_query)
    everything = load_reflections(db_session(), manager, load_curriculum())
    shown = matches(everything, terms)
    html = render_template(
        "public/reflections.html",
        token=token,
        manager=manager,
        query=" ".join(raw_query.split())[:200],
        searching=bool(terms),
        total=len(everything.replies),
        reflections=shown,
        local=lambda instant: local_time(instant, manager.timezone),
        day=lambda day: f"{day_label(day)} {day.year}",
        visibility_words=VISIBILITY_WORDS,
        preferences_url=_preferences_url(manager),
        unsubscribe_url=_unsubscribe_url(manager),
        subscription=manager.subscription,
        restarts=_restarts(manager),
        form=ActionForm(),
    )
    return private(make_response(html, 200))


def _restarts(manager: Manager) -> str | None:
    """When a paused manager's emails really start again, if later than the pause's end (the email
    that paused them named that day: the page must not name another)."""
    subscription = manager.subscription
    if subscription is None or subscription.paused_until is None:
        return None
    return local_time(later_restart(subscription, manager.timezone), manager.timezone) or None


@blueprint.get("/reflections/<token>/download.<fmt>")
@limiter.limit(PAGE_LIMIT)
def reflections_download(token: str, fmt: str) -> Response:
    """Everything as Markdown or JSON (an attachment, never cached)."""
    if fmt not in set(ExportFormat):
        abort(404)
    manager = manager_from(PURPOSE, token)
    everything = load_reflections(db_session(), manager, load_curriculum())
    now = utcnow()
    body = (
        to_markdown(manager, everything, now)
        if fmt == ExportFormat.MARKDOWN
        else to_json(manager, everything, now)
    )
    response = make_response(body, 200)
    response.headers["Content-Type"] = MEDIA_TYPES[ExportFormat(fmt)]
    day = local_day(now, manager.timezone)
    response.headers["Content-Disposition"] = f'attachment; filename="my-reflections-{day:%Y-%m-%d}.{fmt}"'
    return private(response)


MAX_ID = 2**31 - 1  # ids are 32-bit integers in PostgreSQL; a larger one names nothing


def _gone(token: str) -> Response:
    """A reply to delete that is not there (deleted already, from a page gone back to): 404 that says so."""
    html = render_template(
        "public/message.html",
        title="That reply isn't there any more",
        paragraphs=["It may have been deleted already, perhaps from another tab or a page you went back to."],
        link={"url": url_for("public.reflections", token=token), "label": "Back to My reflections"},
    )
    return private(make_response(html, 404))


def _find_own_reply(manager: Manager, reply_id: int) -> Reply | None:
    """The manager's reply, or None: missing, deleted already, or someone else's (never told apart)."""
    reply = db_session().get(Reply, reply_id) if reply_id <= MAX_ID else None
    return reply if reply is not None and reply.manager_id == manager.id else None


def _own_reply(manager: Manager, reply_id: int) -> Reply:
    reply = _find_own_reply(manager, reply_id)
    if reply is None:
        abort(404)
    return reply


@blueprint.post("/reflections/<token>/replies/<int:reply_id>/delete")
@limiter.limit(PAGE_LIMIT)
def reflections_delete_reply(token: str, reply_id: int) -> Response:
    manager = manager_from(PURPOSE, token)
    if _find_own_reply(manager, reply_id) is None:
        return _gone(token)
    session = db_session()
    try:
        delete_reply(session, manager, reply_id)
    except NotYours:
        return _gone(token)
    program_id = manager.program_id
    session.commit()
    forget_lead_views(program_id)
    return _back(token, "The reply is deleted, with any commitment taken from it.")


@blueprint.post("/reflections/<token>/replies/<int:reply_id>/share")
@limiter.limit(PAGE_LIMIT)
def reflections_share_reply(token: str, reply_id: int) -> Response:
    manager = manager_from(PURPOSE, token)
    reply = _own_reply(manager, reply_id)
    session = db_session()
    try:
        changed = share_reply(reply, manager, utcnow())
    except SharingOff:
        return _back(
            token, "Turn sharing on in your preferences first; then you can share earlier replies.", "error"
        )
    except (NotAReflection, OutsideProgram) as refused:
        return _back(token, str(refused), "error")
    session.commit()
    forget_lead_views(manager.program_id)
    return _back(
        token, "Your program lead can now read this reply." if changed else "This reply was already shared."
    )


@blueprint.post("/reflections/<token>/replies/<int:reply_id>/unshare")
@limiter.limit(PAGE_LIMIT)
def reflections_withhold_reply(token: str, reply_id: int) -> Response:
    """Take one reply back from the lead; the replies around it stay shared."""
    manager = manager_from(PURPOSE, token)
    reply = _own_reply(manager, reply_id)
    changed = withhold_reply(reply, manager, utcnow())
    db_session().commit()
    forget_lead_views(manager.program_id)
    return _back(
        token,
        "This reply is private again: your lead can no longer read it."
        if changed
        else "This reply was private already.",
    )


@blueprint.post("/reflections/<token>/sharing/off")
@limiter.limit(PAGE_LIMIT)
def reflections_stop_sharing(token: str) -> Response:
    """Turn sharing off from here, subscribed or not: leaving the emails never leaves a manager
    unable to take their words back. Turning it on stays in the preferences, for live subscriptions."""
    manager = manager_from(PURPOSE, token)
    changed = set_sharing(manager, False, utcnow())
    db_session().commit()
    if changed:
        forget_lead_views(manager.program_id)
    return _back(
        token,
        "Your replies are private again: your program lead can read none of them."
        if changed
        else "Sharing was off already: your program lead can read none of your replies.",
    )


@blueprint.get("/reflections/<token>/erase")
@limiter.limit(PAGE_LIMIT)
def reflections_erase_page(token: str) -> Response:
    """The confirmation step: what goes, what stays, and one ticked box."""
    manager = manager_from(PURPOSE, token)
    return _erase_page(token, manager, error=None, status=200)


def _erase_page(token: str, manager: Manager, *, error: str | None, status: int) -> Response:
    everything = load_reflections(db_session(), manager, load_curriculum())
    html = render_template(
        "public/erase.html",
        token=token,
        manager=manager,
        replies=len(everything.replies),
        commitments=len(everything.commitments),
        error=error,
    )
    return private(make_response(html, status))


@blueprint.post("/reflections/<token>/erase")
@limiter.limit(PAGE_LIMIT)
def reflections_erase(token: str) -> Response:
    manager = manager_from(PURPOSE, token)
    form = EraseForm()
    if form.understood.data is not True:
        return _erase_page(
            token, manager, error="Tick the box to confirm you want everything erased.", status=422
        )
    session = db_session()
    erased = erase_manager(session, manager)
    session.commit()
    forget_lead_views(erased.program_id)
    log.info(
        "manager erased: %s replies, %s commitments, %s emails anonymised",
        erased.replies,
        erased.commitments,
        erased.messages_anonymised,
    )
    return redirect(url_for("public.erased"), 303)  # type: ignore[return-value]


@blueprint.get("/erased")
def erased() -> Response:
    html = render_template(
        "public/message.html",
        title="Your data is erased",
        paragraphs=[
            "Your replies, commitments, subscription and address are gone.",
            "You won't receive any more emails from us.",
            "The emails we had sent you are kept only as anonymous counts in your program's figures.",
        ],
        link={"url": url_for("public.index"), "label": "Subscribe again"},
    )
    return private(make_response(html, 200))
