"""A lead turns their weekly digest off or back on from their account page (its unsubscribe button
only turns it off)."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from service.leads import blueprint
from service.leads.forms import EmptyForm
from service.leads.users import current
from service.models import Lead, utcnow
from service.web_db import db_session

log = logging.getLogger(__name__)
CHOICES = {"on": "You'll get the weekly digest again, on Mondays at 08:00 your time.",
           "off": "You won't get the weekly digest any more."}  # fmt: skip


@blueprint.route("/account/digest", methods=["POST"])
@login_required
def digest_choice() -> ResponseReturnValue:
    """Receive the Monday digest again, or stop it; choosing what is already so changes nothing."""
    choice = request.form.get("digest", "")
    if not EmptyForm().validate_on_submit() or choice not in CHOICES:
        abort(400)
    session = db_session()
    lead = session.get(Lead, current().id)
    if lead is None:
        abort(404)
    wanted = choice == "on"
    if wanted != (lead.digest_stopped_at is None):
        lead.digest_stopped_at = None if wanted else utcnow()
        session.commit()
        log.info("lead %s turned the weekly digest %s", lead.id, choice)
    flash(CHOICES[choice], "info")
    return redirect(url_for("leads.account"), code=303)
