"""`coach demo`: seed a living demo program so a newcomer sees a real dashboard at once;
`coach demo --reset-password` gives its lead a fresh password when the first one scrolled away."""

from __future__ import annotations

import click
from sqlalchemy import select

from service.accounts import find_lead, generate_password, set_password
from service.cli.errors import settings_or_exit
from service.db import database
from service.demo import DEMO_LEAD_EMAIL, seed_demo
from service.demo.credentials import write_credentials
from service.demo.seed import MANAGER_COUNT, DemoError
from service.models import Program, utcnow
from service.settings import Settings


def _announce(settings: Settings, password: str) -> None:
    login_url = f"{settings.public_url}/leads/login"
    path = write_credentials(settings.instance_path, login_url, DEMO_LEAD_EMAIL, password)
    click.echo(
        f"  sign in at {login_url}\n"
        f"  email:    {DEMO_LEAD_EMAIL}\n"
        f"  password: {password}\n"
        f"  (also in {path}, readable by you only)"
    )


def _reset_password(settings: Settings) -> None:
    password = generate_password()
    with database(settings.database_url).transaction() as session:
        lead = find_lead(session, DEMO_LEAD_EMAIL)
        if lead is None:
            raise click.ClickException(f"there is no demo lead ({DEMO_LEAD_EMAIL}); run `coach demo` first")
        set_password(session, lead, password)  # also signs out every session of the old password
    click.echo("demo: new password for the demo lead")
    _announce(settings, password)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when any program exists (used by `make run`).")
@click.option(
    "--reset-password", is_flag=True, help="Give the demo lead a new password and print it (seeds nothing)."
)
def demo(if_empty: bool, reset_password: bool) -> None:
    """Seed "Demo sales leadership": 60 managers, 10 weeks of history, and the lead lead@example.com."""
    settings = settings_or_exit()
    if reset_password:
        if if_empty:
            raise click.UsageError("--reset-password and --if-empty do not go together")
        _reset_password(settings)
        return
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
        f"demo: {result.managers} managers, {result.messages} emails, {result.replies} replies, "
        f"{result.commitments} commitments"
    )
    _announce(settings, result.password)


commands: list[click.Command] = [demo]
