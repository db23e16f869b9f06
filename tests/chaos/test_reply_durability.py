"""Durability of replies: while the database is unavailable the inbound webhook answers 5xx (SendGrid
retries those for three days), and after recovery the re-posts store each reply exactly once, even
when SendGrid re-posts one whose first 200 it never saw.

"Unavailable" is made real on each backend: SQLite's database directory vanishes (an unmounted volume)
with the connection pool emptied; PostgreSQL refuses new connections and terminates the app's.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask.testing import FlaskClient
from redis import Redis
from rq import SimpleWorker
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from service import migrate
from service.app import create_app
from service.curriculum import load_curriculum
from service.db import Database, database
from service.models import InboundPost, Manager, Reply, Subscription, utcnow
from service.outbox import queue_message
from service.queues import INBOUND, queue
from service.replies.notify import enqueue_received
from service.settings import Settings
from tests.chaos.wave import seed_due
from tests.conftest import settings_env
from tests.replies.payloads import INBOUND_URL, auth_header, coach_address, parsed_post

REPLIES = 6


@contextmanager
def database_down(db: Database) -> Iterator[None]:
    """Nobody can open a connection to `db` until the block ends; pooled connections are gone too."""
    if db.is_sqlite:
        folder = Path(str(db.engine.url.database)).parent
        away = folder.with_name(folder.name + "-unmounted")
        db.engine.dispose()
        folder.rename(away)
        try:
            yield
        finally:
            db.engine.dispose()
            away.rename(folder)
        return
    name = db.engine.url.database
    admin = create_engine(
        make_url(os.environ["TEST_DATABASE_URL"]).set(drivername="postgresql+psycopg"),
        isolation_level="AUTOCOMMIT",
    )
    try:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                {"name": name},
            )
        try:
            yield
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    finally:
        admin.dispose()


@contextmanager
def inbound_table_locked(db: Database, seconds: float) -> Iterator[None]:
    """Another writer holds the lock the webhook needs, for a moment shorter than its wait limit."""
    ready = threading.Event()

    def hold() -> None:
        if db.is_sqlite:
            connection = sqlite3.connect(str(db.engine.url.database), isolation_level=None)
            connection.execute("BEGIN EXCLUSIVE")
            ready.set()
            time.sleep(seconds)
            connection.execute("ROLLBACK")
            connection.close()
            return
        with db.engine.connect() as connection:
            connection.execute(text("LOCK TABLE inbound_posts IN ACCESS EXCLUSIVE MODE"))
            ready.set()
            time.sleep(seconds)
            connection.rollback()

    holder = threading.Thread(target=hold)
    holder.start()
    assert ready.wait(10)
    try:
        yield
    finally:
        holder.join(30)


def prompts_awaiting_replies(db: Database, n: int) -> list[tuple[str, str]]:
    """`n` managers who each got a prompt: (their address, the prompt's reply token)."""
    subscription_ids = seed_due(db, n, prefix="replier")
    prompt = load_curriculum().lessons[0].prompts[0]
    found: list[tuple[str, str]] = []
    with db.transaction() as session:
        rows = session.execute(
            select(Subscription.id, Manager).join(Manager).where(Subscription.id.in_(subscription_ids))
        ).all()
        for sid, manager in rows:
            message = queue_message(
                session, kind="prompt", to_email=manager.email, manager_id=manager.id, subscription_id=sid,
                lesson_slug=prompt.id.split(".")[0], content_id=prompt.id, seq=1,
            )  # fmt: skip
            message.status, message.sent_at = "sent", utcnow()
            found.append((manager.email, message.reply_token))
    return found


def post(client: FlaskClient, body: bytes, content_type: str) -> tuple[int, str | None]:
    response = client.post(INBOUND_URL, data=body, headers={"Content-Type": content_type, **auth_header()})
    return response.status_code, response.headers.get("Retry-After")


def process_inbound(redis: Redis) -> None:
    """What the inbound worker does after the posts, plus the every-minute `process_received` cron run
    (a web process that recently saw a job pending skips the enqueue and leaves the posts to it)."""
    enqueue_received(redis)
    SimpleWorker([queue(INBOUND, redis)], connection=redis).work(burst=True)


def reflection(i: int) -> str:
    return f"Reflection {i}: I thanked the SE in front of the customer."


def test_replies_posted_during_an_outage_are_refused_then_stored_once_after_recovery(
    db: Database, redis: Redis, client: FlaskClient
) -> None:
    addressed = prompts_awaiting_replies(db, REPLIES + 1)
    bodies = [
        parsed_post(text=reflection(i), sender=email, to=coach_address(token))
        for i, (email, token) in enumerate(addressed)
    ]
    first, *bodies = bodies
    assert post(client, *first) == (200, None)  # the service was up and taking replies before the outage

    with database_down(db):
        during = [post(client, body, content_type) for body, content_type in bodies]
    assert during == [(503, "60")] * REPLIES  # retryable: SendGrid tries again for up to three days

    after = [post(client, body, content_type) for body, content_type in bodies]
    # SendGrid re-posts two of them once more (their 200s were lost on the way back).
    again = [post(client, body, content_type) for body, content_type in bodies[:2]]
    assert [status for status, _ in after + again] == [200] * (REPLIES + 2)
    process_inbound(redis)

    with db.session() as session:
        texts = Counter(session.scalars(select(Reply.text)))
        posts = Counter(session.scalars(select(InboundPost.status)))
    assert texts == Counter({reflection(i): 1 for i in range(REPLIES + 1)})
    assert posts == {"processed": REPLIES + 1, "duplicate": 2}


def test_the_first_post_after_a_start_during_an_outage_gets_503_too(redis_url: str, tmp_path: Path) -> None:
    (tmp_path / "fresh").mkdir()
    url = f"sqlite:///{tmp_path / 'fresh' / 'coach.db'}"  # a path no earlier test opened a lock file for
    migrate.upgrade(url)
    fresh = database(url)
    app = create_app(
        {"SETTINGS": Settings.from_env(settings_env(url, redis_url, tmp_path / "i")), "TESTING": True}
    )
    body, content_type = parsed_post(text="hello")
    with database_down(fresh):
        assert post(app.test_client(), body, content_type) == (503, "60")


def test_a_post_that_meets_a_brief_lock_waits_for_it_and_is_stored(
    db: Database, redis: Redis, client: FlaskClient
) -> None:
    [(email, token)] = prompts_awaiting_replies(db, 1)
    body, content_type = parsed_post(text="Waited my turn.", sender=email, to=coach_address(token))

    with inbound_table_locked(db, seconds=1.5):
        status = post(client, body, content_type)
    assert status == (200, None)
    process_inbound(redis)
    with db.session() as session:
        assert list(session.scalars(select(Reply.text))) == ["Waited my turn."]
        assert session.scalar(select(func.count()).select_from(InboundPost)) == 1
