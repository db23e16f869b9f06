"""End to end: a check-back answered by reply in the manager's own words (a real Inbound Parse post, real
RQ jobs) records Done / Not yet / Drop, keeps a story as a reflection, and is acknowledged by email."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from redis import Redis
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.commitments.answers import parse_answer
from service.commitments.extract import find_commitments
from service.commitments.move_dates import day_label
from service.commitments.store import local_today
from service.curriculum import load_curriculum
from service.db import Database
from service.emails.handover import review_recap
from service.emails.render import render_message
from service.models import Commitment, CommitmentOutcome, InboundPost, Manager, Message, Reply, utcnow
from service.reflections.entries import load_reflections
from tests.replies.conftest import World, run_inbound_jobs
from tests.replies.payloads import coach_address, parsed_post
from tests.replies.test_commitments_flow import PROMISE, _checkback
from tests.replies.test_commitments_flow import promised as promised
from workers.replies import process_inbound

Post = Callable[..., TestResponse]
STORY = (
    "Yes, did it on Friday. Priya's manager replied in the thread and thanked me, and Priya offered "
    "to help on the next renewal."
)


def _answer(post_inbound: Post, redis: Redis, checkback: Message, text: str, **kw: str) -> None:
    body, content_type = parsed_post(text=text, to=coach_address(checkback.reply_token), **kw)
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)


def _state(db: Database, checkback: Message) -> tuple[Commitment, list[CommitmentOutcome], list[Reply]]:
    with db.session() as session:
        commitment = session.scalars(select(Commitment)).one()
        outcomes = list(session.scalars(select(CommitmentOutcome).order_by(CommitmentOutcome.id)))
        query = select(Reply).where(Reply.message_id == checkback.id).order_by(Reply.id)
        answers = list(session.scalars(query))
        return commitment, outcomes, answers


def _notices(db: Database) -> list[tuple[str, str]]:
    """Each acknowledgement queued, as the manager reads it: (subject, text on one line)."""
    with db.session() as session:
        found = session.scalars(select(Message).where(Message.kind == "notice").order_by(Message.id))
        rendered = [render_message(message, session) for message in found]
        return [(r.subject, " ".join(r.text.split())) for r in rendered]


def _today(db: Database, world: World) -> date:
    with db.session() as session:
        return local_today(session.get_one(Manager, world.manager_id), utcnow())


@pytest.mark.parametrize(
    ("text", "outcome", "status", "subject", "says"),
    [
        ("Done!", "done", "done", "Marked done", f"Marked done: \u201c{PROMISE}\u201d Nice work."),
        ("C'est fait !", "done", "done", "Marked done", "Nice work."),
        ("Hab ich gemacht.", "done", "done", "Marked done", "Nice work."),
        ("Je laisse tomber.", "dropped", "dropped", "Dropped", "Dropped: I won't ask about it again."),
        (
            "DROP \u2013 the client moved the review to next quarter.",
            "dropped",
            "dropped",
            "Dropped",
            "Dropped: I won't ask about it again.",
        ),
        ("Todavía no, el próximo lunes", "not_yet", "open", "Moved to", ": I'll ask you then."),
        ("Not yet, the team meeting moved to next Thursday.", "not_yet", "open", "Moved to", "I'll ask"),
    ],
)
def test_a_bare_answer_in_any_words_is_recorded_and_acknowledged(
    db: Database,
    redis: Redis,
    post_inbound: Post,
    promised: Commitment,
    world: World,
    text: str,
    outcome: str,
    status: str,
    subject: str,
    says: str,
) -> None:
    checkback = _checkback(db, world)
    _answer(post_inbound, redis, checkback, text)
    commitment, [recorded], [reply] = _state(db, checkback)
    assert (recorded.outcome, recorded.source, recorded.reply_id) == (outcome, "reply", reply.id)
    assert commitment.status == status
    assert reply.command == outcome  # a bare answer is no reflection: never quoted back
    [(notice_subject, notice_text)] = _notices(db)
    assert notice_subject.startswith(subject) and says in notice_text
    assert PROMISE in notice_text
    if outcome == "not_yet":
        today = _today(db, world)
        named = parse_answer(text, today)
        assert named is not None and commitment.due_on == named.new_due_on != promised.due_on
        assert commitment.postponed == 1
        moved = day_label(commitment.due_on, today)
        assert notice_subject == f"Moved to {moved}"
        assert f"Moved to {moved}: I'll ask you then." in notice_text


@pytest.mark.parametrize(
    ("text", "quoted"),
    [(STORY, "Priya offered to help"), ("C'est fait ! Claire était ravie et l'équipe a applaudi.", "ravie")],
)
def test_an_answer_with_a_story_is_recorded_and_kept_whole_as_a_reflection(
    db: Database, redis: Redis, post_inbound: Post, promised: Commitment, world: World, text: str, quoted: str
) -> None:
    checkback = _checkback(db, world)
    _answer(post_inbound, redis, checkback, text)
    commitment, [recorded], [reply] = _state(db, checkback)
    assert (commitment.status, recorded.outcome, recorded.reply_id) == ("done", "done", reply.id)
    assert reply.command is None and reply.text == text  # a reflection, kept whole
    [(subject, notice_text)] = _notices(db)
    assert subject == "Marked done" and f"Marked done: \u201c{PROMISE}\u201d Nice work." in notice_text
    with db.session() as session:
        manager = session.get_one(Manager, world.manager_id)
        assert session.get_one(Message, checkback.id).replied_at is not None
        recap = review_recap(session, manager, load_curriculum().lesson("share-credit"), None)
        mine = load_reflections(session, manager, load_curriculum())
    assert {"text": PROMISE, "status": "done"} in recap["commitments"]
    assert any(quoted in quote for quote in recap["quotes"])
    assert [view.status for view in mine.commitments] == ["done"]
    assert any(entry.reply_id == reply.id and entry.command is None for entry in mine.replies)


@pytest.mark.parametrize(
    "text",
    [
        "Yes and no",
        "Done? Not really",
        "Yes, but only the first half.",
        "We had the pipeline review on Friday and I talked about the demo for a while, then the VP "
        "asked about the forecast and we ran out of time.",
        "<b>Yes</b> <script>alert('done')</script>",
        "Yes, " * 2000,
    ],
)
def test_an_ambiguous_or_hostile_reply_changes_nothing_and_a_clear_one_after_it_counts(
    db: Database, redis: Redis, post_inbound: Post, promised: Commitment, world: World, text: str
) -> None:
    checkback = _checkback(db, world)
    _answer(post_inbound, redis, checkback, text)
    commitment, outcomes, [reply] = _state(db, checkback)
    assert (commitment.status, commitment.postponed, outcomes) == ("open", 0, [])
    assert reply.command is None  # stays a reflection, as before
    assert _notices(db) == []
    _answer(post_inbound, redis, checkback, "Yes, did it.")  # the clear answer after it is what counts
    commitment, [recorded], _ = _state(db, checkback)
    assert (commitment.status, recorded.outcome, len(_notices(db))) == ("done", "done", 1)


def test_the_same_reply_posted_and_processed_twice_records_once_and_acknowledges_once(
    db: Database, redis: Redis, post_inbound: Post, promised: Commitment, world: World
) -> None:
    checkback = _checkback(db, world)
    same = {"message_id": "<answer-1@mail.example.com>"}
    _answer(post_inbound, redis, checkback, "Not yet, next Monday", **same)
    _answer(post_inbound, redis, checkback, "Not yet, next Monday", **same)
    with db.session() as session:
        posts = list(session.scalars(select(InboundPost).order_by(InboundPost.id)))[-2:]
    assert [post.status for post in posts] == ["processed", "duplicate"]
    assert [process_inbound(post.id)["status"] for post in posts] == ["already-done", "already-done"]
    commitment, [recorded], [reply] = _state(db, checkback)
    assert (recorded.outcome, commitment.postponed, reply.command) == ("not_yet", 1, "not_yet")
    assert len(_notices(db)) == 1


def test_a_second_reply_with_the_same_answer_says_nothing_has_changed(
    db: Database, redis: Redis, post_inbound: Post, promised: Commitment, world: World
) -> None:
    checkback = _checkback(db, world)
    _answer(post_inbound, redis, checkback, "Done!")
    _answer(post_inbound, redis, checkback, "Erledigt.")
    commitment, [recorded], answers = _state(db, checkback)
    assert (commitment.status, recorded.outcome, len(answers)) == ("done", "done", 2)
    [first, second] = _notices(db)
    assert first[0] == "Marked done"
    assert second[0] == "Already marked done" and "Nothing has changed." in second[1]


@pytest.mark.parametrize(
    "text",
    [
        "Sort of. I mentioned it but Marco was distracted, so I'll try again on Thursday.",
        "Partly: the VP left early. I will raise it again in next Friday's forecast call.",
    ],
)
def test_a_step_named_again_with_its_date_moves_the_commitment_instead_of_adding_one(
    db: Database, redis: Redis, post_inbound: Post, promised: Commitment, world: World, text: str
) -> None:
    """Found by a new user: the answer made a second commitment and left the first one open."""
    checkback = _checkback(db, world)
    _answer(post_inbound, redis, checkback, text)
    commitment, [recorded], [reply] = _state(db, checkback)  # still one commitment
    today = _today(db, world)
    [step] = find_commitments(text, today)
    assert (recorded.outcome, recorded.reply_id, commitment.status) == ("not_yet", reply.id, "open")
    assert commitment.due_on == step.due_on > today and commitment.postponed == 1
    assert reply.command is None and reply.text == text  # a reflection too: its words can be quoted
    [(subject, notice_text)] = _notices(db)
    assert subject == f"Moved to {day_label(step.due_on, today)}" and PROMISE in notice_text


@pytest.mark.parametrize(
    "text",
    [
        "Sort of. Marco was distracted and I'm not sure what to do next.",  # no step
        "Sort of. I'll try again with Marco on Monday. I will also thank Priya on Friday.",  # two steps
    ],
)
def test_a_reply_without_one_dated_step_leaves_the_checkback_open(
    db: Database, redis: Redis, post_inbound: Post, promised: Commitment, world: World, text: str
) -> None:
    checkback = _checkback(db, world)
    _answer(post_inbound, redis, checkback, text)
    with db.session() as session:
        first = session.get_one(Commitment, promised.id)
        outcomes = list(session.scalars(select(CommitmentOutcome)))
    assert (first.status, first.postponed, outcomes) == ("open", 0, [])
    assert _notices(db) == []
