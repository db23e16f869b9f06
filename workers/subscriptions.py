"""Subscription housekeeping jobs: unconfirmed subscriptions expire after 7 days."""

from __future__ import annotations

import logging
from datetime import datetime

from service.db import database
from service.models import utcnow
from service.subscriptions import expire_unconfirmed
from workers.errors import private_errors

log = logging.getLogger(__name__)


@private_errors
def expire_unconfirmed_subscriptions(now: datetime | None = None) -> int:
    """Daily cron job. Idempotent: it moves pending -> expired by a conditional UPDATE, so a rerun
    (or two at once) finds nothing left to change."""
    with database().transaction() as session:
        expired = expire_unconfirmed(session, now or utcnow())
    log.info("subscriptions: %d unconfirmed subscriptions expired", expired)
    return expired
