"""The cron schedule, as data: loaded by the single `rq cron workers/cron.py` process."""

from __future__ import annotations

from rq import cron

from service.queues import DEFAULT, INBOUND
from workers.digests import send_digests
from workers.dispatch import dispatch_due
from workers.replies import process_received
from workers.subscriptions import expire_unconfirmed_subscriptions

SCHEDULE: list[dict[str, object]] = [
    # Due subscriptions -> outbox rows -> send jobs; also recovers rows stuck mid-send.
    {"func": dispatch_due, "queue_name": DEFAULT, "interval": 60, "job_timeout": 300, "result_ttl": 600},
    # Leads' weekly digests: hourly, a few minutes past; each lead's Monday 08:xx local hour sends.
    {"func": send_digests, "queue_name": DEFAULT, "cron": "5 * * * *", "job_timeout": 900, "result_ttl": 900},
    # Inbound posts whose processing job was lost or raced (see service.replies.notify).
    {"func": process_received, "queue_name": INBOUND, "interval": 60, "job_timeout": 300, "result_ttl": 600},
    # Pending subscriptions not confirmed within 7 days expire: daily, at a quiet hour.
    {"func": expire_unconfirmed_subscriptions, "queue_name": DEFAULT, "cron": "17 3 * * *"},
]

for entry in SCHEDULE:
    cron.register(**entry)  # type: ignore[arg-type]
