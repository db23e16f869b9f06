"""A lead's API tokens: create (post/redirect/get; the secret is shown once), list, revoke.

The new secret crosses the redirect in Redis under a one-time key bound to the lead, read and
deleted by the GET that shows it: reloading that page neither shows it again nor creates another
token, and the secret never sits in a cookie or a URL.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from redis.exceptions import RedisError
from sqlalchemy import select

from service.accounts import issue_api_token, revoke_api_token
from service.leads import blueprint
from service.leads.forms import EmptyForm, TokenCreateForm
from service.leads.users import current
from service.models import ApiToken, utcnow
from service.queues import redis_connection
from service.web_db import db_session

log = logging.getLogger(__name__)

EXPIRY_CHOICES = (
    ("30", "In 30 days"),
    ("90", "In 90 days"),
    ("365", "In a year"),
    ("0", "Never (until revoked)"),
)
SHOW_FOR = 300  # seconds the new secret waits in Redis for the page that shows it


def _shown_key(lead_id: int, nonce: str) -> str:
    return f"coach:leads:new-token:{lead_id}:{nonce}"


def _form(formdata: bool = True) -> TokenCreateForm:
    form = TokenCreateForm() if formdata else TokenCreateForm(formdata=None)
    form.expires.choices = list(EXPIRY_CHOICES)
    return form


def _page(form: TokenCreateForm, secret: str | None = None, status: int = 200) -> ResponseReturnValue:
    tokens = (
        db_session()
        .scalars(
            select(ApiToken).where(ApiToken.lead_id == current().id).order_by(ApiToken.created_at.desc())
        )
        .all()
    )
    response = render_template(
        "leads/tokens.html", form=form, tokens=tokens, secret=secret, revoke=EmptyForm(), now=utcnow()
    )
    return response, status, {"Cache-Control": "no-store"}


def _pop_secret(nonce: str) -> str | None:
    if not nonce or len(nonce) > 64 or not nonce.replace("-", "").replace("_", "").isalnum():
        return None
    try:
        raw = redis_connection().getdel(_shown_key(current().id, nonce))
    except RedisError:
        log.warning("new API token of lead %s could not be read back from Redis", current().id)
        return None
    return raw.decode() if isinstance(raw, bytes) else None


@blueprint.route("/tokens", methods=["GET"])
@login_required
def tokens() -> ResponseReturnValue:
    nonce = request.args.get("created", "")
    secret = _pop_secret(nonce) if nonce else None
    if nonce and secret is None:
        flash("A new token is shown only once. If you did not copy it, revoke it and create another.", "info")
    return _page(_form(formdata=False), secret=secret)


@blueprint.route("/tokens", methods=["POST"])
@login_required
def create_token() -> ResponseReturnValue:
    form = _form()
    if not form.validate_on_submit():
        return _page(form, status=400)
    if form.expires.data not in dict(EXPIRY_CHOICES):
        form.expires.errors = ["Choose when the token expires from the list."]
        return _page(form, status=400)
    days = int(form.expires.data or "0")
    expires_at = utcnow() + timedelta(days=days) if days else None
    session = db_session()
    issued = issue_api_token(session, current().id, form.name.data or "", expires_at)
    nonce = secrets.token_urlsafe(16)
    try:
        redis_connection().set(_shown_key(current().id, nonce), issued.secret, ex=SHOW_FOR)
    except RedisError:
        session.rollback()
        log.warning("API token for lead %s not created: Redis unavailable", current().id)
        form.name.errors = ["The token could not be created just now. Please try again in a minute."]
        return _page(form, status=503)
    session.commit()
    log.info("lead %s created API token %s", current().id, issued.id)
    return redirect(url_for("leads.tokens", created=nonce), code=303)


@blueprint.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int) -> ResponseReturnValue:
    form = EmptyForm()
    if not form.validate_on_submit():
        return redirect(url_for("leads.tokens"))
    session = db_session()
    owned = session.scalars(
        select(ApiToken.id).where(ApiToken.id == token_id, ApiToken.lead_id == current().id)
    ).first()
    if owned is None:
        abort(404)
    if revoke_api_token(session, current().id, token_id):
        session.commit()
        flash("Token revoked: it stops working at once.", "info")
    else:
        flash("That token was already revoked.", "error")
    return redirect(url_for("leads.tokens"))
