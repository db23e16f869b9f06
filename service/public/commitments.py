"""A check-back's answer links: GET shows the commitment and one button; only the POST records it."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, make_response, redirect, render_template, request, url_for

from service.commitments.answering import NotACheckback, answer_checkback, checkback_commitment
from service.enums import Outcome, OutcomeSource
from service.extensions import limiter
from service.models import Message, utcnow
from service.public import blueprint
from service.public.limits import PAGE_LIMIT
from service.public.links import LinkProblem, private, read_id
from service.web_db import db_session

ANSWER_LABELS = {Outcome.DONE: "Done", Outcome.NOT_YET: "Not yet", Outcome.DROPPED: "Drop it"}


def _message(token: str) -> Message:
    message = db_session().get(Message, read_id("commitment", token))
    if message is None:
        raise LinkProblem("missing", "commitment")
    return message


def _answer(value: str | None) -> Outcome | None:
    try:
        return Outcome(value) if value else None
    except ValueError:
        return None


@blueprint.get("/commitments/<token>")
@limiter.limit(PAGE_LIMIT)
def commitment_page(token: str) -> Response:
    """The manager's own words and the chosen answer's button (mail scanners follow links: no change)."""
    message = _message(token)
    try:
        commitment = checkback_commitment(db_session(), message)
    except NotACheckback:
        raise LinkProblem("missing", "commitment") from None
    html = render_template(
        "public/commitment.html",
        token=token,
        commitment=commitment,
        chosen=_answer(request.args.get("answer")),
        labels=ANSWER_LABELS,
        recorded=request.args.get("recorded"),
    )
    return private(make_response(html, 200))


@blueprint.post("/commitments/<token>")
@limiter.limit(PAGE_LIMIT)
def commitment_post(token: str) -> Response:
    """Record Done, Not yet (with the new date given, else a week on) or Drop; then show the page."""
    message = _message(token)
    answer = _answer(request.form.get("answer"))
    if answer is None:
        abort(400, "choose done, not_yet or dropped")
    new_due = None
    if answer == Outcome.NOT_YET and request.form.get("new_date"):
        try:
            new_due = date.fromisoformat(request.form["new_date"])
        except ValueError:
            abort(400, "the new date must be YYYY-MM-DD")
    session = db_session()
    try:
        answer_checkback(session, message, answer, OutcomeSource.LINK, now=utcnow(), new_due_on=new_due)
    except NotACheckback:
        raise LinkProblem("missing", "commitment") from None
    session.commit()
    return redirect(url_for("public.commitment_page", token=token, recorded=answer.value), 303)  # type: ignore[return-value]
