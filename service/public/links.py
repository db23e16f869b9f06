"""Reading the signed tokens in managers' links, and the friendly page when one does not work."""

from __future__ import annotations

from flask import Response, current_app, make_response, render_template
from sqlalchemy import select

from service.enums import InvitationStatus
from service.models import Manager, ProgramInvitation, Subscription
from service.tokens import TokenError, make_token, read_token
from service.web_db import db_session

# Link problems answer with these statuses: a bad link is the client's, an old one is gone.
PROBLEM_STATUS = {"invalid": 400, "expired": 410, "missing": 404}


class LinkProblem(Exception):
    """A link's token is invalid, expired, of another purpose, or names nothing that exists."""

    def __init__(self, reason: str, purpose: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.purpose = purpose


def _secret() -> str:
    key: str = current_app.config["SECRET_KEY"]
    return key


def token_for(purpose: str, subject_id: int) -> str:
    return make_token(_secret(), purpose, subject_id)


def read_id(purpose: str, token: str) -> int:
    """The id in a token of exactly this purpose (itsdangerous compares signatures in constant time)."""
    try:
        return read_token(_secret(), purpose, token)
    except TokenError as exc:
        raise LinkProblem(exc.reason, purpose) from None


def subscription_from(purpose: str, token: str) -> Subscription:
    subscription = db_session().get(Subscription, read_id(purpose, token))
    if subscription is None:
        raise LinkProblem("missing", purpose)
    return subscription


def manager_from(purpose: str, token: str) -> Manager:
    manager = db_session().get(Manager, read_id(purpose, token))
    if manager is None:
        raise LinkProblem("missing", purpose)
    return manager


def invitation_from(token: str) -> ProgramInvitation:
    """The invitation a join link names; links emailed before invitations existed named the manager."""
    session = db_session()
    try:
        invitation = session.get(ProgramInvitation, read_id("join", token))
    except LinkProblem as problem:
        try:
            manager = session.get(Manager, read_id("invite", token))
        except LinkProblem as legacy:
            raise (legacy if legacy.reason == "expired" else problem) from None
        invitation = None
        if manager is not None:
            invitation = session.scalars(
                select(ProgramInvitation)
                .where(ProgramInvitation.email == manager.email)
                .order_by(
                    (ProgramInvitation.status == InvitationStatus.PENDING).desc(), ProgramInvitation.id.desc()
                )
                .limit(1)
            ).first()
    if invitation is None:
        raise LinkProblem("missing", "join")
    return invitation


def private(response: Response) -> Response:
    """Pages reached through a personal link: never cached, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def link_problem_page(problem: LinkProblem) -> Response:
    """A 4xx page that explains the problem and how to get a fresh link (no form: sets no cookie)."""
    status = PROBLEM_STATUS.get(problem.reason, 400)
    html = render_template("public/link_problem.html", reason=problem.reason, purpose=problem.purpose)
    return private(make_response(html, status))
