"""The programs list, a program's dashboard, its manager table and one manager's timeline."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_login import login_required
from sqlalchemy import func, select

from service.accounts import visible_programs
from service.analytics import ManagerQuery, manager_timeline, shown_page
from service.analytics.figures import cached_figures, program_start, refresh_later
from service.analytics.periods import PERIOD_DAYS, choose_period
from service.commitments import counts_by_manager
from service.curriculum import load_curriculum
from service.emails.formatting import weekdays_label
from service.leads import blueprint
from service.leads.dashboard import dashboard_context
from service.leads.formatting import viewer_zone, viewer_zone_name
from service.leads.forms import ProgramForm
from service.leads.users import current, manager_or_404, program_or_404
from service.models import Manager, Subscription, utcnow
from service.queues import redis_connection
from service.subscriptions.leaving import MIN_REASONS_SHOWN, REASON_LABELS, reason_counts
from service.web_db import db_session


@blueprint.route("/")
@login_required
def programs() -> ResponseReturnValue:
    user = current()
    session = db_session()
    listed = session.scalars(visible_programs(user.id, user.is_admin)).all()
    counts: dict[int | None, int] = dict(
        session.execute(
            select(Manager.program_id, func.count())
            .where(Manager.program_id.in_([program.id for program in listed]))
            .group_by(Manager.program_id)
        ).all()
    )
    return render_template(
        "leads/programs.html", programs=listed, counts=counts, form=ProgramForm(formdata=None)
    )


def _table_context(program_id: int) -> dict[str, object]:
    curriculum = load_curriculum()
    query = ManagerQuery.from_args(request.args, curriculum.slugs)
    page = shown_page(db_session(), program_id, query, utcnow())
    return {"page": page, "query": page.query, "lessons": curriculum.lessons}


@blueprint.route("/programs/<int:program_id>")
@login_required
def dashboard(program_id: int) -> ResponseReturnValue:
    program = program_or_404(program_id)
    session = db_session()
    now = utcnow()
    tz = viewer_zone()
    period, period_error = choose_period(request.args, now, program_start(session, program.id), tz)
    refresh = refresh_later(program.id, period, viewer_zone_name())
    figures = cached_figures(redis_connection(), session, program.id, now, period, load_curriculum(), refresh)
    context = dashboard_context(program, figures, tz)
    reasons = reason_counts(session, program.id)
    leaving = [(REASON_LABELS[reason], count) for reason, count in reasons.items()] if reasons else None
    status = 400 if period_error else 200
    return render_template(
        "leads/dashboard.html",
        period_error=period_error,
        period_choices=PERIOD_DAYS,
        table_endpoint="leads.dashboard",
        extra_args=period.args(),
        leaving=leaving,
        leaving_minimum=MIN_REASONS_SHOWN,
        **context,
        **_table_context(program.id),
    ), status


@blueprint.route("/programs/<int:program_id>/managers")
@login_required
def managers(program_id: int) -> ResponseReturnValue:
    program = program_or_404(program_id)
    return render_template(
        "leads/managers.html", program=program, table_endpoint="leads.managers", **_table_context(program.id)
    )


@blueprint.route("/programs/<int:program_id>/managers/<int:manager_id>")
@login_required
def manager(program_id: int, manager_id: int) -> ResponseReturnValue:
    program = program_or_404(program_id)
    person = manager_or_404(program, manager_id)
    session = db_session()
    subscription = session.scalars(
        select(Subscription).where(Subscription.manager_id == person.id)
    ).one_or_none()
    curriculum = load_curriculum()
    focus = None
    if subscription is not None:
        try:
            focus = curriculum.lesson(subscription.lesson_slug)
        except KeyError:
            focus = None
    return render_template(
        "leads/manager.html",
        program=program,
        manager=person,
        subscription=subscription,
        focus=focus,
        weekdays=weekdays_label(subscription.weekdays) if subscription is not None else "",
        timeline=manager_timeline(session, person, curriculum, program.id),
        commitments=counts_by_manager(session, [person.id], program_id=program.id)[person.id],
    )
