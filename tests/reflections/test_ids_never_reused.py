"""An erased manager's links, or a deleted reply's, never open anything of the person who comes next.

Links name row ids. SQLite handed a new row the highest id plus one, so the next manager after an
erasure took the erased manager's ids, and the old links opened the new person's reflections
(migration 0018 makes those ids AUTOINCREMENT). Separately, a token signed before its row was made is
never for that row (service/public/links.py `subject`).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import time as clock
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner
from sqlalchemy import select, update
from werkzeug.test import TestResponse

from service.db import Database
from service.enums import InvitationStatus, ReplyCommand
from service.models import (
    Commitment,
    Manager,
    Message,
    PendingChange,
    Program,
    ProgramInvitation,
    Reply,
    Subscription,
    utcnow,
)
from service.public.links import MADE_AT
from service.tokens import MAX_AGE, make_token
from tests.reflections.conftest import page_token, post_with_csrf

LESSON = "share-credit"
BROKEN = "This link doesn&#39;t work"
CLOSED_INVITATION = "This invitation is no longer open"

# Every link purpose: the page it opens, the row it names, and the query a working link needs.
PAGES: dict[str, tuple[str, str]] = {
    "reflections": ("/reflections/{t}", "manager"),
    "invite": ("/subscribe/invite/{t}", "manager"),  # older invitation links named the manager
    "confirm": ("/confirm/{t}", "subscription"),
    "preferences": ("/preferences/{t}", "subscription"),
    "unsubscribe": ("/unsubscribe/{t}", "subscription"),
    "confirm-change": ("/confirm/{t}", "change"),
    "join": ("/subscribe/invite/{t}", "invitation"),
    "command": ("/commands/{t}", "command_reply"),
    "commitment": ("/commitments/{t}", "checkback"),
    "lesson": ("/lessons/{t}?lesson=" + LESSON, "handover"),
    "question": ("/answer/{t}", "question"),
    "move": ("/moves/{t}", "nudge"),
}


def test_every_purpose_has_a_page_here() -> None:
    assert set(PAGES) == set(MAX_AGE)


@dataclass(frozen=True)
class Person:
    """A manager in a program with one row of every kind a link can name."""

    email: str
    manager: int
    subscription: int
    change: int
    invitation: int
    reflection_reply: int
    command_reply: int
    commitment: int
    checkback: int
    handover: int
    question: int
    nudge: int


def _message(session, manager: Manager, kind: str, content_id: str, **fields) -> Message:  # type: ignore[no-untyped-def]
    now = utcnow()
    assert manager.subscription is not None
    message = Message(
        subscription_id=manager.subscription.id, manager_id=manager.id, kind=kind, lesson_slug=LESSON,
        content_id=content_id, to_email=manager.email, status="sent", reply_token=secrets.token_hex(16),
        due_at=now, sent_at=now, **fields,
    )  # fmt: skip
    session.add(message)
    session.flush()
    return message


def _reply(session, manager: Manager, message: Message, text: str, command: str | None = None) -> Reply:  # type: ignore[no-untyped-def]
    reply = Reply(
        message_id=message.id, manager_id=manager.id, from_email=manager.email, subject="Re: x", text=text,
        word_count=len(text.split()), command=command, matched_by="token",
    )  # fmt: skip
    session.add(reply)
    session.flush()
    return reply


def add_person(db: Database, email: str, name: str) -> Person:
    """A new manager, as the service makes them: every row gets whatever id the database hands out."""
    with db.transaction() as session:
        program = session.scalars(select(Program).where(Program.name == "Formula")).first()
        if program is None:
            program = Program(name="Formula")
            session.add(program)
            session.flush()
        manager = Manager(email=email, name=name, timezone="Europe/Berlin", program_id=program.id)
        session.add(manager)
        session.flush()
        subscription = Subscription(
            manager_id=manager.id, lesson_slug=LESSON, status="active", send_time=clock(9, 0),
            confirmed_at=utcnow(), lesson_started_at=utcnow(), next_due_at=utcnow() + timedelta(days=30),
        )  # fmt: skip
        session.add(subscription)
        session.flush()
        session.refresh(manager)
        change = PendingChange(
            subscription_id=subscription.id, name=name, timezone="Europe/Berlin", lesson_slug=LESSON,
            send_time=clock(8, 0), weekdays="mon,wed", intensity="standard",
        )  # fmt: skip
        invitation = ProgramInvitation(program_id=program.id, email=email, name=name,
                                       status=InvitationStatus.PENDING)  # fmt: skip
        session.add_all([change, invitation])
        prompt = _message(session, manager, "prompt", f"{LESSON}.p1")
        reflection = _reply(session, manager, prompt, f"{name} wrote this about crediting Dana")
        commitment = Commitment(
            manager_id=manager.id, reply_id=reflection.id, position=0, lesson_slug=LESSON,
            content_id=f"{LESSON}.p1", text=f"{name} will thank Dana", made_at=utcnow(),
            made_on=utcnow().date(), due_on=utcnow().date() + timedelta(days=3), status="open",
        )  # fmt: skip
        session.add(commitment)
        session.flush()
        command = _reply(session, manager, prompt, "pause for 2 weeks", ReplyCommand.UNCONFIRMED)
        checkback = _message(
            session, manager, "commitment", f"{LESSON}.c", context={"commitment_id": commitment.id}
        )
        handover = _message(session, manager, "handover", f"{LESSON}.h")
        question = _message(session, manager, "notice", "notice", context={"subject": "Did you mean: pause?"})
        nudge = _message(session, manager, "nudge", f"{LESSON}.n2")
        session.flush()
        return Person(
            email, manager.id, subscription.id, change.id, invitation.id, reflection.id, command.id,
            commitment.id, checkback.id, handover.id, question.id, nudge.id,
        )  # fmt: skip


def links(app: Flask, person: Person) -> dict[str, str]:
    """Every link the person could have been emailed, one per purpose."""
    secret = app.config["SECRET_KEY"]
    return {
        purpose: page.format(t=make_token(secret, purpose, getattr(person, field)))
        for purpose, (page, field) in PAGES.items()
    }


def assert_works(response: TestResponse, purpose: str) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code in (200, 409), (purpose, response.status_code)  # 409: a command page
    assert BROKEN not in html and CLOSED_INVITATION not in html, purpose


def assert_broken(response: TestResponse, purpose: str, *, strangers: tuple[str, ...]) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code in (400, 404, 410), (purpose, response.status_code)
    assert BROKEN in html or (purpose in ("join", "invite") and CLOSED_INVITATION in html), purpose
    for stranger in strangers:
        assert stranger not in html, (purpose, stranger)


def test_an_erased_managers_links_never_open_the_next_managers_data(
    app: Flask, client: FlaskClient, db: Database
) -> None:
    """QA's find: after "Delete all my data" the next manager got the erased one's ids, and the old
    reflections link showed "My reflections For formula@example.com"."""
    erased = add_person(db, "erased@example.com", "Erika Erased")
    old = links(app, erased)
    for purpose, link in old.items():
        assert_works(client.get(link), purpose)
    assert "erased@example.com" in client.get(old["reflections"]).get_data(as_text=True)

    response = post_with_csrf(client, old["reflections"], old["reflections"] + "/erase", {"understood": "y"})
    assert response.status_code == 303
    with db.session() as session:
        assert session.get(Manager, erased.manager) is None

    formula = add_person(db, "formula@example.com", "Fiona Formula")
    reused = {field: getattr(erased, field) for field in vars(erased) if field != "email"}
    reused = {field: value for field, value in reused.items() if getattr(formula, field) == value}
    assert reused == {}  # no id of the erased person is handed out again

    for purpose, link in old.items():
        assert_broken(client.get(link), purpose, strangers=("formula@example.com", "Fiona", "Formula"))
    for purpose, link in links(app, formula).items():
        assert_works(client.get(link), purpose)
    page = client.get(links(app, formula)["reflections"]).get_data(as_text=True)
    assert "formula@example.com" in page and "Fiona Formula wrote this" in page


def test_a_deleted_replys_links_never_open_a_later_reply(
    app: Flask, client: FlaskClient, db: Database
) -> None:
    """My reflections → Delete removes the reply and the commitment taken from it; the next reply,
    anyone's, and the next commitment get new ids, so the old command and check-back links stay dead."""
    first = add_person(db, "first@example.com", "Frida First")
    old = links(app, first)
    reflections = f"/reflections/{page_token(app, first.manager)}"
    for reply_id in (first.reflection_reply, first.command_reply):
        response = post_with_csrf(client, reflections, f"{reflections}/replies/{reply_id}/delete")
        assert response.status_code == 303, reply_id
    with db.session() as session:
        assert session.get(Reply, first.command_reply) is None
        assert session.get(Commitment, first.commitment) is None

    second = add_person(db, "second@example.com", "Sigrid Second")
    assert second.command_reply > first.command_reply and second.reflection_reply > first.reflection_reply
    assert second.commitment > first.commitment
    for purpose in ("command", "commitment"):
        assert_broken(client.get(old[purpose]), purpose, strangers=("second@example.com", "Sigrid"))
    new = links(app, second)
    assert_works(client.get(new["command"]), "command")
    assert "Sigrid Second will thank Dana" in client.get(new["commitment"]).get_data(as_text=True)


