"""GET /api/v1/programs/<id>/engagement: a program's KPIs, trends, lessons and managers as JSON."""

from __future__ import annotations

from flask import Response, abort, jsonify, request

from service.analytics import ManagerQuery, manager_page
from service.analytics.figures import cached_figures, program_start, refresh_later
from service.analytics.periods import choose_period
from service.api import blueprint
from service.api.auth import require_program_access
from service.api.params import ParameterError, engagement_args
from service.curriculum import load_curriculum
from service.models import Program, iso_utc, utcnow
from service.queues import redis_connection
from service.spacing import zone
from service.web_db import db_session


@blueprint.get("/v1/programs/<int:program_id>/engagement")
def engagement(program_id: int) -> Response:
    """Bearer-token access for the program's leads (and admins); other programs answer 404.

    Query: the period (days = 7, 14, 28, 90; or period = ptd; or period = range with from and to,
    dates in the token owner's timezone), and for the managers: sort, dir, status, focus, q, stalled,
    page, per_page (25, 50, 100). A value outside its list, a repeated parameter or an unusable range
    is a 400 naming it (service/api/params.py); a page past the last is empty, with the true `pages`.
    """
    lead = require_program_access(program_id)
    curriculum = load_curriculum()
    try:
        args = engagement_args(request.args, curriculum.slugs)
    except ParameterError as exc:
        abort(400, description=str(exc))
    session = db_session()
    program = session.get(Program, program_id)
    if program is None:  # deleted since the access check
        abort(404)
    now = utcnow()
    try:
        tz = zone(lead.timezone)
    except ValueError:
        tz = zone("UTC")
    period, error = choose_period(args, now, program_start(session, program.id), tz)
    if error:
        abort(400, description=error)
    refresh = refresh_later(program.id, period, tz.key)
    figures = cached_figures(redis_connection(), session, program.id, now, period, curriculum, refresh)
    kpis, headline = figures.kpis, figures.headline
    query = ManagerQuery.from_args(args, curriculum.slugs)
    page = manager_page(session, program.id, query, now)
    titles = {lesson.slug: lesson.title for lesson in curriculum.lessons}
    previous = period.previous
    response = jsonify(
        program={"id": program.id, "name": program.name},
        generated_at=iso_utc(now),
        figures_as_of=iso_utc(figures.computed_at),
        period={
            "key": period.key,
            "days": period.days,
            "start": iso_utc(period.current.start),
            "end": iso_utc(period.current.end),
            "previous_start": iso_utc(previous.start) if previous else None,
            "previous_end": iso_utc(previous.end) if previous else None,
        },
        headline={
            "active_managers": headline.active_managers,
            "taking_part": headline.taking_part,
            "prompts_to_date": headline.prompts,
            "prompts_answered_to_date": headline.prompts_answered,
            "reply_rate_to_date": headline.reply_rate,
        },
        kpis=kpis.as_dict(),
        weekly=[point.as_dict() for point in figures.series],
        lessons=[row.as_dict() for row in figures.lessons],
        newly_stalled={
            "total": figures.stalled_total,
            "managers": [
                {
                    "id": person.manager_id,
                    "name": person.name,
                    "focus": person.lesson_slug or None,
                    "unanswered_prompts": person.unanswered,
                    "stalled_since": iso_utc(person.since),
                }
                for person in figures.stalled
            ],
        },
        managers={
            "total": page.total,
            "page": query.page,
            "per_page": query.per_page,
            "pages": page.pages,
            "rows": [{**row.as_dict(), "focus_title": titles.get(row.focus or "")} for row in page.rows],
        },
    )
    response.headers["Cache-Control"] = "no-store"
    return response
