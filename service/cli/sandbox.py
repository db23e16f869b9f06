"""`coach sandbox`: the local SendGrid-compatible API, inbox and webhook poster (port 8025)."""

from __future__ import annotations

import logging
import os

import click

from service.cli.errors import settings_or_exit
from service.instance_files import keep_private
from service.settings import ConfigError

logger = logging.getLogger("sandbox")


@click.command("sandbox")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=None, help="Port (default: SANDBOX_PORT or 8025)."
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Server processes (default 2; 1 when SANDBOX_SEED is set, for a repeatable fault sequence).",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 1024),
    default=64,
    show_default=True,
    help="Threads per process: bounds the requests in flight, which injected latency holds.",
)
def sandbox(host: str, port: int | None, workers: int | None, threads: int) -> None:
    """Serve the SendGrid sandbox: POST /v3/mail/send, an inbox at /, and a JSON API under /api."""
    from sandbox.config import SandboxConfig
    from sandbox.server import serve

    settings = settings_or_exit()
    env = dict(os.environ)
    env.setdefault("COACH_INSTANCE_PATH", str(settings.instance_path))
    keep_private(settings.instance_path)
    try:
        config = SandboxConfig.from_env(env)
    except ConfigError as exc:
        raise click.ClickException(f"configuration error: {exc}") from None
    if workers is None:
        workers = 1 if config.seed is not None else 2
    port = port or settings.sandbox_port
    # A log line, not a print: under COACH_LOG_FORMAT=json every line the sandbox writes is JSON.
    logger.info("SendGrid sandbox on http://%s:%s/ (messages in %s)", host, port, config.db_path)
    serve(config, host, port, workers, threads)


commands: list[click.Command] = [sandbox]
