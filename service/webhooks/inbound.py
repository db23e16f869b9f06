"""POST /webhooks/sendgrid/inbound: SendGrid Inbound Parse, stored durably before anything else happens.

Decisions (each one tested in tests/replies/test_inbound_webhook.py):
- Basic auth against INBOUND_AUTH, compared in constant time; missing or wrong credentials get 401
  with a WWW-Authenticate challenge. With INBOUND_AUTH unset (possible outside production only)
  every post gets 401 and a configuration warning is logged: an open endpoint that stores arbitrary
  bodies is worse than a loud misconfiguration (`make run` always sets credentials).
- The raw body is read before anything touches `request.form` (Werkzeug would decode each field as
  UTF-8 and lose windows-1252 or ISO-8859-1 text) and stored as sent, with its Content-Type (as an
  lz4 frame, read back byte for byte: service/models/compressed.py).
- Bodies up to the app's MAX_CONTENT_LENGTH (35 MB); a larger declared or streamed body gets 413
  before it is read.
- Durable first: 200 only after the commit; a database error answers 503 with Retry-After, which
  SendGrid retries for up to three days. Posts that arrive together in one process share a
  transaction (service/webhooks/group_commit.py); each still answers only after that commit.
  Redis being down after the commit still answers 200: the post is safe and the every-minute
  `process_received` cron run processes it.
- Malformed bodies: SendGrid drops a message for good on any 4xx, and a request carrying our
  credentials is SendGrid's (or an operator's), so every authenticated post with a body is stored
  and answered 200, even one that is not multipart or is truncated; processing marks it
  "malformed" for an admin to read. Only an empty body gets 400: there is nothing to keep.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
import threading

from flask import Response, current_app, request
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge

from service.db import Database
from service.enums import InboundStatus
from service.extensions import csrf
from service.models import utcnow
from service.replies.notify import notify_received
from service.settings import Settings
from service.web_db import current_database
from service.webhooks import blueprint
from service.webhooks.group_commit import GroupCommit
from service.webhooks.post_store import PostNotStored, PostStore

log = logging.getLogger(__name__)

CHALLENGE = 'Basic realm="coach inbound", charset="UTF-8"'
RETRY_AFTER = "60"
CONTENT_TYPE_LIMIT = 300
READ_CHUNK = 1 << 20  # bytes per read of a streamed body
_warned_unconfigured = False
_writers: dict[int, tuple[Database, GroupCommit]] = {}
_writers_lock = threading.Lock()


@blueprint.post("/sendgrid/inbound")
@csrf.exempt
def inbound() -> Response:
    """Authenticate, store the raw post, queue its processing, then acknowledge."""
    settings: Settings = current_app.config["SETTINGS"]
    if not authorized(request.headers.get("Authorization"), settings.inbound_auth):
        return _text("authentication required\n", 401, {"WWW-Authenticate": CHALLENGE})
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()
    body = _read_body(limit)
    if not body:
        return _text("empty body\n", 400)
    content_type = request.headers.get("Content-Type", "").replace("\x00", "")[:CONTENT_TYPE_LIMIT]
    row = {
        "content_type": content_type,
        "body": body,
        "status": InboundStatus.RECEIVED,
        "received_at": utcnow(),
    }
    try:
        post_id = _writer(current_database()).store(row)
    except (PostNotStored, SQLAlchemyError, OSError) as exc:  # OSError: the SQLite file or folder is gone
        log.error(
            "inbound: could not store a post (%s); answering 503 so SendGrid retries", type(exc).__name__
        )
        return _text("temporarily unavailable\n", 503, {"Retry-After": RETRY_AFTER})
    try:
        notify_received(post_id)
    except (RedisError, OSError) as exc:
        log.warning(
            "inbound post %s stored; queueing failed (%s), the cron run will process it",
            post_id,
            type(exc).__name__,
        )
    return _text("ok\n", 200)


def _read_body(limit: int | None) -> bytes:
    """The raw body; 413 once a streamed (chunked) body passes `limit`, never a silently cut one."""
    if limit is None or request.content_length is not None:  # a declared length was checked already
        return request.get_data(cache=False)
    chunks: list[bytes] = []
    size = 0
    while chunk := request.stream.read(min(READ_CHUNK, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise RequestEntityTooLarge()
    return b"".join(chunks)


def _writer(database: Database) -> GroupCommit:
    """The process's group commit for `database`."""
    with _writers_lock:
        known = _writers.get(id(database))
        if known is None or known[0] is not database:
            store = PostStore(database)
            known = _writers[id(database)] = (database, GroupCommit(store.write_prepared, store.prepare))
        return known[1]


def authorized(header: str | None, expected: str) -> bool:
    """Basic credentials equal to `expected` ("user:password"), compared in constant time."""
    if not expected:
        _warn_unconfigured()
        return False
    if not header:
        return False
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        given = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        return False
    return hmac.compare_digest(given, expected.encode("utf-8"))


def _warn_unconfigured() -> None:
    global _warned_unconfigured
    if not _warned_unconfigured:
        log.warning("INBOUND_AUTH is not set: every Inbound Parse post is refused with 401")
        _warned_unconfigured = True


def _text(body: str, status: int, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status=status, headers=headers, mimetype="text/plain")
