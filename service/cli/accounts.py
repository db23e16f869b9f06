"""`coach create-admin` and `coach create-lead`: accounts for the leads' pages, from the command line."""

from __future__ import annotations

import click

from service.accounts import (
    AccountError,
    assign_program,
    create_account,
    create_program,
    find_lead,
    generate_password,
    program_named,
)
from service.cli.errors import settings_or_exit
from service.db import database
from service.enums import LeadRole


def _password(prompt: bool) -> tuple[str, bool]:
    """(password, generated): typed twice at a hidden prompt, or generated to be printed once."""
    if prompt:
        return click.prompt("Password", hide_input=True, confirmation_prompt=True), False
    return generate_password(), True


def _announce(email: str, password: str, generated: bool) -> None:
    click.echo(f"created {email}")
    if generated:
        click.echo(f"password: {password}")
        click.echo("(shown once: store it in a password manager)")


@click.command("create-admin")
@click.argument("email")
@click.option(
    "--password", "prompt", is_flag=True, help="Type the password at a prompt instead of generating one."
)
@click.option("--name", default="", help="Display name.")
def create_admin(email: str, prompt: bool, name: str) -> None:
    """Create an administrator account (sees and manages every program and lead)."""
    settings = settings_or_exit()
    password, generated = _password(prompt)
    try:
        with database(settings.database_url).transaction() as session:
            lead = create_account(session, email, password, role=LeadRole.ADMIN, name=name)
            address = lead.email
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    _announce(address, password, generated)


@click.command("create-lead")
@click.argument("email")
@click.option("--program", "program_name", required=True, help="The program's name (created if new).")
@click.option(
    "--password", "prompt", is_flag=True, help="Type the password at a prompt instead of generating one."
)
@click.option("--name", default="", help="Display name.")
def create_lead(email: str, program_name: str, prompt: bool, name: str) -> None:
    """Create a program lead for PROGRAM; an existing lead is just added to the program."""
    settings = settings_or_exit()
    try:
        with database(settings.database_url).transaction() as session:
            clean_name = " ".join(program_name.split())
            program = program_named(session, clean_name)
            if program is None:
                program = create_program(session, clean_name)
                click.echo(f"created program {program.name!r}")
            existing = find_lead(session, email)
            if existing is not None:
                added = assign_program(session, existing.id, program.id)
                verb = "added to" if added else "already leads"
                click.echo(f"{existing.email} {verb} {program.name!r}; password unchanged")
                return
            password, generated = _password(prompt)
            lead = create_account(session, email, password, role=LeadRole.LEAD, name=name)
            assign_program(session, lead.id, program.id)
            address = lead.email
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    _announce(address, password, generated)
    click.echo(f"lead of {clean_name!r}")


commands: list[click.Command] = [create_admin, create_lead]
