"""The CSV enrolment job: imports a lead's uploaded file in chunks, reporting progress in Redis."""

from __future__ import annotations

import logging

from rq import get_current_job

from service.db import database
from service.enrolment import run_upload
from service.models import utcnow
from service.queues import redis_connection
from workers.errors import private_errors

log = logging.getLogger(__name__)


@private_errors
def import_upload(upload_id: str) -> dict[str, object]:
    """Job: import upload `upload_id`. Idempotent: enrol_managers skips managers already invited
    and invitations are unique per manager and program, so a retried job sends nothing twice."""
    job = get_current_job()
    state = run_upload(redis_connection(), database(), upload_id, utcnow())
    if state is None:
        log.warning("enrolment upload %s has expired or never existed (job %s)", upload_id, job and job.id)
        return {"state": "missing"}
    log.info(
        "enrolment upload %s: %s, %d rows, %d invited, %d errors (job %s)",
        upload_id, state.state, state.total, state.invited, state.errors, job and job.id,
    )  # fmt: skip
    return {"state": state.state, "invited": state.invited, "errors": state.errors}
