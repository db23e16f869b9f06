"""Bearer-token access to a program's API routes: 401 without a valid token, 404 for others' programs."""

from __future__ import annotations

from flask import abort, request
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized

from service.accounts import can_see_program, lead_for_api_token
from service.models import Lead
from service.web_db import db_session


def _unauthorized() -> Unauthorized:
    """401 with the challenge that tells a client which credentials to send."""
    return Unauthorized(
        "Send a program lead's API token as 'Authorization: Bearer <token>'.",
        www_authenticate=WWWAuthenticate("bearer", {"realm": "coach"}),
    )


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer <token>` header, if there is one."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def require_program_access(program_id: int) -> Lead:
    """The lead behind the request's bearer token, if they run `program_id` (admins: any program).

    A missing, unknown or revoked token -> 401; a program that does not exist or is not theirs ->
    404 (the same answer, so ids of other programs are not revealed).
    """
    token = bearer_token()
    session = db_session()
    lead = lead_for_api_token(session, token) if token else None
    if lead is None:
        raise _unauthorized()
    if not can_see_program(session, lead.id, lead.is_admin, program_id):
        abort(404, description="No such program.")
    return lead
