"""`coach sending status|pause|resume`: see and control the global send switch (a 401/403 flips it)."""

from __future__ import annotations

import click
from sqlalchemy import func, select

from service.cli.errors import settings_or_exit
from service.db import database
from service.enums import MessageStatus
from service.models import Message
from service.outbox import enqueue_send_jobs
from service.queues import SENDING_PAUSED_KEY, redis_connection, sending_paused_reason

RESUME_BATCH = 5000


@click.group("sending")
def sending() -> None:
    """The sending pipeline: pause state and outbox counts."""


@sending.command("status")
def status() -> None:
    """Print whether sending is paused (and why) and the outbox rows by status."""
    settings = settings_or_exit()
    reason = sending_paused_reason()
    click.echo(f"sending: paused: {reason}" if reason else "sending: running")
    with database(settings.database_url).session() as session:
        rows = session.execute(select(Message.status, func.count()).group_by(Message.status)).all()
    for name, count in sorted(rows):
        click.echo(f"  {name:8} {count}")


@sending.command("pause")
@click.option("--reason", default="paused by an operator", show_default=True)
def pause(reason: str) -> None:
    """Stop every worker from sending until `coach sending resume`."""
    settings_or_exit()
    redis_connection().set(SENDING_PAUSED_KEY, reason)
    click.echo(f"sending paused: {reason}")


@sending.command("resume")
def resume() -> None:
    """Clear the pause (after fixing SENDGRID_API_KEY) and re-enqueue every queued message."""
    settings = settings_or_exit()
    was = redis_connection().getdel(SENDING_PAUSED_KEY)
    click.echo("sending resumed" if was else "sending was not paused")
    total, last_id = 0, 0
    with database(settings.database_url).session() as session:
        while True:
            ids = list(
                session.scalars(
                    select(Message.id)
                    .where(Message.status == MessageStatus.QUEUED, Message.id > last_id)
                    .order_by(Message.id)
                    .limit(RESUME_BATCH)
                )
            )
            session.rollback()
            if not ids:
                break
            enqueue_send_jobs(ids)
            total += len(ids)
            last_id = ids[-1]
    click.echo(f"{total} queued messages handed to the send queue")


commands: list[click.Command] = [sending]
