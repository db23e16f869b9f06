"""Processing jobs (real RQ worker): matching fallbacks, engagement effects, duplicates, auto-replies."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from redis import Redis
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.commitments.move_dates import day_label
from service.curriculum import load_curriculum
from service.db import Database
from service.emails.render import RenderedEmail, render_message
from service.models import Commitment, InboundPost, Message, Subscription
from service.replies.admin import unmatched_posts
from service.spacing import rules
from service.subscriptions.history import load_histories
from tests.emails.conftest import visible
from tests.replies.conftest import World, add_message, posts, replies, run_inbound_jobs
from tests.replies.payloads import coach_address, mime_reply, parsed_post, raw_post, reply_address
from workers.dispatch import dispatch_due
from workers.replies import process_inbound

Post = Callable[..., TestResponse]
REFLECTION = (
    "In the forecast review I named Priya as the one who saved the Acme renewal, in front of the VP. "
    "It cost me nothing and the team noticed."
)
QUOTE = "\n\nOn Mon, Jan 6, 2025 at 9:15 AM Coach <coach@coach.localhost> wrote:\n> What did you share?\n"


def _message(db: Database, message_id: int) -> Message:
    with db.session() as session:
        message = session.get(Message, message_id)
        assert message is not None
        return message


def _subscription(db: Database, subscription_id: int) -> Subscription:
    with db.session() as session:
        subscription = session.get(Subscription, subscription_id)
        assert subscription is not None
        return subscription


def _notices(db: Database) -> list[Message]:
    with db.session() as session:
        return list(session.scalars(select(Message).where(Message.kind == "notice").order_by(Message.id)))


def test_a_reflection_is_stored_answers_its_prompt_and_feeds_the_engine(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    before = _subscription(db, world.subscription_id)
    body, content_type = parsed_post(text=REFLECTION + QUOTE, to=coach_address(world.prompt_token))
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)
    [reply] = replies(db)
    assert (reply.text, reply.matched_by, reply.message_id) == (REFLECTION, "token", world.prompt_id)
    assert reply.word_count == 28
    assert reply.manager_id == world.manager_id
    assert (reply.is_auto_reply, reply.command) == (False, None)
    assert _message(db, world.prompt_id).replied_at == reply.received_at
    after = _subscription(db, world.subscription_id)
    assert after.unanswered_streak == 0
    assert after.next_due_at is not None and after.next_due_at != before.next_due_at
    assert [p.status for p in posts(db)] == ["processed"]
    with db.session() as session:
        history = load_histories(session, [world.subscription_id])[world.subscription_id]
    assert history.quote == REFLECTION
    assert [item.replied for item in history.items] == [False, True]


def _answer_prompt(post_inbound: Post, redis: Redis, world: World, text: str) -> None:
    """Reply to the world's prompt through the real webhook, and process it with a real worker."""
    body, content_type = parsed_post(text=text + QUOTE, to=coach_address(world.prompt_token))
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)


def _first_followup(db: Database, subscription_id: int) -> tuple[Message, RenderedEmail]:
    """Wake the real dispatcher each time the subscription is due, until it plans a follow-up."""
    for _ in range(10):
        with db.session() as session:
            due = session.get(Subscription, subscription_id).next_due_at  # type: ignore[union-attr]
        assert due is not None
        dispatch_due(now=due)
        with db.session() as session:
            followup = session.scalars(select(Message).where(Message.kind == "followup")).first()
            if followup is not None:
                return followup, render_message(followup, session)
    raise AssertionError("the engine never planned a follow-up after a substantive reply")