def signed_before_now(app: Flask, purpose: str, subject_id: int, seconds: int) -> str:
    """A genuine token for `purpose`, signed `seconds` ago (itsdangerous stamps it when signing)."""
    original = TimestampSigner.get_timestamp
    TimestampSigner.get_timestamp = lambda self: int(time.time()) - seconds  # type: ignore[method-assign]
    try:
        return make_token(app.config["SECRET_KEY"], purpose, subject_id)
    finally:
        TimestampSigner.get_timestamp = original  # type: ignore[method-assign]


@pytest.mark.parametrize("purpose", sorted(PAGES))
def test_a_token_signed_before_its_row_was_made_is_refused(
    app: Flask, client: FlaskClient, db: Database, purpose: str
) -> None:
    """Ids freed before migration 0018 may still come round once: the link signed for the old row is
    older than the new one and is refused like a tampered link; a link signed after the row works."""
    person = add_person(db, "later@example.com", "Luca Later")
    page, field = PAGES[purpose]
    subject_id = getattr(person, field)
    before = page.format(t=signed_before_now(app, purpose, subject_id, 3600))
    response = client.get(before)
    assert_broken(response, purpose, strangers=("later@example.com", "Luca"))
    assert response.status_code == 400 and BROKEN in response.get_data(as_text=True)
    assert_works(client.get(page.format(t=signed_before_now(app, purpose, subject_id, 0))), purpose)


