"""POST /api/v1/subscriptions: subscribe by JSON; the same answer for new and known addresses.

The answer's "id" is an opaque HMAC of the subscription id (`service.subscriptions.public_id`):
stable for one address, but it reveals neither the row id, nor creation order, nor whether the
address was already known; "status" is always "pending" (an active subscriber is emailed a
"you're already subscribed" notice instead of a confirmation, and nothing about them changes).
"""

from __future__ import annotations

from flask import Response, current_app, jsonify

from service.api import blueprint
from service.api.errors import field_errors, json_body
from service.enums import SubscriptionStatus
from service.extensions import csrf, limiter
from service.models import utcnow
from service.public.limits import SUBSCRIBE_LIMIT, SUBSCRIBE_SCOPE
from service.subscriptions import ValidationError, public_id, send_soon, subscribe, validate_subscription
from service.web_db import db_session

MAX_BODY = 64 * 1024


@blueprint.post("/v1/subscriptions")
@csrf.exempt  # JSON only (415 otherwise): a cross-site form cannot send it, and no cookie is used
@limiter.shared_limit(SUBSCRIBE_LIMIT, scope=SUBSCRIBE_SCOPE)
def create_subscription() -> tuple[Response, int]:
    """202 {"id", "status": "pending"}; 422 {"errors": {field: message}} with nothing stored."""
    data = json_body(MAX_BODY)
    if not isinstance(data, dict):
        return field_errors({"body": 'Send one JSON object, such as {"email": ..., "focus": ...}.'})
    session = db_session()
    try:
        wanted = validate_subscription(data, session)
    except ValidationError as exc:
        session.rollback()
        return field_errors(exc.errors)
    result = subscribe(session, wanted, utcnow())
    session.commit()
    send_soon(result.message_ids)
    subscription_id = public_id(current_app.config["SECRET_KEY"], result.subscription_id)
    return jsonify(id=subscription_id, status=SubscriptionStatus.PENDING), 202
