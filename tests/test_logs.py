"""Logging configured once from the environment: JSON or text lines, request ids on web lines, job ids on
worker lines, exception messages withheld."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from redis import Redis
from rq import SimpleWorker

from service.logs import (
    ContextFilter,
    JsonFormatter,
    LogConfigError,
    TextFormatter,
    config_from_env,
    exception_text,
)
from service.queues import DEFAULT, enqueue, queue
from service.settings import Settings

SECRET = "Pangolin-5521 private words"


@pytest.fixture()
def json_lines() -> Iterator[io.StringIO]:
    """Root-logger records as the production JSON handler writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def parsed(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]


def record(
    message: str, *args: object, exc: BaseException | None = None, **extra: object
) -> logging.LogRecord:
    made = logging.LogRecord("service.test", logging.WARNING, __file__, 1, message, args, None)
    if exc is not None:
        made.exc_info = (type(exc), exc, exc.__traceback__)
    for key, value in extra.items():
        setattr(made, key, value)
    return made


def test_a_json_line_has_time_level_logger_message_and_the_known_ids() -> None:
    line = json.loads(JsonFormatter().format(record("message %s sent", 7, message_id=7, subscription_id=3)))
    assert set(line) == {"time", "level", "logger", "message", "message_id", "subscription_id"}
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "service.test", "message 7 sent")
    assert str(line["time"]).endswith("+00:00")


@pytest.mark.parametrize(
    ("logger", "shown"),
    [("gunicorn.error", "gunicorn"), ("gunicorn", "gunicorn"), ("service.errors", "service.errors")],
)
def test_gunicorn_server_lines_are_not_named_error_unless_they_are(logger: str, shown: str) -> None:
    made = logging.LogRecord(logger, logging.INFO, __file__, 1, "Listening at: %s", ("http://x",), None)
    assert json.loads(JsonFormatter().format(made))["logger"] == shown
    assert f" INFO    {shown}: Listening at: http://x" in TextFormatter().format(made)


@pytest.mark.parametrize(
    ("environ", "process"),
    [
        ({"COACH_PROCESS": "worker"}, "worker"),
        ({"DYNO": "web.1"}, "web.1"),
        ({"COACH_PROCESS": "cron", "DYNO": "web.1"}, "cron"),
        ({"COACH_PROCESS": "we\nb\x1b[31m"}, "web"),  # no forged second line, no colour codes
        ({"COACH_PROCESS": "x" * 100}, "x" * 32),
        ({"COACH_PROCESS": "  "}, None),
        ({}, None),
    ],
)
def test_a_line_names_the_process_that_wrote_it_when_the_stack_says(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], process: str | None
) -> None:
    monkeypatch.delenv("COACH_PROCESS", raising=False)
    monkeypatch.delenv("DYNO", raising=False)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    line = json.loads(JsonFormatter().format(record("sent")))
    text = TextFormatter().format(record("sent"))
    assert line.get("process") == process
    if process is None:
        assert "|" not in text and "process" not in line
    else:
        assert f" {process:<7} | WARNING service.test: sent" in text and "\n" not in text


