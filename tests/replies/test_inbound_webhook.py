"""POST /webhooks/sendgrid/inbound: authenticate, store the raw body, answer 200 only after the commit."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from redis import Redis
from werkzeug.test import TestResponse

from service.app import MAX_INBOUND_BYTES, create_app
from service.db import Database
from service.models import InboundPost, Reply
from service.queues import INBOUND, PROCESS_RECEIVED_JOB, queue
from service.replies import notify
from service.replies.admin import unmatched_posts
from service.replies.notify import PENDING_KEY
from service.settings import Settings
from tests.conftest import TEST_INBOUND_AUTH, settings_env
from tests.replies.conftest import World, count, posts, replies, run_inbound_jobs
from tests.replies.payloads import (
    INBOUND_URL,
    Attachment,
    auth_header,
    coach_address,
    mime_reply,
    parsed_post,
    raw_post,
    reply_address,
)
from workers.replies import process_received

LIMIT = 4096  # bytes: a small MAX_CONTENT_LENGTH for the chunked tests
Post = Callable[..., TestResponse]


def test_an_authenticated_post_is_stored_byte_for_byte_and_queued(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    body, content_type = parsed_post(text="Grüße: I shared credit.", charset="windows-1252")
    response = post_inbound(body, content_type)
    assert response.status_code == 200
    [post] = posts(db)
    assert post.body == body
    assert post.content_type == content_type
    assert post.status == "received"
    [job] = queue(INBOUND, redis).get_jobs()
    assert job.func_name == PROCESS_RECEIVED_JOB
    assert redis.get(PENDING_KEY) == str(post.id).encode()


def test_posts_arriving_while_a_job_is_pending_share_it_and_later_ones_get_a_new_one(
    db: Database, redis: Redis, post_inbound: Post, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notify, "SKIP_WHILE_PENDING", 3600.0)  # no clock in this test
    for word in ("one", "two", "three"):
        body, content_type = parsed_post(text=f"Reply {word}.", to=coach_address(world.prompt_token))
        assert post_inbound(body, content_type).status_code == 200
    assert len(queue(INBOUND, redis)) == 1
    run_inbound_jobs(redis)
    assert [r.text for r in replies(db)] == ["Reply one.", "Reply two.", "Reply three."]
    assert redis.get(PENDING_KEY) is None
    # Within SKIP_WHILE_PENDING of seeing a pending job this process does not ask Redis again: a post
    # landing just after that job finished waits for the every-minute cron run.
    body, content_type = parsed_post(text="Reply four.", to=coach_address(world.prompt_token))
    post_inbound(body, content_type)
    assert len(queue(INBOUND, redis)) == 0
    assert process_received() == {"processed": 1}
    # Once the window has passed, the next post announces a job of its own.
    monkeypatch.setattr(notify, "_skip_until", 0.0)
    body, content_type = parsed_post(text="Reply five.", to=coach_address(world.prompt_token))
    post_inbound(body, content_type)
    assert len(queue(INBOUND, redis)) == 1
    run_inbound_jobs(redis)
    assert [r.text for r in replies(db)][-2:] == ["Reply four.", "Reply five."]


def _basic(value: bytes) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(value).decode()}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        _basic(b"parse:wrong-password"),
        _basic(b"someone:" + TEST_INBOUND_AUTH.split(":", 1)[1].encode()),
        _basic(TEST_INBOUND_AUTH.encode() + b" "),
        _basic(b""),
        {"Authorization": "Bearer " + base64.b64encode(TEST_INBOUND_AUTH.encode()).decode()},
        {"Authorization": "Basic not*base64!"},
        {"Authorization": "Basic"},
        {"Authorization": TEST_INBOUND_AUTH},
    ],
    ids=[
        "missing",
        "wrong-password",
        "wrong-user",
        "trailing-space",
        "empty",
        "bearer",
        "bad-b64",
        "no-creds",
        "no-scheme",
    ],
)
def test_missing_or_wrong_credentials_get_401_and_nothing_is_stored(
    db: Database, post_inbound: Post, headers: dict[str, str]
) -> None:
    body, content_type = parsed_post(text="hello")
    response = post_inbound(body, content_type, headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic ")
    assert count(db, InboundPost) == 0


@pytest.fixture()
def app_with(db: Database, redis_url: str, tmp_path: Path) -> Callable[..., object]:
    def make(**extra: str):  # type: ignore[no-untyped-def]
        settings = Settings.from_env(settings_env(db.url, redis_url, tmp_path / "instance", **extra))
        return create_app({"SETTINGS": settings, "TESTING": True})

    return make


def test_without_inbound_auth_configured_every_post_is_refused(
    db: Database, app_with: Callable[..., object], caplog: pytest.LogCaptureFixture
) -> None:
    client = app_with(INBOUND_AUTH="").test_client()  # type: ignore[attr-defined]
    body, content_type = parsed_post(text="hello")
    for headers in ({}, auth_header(), _basic(b":")):
        response = client.post(INBOUND_URL, data=body, headers={"Content-Type": content_type, **headers})
        assert response.status_code == 401
    assert count(db, InboundPost) == 0


def test_a_body_over_35_mb_gets_413_and_is_not_stored(db: Database, post_inbound: Post) -> None:
    filler = b"x" * (MAX_INBOUND_BYTES + 1)
    response = post_inbound(filler, "multipart/form-data; boundary=xYzZY")
    assert response.status_code == 413
    assert count(db, InboundPost) == 0


def test_a_raw_email_of_several_megabytes_is_accepted_and_processed(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    """Werkzeug's default form-memory limit (500 kB) would reject this; the raw body path does not care."""
    big = Attachment("pipeline-review.pdf", "application/pdf", b"%PDF-1.7\n" + bytes(range(256)) * 12_000)
    email = mime_reply(
        text="Attached is my pipeline review.", to=coach_address(world.prompt_token), attachments=[big]
    )
    body, content_type = raw_post(email, envelope_to=[reply_address(world.prompt_token)])
    assert len(body) > 3_000_000
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)
    [reply] = replies(db)
    assert reply.text == "Attached is my pipeline review."
    assert reply.message_id == world.prompt_id