@pytest.mark.parametrize(
    ("made_after_signing", "works"), [(timedelta(seconds=3), True), (timedelta(minutes=1), False)]
)
def test_a_row_stamped_a_little_after_its_links_signing_time_is_within_the_clock_tolerance(
    app: Flask, client: FlaskClient, db: Database, made_after_signing: timedelta, works: bool
) -> None:
    """Signing times are whole seconds and rows are stamped by whichever host made them."""
    person = add_person(db, "close@example.com", "Cleo Close")
    with db.transaction() as session:
        made = utcnow() + made_after_signing
        session.execute(update(Manager).where(Manager.id == person.manager).values(created_at=made))
    response = client.get(f"/reflections/{signed_before_now(app, 'reflections', person.manager, 0)}")
    if works:
        assert_works(response, "reflections")
    else:
        assert_broken(response, "reflections", strangers=("close@example.com",))


def test_every_row_a_link_names_says_when_it_was_made() -> None:
    named = {Manager, Subscription, PendingChange, ProgramInvitation, Reply, Message}
    assert set(MADE_AT) == named
    for model, column in MADE_AT.items():
        assert not model.__table__.c[column].nullable, model


def test_the_api_refuses_a_join_token_signed_before_its_invitation(
    app: Flask, client: FlaskClient, db: Database
) -> None:
    person = add_person(db, "api@example.com", "Api Person")
    with db.session() as session:
        invitation = session.get(ProgramInvitation, person.invitation)
        assert invitation is not None
        program_id, email = invitation.program_id, invitation.email
    body = {"email": email, "name": "Api Person", "focus": LESSON, "timezone": "Europe/Berlin",
            "send_time": "08:30", "weekdays": ["mon"], "program_id": program_id}  # fmt: skip
    old = signed_before_now(app, "join", person.invitation, 3600)
    refused = client.post("/api/v1/subscriptions", json={**body, "invitation": old})
    assert refused.status_code == 422 and "program_id" in refused.get_json()["errors"]
    fresh = signed_before_now(app, "join", person.invitation, 0)
    assert client.post("/api/v1/subscriptions", json={**body, "invitation": fresh}).status_code == 202
