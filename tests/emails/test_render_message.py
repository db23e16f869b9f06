"""render_message builds the context from an outbox row: the manager, the lesson, the item, the links."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from service.db import Database
from service.emails import EmailError, RenderedEmail, render_message
from service.emails.digest import DASH
from service.models import Manager, Message, Program, ProgramInvitation, Reply, Subscription, utcnow
from service.outbox import queue_message
from service.settings import Settings
from service.subscriptions import mail
from service.subscriptions.invitations import Invitee, invite
from service.tokens import read_token
from tests.emails.conftest import HOSTILE, People, flat, visible


def render(db: Database, **fields: Any) -> RenderedEmail:
    """Queue one message, commit, and render it from a fresh session as the send job does."""
    with db.transaction() as session:
        message = queue_message(session, to_email=fields.pop("to_email", "dana@example.com"), **fields)
        session.flush()
        message_id = message.id
    with db.session() as session:
        loaded = session.get(Message, message_id)
        assert loaded is not None
        return render_message(loaded, session)


def token_in(url: str | None, settings: Settings, kind: str) -> str:
    assert url is not None
    match = re.fullmatch(re.escape(settings.public_url) + f"/{kind}/([A-Za-z0-9_.-]+)", url)
    assert match, url
    return match.group(1)


def coaching(people: People, kind: str, content_id: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "manager_id": people.manager_id,
        "subscription_id": people.subscription_id,
        "program_id": people.program_id,
        "lesson_slug": "share-credit",
        "content_id": content_id,
        **extra,
    }


def test_nudge_links_carry_tokens_for_its_subscription(
    db: Database, settings: Settings, people: People
) -> None:
    email = render(db, **coaching(people, "nudge", "share-credit.n2"))
    assert email.subject == "Thank them in front of their manager"
    preferences = token_in(email.preferences_url, settings, "preferences")
    unsubscribe = token_in(email.list_unsubscribe_url, settings, "unsubscribe")
    assert read_token(settings.secret_key, "preferences", preferences) == people.subscription_id
    assert read_token(settings.secret_key, "unsubscribe", unsubscribe) == people.subscription_id
    assert f'href="{email.list_unsubscribe_url}"' in email.html and email.list_unsubscribe_url in email.text
    assert "Hi Dana," in email.text and "Nudge 2 of 7" in visible(email.html)


@pytest.mark.parametrize(
    ("due_at", "check_back_after"),
    [
        (datetime(2025, 3, 5, 7, 30, tzinfo=UTC), "Friday 7 March"),  # Wednesday: that Friday
        (datetime(2025, 3, 7, 7, 30, tzinfo=UTC), "Friday 14 March"),  # the week's last day: next Friday
        (datetime(2025, 3, 6, 23, 30, tzinfo=UTC), "Friday 14 March"),  # Thursday in UTC, Friday in Berlin
        (datetime(2025, 3, 3, 7, 30, tzinfo=UTC), "Friday 7 March"),
    ],
)
def test_a_nudge_offers_its_move_by_a_link_for_this_email_until_the_end_of_the_week(
    db: Database, settings: Settings, people: People, due_at: datetime, check_back_after: str
) -> None:
    """The schedule is Monday, Wednesday and Friday in Berlin: the week ends on Friday."""
    email = render(db, **coaching(people, "nudge", "share-credit.n2", due_at=due_at))
    offer = f"Take it on: check back with me after {check_back_after}"
    assert offer in email.text and offer in visible(email.html)
    with db.session() as session:
        nudge_id = session.scalars(select(Message.id).where(Message.kind == "nudge")).one()
    [url] = re.findall(r"https?://\S+/moves/\S+", email.text)
    assert read_token(settings.secret_key, "move", token_in(url, settings, "moves")) == nudge_id
    assert f'href="{url}"' in email.html
    assert email.text.index("YOUR MOVE THIS WEEK") < email.text.index(offer) < email.text.index("-- \n")


@pytest.mark.parametrize(
    ("kind", "content_id"), [("prompt", "share-credit.p1"), ("review", "share-credit.review")]
)
def test_only_a_nudge_carries_a_move_link(db: Database, people: People, kind: str, content_id: str) -> None:
    email = render(db, **coaching(people, kind, content_id))
    assert "/moves/" not in email.text + email.html and "Take it on" not in email.text


def test_confirm_link_confirms_this_subscription(db: Database, settings: Settings, people: People) -> None:
    email = render(db, **coaching(people, "confirm", None))
    url = re.search(re.escape(settings.public_url) + r"/confirm/[A-Za-z0-9_.-]+", email.text)
    assert url is not None
    token = url.group(0).rsplit("/", 1)[1]
    assert read_token(settings.secret_key, "confirm", token) == people.subscription_id
    assert "Monday, Wednesday and Friday at 08:30" in email.text and "Europe/Berlin" in email.text


def test_welcome_names_the_first_send_in_local_time(db: Database, people: People) -> None:
    email = render(db, **coaching(people, "welcome", None))
    assert "Wednesday 5 March at 08:30" in email.text  # 07:30 UTC in Berlin (CET, UTC+1)
    assert email.subject.startswith("You're in: Have the confidence to share the credit")


@pytest.mark.parametrize(
    ("done_at", "said"),
    [
        ("2026-10-18T22:30:00+00:00", "You marked it done on Monday 19 October."),  # 00:30 in Berlin
        (None, "You marked it done. Habits"),  # planned before the day was stored: no day, no count
        ("yesterday", "You marked it done. Habits"),
    ],
)
def test_a_resurfacing_check_back_names_the_managers_day_it_was_marked_done(
    db: Database, people: People, done_at: str | None, said: str
) -> None:
    context = {"commitment_id": 1, "text": "I will credit Marco in the win post.", "made_on": "2026-10-08",
               "due_on": "2026-10-16", "resurface": True, "days": 60, "done_at": done_at}  # fmt: skip
    email = render(db, **coaching(people, "commitment", "commitment.1.r60", context=context))
    for text in (flat(email.text), flat(visible(email.html))):
        assert (
            said in text and "days ago" not in text and "60 days" not in text
        )  # a link's token may hold "60"


@pytest.mark.parametrize(("program", "said"), [(True, True), (False, False)])
def test_welcome_speaks_of_what_a_lead_can_read_only_to_a_program_member(
    db: Database, people: People, program: bool, said: bool
) -> None:
    with db.transaction() as session:
        session.get_one(Manager, people.manager_id).program_id = people.program_id if program else None
    email = render(db, **coaching(people, "welcome", None))
    for text in (flat(email.text), flat(email.html)):
        assert "Or change your focus, schedule and pace" in text
        assert ("what your program lead can read" in text) is said
        assert "sharing" not in text


@pytest.mark.parametrize(
    ("share", "program", "expected"),
    [
        (True, True, "You've chosen to share"),
        (False, True, "never what you wrote"),
        (False, False, "private"),
    ],
)
def test_prompt_privacy_line_follows_the_managers_consent(
    db: Database, people: People, share: bool, program: bool, expected: str
) -> None:
    with db.transaction() as session:
        manager = session.get(Manager, people.manager_id)
        assert manager is not None
        manager.sharing_since = utcnow() if share else None
        manager.program_id = people.program_id if program else None
    email = render(db, **coaching(people, "prompt", "share-credit.p4", context={"reask": True}))
    assert expected in flat(email.text)
    assert "got buried" in email.text and "JUST REPLY TO THIS EMAIL." in email.text


def test_followup_quotes_the_stored_reply(db: Database, people: People) -> None:
    quote = f"I'll credit Marco in the next win post {HOSTILE}"
    email = render(db, **coaching(people, "followup", "share-credit.f1", context={"quote": quote}))
    assert "> I'll credit Marco in the next win post" in email.text
    assert "<script" not in email.html and "&lt;script&gt;" in email.html
    assert re.search(r"<blockquote[^>]*>.*credit Marco", email.html, re.S)


def test_review_announces_the_choice_of_next_lesson_and_claims_nothing_not_written(
    db: Database, people: People
) -> None:
    email = render(db, **coaching(people, "review", "share-credit.review"))
    assert "a choice of next lesson" in email.text and email.subject == "Wrapping up: sharing credit"
    assert "You didn't write back during this lesson" in email.text
    assert "WHAT YOU SAID YOU WOULD DO" not in email.text and "IN YOUR OWN WORDS" not in email.text


def test_checkin_uses_the_subscription_focus(db: Database, people: People) -> None:
    email = render(db, **coaching(people, "checkin", "checkin", lesson_slug=None))
    assert "Lesson 9" in visible(email.html) and email.subject == "Still want these coaching emails?"


BROKEN = [
    ("unknown content", {"content_id": "share-credit.n99"}, "unknown content 'share-credit.n99'"),
    ("no content", {"content_id": None}, "unknown content None"),
    ("content of another kind", {"content_id": "share-credit.p1"}, "is a prompt"),
    ("followup without quote", {"kind": "followup", "content_id": "share-credit.f1"}, "no quote"),
    (
        "followup blank quote",
        {"kind": "followup", "content_id": "share-credit.f1", "context": {"quote": " "}},
        "no quote",
    ),
    ("notice without subject", {"kind": "notice", "context": {"paragraphs": []}}, "needs a subject"),
    (
        "notice bad paragraphs",
        {"kind": "notice", "context": {"subject": "Hi", "paragraphs": "x"}},
        "needs paragraphs",
    ),
    (
        "welcome without subscription",
        {"kind": "welcome", "subscription_id": None, "manager_id": None},
        "no subscription",
    ),
    ("digest without lead", {"kind": "digest"}, "no lead"),
    ("invitation without invitation", {"kind": "invitation", "program_id": None}, "no invitation"),
    ("unknown lesson", {"kind": "checkin", "lesson_slug": "gone"}, "unknown lesson 'gone'"),
]


@pytest.mark.parametrize(("name", "fields", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_row_that_cannot_be_rendered_raises_email_error(
    db: Database, people: People, name: str, fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(EmailError, match=re.escape(message)):
        render(db, **{**coaching(people, "nudge", "share-credit.n1"), **fields})


def render_id(db: Database, message_id: int) -> RenderedEmail:
    with db.session() as session:
        message = session.get(Message, message_id)
        assert message is not None
        return render_message(message, session)


def queue(db: Database, people: People, make: Callable[..., Message], *args: Any, **kw: Any) -> int:
    """Queue a row with the subscription flow's own function, as production does."""
    with db.transaction() as session:
        manager = session.get(Manager, people.manager_id)
        subscription = session.get(Subscription, people.subscription_id)
        message = make(session, subscription, manager, *args, **kw)
        session.flush()
        return message.id


