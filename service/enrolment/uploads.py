"""A CSV import's life in Redis: the file, its progress counters, per-line notes and the failed lines.

The request stores the file and enqueues a job with the upload's id; the job imports the rows in
chunks, one transaction each, and updates the counters the status page polls. Every line is
accounted for exactly once: invited, already a member, a repeat of an earlier line that was
invited, or failed (kept with its cells and problem for the failed-lines download). A line is judged
on its own: an earlier line with the same address that failed changes nothing about it.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime

from redis import Redis

from service.analytics.figures import forget_figures
from service.curriculum import Curriculum, load_curriculum
from service.db import Database
from service.enrolment.csv_files import FailedLine
from service.enrolment.csv_upload import CsvProblem, RowIssue, parse_upload
from service.enrolment.timezones import suggest_timezone
from service.enums import EnrolmentRowStatus
from service.subscriptions import enrol_managers, send_soon
from service.subscriptions.validation import normalise_email

UPLOAD_TTL = 24 * 3600
CHUNK = 200  # rows per transaction: short write locks, steady progress
MAX_ISSUES = 1000  # notes kept for the page; the counters and the failed-lines file stay complete
COUNTERS = ("total", "done", "invited", "already_enrolled", "repeated", "errors")


def _key(upload_id: str, suffix: str = "") -> str:
    return f"coach:enrol:{upload_id}{suffix}"


@dataclass
class UploadState:
    """What the status page shows; `state` is queued, running, done or failed."""

    id: str
    program_id: int
    lead_id: int
    filename: str
    state: str
    message: str = ""
    total: int = 0
    done: int = 0
    invited: int = 0
    already_enrolled: int = 0
    repeated: int = 0
    errors: int = 0
    issues: list[RowIssue] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["finished"] = self.finished
        data.pop("lead_id")
        return data


def create_upload(redis: Redis, program_id: int, lead_id: int, filename: str, data: bytes) -> str:
    """Store the file and a queued state; returns the upload id the job and the status page use."""
    upload_id = secrets.token_urlsafe(12)
    pipe = redis.pipeline()
    pipe.set(_key(upload_id, ":csv"), data, ex=UPLOAD_TTL)
    state = {"program_id": program_id, "lead_id": lead_id, "filename": filename[:200], "state": "queued"}
    pipe.hset(_key(upload_id), mapping=state)
    pipe.expire(_key(upload_id), UPLOAD_TTL)
    pipe.execute()
    return upload_id


def load_upload(redis: Redis, upload_id: str) -> UploadState | None:
    if not upload_id.replace("-", "").replace("_", "").isalnum() or len(upload_id) > 40:
        return None
    raw = {k.decode(): v.decode() for k, v in redis.hgetall(_key(upload_id)).items()}  # type: ignore[union-attr]
    if not raw:
        return None
    issues = [RowIssue(**json.loads(item)) for item in redis.lrange(_key(upload_id, ":issues"), 0, -1)]  # type: ignore[union-attr]
    return UploadState(
        id=upload_id,
        program_id=int(raw["program_id"]),
        lead_id=int(raw["lead_id"]),
        filename=raw.get("filename", ""),
        state=raw.get("state", "queued"),
        message=raw.get("message", ""),
        issues=issues,
        **{name: int(raw.get(name, 0)) for name in COUNTERS},
    )


def failed_lines(redis: Redis, upload_id: str, batch: int = 1000) -> Iterator[FailedLine]:
    """Every failed line of the upload, in file order, read from Redis a batch at a time."""
    start = 0
    while True:
        items = redis.lrange(_key(upload_id, ":failed"), start, start + batch - 1)
        for item in items:  # type: ignore[union-attr]
            data = json.loads(item)
            yield FailedLine(data["line"], data["cells"], data["problem"])
        if len(items) < batch:  # type: ignore[arg-type]
            return
        start += batch


def _record(
    redis: Redis, upload_id: str, issues: list[RowIssue], failed: list[FailedLine], **increments: int
) -> None:
    pipe = redis.pipeline()
    for name, amount in increments.items():
        if amount:
            pipe.hincrby(_key(upload_id), name, amount)
    if issues:
        pipe.rpush(_key(upload_id, ":issues"), *(json.dumps(asdict(issue)) for issue in issues))
        pipe.ltrim(_key(upload_id, ":issues"), 0, MAX_ISSUES - 1)
        pipe.expire(_key(upload_id, ":issues"), UPLOAD_TTL)
    if failed:
        pipe.rpush(_key(upload_id, ":failed"), *(json.dumps(asdict(line)) for line in failed))
        pipe.expire(_key(upload_id, ":failed"), UPLOAD_TTL)
    pipe.execute()


def problem_text(errors: Mapping[str, str], cells: Mapping[str, str]) -> str:
    """Each field's problem, with the timezone the lead probably meant ("Did you mean Europe/Berlin?")."""
    parts = [f"{name}: {text}" for name, text in errors.items()]
    if "timezone" in errors and (suggestion := suggest_timezone(cells.get("timezone"))):
        parts.append(f"Did you mean {suggestion}?")
    return " ".join(parts)


