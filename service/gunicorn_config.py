"""gunicorn's settings for the web: `gunicorn -c python:service.gunicorn_config 'service:create_app()'`.

Logging goes through service.logs (COACH_LOG_FORMAT, COACH_LOG_LEVEL); gunicorn's own access log is
off because its request line carries token URLs: the app writes one access line per request with the
route's pattern instead (service.access_log). Prometheus' multiprocess directory is one per gunicorn
master: PROMETHEUS_MULTIPROC_DIR if set, else a fresh temporary folder, emptied at start so the
counters of an earlier run do not add up with this one's.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from service.logs import LogConfigError, config_from_env

try:
    logconfig_dict = config_from_env()
except LogConfigError as _error:
    raise SystemExit(f"configuration error: {_error}") from None

# Before anything imports prometheus_client: it picks its multiprocess value class at import time.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="coach-metrics-")


def on_starting(_server: Any) -> None:
    """Empty the multiprocess folder of a previous run (dead workers' files would count again)."""
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()


def child_exit(_server: Any, worker: Any) -> None:
    """A gunicorn worker ended: its live gauges stop counting (its counters stay, as counters must)."""
    from prometheus_client import multiprocess  # imported here: never before the folder is known

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
