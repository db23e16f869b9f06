"""`coach inbound list|show|retry`: the dead-letter for operators, never printing a reply's body."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from redis import Redis
from sqlalchemy import insert

from service.cli import main
from service.db import Database
from service.enums import InboundStatus
from service.models import InboundPost, utcnow
from service.queues import INBOUND, queue
from service.settings import Settings
from tests.conftest import settings_env
from tests.replies.conftest import World, posts, replies, run_inbound_jobs
from tests.replies.payloads import coach_address, parsed_post

BODY_TEXT = "Capybara-4410 the text of a reply nobody matched"


@pytest.fixture()
def cli_env(
    settings: Settings, db: Database, redis: Redis, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    for name, value in settings_env(db.url, str(settings.redis_url), tmp_path / "instance").items():
        monkeypatch.setenv(name, value)


def add_post(db: Database, status: str, body: bytes, content_type: str, error: str | None = None) -> int:
    with db.transaction() as session:
        row = {"content_type": content_type, "body": body, "status": status, "error": error}
        return int(
            session.execute(insert(InboundPost).values(**row, received_at=utcnow())).inserted_primary_key[0]
        )


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_list_shows_what_needs_attention_and_show_prints_headers_never_the_body(
    db: Database, cli_env: None
) -> None:
    body, content_type = parsed_post(text=BODY_TEXT, sender="Someone <someone@else.example>")
    unmatched = add_post(
        db, "unmatched", body, content_type, "no reply address, thread header or manager matched"
    )
    add_post(db, "processed", body, content_type)
    malformed = add_post(db, "malformed", b"junk", "text/plain", "not multipart/form-data with a boundary")

    code, output = run("inbound", "list")
    assert code == 0
    lines = output.strip().splitlines()
    assert [int(line.split()[0]) for line in lines] == [malformed, unmatched]
    assert "unmatched" in lines[1] and "no reply address" in lines[1]
    code, output = run("inbound", "list", "--status", "malformed")
    assert code == 0 and [int(line.split()[0]) for line in output.strip().splitlines()] == [malformed]

    code, output = run("inbound", "show", str(unmatched))
    assert code == 0
    assert "from: Someone <someone@else.example>" in output and "subject:" in output
    assert BODY_TEXT not in output
    code, output = run("inbound", "show", str(malformed))
    assert code == 0 and "unreadable" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["inbound", "show", "999999"], "no inbound post 999999"),
        (["inbound", "show", "abc"], "is not a valid integer"),
        (["inbound", "show", "0"], "is not in the range 1<=x<=2147483647"),
        (["inbound", "show", "-5"], "No such option"),
        (["inbound", "show", "99999999999999999999999999"], "is not in the range 1<=x<=2147483647"),
        (["inbound", "retry", "2147483648"], "is not in the range"),
        (["inbound", "show"], "Missing argument"),
        (["inbound", "list", "--status", "processed"], "Invalid value for '--status'"),
        (["inbound", "list", "--limit", "0"], "is not in the range"),
        (["inbound", "list", "--limit", "many"], "is not a valid integer"),
        (["inbound", "retry"], "name post ids or --all"),
        (["inbound", "retry", "1", "--all"], "name post ids or --all"),
        (["inbound", "retry", "x1"], "is not a valid integer"),
        (["inbound", "frobnicate"], "No such command"),
    ],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(
    db: Database, redis: Redis, cli_env: None, args: list[str], message: str
) -> None:
    body, content_type = parsed_post(text=BODY_TEXT)
    post_id = add_post(db, "unmatched", body, content_type, "no manager matched")
    code, output = run(*args)
    assert code != 0
    assert message in output
    assert [p.status for p in posts(db)] == ["unmatched"] and posts(db)[0].id == post_id
    assert len(queue(INBOUND, redis)) == 0


def test_retry_after_the_fix_turns_an_unmatched_post_into_a_reply(
    db: Database, redis: Redis, cli_env: None, world: World
) -> None:
    """The manager wrote from an address we did not know; once it is theirs, a retry matches it."""
    body, content_type = parsed_post(
        text=BODY_TEXT, sender="Anna <anna.private@home.example>", to="coach@x.example"
    )
    post_id = add_post(db, "unmatched", body, content_type, "no manager matched")
    processed = add_post(db, "processed", body, content_type)
    with db.transaction() as session:
        from service.models import Manager

        manager = session.get(Manager, world.manager_id)
        assert manager is not None
        manager.email = "anna.private@home.example"  # the fix: the address is now the manager's

    code, output = run("inbound", "retry", str(post_id), str(processed), "424242")
    assert code == 1
    assert "1 posts handed back to processing" in output
    assert f"post {processed}: not retried (is processed" in output
    assert "post 424242: not retried (no such post)" in output
    run_inbound_jobs(redis)
    assert {p.id: p.status for p in posts(db)} == {post_id: InboundStatus.PROCESSED, processed: "processed"}
    assert [r.text for r in replies(db)] == [BODY_TEXT]
    assert coach_address  # the post was addressed to no reply+token address: the sender decided


def test_retry_all_hands_back_every_post_needing_attention(db: Database, redis: Redis, cli_env: None) -> None:
    body, content_type = parsed_post(text=BODY_TEXT)
    ids = [add_post(db, status, body, content_type) for status in ("unmatched", "failed", "processed")]
    code, output = run("inbound", "retry", "--all")
    assert code == 0 and "2 posts handed back" in output
    assert [p.status for p in posts(db)] == ["received", "received", "processed"]
    assert ids and len(queue(INBOUND, redis)) == 1
