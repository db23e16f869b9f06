"""Signing in and out: a rate-limited login form, a POST-only logout, safe redirects."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_limiter.util import get_remote_address
from flask_login import login_required, login_user, logout_user

from service.accounts import authenticate, end_sessions
from service.extensions import limiter
from service.leads import blueprint
from service.leads.forms import EmptyForm, LoginForm
from service.leads.users import User, current
from service.models import Lead
from service.web_db import db_session

log = logging.getLogger(__name__)

LOGIN_LIMIT_PER_ACCOUNT = "5 per minute"  # guessing one account's password from one address
LOGIN_LIMIT_PER_ADDRESS = "30 per minute"  # spraying many accounts from one address
MAX_NEXT = 2000  # characters of a `next` path kept


def _login_key() -> str:
    email = (request.form.get("email") or "").strip().lower()[:320]
    return f"{get_remote_address()}|{email}"


def safe_next(target: str | None) -> str:
    """Only same-site paths under /leads/ of visible ASCII; anything else (//evil, https://..., CR/LF)
    goes to the programs."""
    default = url_for("leads.programs")
    if not target or len(target) > MAX_NEXT or any(ord(c) < 0x21 or ord(c) == 0x7F for c in target):
        return default  # control characters (CR/LF would split the Location header) and spaces
    try:
        parts = urlsplit(target)
    except ValueError:  # an unclosed [ in what looks like a host
        return default
    if (
        parts.scheme
        or parts.netloc
        or not parts.path.startswith("/leads/")
        or "\\" in target
        or not target.isascii()
    ):
        return default
    return target


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT_PER_ACCOUNT, key_func=_login_key, methods=["POST"], scope="login-account")
@limiter.limit(LOGIN_LIMIT_PER_ADDRESS, methods=["POST"], scope="login-address")
def login() -> ResponseReturnValue:
    form = LoginForm()
    if form.validate_on_submit():
        lead = authenticate(db_session(), form.email.data or "", form.password.data or "")
        if lead is not None:
            session.clear()  # a fresh session at privilege change
            login_user(User.from_lead(lead))
            log.info("lead %s signed in", lead.id)
            return redirect(safe_next(request.args.get("next")))
        flash("Email or password is incorrect.", "error")
        return render_template("leads/login.html", form=form), 401
    return render_template("leads/login.html", form=form)


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout() -> ResponseReturnValue:
    form = EmptyForm()
    if form.validate_on_submit():
        user = current()
        database = db_session()
        lead = database.get(Lead, user.id)
        if lead is not None:
            end_sessions(database, lead)  # every session of the account, copied cookies included
            database.commit()
        log.info("lead %s signed out everywhere", user.id)
        logout_user()
        session.clear()
        flash("You are signed out.", "info")
    return redirect(url_for("leads.login"))
