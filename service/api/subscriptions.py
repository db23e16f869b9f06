"""POST /api/v1/subscriptions: subscribe by JSON; the same answer for new and known addresses.

The answer's "id" is an opaque HMAC of the subscription id (`service.subscriptions.public_id`):
stable for one address, but it reveals neither the row id, nor creation order, nor whether the
address was already known; "status" is "pending" (an active subscriber is emailed a "you're already
subscribed" notice instead of a confirmation, and nothing about them changes). A program can be
named only with its invitation's token for the same address: that joins it at once, as the join
page does; any other `program_id` is refused with one message, so program ids stay unknowable.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify

from service.api import blueprint
from service.api.errors import field_errors, json_body
from service.enums import InvitationStatus, SubscriptionStatus
from service.extensions import csrf, limiter
from service.models import ProgramInvitation, Subscription, utcnow
from service.public.limits import SUBSCRIBE_LIMIT, SUBSCRIBE_SCOPE
from service.public.links import LinkProblem, subject
from service.public.reflections import forget_lead_views
from service.subscriptions import ValidationError, public_id, send_soon, subscribe, validate_subscription
from service.subscriptions.invitations import accept_invitation
from service.web_db import db_session

MAX_BODY = 64 * 1024
PROGRAM_REFUSED = (
    "A program can be joined only from its invitation: send program_id together with the invitation "
    "token from the invitation email, for the address it was sent to. Leave program_id out to "
    "subscribe on your own."
)


def _invitation(program_id: object, token: object) -> ProgramInvitation | None:
    """The pending invitation both values name, or None (one answer for every way of not matching)."""
    if not isinstance(token, str) or isinstance(program_id, bool) or not isinstance(program_id, int):
        return None
    try:
        invitation = subject(ProgramInvitation, "join", token)
    except LinkProblem:
        return None
    if invitation is None or invitation.status != InvitationStatus.PENDING:
        return None
    return invitation if invitation.program_id == program_id else None


def _answer(subscription_id: int, status: str) -> tuple[Response, int]:
    return jsonify(id=public_id(current_app.config["SECRET_KEY"], subscription_id), status=status), 202


@blueprint.post("/v1/subscriptions")
@csrf.exempt  # JSON only (415 otherwise): a cross-site form cannot send it, and no cookie is used
@limiter.shared_limit(SUBSCRIBE_LIMIT, scope=SUBSCRIBE_SCOPE)
def create_subscription() -> tuple[Response, int]:
    """202 {"id", "status"}; 422 {"errors": {field: message}} with nothing stored."""
    data = json_body(MAX_BODY)
    if not isinstance(data, dict):
        return field_errors({"body": 'Send one JSON object, such as {"email": ..., "focus": ...}.'})
    fields: dict[str, Any] = dict(data)
    program_id, token = fields.pop("program_id", None), fields.pop("invitation", None)
    joining = program_id is not None or token is not None
    invitation = _invitation(program_id, token) if joining else None
    session = db_session()
    errors: dict[str, str] = {}
    try:
        wanted = validate_subscription(fields)
    except ValidationError as exc:
        errors, wanted = exc.errors, None
    if joining and (invitation is None or (wanted is not None and wanted.email != invitation.email)):
        errors["program_id"] = PROGRAM_REFUSED
    if errors or wanted is None:
        session.rollback()
        return field_errors(errors)
    if invitation is not None:
        accepted = accept_invitation(session, invitation.id, wanted, utcnow())
        session.commit()
        send_soon(accepted.message_ids)
        if accepted.joined:  # a move: the old program's cached quotes must lose this manager
            forget_lead_views(accepted.left_program_id)
            forget_lead_views(invitation.program_id)
        subscription = session.get(Subscription, accepted.subscription_id or 0)
        if not accepted.joined or subscription is None:  # a concurrent request accepted it first
            return field_errors({"program_id": PROGRAM_REFUSED})
        return _answer(subscription.id, subscription.status)
    result = subscribe(session, wanted, utcnow())
    session.commit()
    send_soon(result.message_ids)
    return _answer(result.subscription_id, SubscriptionStatus.PENDING)
