"""Queue names, the Redis connection and job defaults: the one place that knows about RQ wiring.

The web app and the CLI enqueue jobs by dotted name (`enqueue("workers.sending.send_messages", ...)`), so
nothing under `service/` imports `workers/`: the worker modules import the service, never the reverse.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from redis import Redis
from rq import Queue, Retry
from rq.job import Job

from service.redis_client import connect, is_sentinel_url, parse_sentinel_url
from service.settings import current_settings

DEFAULT = "default"
SEND = "send"
INBOUND = "inbound"
EVENTS = "events"
# A worker takes jobs in this order: replies, events and small jobs (confirmations, digests) are quick
# and a manager or lead may be waiting on them, so they never queue behind a wave of send chunks.
ALL_QUEUES = (DEFAULT, INBOUND, EVENTS, SEND)

# Job functions, by dotted name: RQ imports them in the worker, so the web app never loads worker code.
SEND_JOB = "workers.sending.send_messages"
PROCESS_RECEIVED_JOB = "workers.replies.process_received"
IMPORT_UPLOAD_JOB = "workers.enrolment.import_upload"
JOB_NAMES = (SEND_JOB, PROCESS_RECEIVED_JOB, IMPORT_UPLOAD_JOB)

SENDING_PAUSED_KEY = "coach:sending:paused"  # set (with the reason) after a 401/403 from SendGrid

JOB_TIMEOUT = 300
RESULT_TTL = 3600
FAILURE_TTL = 7 * 24 * 3600
TRANSIENT_RETRY_INTERVALS = [30, 120, 600, 3600]


def transient_retry() -> Retry:
    """Backoff for provider hiccups: 30 s, 2 min, 10 min, 1 h."""
    return Retry(max=len(TRANSIENT_RETRY_INTERVALS), interval=TRANSIENT_RETRY_INTERVALS)


@lru_cache(maxsize=4)
def _connection(url: str) -> Redis:
    return connect(url)


def redis_connection(url: str | None = None) -> Redis:
    """The process's Redis client for `url` (default: REDIS_URL or the embedded server).

    For a redis+sentinel:// URL this is the master the sentinels name, followed across failovers.
    """
    return _connection(url or current_settings().redis_url)


def rq_cli_settings(url: str) -> dict[str, Any]:
    """The connection part of an RQ settings module (`rq worker -c workers.rq_config`) for `url`.

    RQ's `--url` goes through Redis.from_url, which cannot follow a Sentinel; from a settings module
    RQ reads REDIS_URL (plain URLs, unix sockets) or a SENTINEL dict (rq.cli.helpers.get_redis_from_config),
    which it turns into `Sentinel(INSTANCES, sentinel_kwargs=..., ...).master_for(MASTER_NAME)`: the
    same client `service.redis_client.connect` builds.
    """
    if not is_sentinel_url(url):
        return {"REDIS_URL": url}
    target = parse_sentinel_url(url)
    master = target.connection_kwargs()
    return {
        "SENTINEL": {
            "INSTANCES": list(target.sentinels),
            "MASTER_NAME": target.master,
            "DB": master.pop("db"),
            "USERNAME": master.pop("username", None),
            "PASSWORD": master.pop("password", None),
            "SOCKET_TIMEOUT": master.pop("socket_timeout"),  # RQ's worker raises it above its dequeue wait
            "CONNECTION_KWARGS": master,
            "SENTINEL_KWARGS": target.sentinel_kwargs(),
        }
    }


def queue(name: str, connection: Redis | None = None) -> Queue:
    return Queue(name, connection=connection or redis_connection(), default_timeout=JOB_TIMEOUT)


def enqueue(
    job: str, *args: Any, queue_name: str = DEFAULT, connection: Redis | None = None, **kwargs: Any
) -> Job:
    """Enqueue the job function named `job` (a dotted path under workers/) with `args` on `queue_name`.

    Keyword arguments are RQ's (job_timeout, retry, job_id, description, at_front...); the
    project's result and failure TTLs are the defaults.
    """
    kwargs.setdefault("result_ttl", RESULT_TTL)
    kwargs.setdefault("failure_ttl", FAILURE_TTL)
    return queue(queue_name, connection).enqueue(job, *args, **kwargs)


def reset_connections() -> None:
    """Forget cached clients (tests switch Redis servers)."""
    _connection.cache_clear()


def sending_paused_reason(connection: Redis | None = None) -> str | None:
    """Why all sending is paused (after SendGrid rejected our key), or None when it is not."""
    raw: bytes | None = (connection or redis_connection()).get(SENDING_PAUSED_KEY)  # type: ignore[assignment]
    return raw.decode("utf-8", "replace") if raw else None
