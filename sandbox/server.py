"""Serve the sandbox with gunicorn's threaded workers: many in-flight requests for the send benchmark."""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from sandbox.app import create_sandbox_app
from sandbox.config import SandboxConfig
from sandbox.store import Store
from service.logs import config_from_env


class SandboxServer(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type hints
    """gunicorn, configured in code; each worker builds its own app after the fork."""

    def __init__(self, config: SandboxConfig, options: dict[str, Any]) -> None:
        self.config = config
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return create_sandbox_app(self.config, init_store=False)


def serve(config: SandboxConfig, host: str, port: int, workers: int, threads: int) -> None:
    """Prepare the store once in the master (schema, fault knobs from the environment), then serve."""
    store = Store(config.db_path)
    store.init(config.faults)
    store.close()
    options: dict[str, Any] = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "worker_connections": 4096,
        "backlog": 2048,
        "keepalive": 75,
        # Injected latency may reach minutes; the arbiter must not kill a worker for serving it.
        "timeout": 0,
        "graceful_timeout": 3,
        "accesslog": None,
        # The service's logging (COACH_LOG_FORMAT, COACH_LOG_LEVEL): `make run` reads one format throughout.
        "logconfig_dict": config_from_env(),
        "proc_name": "coach-sandbox",
    }
    SandboxServer(config, options).run()
