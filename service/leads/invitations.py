"""Sending a waiting invitation again, or withdrawing it, from the enrolment page's "Waiting for an
answer" list."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from sqlalchemy.exc import IntegrityError

from service.leads import blueprint
from service.leads.formatting import when
from service.leads.forms import EmptyForm
from service.leads.users import current, program_or_404
from service.models import ProgramInvitation, utcnow
from service.subscriptions import send_soon
from service.subscriptions.waiting import (
    ResendRefused,
    WithdrawRefused,
    resend_invitation,
    withdraw_invitation,
)
from service.web_db import db_session

log = logging.getLogger(__name__)

WAITING = "@waiting"  # these answers show in the list they came from, where the redirect scrolls to
REFUSALS = {
    "accepted": "{email} has accepted already.",
    "enough": "{email} has had the invitation and two reminders; no more are sent.",
    "too_soon": (
        "The last invitation to {email} went out less than a week ago; you can send it again on {day}."
    ),
}


@blueprint.route("/programs/<int:program_id>/invitations/<int:invitation_id>/resend", methods=["POST"])
@login_required
def resend(program_id: int, invitation_id: int) -> ResponseReturnValue:
    """One more invitation email with a fresh link, at most twice and a week apart."""
    program = program_or_404(program_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    session = db_session()
    invitation = session.get(ProgramInvitation, invitation_id)
    if invitation is None or invitation.program_id != program.id:
        abort(404)
    email = invitation.email
    try:
        message = resend_invitation(session, program.id, invitation_id, utcnow())
        session.commit()
    except ResendRefused as refused:
        session.rollback()
        day = when(refused.resend_from, with_time=False) if refused.resend_from else ""
        flash(REFUSALS[refused.reason].format(email=email, day=day), "error" + WAITING)
    except IntegrityError:  # a second click raced the first: that one sent it
        session.rollback()
        flash(f"Invitation sent again to {email}.", "info" + WAITING)
    else:
        send_soon([message.id])
        log.info("lead %s re-sent invitation %s of program %s", current().id, invitation_id, program.id)
        flash(f"Invitation sent again to {email}, with a new link valid for 30 days.", "info" + WAITING)
    return redirect(url_for("leads.enrol", program_id=program.id, _anchor="waiting"), code=303)


@blueprint.route("/programs/<int:program_id>/invitations/<int:invitation_id>/withdraw", methods=["POST"])
@login_required
def withdraw(program_id: int, invitation_id: int) -> ResponseReturnValue:
    """Take back an invitation nobody has accepted: its link stops working, its queued emails stay unsent."""
    program = program_or_404(program_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    session = db_session()
    try:
        email = withdraw_invitation(session, program.id, invitation_id)
        session.commit()
    except LookupError:
        session.rollback()
        abort(404)
    except WithdrawRefused:
        session.rollback()
        flash(
            "That invitation has been accepted: leaving the program is up to the manager.", "error" + WAITING
        )
    else:
        log.info("lead %s withdrew invitation %s of program %s", current().id, invitation_id, program.id)
        flash(
            f"Invitation to {email} withdrawn: its link no longer works. You can invite them again.",
            "info" + WAITING,
        )
    return redirect(url_for("leads.enrol", program_id=program.id, _anchor="waiting"), code=303)
