"""POST /api/v1/programs/<id>/managers: a program lead invites managers; each joins only by accepting."""

from __future__ import annotations

from flask import Response, jsonify

from service.api import blueprint
from service.api.auth import require_program_access
from service.api.errors import field_errors, json_body
from service.enums import EnrolmentRowStatus
from service.extensions import csrf
from service.models import utcnow
from service.subscriptions import enrol_managers, send_soon
from service.web_db import db_session

MAX_BODY = 2 * 1024 * 1024
MAX_ROWS = 1000


@blueprint.post("/v1/programs/<int:program_id>/managers")
@csrf.exempt  # bearer-token auth and a JSON body: there is no cookie to ride on
def enrol(program_id: int) -> tuple[Response, int]:
    """{"managers": [{"email", "name", "timezone", "focus"}]} -> per-row results; valid rows are invited.

    Rows that fail validation are listed with their errors and skipped; the rest are imported in
    one transaction. 200 even when some rows failed (check each row's status); 422 only when the
    body itself is unusable.
    """
    lead = require_program_access(program_id)
    data = json_body(MAX_BODY)
    rows = data.get("managers") if isinstance(data, dict) else None
    if not isinstance(data, dict) or set(data) - {"managers"} or not isinstance(rows, list):
        return field_errors({"managers": 'Send {"managers": [{"email": ..., "name": ...}, ...]}.'})
    if not rows:
        return field_errors({"managers": "The list of managers is empty."})
    if len(rows) > MAX_ROWS:
        return field_errors({"managers": f"Send at most {MAX_ROWS} managers per request."})
    session = db_session()
    result = enrol_managers(session, program_id, rows, utcnow(), lead_id=lead.id)
    session.commit()
    send_soon(result.message_ids)
    return jsonify(
        invited=result.count(EnrolmentRowStatus.INVITED),
        already_enrolled=result.count(EnrolmentRowStatus.ALREADY_ENROLLED),
        duplicates=result.count(EnrolmentRowStatus.DUPLICATE),
        errors=result.count(EnrolmentRowStatus.ERROR),
        rows=[
            {"row": row.row, "email": row.email, "status": row.status, "errors": row.errors}
            for row in result.rows
        ],
    ), 200
