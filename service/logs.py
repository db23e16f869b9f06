"""Logging for every process, configured once from the environment: the web (gunicorn's logconfig_dict),
the RQ workers and cron (DICT_CONFIG in workers/rq_config.py) and the CLI.

`COACH_LOG_FORMAT=json` writes one JSON object per line to stderr (time, level, logger, message, and
process, request_id, job_id, queue, message_id, subscription_id when known); `text` writes the same
fields as a readable line. `process` names the stack's process (web, worker, cron, sandbox) where
several share one terminal or one log stream: COACH_PROCESS, which `coach dev` sets for each child,
else the platform's DYNO. JSON is the production default, text the default everywhere else. `COACH_LOG_LEVEL`
(DEBUG, INFO, WARNING, ERROR) sets the level, INFO by default.

What never reaches a log line: exception messages. A database error's message can quote the failing
row (PostgreSQL's "Failing row contains (...)", a reply's text among it), so a logged exception shows
its type and its traceback's frames, never `str(exc)`. Callers log ids and counts, never secrets,
token URLs or reply text.
"""

from __future__ import annotations

import json
import logging
import logging.config
import os
import re
import traceback
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from rq import get_current_job

FORMATS = ("json", "text")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Per-record context: the fields a line carries when they are known.
CONTEXT_FIELDS = ("request_id", "job_id", "queue", "message_id", "subscription_id")
# HTTP clients log request headers at DEBUG, the SendGrid API key among them.
QUIET_LOGGERS = ("urllib3", "http.client", "python_http_client")

request_id_var: ContextVar[str | None] = ContextVar("coach_request_id", default=None)


class LogConfigError(ValueError):
    """COACH_LOG_FORMAT or COACH_LOG_LEVEL is malformed (the message names the variable)."""


