"""The per-manager engagement CSV, streamed: rows go out as they are computed, memory stays flat.

Timestamps are ISO 8601 in UTC to the second ("2025-03-03T09:00:00Z", which spreadsheets read as
dates), each manager's own timezone is a column beside them, and lessons appear by title (the slug
follows for scripts). `?bom=1` starts the file with a UTF-8 byte order mark, so Excel reads
accented names correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping

from flask import Response, request, stream_with_context
from flask.typing import ResponseReturnValue
from flask_login import login_required

from service.analytics import ManagerRow, iter_manager_rows
from service.csv_cells import safe_cell
from service.leads import blueprint
from service.leads.formatting import lesson_titles
from service.leads.users import program_or_404
from service.models import iso_utc, utcnow
from service.web_db import db_session

HEADER = (
    "manager_id", "name", "email", "timezone", "focus", "focus_slug", "status", "last_email_at_utc",
    "last_reply_at_utc", "replies", "current_streak", "unanswered_prompts", "stalled",
)  # fmt: skip
BOM = "\ufeff"
FLUSH_BYTES = 64 * 1024


def csv_record(row: ManagerRow, titles: Mapping[str, str]) -> list[str]:
    return [
        str(row.id),
        safe_cell(row.name),
        safe_cell(row.email),
        row.timezone,
        titles.get(row.focus or "", row.focus or ""),
        row.focus or "",
        row.status,
        iso_utc(row.last_email_at) or "",
        iso_utc(row.last_reply_at) or "",
        str(row.replies),
        str(row.streak),
        str(row.unanswered),
        "yes" if row.stalled else "no",
    ]


def csv_chunks(rows: Iterator[ManagerRow], titles: Mapping[str, str], bom: bool = False) -> Iterator[str]:
    """The header and rows in ~64 KB pieces (the header goes with the first rows)."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(csv_record(row, titles))
        if buffer.tell() >= FLUSH_BYTES:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@blueprint.route("/programs/<int:program_id>/export.csv")
@login_required
def export_csv(program_id: int) -> ResponseReturnValue:
    program_id = program_or_404(program_id).id
    session = db_session()
    session.rollback()  # the stream reads chunk by chunk, each in its own short transaction
    now = utcnow()
    rows = iter_manager_rows(session, program_id, now)
    filename = f"program-{program_id}-engagement-{now:%Y-%m-%d}.csv"
    titles = lesson_titles()
    bom = request.args.get("bom") in ("1", "true", "yes")
    return Response(
        stream_with_context(csv_chunks(rows, titles, bom)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
