"""Reading the signed tokens in managers' links, and the friendly page when one does not work."""

from __future__ import annotations

from typing import TypeVar

from flask import Response, current_app, make_response, render_template
from sqlalchemy import select

from service.enums import InvitationStatus
from service.models import Base, Manager, Message, PendingChange, ProgramInvitation, Reply, Subscription
from service.tokens import TokenError, make_token, read_signed, signed_before
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


Row = TypeVar("Row", bound=Base)

# When each kind of row a link can name came to be. A reply has no created_at: its received_at is
# when its inbound post arrived, which is before the reply row and before any link to it was signed.
MADE_AT: dict[type[Base], str] = {
    Manager: "created_at",
    Subscription: "created_at",
    PendingChange: "created_at",
    ProgramInvitation: "created_at",
    Message: "created_at",
    Reply: "received_at",
}


def subject(model: type[Row], purpose: str, token: str, *, lock: bool = False) -> Row | None:
    """The row of `model` that a token of exactly this purpose names, or None when there is none.

    The one place a link's row is loaded. A token signed before its row was made was signed for an
    earlier row that had the same id (SQLite reused the highest id after a deletion until migration
    0018, and still may for ids freed before it ran): refused like a tampered token, "invalid"."""
    try:
        signed = read_signed(_secret(), purpose, token)  # itsdangerous compares in constant time
    except TokenError as exc:
        raise LinkProblem(exc.reason, purpose) from None
    row = db_session().get(model, signed.subject_id, with_for_update=lock)
    if row is not None and signed_before(signed, getattr(row, MADE_AT[model])):
        raise LinkProblem("invalid", purpose)
    return row


def subscription_from(purpose: str, token: str) -> Subscription:
    subscription = subject(Subscription, purpose, token)
    if subscription is None:
        raise LinkProblem("missing", purpose)
    return subscription


def manager_from(purpose: str, token: str) -> Manager:
    manager = subject(Manager, purpose, token)
    if manager is None:
        raise LinkProblem("missing", purpose)
    return manager


def invitation_from(token: str) -> ProgramInvitation:
    """The invitation a join link names; links emailed before invitations existed named the manager."""
    session = db_session()
    try:
        invitation = subject(ProgramInvitation, "join", token)
    except LinkProblem as problem:
        try:
            manager = subject(Manager, "invite", token)
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