def test_the_next_follow_up_quotes_the_reply_and_its_html_escapes_markup(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    hostile = (
        "<script>alert('lead')</script> I shared credit with Priya in the forecast review, and the whole "
        "deal desk saw it happen. Next week I will thank the channel team in the same way."
    )
    _answer_prompt(post_inbound, redis, world, hostile)
    assert replies(db)[0].text == hostile  # stored as text, unchanged
    followup, rendered = _first_followup(db, world.subscription_id)
    assert followup.context["quote"] == hostile
    # The follow-up written for the prompt just answered, quoting the reply to that prompt.
    assert followup.content_id == load_curriculum().lesson("share-credit").followup_for("share-credit.p1").id
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;" in rendered.html


def test_a_follow_up_to_a_reply_that_chose_its_step_does_not_ask_for_another(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    promise = (
        "I forgot the SE who rebuilt the Acme demo overnight. I will thank Marco by name in "
        "Friday's win post and copy his manager."
    )
    _answer_prompt(post_inbound, redis, world, promise)
    with db.session() as session:
        [commitment] = session.scalars(select(Commitment)).all()
    followup, rendered = _first_followup(db, world.subscription_id)
    text = " ".join(rendered.text.split())
    lesson_text = load_curriculum().item(followup.content_id or "").text
    assert "It is rarely too late to credit someone" in lesson_text and "What will you write" in lesson_text
    assert "> I forgot the SE who rebuilt the Acme demo overnight." in rendered.text  # their words
    point = "It is rarely too late to credit someone, because a late, specific note shows you remembered."
    assert point in text
    assert (
        "You have already picked your next step, and I will ask you how it went after "
        f"{day_label(commitment.due_on)}." in text
    )
    assert "Before then: what could get in the way, and what will you do if it does?" in text
    assert "What will you write about them?" not in text and "Name them and what they did" not in text
    assert "You have already picked your next step" in visible(rendered.html)


@pytest.mark.parametrize(
    ("nothing", "words"),
    [
        ("Honestly, nobody comes to mind this week, sorry. I'll get back to you.", 13),
        ("Crazy week with quarter end, sorry. Will reply properly next week.", 11),  # busy, then later
    ],
    ids=["nobody", "busy"],
)
def test_a_reply_that_tells_nothing_answers_the_prompt_without_a_follow_up_quoting_it(
    db: Database, redis: Redis, post_inbound: Post, world: World, nothing: str, words: int
) -> None:
    body, content_type = parsed_post(text=nothing + QUOTE, to=coach_address(world.prompt_token))
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    [reply] = replies(db)
    assert (reply.text, reply.word_count) == (nothing, words)  # kept whole: it is in their reflections
    assert _message(db, world.prompt_id).replied_at == reply.received_at
    with db.session() as session:
        history = load_histories(session, [world.subscription_id])[world.subscription_id]
    assert history.quote is None and history.quotes == {}
    assert [(item.replied, item.reply_words) for item in history.items] == [(False, 0), (True, 0)]
    sent: list[tuple[str, str]] = []
    for _ in range(2):  # the real dispatcher, woken when the subscription is next due
        with db.session() as session:
            due = session.get(Subscription, world.subscription_id).next_due_at  # type: ignore[union-attr]
        assert due is not None
        dispatch_due(now=due)
        with db.session() as session:
            rows = session.execute(select(Message.kind, Message.content_id).order_by(Message.id)).all()
            sent = [(kind, content_id or "") for kind, content_id in rows]
    answered = _message(db, world.prompt_id).content_id
    # No follow-up and no re-ask of the answered prompt: the next nudge, then the next prompt.
    assert [kind for kind, _ in sent[-2:]] == ["nudge", "prompt"]
    assert sent[-1][1] != answered and [c for _, c in sent].count(answered) == 1


@pytest.mark.parametrize(
    ("answer", "next_kinds"),
    [
        # Said no, and why: answered, quoted in the review, but no follow-up built on an answer.
        (
            "Nobody. Everyone who touched the Acme deal was named in the announcement, SEs included.",
            ["nudge"],
        ),
        # Said no, then took on a step: its follow-up is about that step.
        (
            "Nobody yet. I will thank Priya by name in Friday's win post, for her pricing rework.",
            ["followup"],
        ),
        # Said yes: the follow-up written for the prompt.
        ("Priya, our SE, rebuilt the demo for the CFO and nobody mentioned her anywhere.", ["followup"]),
    ],
    ids=["no", "no-then-a-step", "yes"],
)
def test_an_answer_that_says_no_moves_the_lesson_on(
    db: Database, redis: Redis, post_inbound: Post, world: World, answer: str, next_kinds: list[str]
) -> None:
    body, content_type = parsed_post(text=answer + QUOTE, to=coach_address(world.prompt_token))
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    [reply] = replies(db)
    assert reply.text == answer and reply.word_count >= rules.QUOTABLE_REPLY_WORDS
    with db.session() as session:
        history = load_histories(session, [world.subscription_id])[world.subscription_id]
        due = session.get(Subscription, world.subscription_id).next_due_at  # type: ignore[union-attr]
    assert history.items[-1].replied and history.items[-1].reply_declines is (next_kinds == ["nudge"])
    assert due is not None
    dispatch_due(now=due)  # the real dispatcher, woken when the subscription is next due
    with db.session() as session:
        kinds = session.scalars(select(Message.kind).order_by(Message.id)).all()
    assert [str(kind) for kind in kinds[-1:]] == next_kinds
    assert _message(db, world.prompt_id).replied_at == reply.received_at  # answered: never asked again


@pytest.mark.parametrize("where", ["envelope", "to", "cc"])
def test_matching_by_reply_token_in_envelope_to_or_cc(
    db: Database, redis: Redis, post_inbound: Post, world: World, where: str
) -> None:
    address = reply_address(world.prompt_token.upper() if where == "envelope" else world.prompt_token)
    to = {"envelope": "Coach <coach@coach.localhost>", "to": coach_address(world.prompt_token), "cc": "x@y.z"}
    body, content_type = parsed_post(
        text="Done.",
        sender="Someone Else <someone@elsewhere.example>",
        to=to[where],
        cc=address if where == "cc" else None,
        envelope_to=[address] if where == "envelope" else ["alias@coach.localhost"],
    )
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    [reply] = replies(db)
    assert (reply.matched_by, reply.message_id, reply.manager_id) == (
        "token",
        world.prompt_id,
        world.manager_id,
    )


@pytest.mark.parametrize("header", ["in_reply_to", "references"])
def test_matching_by_thread_headers_against_the_recorded_message_id(
    db: Database, redis: Redis, post_inbound: Post, world: World, header: str
) -> None:
    threading = {header: world.prompt_smtp_id}
    if header == "references":
        threading[header] = f"<unknown@elsewhere> {world.prompt_smtp_id}"
    body, content_type = parsed_post(text="Done.", sender="Other <other@example.org>", **threading)
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    [reply] = replies(db)
    assert (reply.matched_by, reply.message_id) == ("in_reply_to", world.prompt_id)


def test_an_unknown_token_falls_back_to_the_thread_then_to_the_sender(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    later_nudge = add_message(
        db,
        manager_id=world.manager_id,
        subscription_id=world.subscription_id,
        kind="nudge",
        content_id="share-credit.n2",
        seq=3,
        sent_minutes_ago=5,
    )
    body, content_type = parsed_post(text="Done.", to=coach_address("f" * 32))
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    [reply] = replies(db)
    # The sender is a known manager: their latest *prompt*, not the nudge sent after it.
    assert (reply.matched_by, reply.message_id) == ("sender", world.prompt_id)
    assert later_nudge.id != world.prompt_id


def test_a_known_sender_with_nothing_sent_yet_is_matched_to_the_manager_only(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    with db.transaction() as session:
        for message in session.scalars(select(Message)):
            message.sent_at = None
    body, content_type = parsed_post(text="Hello coach.")
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    [reply] = replies(db)
    assert (reply.matched_by, reply.message_id, reply.manager_id) == ("sender", None, world.manager_id)


def test_an_unmatched_post_is_kept_for_admins_with_the_sender_noted(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    body, content_type = parsed_post(text="Who is this?", sender="Stranger <stranger@example.net>")
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)
    assert replies(db) == []
    [post] = posts(db)
    assert post.status == "unmatched"
    with db.session() as session:
        [listed] = unmatched_posts(session)
    assert (listed.id, listed.status, listed.size) == (post.id, "unmatched", len(body))
    assert "stranger@example.net" in listed.note


def test_raw_mode_with_attachments_and_windows_1252(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    from tests.replies.payloads import Attachment

    text = "Ich habe die Anerkennung geteilt \u2013 „gut gemacht“ an das Vertriebsteam in München."
    email = mime_reply(
        text=text + QUOTE,
        charset="windows-1252",
        to=coach_address(world.prompt_token),
        attachments=[Attachment("notes.txt", "text/plain", "Notizen: Größe".encode("cp1252"))],
    )
    post_inbound(*raw_post(email, envelope_to=[reply_address(world.prompt_token)]))
    run_inbound_jobs(redis)
    [reply] = replies(db)
    assert reply.text == text
    assert reply.matched_by == "token"


def test_an_html_only_reply_in_cp850(db: Database, redis: Redis, post_inbound: Post, world: World) -> None:
    html = (
        '<div dir="ltr">Grüße aus Köln: Ärger vermieden.</div><div class="gmail_quote">'
        "Am Mo., 6. Jan. 2025 um 09:15 Uhr schrieb Coach &lt;x@y.z&gt;:"
        "<blockquote>Was haben Sie geteilt?</blockquote></div>"
    )
    body, content_type = parsed_post(
        text=None, html=html, charset="cp850", to=coach_address(world.prompt_token)
    )
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    assert [r.text for r in replies(db)] == ["Grüße aus Köln: Ärger vermieden."]


@pytest.mark.parametrize(
    ("headers", "subject"),
    [
        ([("Auto-Submitted", "auto-replied")], "Re: What did you share this week?"),
        ([("X-Autoreply", "yes")], "Re: What did you share this week?"),
        ([("Precedence", "bulk")], "Re: What did you share this week?"),
        ([], "Abwesenheitsnotiz: Was haben Sie diese Woche geteilt?"),
    ],
)
def test_auto_replies_are_stored_flagged_and_never_count(
    db: Database, redis: Redis, post_inbound: Post, world: World, headers: list[tuple[str, str]], subject: str
) -> None:
    body, content_type = parsed_post(
        text="I am out of the office until Monday. STOP",
        to=coach_address(world.prompt_token),
        extra_headers=headers,
        subject=subject,
    )
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    [reply] = replies(db)
    assert (reply.is_auto_reply, reply.command) == (True, None)
    assert _message(db, world.prompt_id).replied_at is None
    assert _subscription(db, world.subscription_id).unanswered_streak == 2
    with db.session() as session:
        assert load_histories(session, [world.subscription_id])[world.subscription_id].quote is None


def test_the_same_email_posted_twice_yields_one_reply(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    body, content_type = parsed_post(
        text=REFLECTION, to=coach_address(world.prompt_token), message_id="<once@mail.example.com>"
    )
    post_inbound(body, content_type)
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    assert len(replies(db)) == 1
    assert sorted(p.status for p in posts(db)) == ["duplicate", "processed"]


def test_rerunning_a_processed_post_changes_nothing(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    body, content_type = parsed_post(text="STOP", to=coach_address(world.prompt_token))
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    [post] = posts(db)
    assert process_inbound(post.id) == {"status": "already-done", "reply_id": None}
    assert process_inbound(10_000_000) == {"status": "missing", "reply_id": None}
    assert len(replies(db)) == 1
    assert len(_notices(db)) == 1


def test_a_post_with_no_message_id_twice_is_two_posts_but_each_processed_once(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    with db.transaction() as session:
        session.add(InboundPost(content_type="text/plain", body=b"x", status="received"))
    [post] = posts(db)
    process_inbound(post.id)
    process_inbound(post.id)
    assert posts(db)[0].status == "malformed"


def test_a_post_that_breaks_processing_is_marked_failed_and_the_rest_go_on(
    db: Database, redis: Redis, post_inbound: Post, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug (here: the reply-parsing library raising on one body) must not hold up the posts behind it."""
    from mailparser_reply.parser import EmailMessage

    real_read = EmailMessage.read

    def read(self: EmailMessage) -> EmailMessage:
        if "BOOM" in self.text:
            raise RuntimeError("library bug")
        return real_read(self)

    monkeypatch.setattr(EmailMessage, "read", read)
    for text in ("BOOM", "Fine reply."):
        body, content_type = parsed_post(text=text, to=coach_address(world.prompt_token))
        post_inbound(body, content_type)
    run_inbound_jobs(redis)
    assert [p.status for p in posts(db)] == ["failed", "processed"]
    assert [r.text for r in replies(db)] == ["Fine reply."]
    with db.session() as session:
        [listed] = unmatched_posts(session)
    assert (listed.status, listed.note) == ("failed", "processing failed: RuntimeError")


@pytest.mark.parametrize(("reason", "resumes"), [("unresponsive", True), ("manager", False)])
def test_a_reply_after_the_silence_pause_resumes_but_a_chosen_pause_stays(
    db: Database, redis: Redis, post_inbound: Post, world: World, reason: str, resumes: bool
) -> None:
    with db.transaction() as session:
        subscription = session.get(Subscription, world.subscription_id)
        assert subscription is not None
        subscription.status, subscription.pause_reason, subscription.next_due_at = "paused", reason, None
    body, content_type = parsed_post(
        text="Yes, keep them coming." + QUOTE, to=coach_address(world.prompt_token)
    )
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    after = _subscription(db, world.subscription_id)
    assert (after.status == "active") == resumes
    assert (after.next_due_at is not None) == resumes
