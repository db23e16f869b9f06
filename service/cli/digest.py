"""`coach digest send --program ID`: a program's weekly digest now, rather than at Monday 08:00."""

from __future__ import annotations

import click
from sqlalchemy import func, select

from service.accounts import receives_digests
from service.cli.errors import settings_or_exit
from service.db import database
from service.models import Lead, Program, program_leads
from service.queues import enqueue

SEND_JOB = "workers.digests.send_program_digest"


@click.group("digest")
def digest() -> None:
    """The weekly digest: every lead gets one per program on Monday at 08:00 in the lead's timezone."""


@digest.command("send")
@click.option("--program", "program_id", required=True, type=click.IntRange(min=1), help="Program id.")
def send(program_id: int) -> None:
    """Send PROGRAM's digest now to each of its active leads who receive digests (Monday's still comes)."""
    settings = settings_or_exit()
    with database(settings.database_url).session() as session:
        program = session.get(Program, program_id)
        if program is None:
            raise click.ClickException(f"no program with id {program_id}")
        active = session.execute(
            select(receives_digests(), func.count())
            .select_from(program_leads)
            .join(Lead, Lead.id == program_leads.c.lead_id)
            .where(program_leads.c.program_id == program_id, Lead.is_active.is_(True))
            .group_by(receives_digests())
        ).all()
        name = program.name
    counts = {bool(receives): int(count) for receives, count in active}
    leads, stopped = counts.get(True, 0), counts.get(False, 0)
    left_out = f" ({stopped} who stopped digests left out)" if stopped else ""
    if not leads:
        raise click.ClickException(
            f"program {program_id} ({name}) has no active leads who receive digests{left_out}"
        )
    enqueue(SEND_JOB, program_id)
    click.echo(f"digest of {name} queued for {leads} lead(s){left_out}; the worker sends it within a minute")


commands: list[click.Command] = [digest]
