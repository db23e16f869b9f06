"""A lead's API tokens: create (the secret is shown once), list, revoke."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from sqlalchemy import select

from service.accounts import issue_api_token, revoke_api_token
from service.leads import blueprint
from service.leads.forms import EmptyForm, TokenForm
from service.leads.users import current
from service.models import ApiToken
from service.web_db import db_session


def _page(form: TokenForm, secret: str | None = None, status: int = 200) -> ResponseReturnValue:
    tokens = (
        db_session()
        .scalars(
            select(ApiToken).where(ApiToken.lead_id == current().id).order_by(ApiToken.created_at.desc())
        )
        .all()
    )
    response = render_template(
        "leads/tokens.html", form=form, tokens=tokens, secret=secret, revoke=EmptyForm()
    )
    return response, status, {"Cache-Control": "no-store"}


@blueprint.route("/tokens", methods=["GET"])
@login_required
def tokens() -> ResponseReturnValue:
    return _page(TokenForm())


@blueprint.route("/tokens", methods=["POST"])
@login_required
def create_token() -> ResponseReturnValue:
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    session = db_session()
    issued = issue_api_token(session, current().id, form.name.data or "")
    session.commit()
    return _page(TokenForm(formdata=None), secret=issued.secret)


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