def test_rows_from_the_subscription_flow_render(db: Database, settings: Settings, people: People) -> None:
    now = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
    confirm = render_id(db, queue(db, people, mail.queue_confirmation, now))
    welcome = render_id(db, queue(db, people, mail.queue_welcome, now))
    link = render_id(db, queue(db, people, mail.queue_preferences_link, now))
    assert confirm.subject == "Confirm your coaching emails" and "/confirm/" in confirm.text
    assert "Wednesday 5 March at 08:30" in welcome.text
    assert link.subject == "Your preferences link" and link.preferences_url in link.text
    assert "Hi there," in confirm.text and "Dana" not in confirm.text  # whoever subscribed typed the name
    for email in (confirm, welcome, link):
        assert email.list_unsubscribe_url is not None
    assert "Hi Dana," in welcome.text and "Hi Dana," in link.text


def test_notice_to_someone_unsubscribed_is_final(db: Database, people: People) -> None:
    with db.transaction() as session:
        subscription = session.get(Subscription, people.subscription_id)
        assert subscription is not None
        subscription.status = "unsubscribed"
    now = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
    message_id = queue(
        db,
        people,
        mail.queue_notice,
        subject="You're unsubscribed",
        paragraphs=["Done."],
        key="stop",
        now=now,
    )
    email = render_id(db, message_id)
    assert "/preferences/" not in email.text and "/unsubscribe/" not in email.text.split("-- \n")[1]
    assert "one-off email" in flat(email.text)


