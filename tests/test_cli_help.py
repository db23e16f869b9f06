"""`coach --help` as a newcomer reads it: the product's commands, none of Flask's; kinds listed by preview."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from service.cli import main
from service.enums import EmailKind


def test_top_level_help_lists_the_products_commands_only() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    commands = result.output.split("Commands:", 1)[1]
    listed = {line.split()[0] for line in commands.splitlines() if line.strip()}
    assert {"dev", "send-next", "digest", "journey", "preview", "sending", "inbound"} <= listed
    assert not {"run", "routes", "shell"} & listed
    assert ".venv/bin/" in result.output


@pytest.mark.parametrize("command", ["run", "routes", "shell"])
def test_flasks_commands_are_gone(command: str) -> None:
    assert CliRunner().invoke(main, [command]).exit_code == 2


def test_preview_help_lists_every_kind() -> None:
    result = CliRunner().invoke(main, ["preview", "--help"])
    assert result.exit_code == 0
    assert all(kind.value in result.output for kind in EmailKind)


def test_digest_help_says_when_it_goes_out() -> None:
    result = CliRunner().invoke(main, ["digest", "--help"])
    assert "Monday at 08:00" in result.output
