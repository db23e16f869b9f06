"""Enrolling managers: one person by a form, or many by CSV (upload, a status page with a progress bar,
its JSON for polling, the template and the failed lines as downloads)."""

from __future__ import annotations

from flask import Response, abort, jsonify, redirect, render_template, stream_with_context, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from service.curriculum import load_curriculum
from service.enrolment import MAX_BYTES, MAX_ROWS, UploadState, create_upload, load_upload
from service.enrolment.csv_files import failed_lines_csv, template_csv
from service.enrolment.uploads import failed_lines
from service.leads import blueprint
from service.leads.forms import EmptyForm, PersonForm, UploadForm
from service.leads.users import current, program_or_404
from service.models import Program, utcnow
from service.queues import IMPORT_UPLOAD_JOB, enqueue, redis_connection
from service.subscriptions.validation import timezone_names
from service.subscriptions.waiting import LIST_LIMIT, waiting_invitations
from service.web_db import db_session

JOB_TIMEOUT = 3600  # 50,000 rows in chunks of 200 take minutes, not an hour
CSV_TYPE = "text/csv; charset=utf-8"


def enrol_page(
    program: Program, form: UploadForm | None = None, person: PersonForm | None = None,
    suggestion: str | None = None, status: int = 200,
) -> ResponseReturnValue:  # fmt: skip
    """The enrolment page: the one-person form above the CSV upload."""
    lessons = load_curriculum().lessons
    person = person or PersonForm()
    choices = [(lesson.slug, f"{lesson.number}. {lesson.title}") for lesson in lessons]
    person.focus.choices = [("", "Let them choose"), *choices]
    waiting_total, waiting = waiting_invitations(db_session(), program.id)
    return render_template(
        "leads/enrol.html",
        program=program,
        form=form or UploadForm(),
        person=person,
        suggestion=suggestion,
        lessons=lessons,
        timezones=timezone_names(),
        max_rows=MAX_ROWS,
        max_mb=MAX_BYTES // (1024 * 1024),
        waiting=waiting,
        waiting_total=waiting_total,
        waiting_limit=LIST_LIMIT,
        now=utcnow(),
        resend_form=EmptyForm(),
    ), status


@blueprint.route("/programs/<int:program_id>/enrol", methods=["GET", "POST"])
@login_required
def enrol(program_id: int) -> ResponseReturnValue:
    program = program_or_404(program_id)
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            form.file.errors.append(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        elif not data.strip():
            form.file.errors.append("The file is empty.")
        else:
            upload_id = create_upload(
                redis_connection(), program.id, current().id, upload.filename or "", data
            )
            enqueue(IMPORT_UPLOAD_JOB, upload_id, job_timeout=JOB_TIMEOUT)
            return redirect(url_for("leads.enrol_status", program_id=program.id, upload_id=upload_id))
    return enrol_page(program, form, status=400 if form.is_submitted() else 200)


@blueprint.route("/programs/<int:program_id>/enrol/template.csv")
@login_required
def enrol_template(program_id: int) -> ResponseReturnValue:
    program_or_404(program_id)
    return Response(
        template_csv(),
        mimetype=CSV_TYPE,
        headers={"Content-Disposition": 'attachment; filename="managers-template.csv"'},
    )


def _upload_or_404(program_id: int, upload_id: str) -> tuple[Program, UploadState]:
    program = program_or_404(program_id)
    state = load_upload(redis_connection(), upload_id)
    if state is None or state.program_id != program.id:
        abort(404)
    return program, state


@blueprint.route("/programs/<int:program_id>/enrol/<upload_id>")
@login_required
def enrol_status(program_id: int, upload_id: str) -> ResponseReturnValue:
    program, state = _upload_or_404(program_id, upload_id)
    return render_template("leads/enrol_status.html", program=program, upload=state)


@blueprint.route("/programs/<int:program_id>/enrol/<upload_id>.json")
@login_required
def enrol_status_json(program_id: int, upload_id: str) -> ResponseReturnValue:
    _program, state = _upload_or_404(program_id, upload_id)
    data = state.as_dict()
    data.pop("issues")  # the finished page lists them; polling needs only the counters
    response = jsonify(data)
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.route("/programs/<int:program_id>/enrol/<upload_id>/failed.csv")
@login_required
def enrol_failed(program_id: int, upload_id: str) -> ResponseReturnValue:
    """The lines that were not imported, with their problems, to fix and upload again."""
    _program, state = _upload_or_404(program_id, upload_id)
    if state.state != "done":
        abort(404)
    stem = (state.filename.rsplit(".", 1)[0] or "managers")[:80]
    name = "".join(char if char.isalnum() or char in "-_" else "-" for char in stem) + "-failed-lines.csv"
    lines = failed_lines(redis_connection(), upload_id)
    response = Response(stream_with_context(failed_lines_csv(lines)), mimetype=CSV_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
