"""`coach digest send --program ID`: a program's weekly digest now, rather than at Monday 08:00."""

from __future__ import annotations

import click
from sqlalchemy import func, select

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
    """Send PROGRAM's digest to each of its active leads now (Monday's still comes as usual)."""
    settings = settings_or_exit()
    with database(settings.database_url).session() as session:
        program = session.get(Program, program_id)
        if program is None:
            raise click.ClickException(f"no program with id {program_id}")
        leads = session.scalar(
            select(func.count())
            .select_from(program_leads)
            .join(Lead, Lead.id == program_leads.c.lead_id)
            .where(program_leads.c.program_id == program_id, Lead.is_active.is_(True))
        )
        name = program.name
    if not leads:
        raise click.ClickException(f"program {program_id} ({name}) has no active leads to send to")
    enqueue(SEND_JOB, program_id)
    click.echo(f"digest of {name} queued for {leads} lead(s); the worker sends it within a minute")


commands: list[click.Command] = [digest]