def log_format(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    default = "json" if env.get("COACH_ENV") == "production" else "text"
    value = (env.get("COACH_LOG_FORMAT") or default).strip().lower()
    if value not in FORMATS:
        raise LogConfigError(f"COACH_LOG_FORMAT must be one of {', '.join(FORMATS)} (got {value!r})")
    return value


def log_level(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    value = (env.get("COACH_LOG_LEVEL") or "INFO").strip().upper()
    if value not in LEVELS:
        raise LogConfigError(f"COACH_LOG_LEVEL must be one of {', '.join(LEVELS)} (got {value!r})")
    return value


class ContextFilter(logging.Filter):
    """Adds request_id (web), job_id and queue (inside an RQ job) to every record that lacks them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        if getattr(record, "job_id", None) is None:
            job = _current_job()
            if job is not None:
                record.job_id = job.id
                if getattr(record, "queue", None) is None:
                    record.queue = job.origin
            elif record.name.startswith("rq."):
                record.job_id = _job_id_argument(record)
        return True


# RQ's own lines about a job ("default: Job OK (<id>)") are logged by the worker outside the job's
# context, with the job's id as one of the arguments: RQ's uuid4 strings, or the bare uuid4 hex the
# service gives send jobs (service.outbox).
_RQ_JOB_ID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")


def _job_id_argument(record: logging.LogRecord) -> str | None:
    """The job id among an RQ record's arguments, so the worker's own job lines carry job_id too."""
    args = record.args if isinstance(record.args, tuple) else ()
    before = str(record.msg).split("%s")  # the text before each argument
    for index, value in enumerate(args):
        if index < len(before) and before[index].lower().endswith("worker "):
            continue  # "Worker %s", "on worker %s": the worker's name, a uuid4 hex too
        if isinstance(value, str) and _RQ_JOB_ID.fullmatch(plain(value)):
            return plain(value)
    return None


def _current_job() -> Any:
    return get_current_job()


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(message: str) -> str:
    """Without the terminal colour codes RQ puts in its own messages when it runs in a terminal."""
    return _ANSI.sub("", message)


def _fields(record: logging.LogRecord) -> dict[str, object]:
    found: dict[str, object] = {}
    for name in CONTEXT_FIELDS:
        value = getattr(record, name, None)
        if value is not None:
            found[name] = value
    return found


def exception_text(exc_info: tuple[type[BaseException], BaseException, TracebackType | None]) -> str:
    """A traceback without messages: frames and exception type names, for the chain of causes."""
    lines: list[str] = []
    exc: BaseException | None = exc_info[1]
    seen: set[int] = set()
    chain: list[BaseException] = []
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        chain.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    for index, item in enumerate(reversed(chain)):
        if index:
            lines.append("The above exception led to:")
        lines.append("Traceback (most recent call last):")
        lines += [line.rstrip("\n") for line in traceback.format_tb(item.__traceback__)]
        lines.append(f"{type(item).__module__}.{type(item).__qualname__} (message withheld)")
    return "\n".join(lines)


# gunicorn writes its whole server log (booting, listening, worker exits: every level) as "gunicorn.error";
# shown as "gunicorn", so a search for errors finds errors.
SHOWN_NAMES = {"gunicorn.error": "gunicorn"}


def shown_name(record: logging.LogRecord) -> str:
    return SHOWN_NAMES.get(record.name, record.name)


def process_name(environ: Mapping[str, str] | None = None) -> str | None:
    """Which process of the stack writes: COACH_PROCESS (set by `coach dev`), else DYNO (Heroku's)."""
    env = os.environ if environ is None else environ
    name = plain(env.get("COACH_PROCESS") or env.get("DYNO") or "").strip()
    return "".join(c for c in name if c.isprintable())[:32] or None


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def __init__(self, *args: Any, process: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.process = process or process_name()

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": shown_name(record),
            "message": plain(record.getMessage()),
            **({"process": self.process} if self.process else {}),
            **_fields(record),
        }
        if record.exc_info and record.exc_info[1] is not None:
            entry["exception"] = exception_text(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`time [process |] LEVEL logger: message [key=value ...]`, one line plus a withheld-message
    traceback; the process as foreman and honcho name theirs."""

    def __init__(self, *args: Any, process: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        process = process or process_name()
        self.prefix = f"{process:<7} | " if process else ""

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created).astimezone().strftime("%H:%M:%S")
        extra = " ".join(f"{key}={value}" for key, value in _fields(record).items())
        message = f"{record.levelname:<7} {shown_name(record)}: {plain(record.getMessage())}"
        line = f"{when} {self.prefix}{message}"
        if extra:
            line = f"{line} [{extra}]"
        if record.exc_info and record.exc_info[1] is not None:
            line = f"{line}\n{exception_text(record.exc_info)}"
        return line


def dict_config(fmt: str, level: str, process: str | None = None) -> dict[str, Any]:
    """The logging.config.dictConfig of every process: one stderr handler on the root logger."""
    formatter = JsonFormatter if fmt == "json" else TextFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": ContextFilter}},
        "formatters": {"coach": {"()": formatter, "process": process}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "coach",
                "filters": ["context"],
            }
        },
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            # gunicorn's and RQ's own loggers: no handlers of their own, so every line goes through ours.
            **{
                name: {"level": level, "handlers": [], "propagate": True}
                for name in ("gunicorn.error", "rq.worker", "rq.job", "rq.cron")
            },
            # gunicorn's request line holds the URL (token links); service.access_log writes a safe one.
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
            **{name: {"level": "WARNING", "propagate": True} for name in QUIET_LOGGERS},
        },
    }


def config_from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """dict_config for COACH_LOG_FORMAT and COACH_LOG_LEVEL (LogConfigError names a bad variable)."""
    return dict_config(log_format(environ), log_level(environ), process_name(environ))


def configure_logging(environ: Mapping[str, str] | None = None) -> None:
    """Apply the environment's logging configuration to this process (the CLI calls this)."""
    logging.config.dictConfig(config_from_env(environ))
