"""Commands by reply need proof of the sender: the reply token, or DKIM aligned with the From domain."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from service.analytics.sql import real_reply
from service.db import Database
from service.emails.render import render_message
from service.models import Manager, Message, Reply, Subscription, utcnow
from service.replies.trust import dkim_results, from_domain, signature_domains
from service.sharing import is_reflection, lead_text, set_sharing
from service.tokens import make_token
from tests.replies.conftest import World, replies, run_inbound_jobs
from tests.replies.payloads import MANAGER, coach_address, parsed_post
from tests.subscriptions.conftest import post_form

Post = Callable[..., TestResponse]
LINK = re.compile(r"https?://[^\s]+/commands/([A-Za-z0-9._-]+)")


def signature(domain: str) -> tuple[str, str]:
    """A DKIM-Signature header naming `domain` in its d= tag (Inbound Parse reports whether it verified)."""
    return (
        "DKIM-Signature",
        f"v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s=s1; h=from:to; bh=YWJj; b=ZGVm",
    )


def status(db: Database, world: World) -> str:
    with db.session() as session:
        found = session.get(Subscription, world.subscription_id)
        assert found is not None
        return found.status


def notices(db: Database) -> list[Message]:
    with db.session() as session:
        return list(session.scalars(select(Message).where(Message.kind == "notice").order_by(Message.id)))


def forge(post_inbound: Post, redis: Redis, text: str = "STOP", **fields: Any) -> None:
    body, content_type = parsed_post(text=text, **fields)
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)


# Every way a reply may claim to be the manager without proving it. SPF is "pass" in each: it judges
# the envelope sender, which whoever sends the email chooses.
UNPROVEN = [
    pytest.param({"dkim": ""}, id="spf-pass-alone"),
    pytest.param(
        {"dkim": "{@example.com : fail}", "extra_headers": [signature("example.com")]}, id="dkim-fail"
    ),
    pytest.param(
        {"dkim": "{@notexample.com : pass}", "extra_headers": [signature("notexample.com")]}, id="look-alike"
    ),
    pytest.param(
        {"dkim": "{@example.com.evil.test : pass}", "extra_headers": [signature("example.com.evil.test")]},
        id="look-alike-suffix",
    ),
    pytest.param(
        {"dkim": "{@mail.example.com : pass}", "extra_headers": [signature("mail.example.com")]},
        id="subdomain-not-exact",
    ),
    pytest.param(
        {"dkim": "{@evil.test : pass}", "extra_headers": [signature("evil.test")]}, id="other-domain"
    ),
    pytest.param({"dkim": "{@example.com : pass}"}, id="pass-without-any-signature"),
    pytest.param(
        {
            "dkim": "{@example.com : pass, @evil.test : fail}",
            "extra_headers": [signature("example.com : pass, @evil.test")],
        },
        id="d-tag-writes-its-own-pass",
    ),
    pytest.param(
        {"dkim": "{@example.com : pass} junk", "extra_headers": [signature("example.com")]},
        id="malformed-field",
    ),
    pytest.param(
        {"dkim": "{@example.com : passed}", "extra_headers": [signature("example.com")]},
        id="not-the-word-pass",
    ),
]


@pytest.mark.parametrize("fields", UNPROVEN)
def test_a_command_without_proof_changes_nothing_and_asks_the_real_address_to_confirm(
    db: Database, redis: Redis, post_inbound: Post, world: World, fields: dict[str, Any]
) -> None:
    forge(post_inbound, redis, **{"spf": "pass", **fields})
    assert status(db, world) == "active"
    [reply] = replies(db)
    assert (reply.matched_by, reply.command) == ("sender", "unconfirmed")
    [request] = notices(db)
    assert request.to_email == world.email
    assert request.context["subject"] == "Please confirm: STOP"
    with db.session() as session:
        assert session.get(Message, world.prompt_id).replied_at is None  # type: ignore[union-attr]


def test_a_thread_header_match_is_no_proof_either(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    forge(post_inbound, redis, text="PAUSE", in_reply_to=world.prompt_smtp_id, dkim="")
    assert status(db, world) == "active"
    assert replies(db)[0].matched_by == "in_reply_to"
    assert notices(db)[0].context["subject"] == "Please confirm: PAUSE"


def test_dkim_for_another_address_in_the_thread_is_no_proof_for_the_manager(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    forge(
        post_inbound,
        redis,
        sender="Mallory <mallory@evil.test>",
        in_reply_to=world.prompt_smtp_id,
        dkim="{@evil.test : pass}",
        extra_headers=[signature("evil.test")],
    )
    assert status(db, world) == "active"
    [request] = notices(db)
    assert request.to_email == MANAGER  # the real address, never the forger's


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(
            {"dkim": "{@example.com : pass}", "extra_headers": [signature("example.com")]}, id="aligned"
        ),
        pytest.param(
            {"dkim": "{@EXAMPLE.com : pass}", "extra_headers": [signature("Example.COM")]}, id="any-case"
        ),
        pytest.param(
            {
                "dkim": "{@mailer.test : pass, @example.com : pass}",
                "extra_headers": [signature("mailer.test"), signature("example.com")],
            },
            id="two-signatures",
        ),
        pytest.param({"spf": "fail", "dkim": "", "to": "TOKEN"}, id="reply-token-alone"),
    ],
)
def test_a_command_with_proof_is_obeyed(
    db: Database, redis: Redis, post_inbound: Post, world: World, fields: dict[str, Any]
) -> None:
    if fields.get("to") == "TOKEN":
        fields = {**fields, "to": coach_address(world.prompt_token)}
    forge(post_inbound, redis, **{"spf": "softfail", **fields})
    assert status(db, world) == "unsubscribed"
    assert replies(db)[0].command == "stop"
    assert notices(db)[0].context["subject"] == "You're unsubscribed"


def test_a_waiting_command_is_no_reflection(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    """Its words ("pause these, I'm on leave") are never quoted back, counted or shown to a lead."""
    with db.transaction() as session:
        set_sharing(session.get_one(Manager, world.manager_id), True, utcnow() - timedelta(days=1))
    forge(post_inbound, redis, "Please pause my emails for two weeks, I'm on leave.", dkim="")
    with db.session() as session:
        manager = session.get_one(Manager, world.manager_id)
        [reply] = session.scalars(select(Reply)).all()
        assert reply.command == "unconfirmed"
        assert not is_reflection(reply) and lead_text(reply, manager) is None
        assert session.scalar(select(func.count()).select_from(Reply).where(real_reply())) == 0


def test_a_command_stored_before_it_was_marked_waiting_can_still_be_confirmed(
    client: FlaskClient, db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    forge(post_inbound, redis, dkim="")
    with db.transaction() as session:
        session.scalars(select(Reply)).one().command = None  # as rows waited before "unconfirmed"
    path = confirm_link(db)
    assert "Confirm: STOP" in client.get(path).get_data(as_text=True)
    assert "Done: STOP" in post_form(client, path, {}).get_data(as_text=True)
    assert status(db, world) == "unsubscribed"


def confirm_link(db: Database) -> str:
    """The Confirm link in the request email, as the manager reads it."""
    with db.session() as session:
        message = session.scalars(select(Message).where(Message.kind == "notice")).one()
        rendered = render_message(message, session)
    found = LINK.search(rendered.text)
    assert found, rendered.text
    assert found.group(0) in rendered.html
    return f"/commands/{found.group(1)}"


def test_the_manager_confirms_by_the_link_once(
    client: FlaskClient, db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    forge(post_inbound, redis, dkim="")
    path = confirm_link(db)
    page = client.get(path)
    assert page.status_code == 200 and "Confirm: STOP" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert client.post(path).status_code == 400  # no CSRF token
    assert status(db, world) == "active"
    done = post_form(client, path, {})
    assert done.status_code == 200 and "Done: STOP" in done.get_data(as_text=True)
    assert status(db, world) == "unsubscribed"
    assert replies(db)[0].command == "stop"
    again = post_form(client, path, {}, page="/")
    assert "Already done: STOP" in again.get_data(as_text=True)
    assert [n.context["subject"] for n in notices(db)] == ["Please confirm: STOP", "You're unsubscribed"]


def test_forged_commands_bring_at_most_one_request_in_ten_minutes(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    for number in range(3):
        forge(post_inbound, redis, dkim="", message_id=f"<forged-{number}@evil.test>")
    assert len(replies(db)) == 3
    assert len(notices(db)) == 1
    assert status(db, world) == "active"


@pytest.mark.parametrize(
    ("make_path", "expected"),
    [
        pytest.param(lambda key, reply_id: "/commands/not-a-token", 400, id="garbage"),
        pytest.param(lambda key, reply_id: "/commands/" + "x" * 600, 400, id="too-long"),
        pytest.param(lambda key, reply_id: "/commands/%0d%0aSet-Cookie:x", 400, id="crlf"),
        pytest.param(
            lambda key, reply_id: "/commands/" + make_token(key, "unsubscribe", reply_id),
            400,
            id="other-purpose",
        ),
        pytest.param(
            lambda key, reply_id: "/commands/" + make_token("another-secret-key-xx", "command", reply_id),
            400,
            id="other-key",
        ),
        pytest.param(
            lambda key, reply_id: "/commands/" + make_token(key, "command", 999_999), 404, id="no-such-reply"
        ),
        pytest.param(
            lambda key, reply_id: "/commands/" + make_token(key, "command", reply_id)[:-2], 400, id="tampered"
        ),
    ],
)
def test_bad_command_links_change_nothing(
    client: FlaskClient,
    db: Database,
    redis: Redis,
    post_inbound: Post,
    world: World,
    make_path: Callable[[str, int], str],
    expected: int,
) -> None:
    forge(post_inbound, redis, dkim="")
    reply_id = replies(db)[0].id
    path = make_path(client.application.config["SECRET_KEY"], reply_id)
    assert client.get(path).status_code == expected
    assert client.post(path).status_code in (expected, 400)
    assert status(db, world) == "active"
    assert replies(db)[0].command == "unconfirmed"  # still waiting


def test_a_link_to_a_reply_that_was_no_command_confirms_nothing(
    client: FlaskClient, db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    forge(post_inbound, redis, text="I shared credit with Sam in the standup today.", dkim="")
    [reply] = replies(db)
    path = "/commands/" + make_token(client.application.config["SECRET_KEY"], "command", reply.id)
    assert client.get(path).status_code == 409
    assert post_form(client, path, {}, page="/").status_code == 409
    assert status(db, world) == "active"
    assert notices(db) == []


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("{@example.com : pass}", {"example.com": {"pass"}}),
        ("{@a.test : pass, @b.test : fail}", {"a.test": {"pass"}, "b.test": {"fail"}}),
        ("@A.Test. : PASS", {"a.test": {"pass"}}),
        ("{}", {}),
        ("", {}),
        ("{@a.test : pass, }", None),
        ("{@a.test pass}", None),
        ("{@a test : pass}", None),
        ("{@-a.test : pass}", None),
        ("{@a.test : pass : pass}", None),
        ("{@a.test\n: pass}", {"a.test": {"pass"}}),
    ],
)
def test_the_dkim_field_is_read_entry_by_entry_and_anything_odd_counts_for_nothing(
    field: str, expected: dict[str, set[str]] | None
) -> None:
    assert dkim_results(field) == expected


@pytest.mark.parametrize(
    ("address", "domain"),
    [
        ("a@Example.COM", "example.com"),
        ("a@example.com.", "example.com"),
        ("@example.com", ""),
        ("nobody", ""),
    ],
)
def test_from_domain(address: str, domain: str) -> None:
    assert from_domain(address) == domain


def test_signature_domains_keep_only_bare_domain_names() -> None:
    headers = (
        "v=1; d=example.com; s=a",
        "v=1;\r\n d = Mailer.Test. ; s=b",
        "v=1; d=example.com : pass, @evil.test; s=c",
        "v=1; s=no-domain",
    )
    assert signature_domains(headers) == {"example.com", "mailer.test"}


def test_a_reply_stored_without_a_command_keeps_its_text(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    forge(post_inbound, redis, dkim="")
    with db.session() as session:
        reply = session.scalars(select(Reply)).one()
        assert reply.text.startswith("STOP")