def test_the_configured_environment_names_the_process_not_only_the_real_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`coach dev` names its own lines (migrations) "dev" without passing the name to its children."""
    monkeypatch.delenv("COACH_PROCESS", raising=False)
    monkeypatch.delenv("DYNO", raising=False)
    config = config_from_env({"COACH_PROCESS": "dev", "COACH_LOG_FORMAT": "text"})
    spec = dict(config["formatters"]["coach"])
    text = spec.pop("()")(**spec).format(record("sent"))
    assert " dev     | WARNING service.test: sent" in text
    assert "|" not in TextFormatter().format(record("sent"))  # the real environment names nobody


def test_an_exception_is_logged_with_its_traceback_but_never_its_message() -> None:
    try:
        try:
            raise ValueError(f"failing row contains ({SECRET})")
        except ValueError as inner:
            raise RuntimeError(SECRET) from inner
    except RuntimeError as exc:
        caught = exc
    for formatter in (JsonFormatter(), TextFormatter()):
        text = formatter.format(record("processing failed", exc=caught))
        assert SECRET not in text
        assert "ValueError" in text and "RuntimeError" in text and "test_logs.py" in text
    assert "message withheld" in exception_text((RuntimeError, caught, caught.__traceback__))


def test_a_text_line_is_readable() -> None:
    line = TextFormatter().format(record("dispatch: created=%d", 3, job_id="abc", queue="default"))
    assert "WARNING" in line and "service.test: dispatch: created=3 [job_id=abc queue=default]" in line


@pytest.mark.parametrize(
    ("env", "expected_formatter", "expected_level"),
    [
        ({}, "TextFormatter", "INFO"),
        ({"COACH_ENV": "production"}, "JsonFormatter", "INFO"),
        ({"COACH_ENV": "production", "COACH_LOG_FORMAT": "text"}, "TextFormatter", "INFO"),
        ({"COACH_LOG_FORMAT": "JSON", "COACH_LOG_LEVEL": "debug"}, "JsonFormatter", "DEBUG"),
        ({"COACH_LOG_FORMAT": " json ", "COACH_LOG_LEVEL": " warning "}, "JsonFormatter", "WARNING"),
    ],
)
def test_format_and_level_come_from_the_environment(
    env: dict[str, str], expected_formatter: str, expected_level: str
) -> None:
    config = config_from_env(env)
    assert config["formatters"]["coach"]["()"].__name__ == expected_formatter
    assert config["root"]["level"] == expected_level
    assert config["handlers"]["stderr"]["stream"] == "ext://sys.stderr"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"COACH_LOG_FORMAT": "xml"}, "COACH_LOG_FORMAT"),
        ({"COACH_LOG_FORMAT": "json\n"}, None),
        ({"COACH_LOG_LEVEL": "verbose"}, "COACH_LOG_LEVEL"),
        ({"COACH_LOG_LEVEL": "10"}, "COACH_LOG_LEVEL"),
        ({"COACH_LOG_LEVEL": "CRITICAL"}, "COACH_LOG_LEVEL"),
    ],
)
def test_a_bad_value_names_its_variable(env: dict[str, str], variable: str | None) -> None:
    if variable is None:
        assert config_from_env(env)["formatters"]["coach"]["()"] is JsonFormatter  # whitespace is trimmed
        return
    with pytest.raises(LogConfigError, match=variable):
        config_from_env(env)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (None, False),
        ("lb-7f3a9c.0001", True),
        ("a" * 128, True),
        ("a" * 129, False),
        ("<script>", False),
        ("two words", False),
        ("id;Set-Cookie=x", False),
        ("tab\tinside", False),
        ("", False),
        ("ünïcode", False),
    ],
)
def test_every_response_echoes_a_request_id_and_a_hostile_one_is_replaced(
    client: FlaskClient, given: str | None, kept: bool
) -> None:
    headers = {} if given is None else {"X-Request-ID": given}
    response = client.get("/healthz", headers=headers)
    echoed = response.headers["X-Request-ID"]
    if kept:
        assert echoed == given
    else:
        assert echoed != given and len(echoed) == 32 and echoed.isalnum()


def test_web_lines_carry_the_request_id_and_name_the_route_not_the_token(
    client: FlaskClient, json_lines: io.StringIO
) -> None:
    response = client.get("/confirm/not-a-real-token-but-secret-looking", headers={"X-Request-ID": "req-42"})
    assert response.headers["X-Request-ID"] == "req-42"
    lines = [line for line in parsed(json_lines) if line.get("request_id") == "req-42"]
    access = [line for line in lines if line["logger"] == "service.access"]
    assert access and access[0]["message"].startswith("GET /confirm/<token> ")  # type: ignore[union-attr]
    assert "secret-looking" not in json_lines.getvalue()
    client.get("/healthz")
    assert all(line.get("request_id") != "req-42" for line in parsed(json_lines)[len(lines) :])


def test_static_files_served_fine_stay_out_of_the_info_access_log(
    client: FlaskClient, json_lines: io.StringIO
) -> None:
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/no-such-file.css").status_code == 404
    assert client.get("/healthz").status_code == 200
    access = [str(line["message"]) for line in parsed(json_lines) if line["logger"] == "service.access"]
    assert [line.rsplit(" ", 1)[0] for line in access] == [
        "GET /static/<path:filename> 404",
        "GET /healthz 200",
    ]
    logging.getLogger().setLevel(logging.DEBUG)
    client.get("/static/app.css")
    assert any("/static/<path:filename> 200" in str(line["message"]) for line in parsed(json_lines))


def test_worker_lines_carry_the_job_id_and_queue(
    redis: Redis, settings: Settings, db: object, json_lines: io.StringIO
) -> None:
    job = enqueue("workers.subscriptions.expire_unconfirmed_subscriptions", connection=redis)
    SimpleWorker([queue(DEFAULT, redis)], connection=redis).work(burst=True)
    [line] = [line for line in parsed(json_lines) if line["logger"] == "workers.subscriptions"]
    assert line["job_id"] == job.id and line["queue"] == DEFAULT
    assert "unconfirmed subscriptions expired" in str(line["message"])


def test_rq_own_job_lines_carry_the_job_id(
    redis: Redis, settings: Settings, db: object, json_lines: io.StringIO
) -> None:
    job = enqueue("workers.subscriptions.expire_unconfirmed_subscriptions", connection=redis)
    SimpleWorker([queue(DEFAULT, redis)], connection=redis).work(burst=True)
    rq_lines = [line for line in parsed(json_lines) if str(line["logger"]).startswith("rq.")]
    about_job = [line for line in rq_lines if job.id in str(line["message"])]
    assert about_job, "RQ logged nothing about the job"
    assert all(line.get("job_id") == job.id for line in about_job)
    assert {line["job_id"] for line in rq_lines if "job_id" in line} == {job.id}  # never the worker's name


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("w1", "default", "55ecb1ba-c594-4cb2-835c-b53c751c6a9f"), "55ecb1ba-c594-4cb2-835c-b53c751c6a9f"),
        (
            ("w1", "\x1b[34m55ecb1ba-c594-4cb2-835c-b53c751c6a9f\x1b[39;49;00m"),
            "55ecb1ba-c594-4cb2-835c-b53c751c6a9f",
        ),
        (("w1", "send", "072ca0cb7fb84c3b99575e4c8dcc15e8"), "072ca0cb7fb84c3b99575e4c8dcc15e8"),
        (("923ee1a846274baa87bbc027dc4f4f96", "send"), None),  # the worker's name, not a job
        (("w1", "not-an-id"), None),
        (("w1", 42), None),
        ((), None),
    ],
)
def test_an_rq_record_is_tagged_only_with_an_id_shaped_argument(
    args: tuple[object, ...], expected: str | None
) -> None:
    made = logging.LogRecord("rq.worker", logging.INFO, __file__, 1, "Worker %s: %s", args or None, None)
    ContextFilter().filter(made)
    assert getattr(made, "job_id", None) == expected


def test_the_worker_name_after_on_worker_is_not_taken_for_a_job() -> None:
    made = logging.LogRecord(
        "rq.worker", logging.INFO, __file__, 1, "Successfully completed %s job in %s on worker %s",
        ("send()", "0:00:01", "923ee1a846274baa87bbc027dc4f4f96"), None,
    )  # fmt: skip
    ContextFilter().filter(made)
    assert getattr(made, "job_id", None) is None
