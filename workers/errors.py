"""Job failures that carry no private data into logs or into RQ's failed-job records.

RQ keeps a failed job's formatted exception in Redis for FAILURE_TTL (7 days). An exception's message
may quote data: a database error names the failing row (a reply's text, an address), a parse error
the header it choked on. Every job function is wrapped: the original is logged (service.logs writes
its traceback's frames and type, never its message) and RQ sees a JobFailed that names only the type.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from rq.timeouts import JobTimeoutException

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


class JobFailed(Exception):
    """A job raised; the message is the original exception's type name only (RQ retries it as usual)."""


def private_errors(job: Callable[P, R]) -> Callable[P, R]:
    """Wrap an RQ job function so its failure record names the exception type and nothing else."""

    @functools.wraps(job)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return job(*args, **kwargs)
        except JobTimeoutException:
            raise  # RQ's own, raised into the job by its timer: no data in it, and RQ expects it
        except Exception as exc:
            log.error("job %s failed: %s", job.__name__, type(exc).__name__, exc_info=True)
            raise JobFailed(f"{type(exc).__module__}.{type(exc).__qualname__}") from None

    return run
