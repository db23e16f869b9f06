"""The link in a "Did you mean …?" email: a page with one button that carries the request out.

GET only shows the question (link scanners follow links); the button posts with CSRF protection.
The question is answered once: a second click, or a "yes" by reply after the click, changes nothing.
"""

from __future__ import annotations

from flask import Response, make_response, render_template

from service.curriculum import load_curriculum
from service.extensions import limiter
from service.models import Manager, Message, Subscription, utcnow
from service.public import blueprint
from service.public.limits import PAGE_LIMIT
from service.public.links import LinkProblem, private, subject
from service.replies.actions import local_today
from service.replies.questions import answer, describe, proposal_of
from service.settings import current_settings
from service.subscriptions import send_soon
from service.web_db import db_session


def _question(token: str) -> tuple[Message, Subscription, Manager]:
    session = db_session()
    question = subject(Message, "question", token)
    subscription = None
    if question is not None and question.subscription_id is not None:
        subscription = session.get(Subscription, question.subscription_id)
    if question is None or subscription is None:
        raise LinkProblem("missing", "question")
    return question, subscription, subscription.manager


@blueprint.get("/answer/<token>")
@limiter.limit(PAGE_LIMIT)
def answer_page(token: str) -> Response:
    """The question again, with a Yes button; or what became of it."""
    question, _, manager = _question(token)
    now = utcnow()
    intent = proposal_of(question, now)
    if intent is None:
        return _done("This question is closed", "It was already answered, or it is more than two weeks old.")
    meaning = describe(intent, load_curriculum(), local_today(manager, now))
    return private(make_response(render_template("public/answer.html", token=token, meaning=meaning), 200))


@blueprint.post("/answer/<token>")
@limiter.limit(PAGE_LIMIT)
def answer_form(token: str) -> Response:
    """Yes: carry the request out once, email the acknowledgement, and say what happened."""
    session = db_session()
    question, subscription, manager = _question(token)
    session.refresh(question, with_for_update=True)
    notice = answer(
        session,
        question,
        True,
        subscription,
        manager,
        now=utcnow(),
        curriculum=load_curriculum(),
        public_url=current_settings().public_url,
    )
    if notice is None:
        session.rollback()
        return _done("This question is closed", "It was already answered, or it is more than two weeks old.")
    session.commit()
    send_soon([notice.id])
    return _done(str(notice.context.get("subject", "Done")), *notice.context.get("paragraphs", []))


def _done(title: str, *paragraphs: str) -> Response:
    html = render_template("public/message.html", title=title, paragraphs=list(paragraphs))
    return private(make_response(html, 200))
