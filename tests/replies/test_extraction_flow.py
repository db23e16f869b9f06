"""End to end: what a real webhook post stores as the manager's words once the real worker jobs ran:
no signature or disclaimer (and no commitment from one), and inline answers with their commitment."""

from __future__ import annotations

from collections.abc import Callable

from redis import Redis
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.db import Database
from service.models import Commitment
from tests.replies.conftest import World, dispatch_until, replies, run_inbound_jobs
from tests.replies.payloads import coach_address, parsed_post
from tests.replies.test_extraction import CONFIDENTIALITY, OUTLOOK_BLOCK, OUTLOOK_SIGNATURE, QA_INLINE

Post = Callable[..., TestResponse]
ANSWER = "I named Priya in the forecast call, and she took the Acme follow-up from there."


def _reply(post_inbound: Post, redis: Redis, world: World, text: str) -> None:
    body, content_type = parsed_post(text=text, to=coach_address(world.prompt_token))
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)


def _commitments(db: Database) -> list[Commitment]:
    with db.session() as session:
        return list(session.scalars(select(Commitment).order_by(Commitment.id)))


def _followup_quote(db: Database, world: World) -> str:
    """Wake the real dispatcher each time the subscription is due, until it plans a follow-up."""
    return str(dispatch_until(db, world, "followup", tries=10).context["quote"])


def test_an_outlook_signature_and_disclaimer_are_not_stored_quoted_or_a_commitment(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    rule = "_" * 32
    outlook = (
        f"{ANSWER}\n\n{OUTLOOK_SIGNATURE}\n\n{CONFIDENTIALITY}\n\n{rule}\n{OUTLOOK_BLOCK['en']}\n\nWhat?\n"
    )
    outlook = outlook.replace("\n", "\r\n")  # as Outlook sends it
    _reply(post_inbound, redis, world, outlook)
    [reply] = replies(db)
    assert reply.text == ANSWER
    assert _commitments(db) == []  # "I will be forced to take action" was the disclaimer's, not hers
    assert _followup_quote(db, world) == ANSWER


def test_an_inline_answer_is_stored_and_its_commitment_found(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    _reply(post_inbound, redis, world, QA_INLINE)
    [reply] = replies(db)
    assert reply.text == (
        "Answers inline below.\n\nJenna, our SE lead. I'll name her first in Thursday's forecast call."
    )
    [commitment] = _commitments(db)
    assert commitment.text == "I'll name her first in Thursday's forecast call."
    assert commitment.due_on.weekday() == 3