def _address(cells: Mapping[str, str]) -> str | None:
    try:
        return normalise_email(cells.get("email"))
    except ValueError:
        return None


@dataclass
class _Chunk:
    """One chunk's outcome: counters, notes for the page and failed lines for the download."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS[2:], 0))
    issues: list[RowIssue] = field(default_factory=list)
    failed: list[FailedLine] = field(default_factory=list)

    def repeat(self, line: int, email: str, first: int) -> None:
        self.counts["repeated"] += 1
        self.issues.append(
            RowIssue(line, email, f"Same address as line {first}: counted there, not invited twice.")
        )


def _import_chunk(
    db: Database, state: UploadState, rows: list[dict[str, str]], lines: list[int],
    first_line: dict[str, int], now: datetime, curriculum: Curriculum,
) -> _Chunk:  # fmt: skip
    """Enrol one chunk; `first_line` (address -> the line that invited it) carries over between chunks."""
    chunk = _Chunk()
    todo: list[tuple[int, dict[str, str]]] = []
    for line, cells in zip(lines, rows, strict=True):
        address = _address(cells)
        if address is not None and address in first_line:
            chunk.repeat(line, address, first_line[address])
        else:
            todo.append((line, cells))
    with db.transaction() as session:
        result = enrol_managers(
            session, state.program_id, [cells for _, cells in todo], now, curriculum, lead_id=state.lead_id
        )  # fmt: skip
    send_soon(result.message_ids)
    for (line, cells), row in zip(todo, result.rows, strict=True):
        if row.status == EnrolmentRowStatus.ERROR:
            problem = problem_text(row.errors, cells)
            chunk.failed.append(FailedLine(line, cells, problem))
            chunk.issues.append(RowIssue(line, cells.get("email", "")[:320], problem))
        elif row.status == EnrolmentRowStatus.DUPLICATE:
            chunk.repeat(line, row.email, first_line[row.email])
        else:
            first_line[row.email] = line
            status = "invited" if row.status == EnrolmentRowStatus.INVITED else "already_enrolled"
            chunk.counts[status] += 1
    chunk.counts["errors"] = len(chunk.failed)
    return chunk


def run_upload(redis: Redis, db: Database, upload_id: str, now: datetime) -> UploadState | None:
    """Import every line. A rerun is harmless: counters and lists restart, and an address already
    invited answers `invited` again without a second email (enrol_managers)."""
    state = load_upload(redis, upload_id)
    data = redis.get(_key(upload_id, ":csv"))
    if state is None or data is None:
        return None
    curriculum = load_curriculum()
    numbers = {str(lesson.number): lesson.slug for lesson in curriculum.lessons}
    redis.delete(_key(upload_id, ":issues"), _key(upload_id, ":failed"))
    try:
        parsed = parse_upload(data, numbers)  # type: ignore[arg-type]
    except CsvProblem as exc:
        redis.hset(_key(upload_id), mapping={"state": "failed", "message": str(exc)})
        return load_upload(redis, upload_id)
    started = {"state": "running", "total": len(parsed.rows), "message": "", **dict.fromkeys(COUNTERS[1:], 0)}
    redis.hset(_key(upload_id), mapping=started)
    first_line: dict[str, int] = {}
    for start in range(0, len(parsed.rows), CHUNK):
        rows, lines = parsed.rows[start : start + CHUNK], parsed.lines[start : start + CHUNK]
        chunk = _import_chunk(db, state, rows, lines, first_line, now, curriculum)
        _record(redis, upload_id, chunk.issues, chunk.failed, done=len(rows), **chunk.counts)
    forget_figures(redis, state.program_id)  # figures are recomputed with the latest state
    redis.hset(_key(upload_id), "state", "done")
    redis.delete(_key(upload_id, ":csv"))
    return load_upload(redis, upload_id)
