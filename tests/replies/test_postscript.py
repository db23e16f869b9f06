"""A request after a reflection ("PS: please pause for two weeks"): the reply is both, and each is kept
where it belongs (a real Inbound Parse post, real RQ jobs)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from redis import Redis
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.curriculum import load_curriculum
from service.db import Database
from service.models import Commitment, CommitmentOutcome, Manager, Message, Reply, utcnow
from service.replies.intent import is_postscript, read_intent
from service.replies.postscript import read_postscript
from service.sharing import lead_text, set_sharing
from tests.replies.conftest import World, replies, run_inbound_jobs
from tests.replies.intent_corpus import TODAY, render
from tests.replies.payloads import parsed_post
from tests.replies.postscript_corpus import CASES, LOOKALIKES, POSTSCRIPTS, score_postscripts
from tests.replies.test_checkback_answers import _answer, _notices
from tests.replies.test_commitments_flow import _checkback
from tests.replies.test_commitments_flow import promised as promised
from tests.replies.test_requests_by_reply import send, status

Post = Callable[..., TestResponse]
LESSONS = load_curriculum().lessons
STORY = (
    "In Tuesday's forecast review I gave Priya the credit for rescuing the Acme renewal, in front of the VP. "
    "Two reps asked her for help the next day, and I will thank the channel team on Friday."
)


@pytest.mark.parametrize(("language", "text", "expected"), CASES, ids=[f"{c[0]}:{c[1][-40:]}" for c in CASES])
def test_corpus(language: str, text: str, expected: str) -> None:
    assert read_intent(text, TODAY, LESSONS) is None  # the reply opens with a reflection: it is kept
    found = read_postscript(text, TODAY, LESSONS)
    got = render(found.intent if found is not None else None)
    assert got.split("@")[0].split("=")[0] == expected


def test_every_request_is_read_and_no_reflection_acted_on() -> None:
    result = score_postscripts(CASES, LESSONS)
    assert (result.requests, result.reflections) == (len(POSTSCRIPTS), len(LOOKALIKES))
    assert result.missed == result.wrong == result.false_actions == 0


@pytest.mark.parametrize(
    ("paragraph", "marked"),
    [
        ("PS: pause please", True),
        ("P.S. pause please", True),
        ("ps pause please", True),
        ("PS - pause please", True),
        ("PPS: one more thing", True),
        ("P.-S. : je suis en congé", True),
        ("P.D.: Pausen los correos", True),
        ("P.S.: Bitte pausieren", True),
        ("Psst, this one was hard", False),
        ("PDF attached", False),
        ("Please pause", False),
        ("PS", False),  # nothing after the mark
        ("Pst", False),
    ],
)
def test_postscript_marks(paragraph: str, marked: bool) -> None:
    assert is_postscript(paragraph) is marked


def test_the_reflection_is_the_reply_without_the_request() -> None:
    text = f"Hi coach,\n\n{STORY}\n\nPS: please pause the emails for two weeks.\n\nThanks,\nAnna"
    found = read_postscript(text, TODAY, LESSONS)
    assert found is not None
    assert found.request == "PS: please pause the emails for two weeks."
    assert found.reflection == f"Hi coach,\n\n{STORY}\n\nThanks,\nAnna"


def test_an_unsubscribe_after_a_reflection_is_always_asked_about() -> None:
    found = read_postscript(f"{STORY}\n\nPS: unsubscribe me", TODAY, LESSONS)
    assert found is not None and found.intent.command == "stop" and not found.intent.sure
    assert read_intent("PS: unsubscribe me", TODAY, LESSONS) is not None  # alone, it is the whole reply


def test_a_postscript_in_the_second_paragraph_is_not_the_reply_itself() -> None:
    """ "Done!" above "PS: pause" answers a check-back; before, only a first short paragraph was read."""
    assert read_intent("Done!\n\nPS: pause 2 weeks", TODAY, LESSONS) is None
    assert read_intent("Hi coach,\n\nPS: pause 2 weeks", TODAY, LESSONS) is not None  # a greeting only


def _rows(db: Database) -> tuple[Reply, Reply]:
    reflection, request = replies(db)
    return reflection, request


def test_a_reflection_with_a_pause_after_it_is_kept_and_the_pause_carried_out(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    send(post_inbound, redis, world.prompt_token, f"{STORY}\n\nPS: please pause the emails for two weeks.")
    assert status(db, world) == "paused"
    reflection, request = _rows(db)
    assert (reflection.command, reflection.text) == (None, STORY)
    assert reflection.rfc_message_id is not None and request.rfc_message_id is None
    assert (request.command, request.text) == ("pause", "PS: please pause the emails for two weeks.")
    assert reflection.inbound_post_id == request.inbound_post_id
    assert [subject for subject, _ in _notices(db)] == ["Your coaching emails are paused"]
    with db.session() as session:
        prompt = session.get_one(Message, world.prompt_id)
        assert prompt.replied_at is not None  # the prompt is answered: the reflection counts
        commitments = list(session.scalars(select(Commitment.text)))
        assert len(commitments) == 1 and "channel team" in commitments[0]  # from the reflection only


def test_the_request_is_never_shared_with_the_reflection(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    with db.transaction() as session:
        set_sharing(session.get_one(Manager, world.manager_id), True, utcnow())
    text = f"{STORY}\n\nP.S. I'm on leave, pause until 4 January please."
    send(post_inbound, redis, world.prompt_token, text)
    with db.session() as session:
        manager = session.get_one(Manager, world.manager_id)
        seen = [lead_text(reply, manager) for reply in session.scalars(select(Reply).order_by(Reply.id))]
    assert seen == [STORY, None]


def test_an_unsubscribe_after_a_reflection_asks_first(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    send(post_inbound, redis, world.prompt_token, f"{STORY}\n\nPS: please unsubscribe me.")
    assert status(db, world) == "active"
    [(subject, _)] = _notices(db)
    assert subject == "Did you mean: unsubscribe from all coaching emails?"
    reflection, request = _rows(db)
    assert (reflection.command, request.command) == (None, "ask")


def test_a_lookalike_last_paragraph_leaves_one_reflection(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    text = f"{STORY}\n\nNext week I'll pause the pipeline review and let the reps lead."
    send(post_inbound, redis, world.prompt_token, text)
    assert status(db, world) == "active"
    [reply] = replies(db)
    assert (reply.command, reply.text) == (None, text)
    assert _notices(db) == []


def test_a_checkback_answer_with_a_postscript_records_both(
    db: Database, redis: Redis, post_inbound: Post, promised: Commitment, world: World
) -> None:
    checkback = _checkback(db, world)
    _answer(post_inbound, redis, checkback, "Done!\n\nPS: please pause the emails for two weeks.")
    with db.session() as session:
        assert session.get_one(Commitment, promised.id).status == "done"
        assert list(session.scalars(select(CommitmentOutcome.outcome))) == ["done"]
    assert status(db, world) == "paused"
    subjects = sorted(subject for subject, _ in _notices(db))
    assert subjects == ["Marked done", "Your coaching emails are paused"]


def test_a_request_from_an_unproven_sender_waits_for_confirmation_and_the_reflection_is_kept(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    text = f"{STORY}\n\nPS: please pause the emails for two weeks."
    body, content_type = parsed_post(text=text, dkim="")  # matched by the sender's address only
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)
    assert status(db, world) == "active"
    reflection, request = _rows(db)
    assert (reflection.command, reflection.text, request.command) == (None, STORY, "unconfirmed")
    [(subject, _)] = _notices(db)
    assert subject == "Please confirm: PAUSE"
