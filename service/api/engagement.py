"""GET /api/v1/programs/<id>/engagement: a program's KPIs, weekly series, lessons and managers as JSON."""

from __future__ import annotations

from flask import Response, abort, jsonify, request

from service.analytics import ManagerQuery, manager_page, period_days
from service.analytics.figures import cached_figures
from service.api import blueprint
from service.api.auth import require_program_access
from service.curriculum import load_curriculum
from service.models import Program, utcnow
from service.queues import redis_connection
from service.web_db import db_session


@blueprint.get("/v1/programs/<int:program_id>/engagement")
def engagement(program_id: int) -> Response:
    """Bearer-token access for the program's leads (and admins); other programs answer 404.

    Query: days (7, 14, 28, 90), and for the managers: sort, dir, status, focus, q, stalled, page,
    per_page (25, 50, 100). Unknown values fall back to the defaults.
    """
    require_program_access(program_id)
    session = db_session()
    program = session.get(Program, program_id)
    if program is None:  # deleted since the access check
        abort(404)
    now = utcnow()
    days = period_days(request.args.get("days"))
    curriculum = load_curriculum()
    figures = cached_figures(redis_connection(), session, program.id, now, days, curriculum)
    kpis, series, lessons = figures.kpis, figures.series, figures.lessons
    query = ManagerQuery.from_args(request.args, curriculum.slugs)
    page = manager_page(session, program.id, query, now)
    response = jsonify(
        program={"id": program.id, "name": program.name},
        generated_at=now.isoformat(),
        figures_as_of=figures.computed_at.isoformat(),
        period={
            "days": days,
            "start": kpis.period.start.isoformat(),
            "end": kpis.period.end.isoformat(),
            "previous_start": kpis.previous.start.isoformat(),
            "previous_end": kpis.previous.end.isoformat(),
        },
        kpis=kpis.as_dict(),
        weekly=[point.as_dict() for point in series],
        lessons=[row.as_dict() for row in lessons],
        managers={
            "total": page.total,
            "page": query.page,
            "per_page": query.per_page,
            "pages": page.pages,
            "rows": [row.as_dict() for row in page.rows],
        },
    )
    response.headers["Cache-Control"] = "no-store"
    return response
