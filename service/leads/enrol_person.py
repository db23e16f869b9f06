"""Enrolling one person by a form: the same checks and invitation as a CSV line, answered at once."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from sqlalchemy import select

from service.enrolment.timezones import suggest_timezone
from service.enums import EnrolmentRowStatus
from service.leads import blueprint
from service.leads.enrol import enrol_page
from service.leads.formatting import when
from service.leads.forms import PersonForm
from service.leads.invitations import WAITING
from service.leads.users import current, program_or_404
from service.models import ProgramInvitation, utcnow
from service.subscriptions import enrol_managers, send_soon
from service.web_db import db_session

FIELDS = ("email", "name", "timezone", "focus")
DONE = {
    EnrolmentRowStatus.INVITED: "Invitation sent to {email}: they join once they accept it.",
    EnrolmentRowStatus.ALREADY_ENROLLED: "{email} is already in this program.",
}


@blueprint.route("/programs/<int:program_id>/enrol/person", methods=["POST"])
@login_required
def enrol_person(program_id: int) -> ResponseReturnValue:
    program = program_or_404(program_id)
    form = PersonForm()
    if not form.validate_on_submit():
        return enrol_page(program, person=form, status=400)
    suggested = request.form.get("use_timezone", "")
    if suggested:  # "Use Europe/Berlin": the lead accepted our suggestion
        form.timezone.data = suggested
    cells = {name: (getattr(form, name).data or "").strip() for name in FIELDS}
    session = db_session()
    result = enrol_managers(
        session, program.id, [{k: v for k, v in cells.items() if v}], utcnow(), lead_id=current().id
    )
    session.commit()
    send_soon(result.message_ids)
    row = result.rows[0]
    if row.status == EnrolmentRowStatus.INVITED and not result.message_ids:
        flash(_waiting_already(program.id, row.email), "info" + WAITING)
        return redirect(url_for("leads.enrol", program_id=program.id, _anchor="waiting"), code=303)
    if row.status != EnrolmentRowStatus.ERROR:
        flash(DONE.get(row.status, DONE[EnrolmentRowStatus.INVITED]).format(email=row.email), "info")
        return redirect(url_for("leads.enrol", program_id=program.id), code=303)
    for name, message in row.errors.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [message]
    suggestion = suggest_timezone(cells["timezone"]) if "timezone" in row.errors else None
    return enrol_page(program, person=form, suggestion=suggestion, status=400)


def _waiting_already(program_id: int, email: str) -> str:
    """An address invited before and not yet accepted: no second email went out, and the details
    typed now did not replace the ones it was sent with."""
    invitation = (
        db_session()
        .scalars(
            select(ProgramInvitation).where(
                ProgramInvitation.program_id == program_id, ProgramInvitation.email == email
            )
        )
        .first()
    )
    since = f" on {when(invitation.created_at, with_time=False)}" if invitation is not None else ""
    return (
        f"{email} was invited{since} and hasn't answered yet, so no new email went out and the invitation "
        "keeps the details it was sent with. To remind them, see “Waiting for an answer” below."
    )
