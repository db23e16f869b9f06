"""RQ's settings module: `rq worker -c workers.rq_config ...` and `rq cron -c workers.rq_config ...`.

RQ imports this module and reads its UPPERCASE names. Both come from the service's own REDIS_URL
(through Settings, so the embedded unix-socket default works too): REDIS_URL for a plain server,
SENTINEL for a redis+sentinel:// URL, which RQ's `--url` cannot take. The URL, and its password,
also stay out of the process list.
"""

from __future__ import annotations

from typing import Any

from service.queues import rq_cli_settings
from service.settings import ConfigError, current_settings

try:
    _connection = rq_cli_settings(current_settings().redis_url)
except ConfigError as _error:
    raise SystemExit(f"configuration error: {_error}") from None

REDIS_URL: str | None = _connection.get("REDIS_URL")
SENTINEL: dict[str, Any] | None = _connection.get("SENTINEL")
