"""A database error while a reply is processed leaves the reply's text in no log, no RQ record, no other row.

The database is made to fail for real (a trigger on the replies table), on each backend: on PostgreSQL
the error's own message quotes the reply's text, as "Failing row contains (...)" does; on SQLite the
statement's bound values (the text among them) are what an unguarded engine would print.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Callable, Iterator

import pytest
from redis import Redis
from rq import SimpleWorker
from rq.job import Job
from rq.registry import FailedJobRegistry
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from werkzeug.test import TestResponse

from service.db import Database
from service.logs import ContextFilter, JsonFormatter, TextFormatter
from service.models import Base, Reply
from service.queues import INBOUND, enqueue, queue
from service.replies.notify import PENDING_KEY
from service.settings import Settings
from tests.replies.conftest import World, posts, replies, run_inbound_jobs
from tests.replies.payloads import coach_address, parsed_post

Post = Callable[..., TestResponse]
SECRET = "Quokka-7319 my private reflection about Dana"


@pytest.fixture()
def broken_replies(db: Database) -> Iterator[None]:
    """Inserting a reply fails with an OperationalError (the kind a job lets RQ retry)."""
    with db.engine.begin() as connection:
        if db.is_sqlite:
            connection.exec_driver_sql(
                "CREATE TRIGGER break_replies BEFORE INSERT ON replies BEGIN SELECT * FROM no_such_table; END"
            )
        else:
            connection.exec_driver_sql(
                "CREATE FUNCTION break_replies() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'failing row contains %%', NEW.text USING ERRCODE = '53300'; END $$ "
                "LANGUAGE plpgsql"
            )
            connection.exec_driver_sql(
                "CREATE TRIGGER break_replies BEFORE INSERT ON replies "
                "FOR EACH ROW EXECUTE FUNCTION break_replies()"
            )
    yield
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "DROP TRIGGER IF EXISTS break_replies" + ("" if db.is_sqlite else " ON replies")
        )
        if not db.is_sqlite:
            connection.exec_driver_sql("DROP FUNCTION IF EXISTS break_replies()")


@pytest.fixture()
def log_lines() -> Iterator[io.StringIO]:
    """Every record of the run, formatted by the service's own JSON and text formatters."""
    stream = io.StringIO()
    handlers = []
    for formatter in (JsonFormatter(), TextFormatter()):
        handler = logging.StreamHandler(stream)
        handler.setFormatter(formatter)
        handler.addFilter(ContextFilter())
        handlers.append(handler)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    for handler in handlers:
        root.addHandler(handler)
    yield stream
    for handler in handlers:
        root.removeHandler(handler)
    root.setLevel(level)


def redis_texts(redis: Redis) -> Iterator[str]:
    """Every value in Redis as text, zlib-decompressed where RQ compressed it (job data, exc_info)."""
    for key in redis.scan_iter():
        kind = redis.type(key).decode()
        values: list[bytes] = []
        if kind == "string":
            values = [redis.get(key) or b""]  # type: ignore[list-item]
        elif kind == "hash":
            values = list(redis.hgetall(key).values())  # type: ignore[union-attr]
        elif kind == "list":
            values = list(redis.lrange(key, 0, -1))  # type: ignore[arg-type]
        elif kind == "set":
            values = list(redis.smembers(key))  # type: ignore[arg-type]
        elif kind == "zset":
            values = list(redis.zrange(key, 0, -1))  # type: ignore[arg-type]
        elif kind == "stream":
            values = [v for _, fields in redis.xrange(key) for v in fields.values()]  # type: ignore[union-attr]
        for value in values:
            yield key.decode(errors="replace")
            for candidate in (value, _inflate(value)):
                yield candidate.decode("utf-8", "replace")


def _inflate(value: bytes) -> bytes:
    try:
        return zlib.decompress(value)
    except zlib.error:
        return b""


def database_texts(db: Database) -> Iterator[tuple[str, str]]:
    """(table.column, value) of every stored value but the raw post body, which is the reply as received."""
    with db.session() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)).mappings():
                for column, value in row.items():
                    if (table.name, column) != ("inbound_posts", "body") and value is not None:
                        yield f"{table.name}.{column}", str(value)


def test_a_database_error_during_reply_processing_leaves_the_text_only_in_the_stored_post(
    db: Database,
    redis: Redis,
    settings: Settings,
    post_inbound: Post,
    world: World,
    broken_replies: None,
    log_lines: io.StringIO,
) -> None:
    body, content_type = parsed_post(text=SECRET, to=coach_address(world.prompt_token))
    assert post_inbound(body, content_type).status_code == 200
    redis.delete(PENDING_KEY)
    queue(INBOUND, redis).empty()
    # The job as cron enqueues it, without retries, so its failure lands in the failed-job registry.
    job = enqueue("workers.replies.process_received", queue_name=INBOUND, connection=redis)
    SimpleWorker([queue(INBOUND, redis)], connection=redis).work(burst=True)

    failed = Job.fetch(job.id, connection=redis)
    assert job.id in FailedJobRegistry(queue=queue(INBOUND, redis)).get_job_ids()
    record = failed.latest_result()
    assert record is not None and record.exc_string is not None
    assert "JobFailed: sqlalchemy.exc.OperationalError" in record.exc_string
    assert SECRET not in record.exc_string
    leaks = [text for text in redis_texts(redis) if SECRET in text]
    assert leaks == []

    logged = log_lines.getvalue()
    assert "OperationalError" in logged and "message withheld" in logged  # the failure was logged...
    assert SECRET not in logged  # ...without its text
    assert f'job_id": "{job.id}' in logged  # and the JSON lines name the job

    [post] = posts(db)
    assert post.status == "received"  # untouched: the cron run retries it once the database is well
    assert SECRET.encode() in post.body
    assert replies(db) == []
    assert [where for where, value in database_texts(db) if SECRET in value] == []


def test_once_the_database_is_fixed_the_same_post_becomes_the_reply_row(
    db: Database, redis: Redis, settings: Settings, post_inbound: Post, world: World
) -> None:
    body, content_type = parsed_post(text=SECRET, to=coach_address(world.prompt_token))
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)
    [reply] = replies(db)
    assert reply.text == SECRET
    assert [where for where, value in database_texts(db) if SECRET in value] == ["replies.text"]


def test_the_engine_never_prints_bound_values(db: Database) -> None:
    """A refused statement's error shows its SQL, not the values bound to it."""
    assert db.engine.hide_parameters is True
    with pytest.raises(IntegrityError) as raised, db.transaction() as session:
        session.execute(insert(Reply).values(message_id=999_999, text=SECRET, word_count=5))
    assert SECRET not in str(raised.value)
    assert "hidden due to hide_parameters" in str(raised.value)
