"""Changing a password while signed in, and resetting a forgotten one by an emailed link."""

from __future__ import annotations

import logging

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_limiter.util import get_remote_address
from flask_login import login_required, login_user, logout_user

from service.accounts import AccountError, set_password, verify_password
from service.accounts.password_reset import lead_for_reset, request_reset
from service.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from service.extensions import limiter
from service.leads import blueprint
from service.leads.forms import ForgotForm, NewPasswordForm, PasswordChangeForm
from service.leads.users import User, current
from service.models import Lead, utcnow
from service.subscriptions import send_soon
from service.tokens import TokenError
from service.web_db import db_session

log = logging.getLogger(__name__)

CHANGE_LIMIT = "5 per minute"  # guessing the current password of a session left open
FORGOT_LIMIT_PER_ADDRESS = "10 per minute;50 per hour"
FORGOT_LIMIT_PER_ACCOUNT = "3 per minute;10 per hour"
RESET_LIMIT = "20 per minute"
NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _account_key() -> str:
    return f"{get_remote_address()}|{(request.form.get('email') or '').strip().lower()[:320]}"


def _user_key() -> str:
    return f"lead:{current().id}"


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(CHANGE_LIMIT, key_func=_user_key, methods=["POST"], scope="password-change")
def change_password() -> ResponseReturnValue:
    """The current password, then the new one twice; other sessions end, this one goes on."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        session = db_session()
        lead = session.get(Lead, current().id)
        if lead is None or not verify_password(lead.password_hash, form.current.data or ""):
            form.current.errors = ["That is not your current password."]
        elif _new_password_set(lead, form):
            log.info("lead %s changed their password", lead.id)
            _fresh_session(lead)
            flash("Your password is changed. Every other session of your account has ended.", "success")
            return redirect(url_for("leads.account"))
    status = 400 if form.is_submitted() else 200
    return _form_page("leads/password_change.html", form=form), status, NO_STORE


@blueprint.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(FORGOT_LIMIT_PER_ACCOUNT, key_func=_account_key, methods=["POST"], scope="forgot-account")
@limiter.limit(FORGOT_LIMIT_PER_ADDRESS, methods=["POST"], scope="forgot-address")
def forgot_password() -> ResponseReturnValue:
    """The same answer for every address, known or not; a link goes only to an active account."""
    form = ForgotForm()
    if form.validate_on_submit():
        session = db_session()
        message = request_reset(session, form.email.data or "", utcnow())
        session.commit()
        if message is not None:
            log.info("password reset link queued for lead %s", message.lead_id)
            send_soon([message.id])
        return render_template("leads/password_sent.html"), 200, NO_STORE
    status = 400 if form.is_submitted() else 200
    return render_template("leads/password_forgot.html", form=form), status, NO_STORE


@blueprint.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(RESET_LIMIT, scope="password-reset")
def reset_password(token: str) -> ResponseReturnValue:
    """GET shows the form (a mail scanner's visit changes nothing); the POST sets the password once."""
    session = db_session()
    try:
        lead = lead_for_reset(session, current_app.config["SECRET_KEY"], token)
    except TokenError as exc:
        html = render_template("leads/password_link_problem.html", reason=exc.reason)
        return html, 410 if exc.reason in ("expired", "used") else 400, NO_STORE
    form = NewPasswordForm()
    if form.validate_on_submit() and _new_password_set(lead, form):
        log.info("lead %s reset their password by link", lead.id)
        logout_user()
        flash("Your password is set. Sign in with it; every earlier session has ended.", "success")
        return redirect(url_for("leads.login"))
    status = 400 if form.is_submitted() else 200
    return _form_page("leads/password_reset.html", form=form, email=lead.email), status, NO_STORE


def _new_password_set(lead: Lead, form: NewPasswordForm) -> bool:
    """Store the form's new password (ending every session) and commit; False with the field's error."""
    session = db_session()
    try:
        set_password(session, lead, form.password.data or "")
    except AccountError as exc:
        form.password.errors = [str(exc)]
        return False
    session.commit()
    return True


def _form_page(template: str, **context: object) -> str:
    return render_template(template, min_length=MIN_LENGTH, max_length=MAX_LENGTH, **context)


def _fresh_session(lead: Lead) -> None:
    """This browser stays signed in under the new password (and a new session id)."""
    from flask import session as cookie

    cookie.clear()
    login_user(User.from_lead(lead))