def test_notice_paragraph_lines_and_hostile_text(db: Database, people: People) -> None:
    now = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
    paragraphs = ["Reply SWITCH and a number:", "1. One\n2. Two", f"Asked for {HOSTILE}"]
    email = render_id(
        db, queue(db, people, mail.queue_notice, subject="Which?", paragraphs=paragraphs, key="k", now=now)
    )
    assert "1. One\n2. Two" in email.text and "1. One<br>2. Two" in email.html
    assert "<script" not in email.html and "&lt;script&gt;" in email.html


def test_digest_for_a_lead_links_the_program_dashboard(
    db: Database, settings: Settings, people: People
) -> None:
    with db.transaction() as session:
        manager = session.get_one(Manager, people.manager_id)
        manager.program_id = people.program_id
        manager.sharing_since = datetime(2025, 3, 1, tzinfo=UTC)
        reply = Reply(manager_id=manager.id, received_at=datetime(2025, 3, 4, tzinfo=UTC), text="It worked.")
        session.add(reply)
        session.flush()
        reply_id = reply.id
    data = {
        "period_start": "2025-03-03",
        "period_end": "2025-03-09",
        "kpis": [{"label": "Reply rate", "value": 0.5, "previous": 0.5, "unit": "percent"}],
        "stalled": [
            {"name": HOSTILE, "email": "x@example.com", "lesson_slug": "share-credit", "unanswered": 3}
        ],
        "excerpts": [
            {
                "reply_id": reply_id,
                "name": "Dana",
                "lesson_slug": "no-such-lesson",
                "text": "It worked. " * 60,
            },
            {"name": "Unchecked", "lesson_slug": "share-credit", "text": "A quote with no reply behind it"},
        ],
    }
    email = render(
        db,
        kind="digest",
        to_email="lead@example.com",
        lead_id=people.lead_id,
        program_id=people.program_id,
        context=data,
    )
    assert email.subject == f"Weekly digest: Nordics sales leadership, 3{DASH}9 March 2025"
    assert email.list_unsubscribe_url is None and email.preferences_url is None
    assert f"{settings.public_url}/leads/programs/{people.program_id}" in email.text
    assert "Hi Priya," in email.text and "no change" in email.text
    assert "<script" not in email.html and "&lt;script&gt;" in email.html
    excerpt = re.search(r"> (It worked\..*?)\n\n", email.text, re.S)
    assert excerpt is not None and len(flat(excerpt.group(1).replace(">", ""))) <= 280
    assert 'on "no-such-lesson"' in email.text  # an unknown slug is shown as it is, not an error
    assert "Unchecked" not in email.text  # only quotes whose replies are still shared go out