def test_an_empty_body_gets_400(db: Database, post_inbound: Post) -> None:
    # (the test client would turn an empty multipart body into an empty form, so no multipart type here)
    assert post_inbound(b"", "application/octet-stream").status_code == 400
    assert count(db, InboundPost) == 0


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"text=hello&from=anna%40example.com", "application/x-www-form-urlencoded"),
        (b'{"text": "hello"}', "application/json"),
        (b"\x00\xff\xfe", ""),
    ],
    ids=["urlencoded", "json", "binary-no-type"],
)
def test_an_authenticated_post_that_is_not_multipart_is_kept_for_an_admin(
    db: Database, redis: Redis, post_inbound: Post, body: bytes, content_type: str
) -> None:
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)
    [post] = posts(db)
    assert post.body == body
    assert post.status == "malformed"
    with db.session() as session:
        assert [p.id for p in unmatched_posts(session)] == [post.id]


def test_a_truncated_multipart_post_is_kept_and_marked_malformed(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    body, content_type = parsed_post(text="I shared the credit.", to=coach_address(world.prompt_token))
    truncated = body[: len(body) // 2]
    assert post_inbound(truncated, content_type).status_code == 200
    run_inbound_jobs(redis)
    [post] = posts(db)
    assert (post.status, post.body) == ("malformed", truncated)
    assert "truncated" in (post.error or "")
    assert count(db, Reply) == 0


def test_csrf_protection_does_not_apply_to_the_webhook(
    db: Database, app_with: Callable[..., object], world: World
) -> None:
    app = app_with()
    app.config["WTF_CSRF_ENABLED"] = True  # type: ignore[attr-defined]
    body, content_type = parsed_post(text="hi", to=coach_address(world.prompt_token))
    response = app.test_client().post(  # type: ignore[attr-defined]
        INBOUND_URL, data=body, headers={"Content-Type": content_type, **auth_header()}
    )
    assert response.status_code == 200


def test_database_down_answers_503_so_sendgrid_retries(redis_url: str, tmp_path: Path) -> None:
    env = settings_env("postgresql+psycopg://coach:pw@127.0.0.1:9/coach", redis_url, tmp_path / "instance")
    app = create_app({"SETTINGS": Settings.from_env(env), "TESTING": True})
    body, content_type = parsed_post(text="hello")
    response = app.test_client().post(
        INBOUND_URL, data=body, headers={"Content-Type": content_type, **auth_header()}
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"


def test_redis_down_after_the_commit_still_answers_200_and_the_cron_run_processes_it(
    db: Database, redis: Redis, app_with: Callable[..., object], world: World, settings: Settings
) -> None:
    app = app_with(REDIS_URL="redis://127.0.0.1:9/0")
    body, content_type = parsed_post(text="Still counts.", to=coach_address(world.prompt_token))
    response = app.test_client().post(  # type: ignore[attr-defined]
        INBOUND_URL, data=body, headers={"Content-Type": content_type, **auth_header()}
    )
    assert response.status_code == 200
    [post] = posts(db)
    assert post.status == "received"
    from service.settings import use_settings

    use_settings(settings)  # the worker's settings: the working Redis
    assert process_received() == {"processed": 1}  # what the every-minute cron entry runs
    assert [r.text for r in replies(db)] == ["Still counts."]


@pytest.mark.parametrize(
    ("size", "status"),
    [
        pytest.param(LIMIT - 1, 200, id="under"),
        pytest.param(LIMIT, 413, id="exactly"),  # a stream at the limit cannot show it has ended
        pytest.param(LIMIT + 1, 413, id="one-over"),
        pytest.param(3 * LIMIT + 7, 413, id="far-over"),
    ],
)
def test_a_chunked_post_over_the_limit_gets_413_and_is_never_cut_and_stored(
    db: Database, app: Flask, size: int, status: int
) -> None:
    """No Content-Length (Transfer-Encoding: chunked): the limit holds while the body streams in."""
    app.config["MAX_CONTENT_LENGTH"] = LIMIT
    body = b"--xYzZY\r\n" + b"x" * (size - 9)
    response = app.test_client().post(
        "/webhooks/sendgrid/inbound",
        input_stream=io.BytesIO(body),
        headers={
            "Content-Type": "multipart/form-data; boundary=xYzZY",
            "Transfer-Encoding": "chunked",
            **auth_header(),
        },
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == status
    stored = posts(db)
    if status == 200:
        assert [post.body for post in stored] == [body]
    else:
        assert stored == []
