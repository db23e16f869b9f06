"""A lead's own settings page: the timezone their pages show times in, and the weekly digest."""

from __future__ import annotations

import logging

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from service.leads import blueprint
from service.leads.forms import EmptyForm, TimezoneForm
from service.leads.users import current
from service.models import Lead
from service.subscriptions.validation import timezone_names
from service.web_db import db_session

log = logging.getLogger(__name__)


@blueprint.route("/account", methods=["GET", "POST"])
@login_required
def account() -> ResponseReturnValue:
    user = current()
    form = TimezoneForm(data={"timezone": user.timezone})
    names = timezone_names()
    form.timezone.choices = [(name, name.replace("_", " ")) for name in names]
    if form.validate_on_submit():
        chosen = form.timezone.data or ""
        if chosen not in names:
            form.timezone.errors = ["Choose a timezone from the list."]
        else:
            session = db_session()
            lead = session.get(Lead, user.id)
            if lead is not None:
                lead.timezone = chosen
                session.commit()
                log.info("lead %s changed their timezone", user.id)
            flash(f"Times are now shown in {chosen}.", "info")
            return redirect(url_for("leads.account"))
    status = 400 if form.is_submitted() else 200
    lead = db_session().get(Lead, user.id)
    html = render_template(
        "leads/account.html",
        form=form,
        digest_form=EmptyForm(),
        digest_stopped_at=lead.digest_stopped_at if lead is not None else None,
    )
    return html, status, {"Cache-Control": "no-store"}
