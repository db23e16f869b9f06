"""The `coach` command: one group, one module per family of subcommands."""

from __future__ import annotations

import importlib

import click

from service.logs import LogConfigError, configure_logging

# Each module exposes `commands`, a list of click commands to add to the group.
COMMAND_MODULES = (
    "service.cli.dev",
    "service.cli.database",
    "service.cli.sandbox",
    "service.cli.curriculum",
    "service.cli.preview",
    "service.cli.accounts",
    "service.cli.demo",
    "service.cli.report",
    "service.cli.sending",
    "service.cli.inbound",
    "service.cli.send_next",
    "service.cli.digest",
)


# A plain click group, not Flask's: `coach --help` lists the product's commands only (no `run`,
# `routes` or `shell`), and no command needs an app context (each builds what it uses).
@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def main() -> None:
    """Coaching nudges for sales managers: run the stack, manage accounts and lessons, look inside.

    Every command reads its settings from the environment (see the README's Configuration table).
    Under `make run` the commands live in .venv/bin/ (run `.venv/bin/coach ...`, or activate the venv).
    """
    try:
        configure_logging()
    except LogConfigError as exc:
        raise click.ClickException(f"configuration error: {exc}") from None


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(_name).commands:
        main.add_command(_command)
