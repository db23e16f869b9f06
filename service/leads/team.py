"""Programs and their co-leads in the UI: a lead creates a program (and owns it); owners and admins
add and remove co-leads and choose other owners; co-leads see who else runs the program."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from service.accounts import (
    AccountError,
    add_co_lead,
    assign_program,
    create_program,
    is_program_owner,
    program_team,
    remove_co_lead,
    set_owner,
)
from service.leads import blueprint
from service.leads.forms import CoLeadForm, EmptyForm, ProgramForm
from service.leads.users import current, program_or_404
from service.models import Program
from service.web_db import db_session

log = logging.getLogger(__name__)


def _may_manage(program: Program) -> bool:
    user = current()
    return user.is_admin or is_program_owner(db_session(), user.id, program.id)


def _page(program: Program, form: CoLeadForm | None = None, status: int = 200) -> ResponseReturnValue:
    return (
        render_template(
            "leads/team.html",
            program=program,
            team=program_team(db_session(), program.id),
            may_manage=_may_manage(program),
            form=form or CoLeadForm(formdata=None),
            button=EmptyForm(),
        ),
        status,
        {"Cache-Control": "no-store"},
    )


@blueprint.route("/programs/new", methods=["POST"])
@login_required
def create_own_program() -> ResponseReturnValue:
    """Any lead may start a program; they become its first owner."""
    user = current()
    form = ProgramForm()
    if not form.validate_on_submit():
        flash("Give the program a name (at most 200 characters).", "error")
        return redirect(url_for("leads.programs"))
    session = db_session()
    try:
        program = create_program(session, form.name.data or "")
    except AccountError as exc:
        flash(str(exc), "error")
        return redirect(url_for("leads.programs"))
    if not user.is_admin:
        assign_program(session, user.id, program.id, owner=True)
    session.commit()
    log.info("lead %s created program %s", user.id, program.id)
    flash(f"Program {program.name!r} created. Enrol managers or add co-leads next.", "info")
    return redirect(url_for("leads.program_settings", program_id=program.id))


@blueprint.route("/programs/<int:program_id>/leads", methods=["GET"])
@login_required
def program_settings(program_id: int) -> ResponseReturnValue:
    return _page(program_or_404(program_id))


def _managed_program(program_id: int) -> Program:
    program = program_or_404(program_id)
    if not _may_manage(program):
        abort(403)
    return program


@blueprint.route("/programs/<int:program_id>/leads", methods=["POST"])
@login_required
def add_program_lead(program_id: int) -> ResponseReturnValue:
    program = _managed_program(program_id)
    form = CoLeadForm()
    if not form.validate_on_submit():
        return _page(program, form, 400)
    session = db_session()
    owner = request.form.get("owner") == "1"
    try:
        lead = add_co_lead(session, program.id, form.email.data or "", owner=owner)
    except AccountError as exc:
        session.rollback()
        form.email.errors = [str(exc)]
        return _page(program, form, 400)
    session.commit()
    log.info("lead %s added lead %s to program %s", current().id, lead.id, program.id)
    flash(f"{lead.email} now {'owns' if owner else 'co-leads'} {program.name}.", "info")
    return redirect(url_for("leads.program_settings", program_id=program.id))


@blueprint.route("/programs/<int:program_id>/leads/<int:lead_id>/remove", methods=["POST"])
@login_required
def remove_program_lead(program_id: int, lead_id: int) -> ResponseReturnValue:
    program = _managed_program(program_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    session = db_session()
    try:
        remove_co_lead(session, program.id, lead_id)
    except AccountError as exc:
        session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("leads.program_settings", program_id=program.id))
    session.commit()
    log.info("lead %s removed lead %s from program %s", current().id, lead_id, program.id)
    if lead_id == current().id and not current().is_admin:
        flash(f"You no longer lead {program.name}.", "info")
        return redirect(url_for("leads.programs"))
    flash("Removed from the program.", "info")
    return redirect(url_for("leads.program_settings", program_id=program.id))


@blueprint.route("/programs/<int:program_id>/leads/<int:lead_id>/owner", methods=["POST"])
@login_required
def set_program_owner(program_id: int, lead_id: int) -> ResponseReturnValue:
    program = _managed_program(program_id)
    if not EmptyForm().validate_on_submit() or request.form.get("owner") not in ("0", "1"):
        abort(400)
    session = db_session()
    try:
        set_owner(session, program.id, lead_id, request.form["owner"] == "1")
    except AccountError as exc:
        session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("leads.program_settings", program_id=program.id))
    session.commit()
    log.info("lead %s set owner=%s for lead %s in program %s", current().id, request.form["owner"], lead_id,
             program.id)  # fmt: skip
    flash("Saved.", "info")
    return redirect(url_for("leads.program_settings", program_id=program.id))
