"""A CSV import's life in Redis: the file, its progress counters and per-line issues.

The request stores the file and enqueues a job with the upload's id; the job imports the rows in
chunks, one transaction each, and updates the counters the status page polls.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime

from redis import Redis

from service.analytics.figures import forget_figures
from service.curriculum import load_curriculum
from service.db import Database
from service.enrolment.csv_upload import CsvProblem, RowIssue, parse_upload
from service.enums import EnrolmentRowStatus
from service.subscriptions import enrol_managers, send_soon

UPLOAD_TTL = 24 * 3600
CHUNK = 200  # rows per transaction: short write locks, steady progress
MAX_ISSUES = 1000  # kept for the page; the counters stay exact beyond it
COUNTERS = ("total", "done", "invited", "already_enrolled", "merged", "errors")


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
    merged: int = 0
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


def _record(redis: Redis, upload_id: str, issues: list[RowIssue], **increments: int) -> None:
    pipe = redis.pipeline()
    for name, amount in increments.items():
        if amount:
            pipe.hincrby(_key(upload_id), name, amount)
    if issues:
        pipe.rpush(_key(upload_id, ":issues"), *(json.dumps(asdict(issue)) for issue in issues))
        pipe.ltrim(_key(upload_id, ":issues"), 0, MAX_ISSUES - 1)
        pipe.expire(_key(upload_id, ":issues"), UPLOAD_TTL)
    pipe.execute()


def run_upload(redis: Redis, db: Database, upload_id: str, now: datetime) -> UploadState | None:
    """Import every row. A rerun is harmless: counters restart, and enrol_managers reports managers
    already invited instead of inviting them again (invitations also carry a dedupe key)."""
    state = load_upload(redis, upload_id)
    data = redis.get(_key(upload_id, ":csv"))
    if state is None or data is None:
        return None
    curriculum = load_curriculum()
    numbers = {str(lesson.number): lesson.slug for lesson in curriculum.lessons}
    redis.delete(_key(upload_id, ":issues"))
    try:
        parsed = parse_upload(data, numbers)  # type: ignore[arg-type]
    except CsvProblem as exc:
        redis.hset(_key(upload_id), mapping={"state": "failed", "message": str(exc)})
        return load_upload(redis, upload_id)
    redis.hset(
        _key(upload_id),
        mapping={"state": "running", "total": len(parsed.rows), "merged": len(parsed.merged), "done": 0,
                 "invited": 0, "already_enrolled": 0, "errors": 0, "message": ""},
    )  # fmt: skip
    _record(redis, upload_id, parsed.merged)
    for start in range(0, len(parsed.rows), CHUNK):
        rows, lines = parsed.rows[start : start + CHUNK], parsed.lines[start : start + CHUNK]
        with db.transaction() as session:
            result = enrol_managers(session, state.program_id, rows, now, curriculum, lead_id=state.lead_id)
        send_soon(result.message_ids)
        issues = [
            RowIssue(lines[row.row - 1], row.email or rows[row.row - 1].get("email", "")[:320],
                     " ".join(f"{name}: {text}" for name, text in row.errors.items()))
            for row in result.rows
            if row.status == EnrolmentRowStatus.ERROR
        ]  # fmt: skip
        _record(
            redis,
            upload_id,
            issues,
            done=len(rows),
            invited=result.count(EnrolmentRowStatus.INVITED),
            already_enrolled=result.count(EnrolmentRowStatus.ALREADY_ENROLLED)
            + result.count(EnrolmentRowStatus.DUPLICATE),
            errors=len(issues),
        )
    forget_figures(redis, state.program_id)  # figures are recomputed with the latest state
    redis.hset(_key(upload_id), "state", "done")
    redis.delete(_key(upload_id, ":csv"))
    return load_upload(redis, upload_id)
