"""Administrators manage programs and leads: create, assign to programs, deactivate."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from service.accounts import (
    AccountError,
    assign_program,
    create_account,
    create_program,
    generate_password,
    set_active,
    unassign_program,
)
from service.enums import LeadRole
from service.leads import blueprint
from service.leads.forms import AssignForm, EmptyForm, LeadForm, ProgramForm
from service.leads.users import admin_or_404
from service.models import Lead, Manager, Program
from service.web_db import db_session

log = logging.getLogger(__name__)


def _page(
    program_form: ProgramForm | None = None,
    lead_form: LeadForm | None = None,
    created: tuple[str, str] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    session = db_session()
    programs = session.scalars(
        select(Program).options(selectinload(Program.leads)).order_by(Program.name)
    ).all()
    leads = session.scalars(select(Lead).options(selectinload(Lead.programs)).order_by(Lead.email)).all()
    counts: dict[int | None, int] = dict(
        session.execute(select(Manager.program_id, func.count()).group_by(Manager.program_id)).all()
    )
    choices = [(0, "No program")] + [(program.id, program.name) for program in programs]
    lead_form = lead_form or LeadForm(formdata=None)
    lead_form.program_id.choices = choices
    assign = AssignForm(formdata=None)
    assign.program_id.choices = choices[1:]
    return (
        render_template(
            "leads/admin.html",
            programs=programs,
            leads=leads,
            counts=counts,
            program_form=program_form or ProgramForm(formdata=None),
            lead_form=lead_form,
            assign_form=assign,
            button=EmptyForm(),
            created=created,
        ),
        status,
        {"Cache-Control": "no-store"},
    )


@blueprint.route("/admin/")
@login_required
def admin() -> ResponseReturnValue:
    admin_or_404()
    return _page()


@blueprint.route("/admin/programs", methods=["POST"])
@login_required
def admin_create_program() -> ResponseReturnValue:
    admin_or_404()
    form = ProgramForm()
    if not form.validate_on_submit():
        return _page(program_form=form, status=400)
    session = db_session()
    try:
        program = create_program(session, form.name.data or "")
    except AccountError as exc:
        form.name.errors.append(str(exc))
        return _page(program_form=form, status=400)
    session.commit()
    flash(f"Program {program.name!r} created.", "info")
    return redirect(url_for("leads.admin"))


@blueprint.route("/admin/leads", methods=["POST"])
@login_required
def admin_create_lead() -> ResponseReturnValue:
    user = admin_or_404()
    form = LeadForm()
    form.program_id.choices = []
    if not form.validate_on_submit():
        return _page(lead_form=form, status=400)
    session = db_session()
    password = form.password.data or generate_password()
    program_id = form.program_id.data or 0
    if program_id and session.get(Program, program_id) is None:
        form.program_id.errors = ["Choose a program from the list."]
        return _page(lead_form=form, status=400)
    try:
        lead = create_account(
            session,
            form.email.data or "",
            password,
            role=LeadRole.ADMIN if form.is_admin.data else LeadRole.LEAD,
            name=form.name.data or "",
        )
    except AccountError as exc:
        form.email.errors = [str(exc)]
        return _page(lead_form=form, status=400)
    if program_id:
        assign_program(session, lead.id, program_id)
    session.commit()
    log.info("admin %s created account %s (%s)", user.id, lead.id, lead.role)
    shown = password if not form.password.data else ""
    return _page(created=(lead.email, shown))


def _lead_or_404(lead_id: int) -> Lead:
    lead = db_session().get(Lead, lead_id)
    if lead is None:
        abort(404)
    return lead


@blueprint.route("/admin/leads/<int:lead_id>/programs", methods=["POST"])
@login_required
def admin_assign(lead_id: int) -> ResponseReturnValue:
    admin_or_404()
    lead = _lead_or_404(lead_id)
    form = AssignForm()
    form.program_id.choices = []
    session = db_session()
    if form.validate_on_submit() and session.get(Program, form.program_id.data or 0) is not None:
        if assign_program(session, lead.id, form.program_id.data):
            session.commit()
            flash(f"{lead.email} now leads that program.", "info")
    else:
        flash("Choose a program.", "error")
    return redirect(url_for("leads.admin"))


@blueprint.route("/admin/leads/<int:lead_id>/programs/<int:program_id>/remove", methods=["POST"])
@login_required
def admin_unassign(lead_id: int, program_id: int) -> ResponseReturnValue:
    admin_or_404()
    lead = _lead_or_404(lead_id)
    session = db_session()
    if EmptyForm().validate_on_submit() and unassign_program(session, lead.id, program_id):
        session.commit()
        flash(f"{lead.email} no longer leads that program.", "info")
    return redirect(url_for("leads.admin"))


@blueprint.route("/admin/leads/<int:lead_id>/active", methods=["POST"])
@login_required
def admin_toggle_active(lead_id: int) -> ResponseReturnValue:
    user = admin_or_404()
    lead = _lead_or_404(lead_id)
    if lead.id == user.id:
        flash("You cannot deactivate your own account.", "error")
        return redirect(url_for("leads.admin"))
    session = db_session()
    if EmptyForm().validate_on_submit():
        set_active(session, lead, not lead.is_active)
        session.commit()
        log.info("admin %s set account %s active=%s", user.id, lead.id, lead.is_active)
        flash(f"{lead.email} is now {'active' if lead.is_active else 'deactivated'}.", "info")
    return redirect(url_for("leads.admin"))
