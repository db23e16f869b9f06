"""`coach send-next EMAIL`: the next email now, through the real dispatcher, worker and sandbox."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from redis import Redis
from sqlalchemy import update

from sandbox.testing import messages
from service.cli import main
from service.db import Database
from service.models import Subscription, utcnow
from service.settings import Settings
from tests.sending.helpers import seed_due, work
from tests.test_settings import _production_env
from workers.dispatch import dispatch_due


@pytest.fixture()
def cli_env(send_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in send_env.items():
        monkeypatch.setenv(name, value)


def test_send_next_brings_the_next_email_now(
    db: Database, redis: Redis, sandbox: str, send_settings: Settings, cli_env: None
) -> None:
    seeded = seed_due(db, 2)
    with db.transaction() as session:  # both next due in three days
        session.execute(update(Subscription).values(next_due_at=utcnow() + timedelta(days=3)))

    result = CliRunner().invoke(main, ["send-next", seeded.emails[1].upper()])
    assert result.exit_code == 0, result.output
    assert "due now" in result.output
    work(redis)  # the dispatch job it enqueued, then the send job that one enqueued
    for _ in range(5):  # on a loaded machine the 2 s test lease may lapse: the dispatcher recovers it
        if messages(sandbox):
            break
        time.sleep(send_settings.send_lease + 0.2)
        dispatch_due()
        work(redis)

    assert [m["to"] for m in messages(sandbox)] == [seeded.emails[1]]


@pytest.mark.parametrize(
    ("status", "email", "message"),
    [
        ("active", "nobody@example.com", "no subscription for nobody@example.com"),
        ("pending", None, "subscription is pending (confirm it"),
        ("unsubscribed", None, "subscription is unsubscribed"),
    ],
    ids=["unknown-address", "unconfirmed", "unsubscribed"],
)
def test_send_next_refuses_what_it_cannot_send(
    db: Database, redis: Redis, send_settings: Settings, cli_env: None, status: str, email: str | None,
    message: str,
) -> None:  # fmt: skip
    seeded = seed_due(db, 1)
    with db.transaction() as session:
        session.execute(update(Subscription).values(status=status))
    result = CliRunner().invoke(main, ["send-next", email or seeded.emails[0]])
    assert result.exit_code == 1
    assert message in result.output


def test_send_next_is_refused_in_production(
    send_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name, value in {**send_env, **_production_env(tmp_path)}.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["send-next", "pat@example.com"])
    assert result.exit_code == 1
    assert "refused in production" in result.output
