"""A check-back's answer links: GET shows the commitment and one button; only the POST records it."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, make_response, redirect, render_template, request, url_for

from service.commitments.answering import (
    NotACheckback,
    answer_checkback,
    checkback_commitment,
    recorded_answer,
)
from service.commitments.move_dates import DateRefused, allowed_range, chosen_due, day_label
from service.commitments.store import commitment_manager, local_today
from service.enums import Outcome, OutcomeSource
from service.extensions import limiter
from service.models import Commitment, Message, utcnow
from service.public import blueprint
from service.public.limits import PAGE_LIMIT
from service.public.links import LinkProblem, private, subject
from service.web_db import db_session

ANSWER_LABELS = {Outcome.DONE: "Done", Outcome.NOT_YET: "Not yet", Outcome.DROPPED: "Drop it"}
NO_ANSWER = "Choose Done, Not yet or Drop it."


def _checkback(token: str) -> tuple[Message, Commitment]:
    message = subject(Message, "commitment", token)
    if message is None:
        raise LinkProblem("missing", "commitment")
    try:
        return message, checkback_commitment(db_session(), message)
    except NotACheckback:
        raise LinkProblem("missing", "commitment") from None


def _answer(value: str | None) -> Outcome | None:
    try:
        return Outcome(value) if value else None
    except ValueError:
        return None


def _page(
    token: str,
    message: Message,
    commitment: Commitment,
    *,
    status: int = 200,
    chosen: Outcome | None = None,
    recorded: bool = False,
    error: str | None = None,
    new_date: str = "",
) -> Response:
    """The commitment, the answer already given to this check-back (if any) and the buttons."""
    session = db_session()
    manager = commitment_manager(session, commitment)
    now = utcnow()
    today = local_today(manager, now)
    first, last = allowed_range(today)
    answered = recorded_answer(session, message, commitment)
    context: dict[str, Any] = {
        "token": token,
        "commitment": commitment,
        "labels": ANSWER_LABELS,
        "answered": answered,
        "answered_on": day_label(local_today(manager, answered.recorded_at), today) if answered else None,
        "recorded": recorded and answered is not None,
        # a reopened link asks again only for an answer other than the one already given
        "chosen": chosen if chosen is not None and (answered is None or answered.outcome != chosen) else None,
        "due_label": day_label(commitment.due_on, today),
        "first": first,
        "last": last,
        "first_label": day_label(first, today),
        "last_label": day_label(last, today),
        "error": error,
        "new_date": new_date,
    }
    return private(make_response(render_template("public/commitment.html", **context), status))


@blueprint.get("/commitments/<token>")
@limiter.limit(PAGE_LIMIT)
def commitment_page(token: str) -> Response:
    """The manager's own words and the chosen answer's button (mail scanners follow links: no change)."""
    message, commitment = _checkback(token)
    chosen = _answer(request.args.get("answer"))
    return _page(token, message, commitment, chosen=chosen, recorded="recorded" in request.args)


@blueprint.post("/commitments/<token>")
@limiter.limit(PAGE_LIMIT)
def commitment_post(token: str) -> Response:
    """Record Done, Not yet (with the new date given, else a week on) or Drop; then show the page.
    A missing answer or an unusable date shows the page again with the reason, nothing recorded."""
    message, commitment = _checkback(token)
    answer = _answer(request.form.get("answer"))
    if answer is None:
        return _page(token, message, commitment, status=400, error=NO_ANSWER)
    session = db_session()
    now = utcnow()
    new_due: date | None = None
    raw = (request.form.get("new_date") or "").strip()
    if answer == Outcome.NOT_YET and raw:
        try:
            new_due = chosen_due(raw, local_today(commitment_manager(session, commitment), now))
        except DateRefused as refused:
            return _page(
                token, message, commitment, status=400, chosen=answer, error=str(refused), new_date=raw[:10]
            )
    try:
        answer_checkback(session, message, answer, OutcomeSource.LINK, now=now, new_due_on=new_due)
    except NotACheckback:
        raise LinkProblem("missing", "commitment") from None
    session.commit()
    return redirect(url_for("public.commitment_page", token=token, recorded=answer.value), 303)  # type: ignore[return-value]
