"""The weekly digest: every hour, leads whose local time is Monday 08:xx get one email per program.

Idempotent: each digest's dedupe key is digest:<lead>:<ISO year-week>:<program>, unique in the
outbox, so a rerun in the same hour (or a second cron process) finds the row and adds nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.accounts import receives_digests
from service.analytics.digest import digest_context
from service.db import database
from service.enums import EmailKind
from service.models import Lead, Message, Program, program_leads, utcnow
from service.outbox import enqueue_sends, queue_message
from service.spacing import zone
from workers.errors import private_errors

log = logging.getLogger(__name__)

SEND_WEEKDAY = 0  # Monday
SEND_HOUR = 8


def digest_key(lead_id: int, local: datetime, program_id: int) -> str:
    year, week, _ = local.isocalendar()
    return f"digest:{lead_id}:{year}-W{week:02d}:{program_id}"


def _local(lead: Lead, now: datetime) -> datetime:
    try:
        return now.astimezone(zone(lead.timezone))
    except ValueError:
        return now.astimezone(zone("UTC"))


def digests_due(session: Session, now: datetime) -> list[tuple[Lead, Program, str]]:
    """(lead, program, dedupe key) for every active lead whose local time is Monday 08:00-08:59 and
    whose digest for this week and program does not exist yet."""
    pairs = session.execute(
        select(Lead, Program)
        .join(program_leads, program_leads.c.lead_id == Lead.id)
        .join(Program, Program.id == program_leads.c.program_id)
        .where(receives_digests())
        .order_by(Lead.id, Program.id)
    ).all()
    due = []
    for lead, program in pairs:
        local = _local(lead, now)
        if local.weekday() == SEND_WEEKDAY and local.hour == SEND_HOUR:
            due.append((lead, program, digest_key(lead.id, local, program.id)))
    if not due:
        return []
    existing = set(
        session.scalars(select(Message.dedupe_key).where(Message.dedupe_key.in_([k for *_, k in due])))
    )
    return [item for item in due if item[2] not in existing]


@private_errors
def send_digests(now: datetime | None = None) -> dict[str, int]:
    """Cron job, hourly. Each digest is committed on its own, so one failing program does not hold
    back the others; a unique-key clash means another run created it first and is skipped."""
    now = now or utcnow()
    db = database()
    with db.session() as session:
        due = [(lead.id, program.id, key) for lead, program, key in digests_due(session, now)]
    return _queue_digests(due, now)


@private_errors
def send_program_digest(program_id: int, now: datetime | None = None) -> dict[str, int]:
    """`coach digest send --program ID`: this week's digest, now, to every lead of one program who
    receives digests (a lead who stopped them by replying to one is left out, as on Mondays).

    Its own dedupe key per lead and minute (digest-now:<lead>:<program>:<minute>), so it neither
    replaces nor blocks Monday's; a rerun within the same minute adds nothing."""
    now = now or utcnow()
    with database().session() as session:
        lead_ids = session.scalars(
            select(Lead.id)
            .join(program_leads, program_leads.c.lead_id == Lead.id)
            .where(program_leads.c.program_id == program_id, receives_digests())
            .order_by(Lead.id)
        ).all()
    due = [
        (lead_id, program_id, f"digest-now:{lead_id}:{program_id}:{now:%Y%m%dT%H%M}") for lead_id in lead_ids
    ]
    return _queue_digests(due, now)


def _queue_digests(due: list[tuple[int, int, str]], now: datetime) -> dict[str, int]:
    """Queue one digest per (lead, program, dedupe key), each committed on its own, and enqueue them."""
    db = database()
    created: list[int] = []
    skipped = 0
    for lead_id, program_id, key in due:
        with db.session() as session:
            lead, program = session.get(Lead, lead_id), session.get(Program, program_id)
            if lead is None or program is None:
                continue
            context = digest_context(session, program, now, zone(_safe_tz(lead.timezone)))
            message = queue_message(
                session,
                kind=EmailKind.DIGEST,
                to_email=lead.email,
                lead_id=lead.id,
                program_id=program.id,
                context=context,
                dedupe_key=key,
            )
            lead.last_digest_at = now
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                skipped += 1
                continue
            created.append(message.id)
    enqueue_sends(created)
    log.info("digests: %d queued, %d already there", len(created), skipped)
    return {"queued": len(created), "skipped": skipped}


def _safe_tz(name: str) -> str:
    try:
        zone(name)
    except ValueError:
        return "UTC"
    return name
