"""A nudge's "take it on" link: GET shows the move and a date; only the POST makes it a commitment."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Response, make_response, redirect, render_template, request, url_for

from service.commitments.move_dates import DateRefused, allowed_range, chosen_due, day_label, proposed_due
from service.commitments.moves import Move, NotAMove, load_move, take_on, taken_move
from service.commitments.store import local_today
from service.curriculum import load_curriculum
from service.enums import CommitmentStatus
from service.extensions import limiter
from service.models import Commitment, Message, utcnow
from service.public import blueprint
from service.public.limits import PAGE_LIMIT
from service.public.links import LinkProblem, private, subject, token_for
from service.web_db import db_session

DOUBLE_PRESS = timedelta(minutes=10)  # a second "I'll do it" this soon is the first one, pressed again


def _move(token: str) -> Move:
    message = subject(Message, "move", token)
    if message is None:
        raise LinkProblem("missing", "move")
    try:
        return load_move(db_session(), message.id, load_curriculum())
    except NotAMove:
        raise LinkProblem("missing", "move") from None


def _page(
    token: str,
    move: Move,
    *,
    status: int = 200,
    taken: Commitment | None = None,
    just_taken: bool = False,
    chosen: str | None = None,
    error: str | None = None,
) -> Response:
    today = local_today(move.manager, utcnow())
    first, last = allowed_range(today)
    html = render_template(
        "public/move.html",
        token=token,
        move=move,
        taken=taken,
        just_taken=just_taken,
        value=chosen if chosen is not None else proposed_due(move.default_due, today).isoformat(),
        first=first,
        last=last,
        error=error,
        label=day_label,
        reflections_url=url_for("public.reflections", token=token_for("reflections", move.manager.id)),
        subscribe_url=url_for("public.index"),
    )
    return private(make_response(html, status))


@blueprint.get("/moves/<token>")
@limiter.limit(PAGE_LIMIT)
def move_page(token: str) -> Response:
    """The move, a date prefilled with the end of the working week, one button (a GET changes nothing)."""
    move = _move(token)
    taken = taken_move(db_session(), move.message.id)
    return _page(token, move, taken=taken, just_taken=taken is not None and "taken" in request.args)


def _correct_date(taken: Commitment, raw: str | None, move: Move) -> None:
    """A second "I'll do it" moments later with another date (back, change it, press again) takes that
    date: the page then says the day the check-back really waits for. Only while nothing came of it."""
    if taken.status != CommitmentStatus.OPEN or taken.outcomes or taken.postponed:
        return
    try:
        due_on = chosen_due(raw, local_today(move.manager, utcnow()))
    except DateRefused:
        return
    if raw and due_on != taken.due_on:
        taken.due_on, taken.due_phrase = due_on, day_label(due_on)


@blueprint.post("/moves/<token>")
@limiter.limit(PAGE_LIMIT)
def move_post(token: str) -> Response:
    """Take the move on, due the date chosen; a second post (or one after unsubscribing) changes nothing."""
    move = _move(token)
    session = db_session()
    existing = taken_move(session, move.message.id)
    if existing is not None and utcnow() - existing.made_at < DOUBLE_PRESS:  # the same press, twice
        _correct_date(existing, request.form.get("due_on"), move)  # or pressed again with another date
        session.commit()
        return redirect(url_for("public.move_page", token=token, taken=1), 303)  # type: ignore[return-value]
    if existing is not None:
        return _page(token, move, taken=existing)
    if not move.live:
        return _page(token, move, status=409)
    now = utcnow()
    raw = request.form.get("due_on")
    try:
        due_on: date = chosen_due(raw, local_today(move.manager, now))
    except DateRefused as refused:
        return _page(token, move, status=400, chosen=(raw or "")[:10], error=str(refused))
    commitment, created = take_on(session, move, due_on, now)
    session.commit()
    if not created:
        return _page(token, move, taken=commitment)
    return redirect(url_for("public.move_page", token=token, taken=1), 303)  # type: ignore[return-value]
