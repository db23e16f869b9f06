"""Enrolling managers by CSV: upload, a status page with a progress bar, and its JSON for polling."""

from __future__ import annotations

from flask import abort, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from service.curriculum import load_curriculum
from service.enrolment import MAX_BYTES, MAX_ROWS, create_upload, load_upload
from service.leads import blueprint
from service.leads.forms import UploadForm
from service.leads.users import current, program_or_404
from service.queues import IMPORT_UPLOAD_JOB, enqueue, redis_connection

JOB_TIMEOUT = 3600  # 50,000 rows in chunks of 200 take minutes, not an hour


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
    status = 400 if form.is_submitted() else 200
    return render_template(
        "leads/enrol.html",
        program=program,
        form=form,
        lessons=load_curriculum().lessons,
        max_rows=MAX_ROWS,
        max_mb=MAX_BYTES // (1024 * 1024),
    ), status


def _upload_or_404(program_id: int, upload_id: str):  # type: ignore[no-untyped-def]
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
