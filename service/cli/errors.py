"""Turn configuration errors into one clear line and exit status 2, not a traceback."""

from __future__ import annotations

import click

from service.settings import ConfigError, Settings, use_settings


def settings_or_exit() -> Settings:
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        raise click.ClickException(f"configuration error: {exc}") from None
    use_settings(settings)
    return settings