def _invite(db: Database, people: People, focus: str | None, name: str = "Dee Typed") -> int:
    """An invitation from the lead, queued by the enrolment code itself; returns the message id."""
    now = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
    with db.transaction() as session:
        program = session.get(Program, people.program_id)
        assert program is not None
        invitee = Invitee("new.person@example.com", name, "Europe/Oslo", focus)
        _, message = invite(session, program, invitee, people.lead_id, now)
        session.flush()
        return message.id


def test_invitation_names_the_program_and_the_lead_and_links_the_join_page(
    db: Database, settings: Settings, people: People
) -> None:
    email = render_id(db, _invite(db, people, "bring-energy"))
    url = re.search(re.escape(settings.public_url) + r"/subscribe/invite/([A-Za-z0-9_.-]+)", email.text)
    assert url is not None
    with db.session() as session:
        invitation = session.scalars(select(ProgramInvitation)).one()
    assert read_token(settings.secret_key, "join", url.group(1)) == invitation.id
    assert email.list_unsubscribe_url is None
    assert email.subject == "Priya Raman invites you to join Nordics sales leadership"
    assert "Hi Dee," in email.text  # the name the lead typed, never one from our records
    assert "Priya Raman invites you to join Nordics sales leadership" in flat(email.text)
    assert "no second email to confirm" in flat(email.text)
    assert "SUGGESTED FOR YOU\n8. Inject energy" in email.text


@pytest.mark.parametrize(("focus", "suggested"), [("bring-energy", True), (None, False), ("retired", False)])
def test_invitation_from_enrolment_renders(
    db: Database, people: People, focus: str | None, suggested: bool
) -> None:
    message_id = _invite(db, people, focus)
    with db.transaction() as session:
        invitation = session.scalars(select(ProgramInvitation)).one()
        invitation.invited_by_id = None  # the lead's account was deleted since
    email = render_id(db, message_id)
    assert "Your program lead invites you to join Nordics sales leadership" in flat(email.text)
    assert ("SUGGESTED FOR YOU" in email.text) is suggested


def test_an_invitation_queued_before_invitations_existed_is_found_by_address(
    db: Database, settings: Settings, people: People
) -> None:
    _invite(db, people, None)
    with db.session() as session:
        invitation = session.scalars(select(ProgramInvitation)).one()
    email = render(db, kind="invitation", program_id=people.program_id, to_email="new.person@example.com")
    url = re.search(re.escape(settings.public_url) + r"/subscribe/invite/([A-Za-z0-9_.-]+)", email.text)
    assert url is not None and read_token(settings.secret_key, "join", url.group(1)) == invitation.id
