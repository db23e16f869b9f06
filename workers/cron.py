"""The cron schedule, as data: loaded by the single `rq cron workers/cron.py` process."""

from __future__ import annotations

from rq import cron

SCHEDULE: list[dict[str, object]] = []

for entry in SCHEDULE:
    cron.register(**entry)  # type: ignore[arg-type]
