"""The `coach` command: one group, one module per family of subcommands."""

from __future__ import annotations

import importlib

import click
from flask.cli import FlaskGroup

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
)


def _create_app() -> object:
    from service.app import create_app
    from service.settings import ConfigError

    try:
        return create_app()
    except ConfigError as exc:
        raise click.ClickException(f"configuration error: {exc}") from None


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False, load_dotenv=False)
def main() -> None:
    """Coaching nudges for sales managers."""
    try:
        configure_logging()
    except LogConfigError as exc:
        raise click.ClickException(f"configuration error: {exc}") from None


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(_name).commands:
        main.add_command(_command)
