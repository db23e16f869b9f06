"""POST /webhooks/sendgrid/events: the Event Webhook, verified, then stored and applied inline.

Decisions (tested in tests/events/):
- With SENDGRID_EVENT_PUBLIC_KEY set, a batch must carry a valid ECDSA signature over timestamp +
  raw body (checked with the sendgrid library's helper) and a timestamp at most 10 minutes old and
  at most 5 minutes ahead: otherwise 403, never a 500. Without a key (development only; production
  refuses to start) batches are accepted unverified and a warning is logged once per process.
- A verified body that is not a JSON array gets 400: SendGrid retries only 5xx, and a malformed
  body will not improve. Array items that are not event objects are ignored and counted.
- The batch is applied inline in one transaction with set-based SQL (service/events/ingest.py and
  writes.py): bench/events.py measures over 20,000 events/s on SQLite and PostgreSQL (about 25-40
  ms of CPU per 1,000 events), so a job would only add a second store and a second place to lose
  events. A database error answers 503 so SendGrid retries the batch.
"""

from __future__ import annotations

import logging
import time

from flask import Response, current_app, jsonify, request
from sqlalchemy.exc import SQLAlchemyError

from service.events.batch import BatchError, parse_batch
from service.events.ingest import ingest
from service.events.signature import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    SignatureError,
    check_headers,
    verify,
)
from service.extensions import csrf
from service.metrics import add_counts
from service.models import utcnow
from service.queues import redis_connection
from service.settings import Settings
from service.web_db import db_session
from service.webhooks import blueprint

log = logging.getLogger(__name__)

RETRY_AFTER = "60"
_warned_unsigned = False


@blueprint.post("/sendgrid/events")
@csrf.exempt
def events() -> Response | tuple[Response, int]:
    """Verify the batch, then store and apply it; 200 only after the commit."""
    settings: Settings = current_app.config["SETTINGS"]
    if settings.event_public_key:
        try:
            # Headers first: a post without a plausible signature is refused before its body is read.
            check_headers(
                request.headers.get(SIGNATURE_HEADER), request.headers.get(TIMESTAMP_HEADER), time.time()
            )
        except SignatureError as exc:
            log.warning("events: rejected a batch: %s", exc)
            return jsonify(error="forbidden"), 403
    body = request.get_data(cache=False)
    if settings.event_public_key:
        try:
            verify(
                settings.event_public_key,
                request.headers.get(SIGNATURE_HEADER),
                request.headers.get(TIMESTAMP_HEADER),
                body,
                time.time(),
            )
        except SignatureError as exc:
            log.warning("events: rejected a batch: %s", exc)
            return jsonify(error="forbidden"), 403
    else:
        _warn_unsigned()
    try:
        batch = parse_batch(body)
    except BatchError as exc:
        return jsonify(error=str(exc)), 400
    session = db_session()
    try:
        result = ingest(session, batch, utcnow())
        session.commit()
    except SQLAlchemyError as exc:
        session.rollback()
        log.error("events: could not store a batch of %d (%s); answering 503", len(batch), type(exc).__name__)
        response = jsonify(error="temporarily unavailable")
        response.headers["Retry-After"] = RETRY_AFTER
        return response, 503
    add_counts(
        redis_connection(settings.redis_url), "coach_events", {(t,): n for t, n in result.by_type.items()}
    )
    if result.suppressed:
        log.info("events: %d addresses suppressed", len(result.suppressed))
    return jsonify(result.as_dict()), 200


def _warn_unsigned() -> None:
    global _warned_unsigned
    if not _warned_unsigned:
        log.warning("SENDGRID_EVENT_PUBLIC_KEY is not set: event batches are accepted unverified")
        _warned_unsigned = True
