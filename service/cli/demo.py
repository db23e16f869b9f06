"""`coach demo`: seed a living demo program so a newcomer sees a real dashboard at once."""

from __future__ import annotations

import click
from sqlalchemy import select

from service.accounts import generate_password
from service.cli.errors import settings_or_exit
from service.db import database
from service.demo import DEMO_LEAD_EMAIL, seed_demo
from service.demo.seed import MANAGER_COUNT, DemoError
from service.models import Program, utcnow


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when any program exists (used by `make run`).")
def demo(if_empty: bool) -> None:
    """Seed "Demo sales leadership": 60 managers, 10 weeks of history, and the lead lead@example.com."""
    settings = settings_or_exit()
    db = database(settings.database_url)
    with db.session() as session:
        if if_empty and session.scalars(select(Program.id).limit(1)).first() is not None:
            click.echo("demo: a program exists already; nothing seeded")
            return
    password = generate_password()
    try:
        with (
            db.transaction() as session,
            click.progressbar(length=MANAGER_COUNT, label="Seeding demo") as bar,
        ):
            result = seed_demo(session, utcnow(), password, progress=bar.update)
    except DemoError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"demo: {result.managers} managers, {result.messages} emails, {result.replies} replies\n"
        f"  sign in at {settings.public_url}/leads/login\n"
        f"  email:    {DEMO_LEAD_EMAIL}\n"
        f"  password: {result.password}"
    )


commands: list[click.Command] = [demo]
