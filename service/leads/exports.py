"""The per-manager engagement CSV, streamed: rows go out as they are computed, memory stays flat."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask import Response, stream_with_context
from flask.typing import ResponseReturnValue
from flask_login import login_required

from service.analytics import ManagerRow, iter_manager_rows
from service.leads import blueprint
from service.leads.users import program_or_404
from service.models import utcnow
from service.web_db import db_session

HEADER = (
    "manager_id", "name", "email", "focus", "status", "last_email_at", "last_reply_at", "replies",
    "current_streak", "unanswered_prompts", "stalled",
)  # fmt: skip
FLUSH_BYTES = 64 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection): a leading ' defuses it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_record(row: ManagerRow) -> list[str]:
    return [
        str(row.id),
        safe_cell(row.name),
        safe_cell(row.email),
        row.focus or "",
        row.status,
        row.last_email_at.isoformat() if row.last_email_at else "",
        row.last_reply_at.isoformat() if row.last_reply_at else "",
        str(row.replies),
        str(row.streak),
        str(row.unanswered),
        "yes" if row.stalled else "no",
    ]


def csv_chunks(rows: Iterator[ManagerRow]) -> Iterator[str]:
    """The header and rows in ~64 KB pieces (the header goes with the first rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(csv_record(row))
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
    return Response(
        stream_with_context(csv_chunks(rows)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
