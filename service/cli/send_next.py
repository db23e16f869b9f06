"""`coach send-next EMAIL`: make a manager's next email due now, to try the loop in minutes (development)."""

from __future__ import annotations

import click
from sqlalchemy import select

from service.cli.errors import settings_or_exit
from service.db import database
from service.enums import SubscriptionStatus
from service.models import Manager, Subscription, utcnow
from service.queues import enqueue

DISPATCH_JOB = "workers.dispatch.dispatch_due"


@click.command("send-next")
@click.argument("email")
def send_next(email: str) -> None:
    """Make EMAIL's next coaching email due now and start a dispatch (development only).

    The worker sends it within seconds (at the latest on the cron's next minute); the engine then
    plans the one after from there, as if the manager's send time had come.
    """
    settings = settings_or_exit()
    if settings.is_production:
        raise click.ClickException("send-next changes a real manager's schedule; it is refused in production")
    address = email.strip().lower()
    with database(settings.database_url).transaction() as session:
        subscription = session.scalars(
            select(Subscription)
            .join(Manager, Manager.id == Subscription.manager_id)
            .where(Manager.email == address)
            .order_by(Subscription.id.desc())
        ).first()
        if subscription is None:
            raise click.ClickException(f"no subscription for {address}; subscribe at the web app first")
        if subscription.status != SubscriptionStatus.ACTIVE:
            pending = subscription.status == SubscriptionStatus.PENDING
            hint = " (confirm it from the confirmation email first)" if pending else ""
            raise click.ClickException(f"{address}'s subscription is {subscription.status}{hint}")
        subscription.next_due_at = utcnow()
        subscription.paused_until = None
    enqueue(DISPATCH_JOB)
    click.echo(f"{address}: the next email is due now; the worker sends it within a minute")


commands: list[click.Command] = [send_next]
