"""RQ's settings module: `rq worker -c workers.rq_config ...` and `rq cron -c workers.rq_config ...`.

RQ imports this module and reads its UPPERCASE names. The connection comes from the service's own
REDIS_URL (through Settings, so the embedded unix-socket default works too): REDIS_URL for a plain
server, SENTINEL for a redis+sentinel:// URL, which RQ's `--url` cannot take. The URL, and its
password, also stay out of the process list. DICT_CONFIG is the service's logging (service.logs,
COACH_LOG_FORMAT and COACH_LOG_LEVEL): RQ applies it with logging.config.dictConfig before it starts,
and then adds no handlers of its own, so worker and cron lines are the same JSON or text as the web's.

The job modules are imported here, as the process starts, rather than by the first job that names
one: that import (the app, the curriculum, the reply reader's patterns) took about 1.5 s of CPU, paid
inside the first send job of every new worker (bench/send_wave.py measured it in the wave). The
email templates are compiled here too, for the same reason. Then everything loaded so far (modules,
templates, the curriculum: some hundred thousand objects that live as long as the process) is moved
out of the garbage collector's sight with gc.freeze(), so its full collections stop walking them
again and again while a wave is sent (about 0.04 ms per email of a send job's thread, measured with
gc.callbacks around a job's work).
"""

from __future__ import annotations

import gc
from importlib import import_module
from typing import Any

from service.emails.environment import compile_templates
from service.logs import dict_config
from service.queues import rq_cli_settings
from service.settings import ConfigError, current_settings

try:
    _settings = current_settings()
except ConfigError as _error:
    raise SystemExit(f"configuration error: {_error}") from None
_connection = rq_cli_settings(_settings.redis_url)

REDIS_URL: str | None = _connection.get("REDIS_URL")
SENTINEL: dict[str, Any] | None = _connection.get("SENTINEL")
DICT_CONFIG: dict[str, Any] = dict_config(_settings.log_format, _settings.log_level)

JOB_MODULES = (
    "workers.analytics",
    "workers.digests",
    "workers.dispatch",
    "workers.enrolment",
    "workers.replies",
    "workers.sending",
    "workers.subscriptions",
)
for _module in JOB_MODULES:
    import_module(_module)
compile_templates()
gc.freeze()
