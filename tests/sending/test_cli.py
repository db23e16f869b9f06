"""`coach sending status|pause|resume`: the operator's switch for the whole pipeline."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from redis import Redis

from service.cli import main
from service.db import Database
from service.queues import SEND, SENDING_PAUSED_KEY, queue
from service.settings import Settings
from tests.sending.helpers import seed_due
from workers.dispatch import dispatch_due


@pytest.fixture()
def cli_env(send_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in send_env.items():
        monkeypatch.setenv(name, value)


def test_status_shows_the_pause_reason_and_counts(
    db: Database, redis: Redis, send_settings: Settings, cli_env: None
) -> None:
    seed_due(db, 3)
    dispatch_due()
    running = CliRunner().invoke(main, ["sending", "status"])
    paused = CliRunner().invoke(main, ["sending", "pause", "--reason", "provider incident"])
    status = CliRunner().invoke(main, ["sending", "status"])

    assert running.exit_code == 0 and "sending: running" in running.output
    assert "queued   3" in running.output
    assert paused.exit_code == 0
    assert redis.get(SENDING_PAUSED_KEY) == b"provider incident"
    assert "sending: paused: provider incident" in status.output


def test_resume_clears_the_pause_and_hands_queued_rows_back(
    db: Database, redis: Redis, send_settings: Settings, cli_env: None
) -> None:
    seed_due(db, 3)
    dispatch_due()
    queue(SEND, redis).empty()  # as if the jobs were lost while paused
    redis.set(SENDING_PAUSED_KEY, "SendGrid answered 401")
    result = CliRunner().invoke(main, ["sending", "resume"])

    assert result.exit_code == 0, result.output
    assert "sending resumed" in result.output and "3 queued messages" in result.output
    assert redis.get(SENDING_PAUSED_KEY) is None
    assert [len(job.args[0]) for job in queue(SEND, redis).get_jobs()] == [3]
