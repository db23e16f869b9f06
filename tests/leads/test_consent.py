"""Consent before membership (issue 12): enrolling an address invites it; only its owner joins.

Each test here failed on the code before invitations existed: enrolling an independent subscriber
set their program at once, answered differently for known addresses, and showed the lead their
schedule, emails and reply times without the person ever saying yes.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.db import Database
from service.emails import render_message
from service.enums import InvitationStatus
from service.models import (
    Commitment,
    CommitmentOutcome,
    Manager,
    Message,
    ProgramInvitation,
    Reply,
    Subscription,
    utcnow,
)
from service.settings import current_settings
from tests.leads.conftest import World, add_message, add_reply, csrf_token, login, make_manager

STATES = [
    "unknown",
    "pending",
    "active",
    "paused",
    "unsubscribed",
    "expired",
    "no subscription",
    "other program",
]
SECRET_WORDS = "I never told my VP about the forecast"


def _enrol(client: FlaskClient, world: World, rows: list[dict[str, Any]]) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/programs/{world.program_a}/managers",
        json={"managers": rows},
        headers={"Authorization": f"Bearer {world.lead_a.token}"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def _person(db: Database, world: World, state: str, email: str) -> int | None:
    """Someone at `email` in `state`, with an emailed prompt and a private reply; their manager id."""
    if state == "unknown":
        return None
    program = world.program_b if state == "other program" else None
    status = {"no subscription": "invited", "other program": "active"}.get(state, state)
    now = utcnow()
    with db.transaction() as session:
        manager = make_manager(session, program, email, status=status, name="Indie Person", share=True)  # type: ignore[arg-type]
        if manager.subscription is not None:
            sent, replied = now - timedelta(days=3), now - timedelta(days=2)
            prompt = add_message(
                session, manager, "prompt", sent, content_id="share-credit.p1", replied_at=replied
            )
            add_reply(session, prompt, SECRET_WORDS, now - timedelta(days=2))
        return manager.id


@pytest.mark.parametrize("state", STATES)
def test_a_known_address_gets_the_same_answer_as_an_unknown_one_and_is_not_attached(
    client: FlaskClient, db: Database, world: World, state: str
) -> None:
    manager_id = _person(db, world, state, "someone@example.com")
    body = _enrol(client, world, [{"email": "someone@example.com", "name": "Typed By Lead"}])
    assert body == {
        "invited": 1,
        "already_enrolled": 0,
        "duplicates": 0,
        "errors": 0,
        "rows": [{"row": 1, "email": "someone@example.com", "status": "invited", "errors": {}}],
    }
    with db.session() as session:
        if manager_id is not None:
            manager = session.get(Manager, manager_id)
            assert manager is not None
            assert manager.program_id == (world.program_b if state == "other program" else None)
            assert manager.name == "Indie Person"  # nothing the lead typed reaches the person's record
        invitation = session.scalars(select(ProgramInvitation)).one()
        assert (invitation.program_id, invitation.email, invitation.status, invitation.invited_by_id) == (
            world.program_a,
            "someone@example.com",
            InvitationStatus.PENDING,
            world.lead_a.id,
        )
        [message] = session.scalars(select(Message).where(Message.kind == "invitation")).all()
        assert (message.to_email, message.manager_id, message.subscription_id) == (
            "someone@example.com",
            None,
            None,
        )


def test_the_lead_sees_nothing_of_an_independent_subscriber_who_did_not_accept(
    client: FlaskClient, db: Database, world: World
) -> None:
    manager_id = _person(db, world, "active", "indie@example.com")
    _enrol(client, world, [{"email": "indie@example.com"}])
    login(client, world.lead_a.email)
    program = f"/leads/programs/{world.program_a}"
    for path in (program, f"{program}/managers", f"{program}/managers?q=indie", f"{program}/export.csv"):
        page = client.get(path).get_data(as_text=True)
        assert "indie@example.com" not in page and "Indie Person" not in page, path
    assert client.get(f"{program}/managers/{manager_id}").status_code == 404
    api = client.get(
        f"/api/v1/programs/{world.program_a}/engagement",
        headers={"Authorization": f"Bearer {world.lead_a.token}"},
    ).get_data(as_text=True)
    assert "indie@example.com" not in api and "Indie" not in api


def _join_link(db: Database, app: Flask, email: str) -> str:
    """The join path in the invitation email sent to `email`, as its recipient reads it."""
    with app.app_context(), db.session() as session:
        message = session.scalars(
            select(Message).where(Message.kind == "invitation", Message.to_email == email)
        ).one()
        text = render_message(message, session).text
    match = re.search(re.escape(current_settings().public_url) + r"(/subscribe/invite/[A-Za-z0-9_.-]+)", text)
    assert match is not None
    return match.group(1)


def test_accepting_by_post_from_the_link_joins_with_sharing_off(
    app: Flask, client: FlaskClient, db: Database, world: World
) -> None:
    manager_id = _person(db, world, "active", "indie@example.com")
    _enrol(client, world, [{"email": "indie@example.com"}])
    path = _join_link(db, app, "indie@example.com")
    page = client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Join Program A" in html and "lead.a@example.com invited you" in html
    with db.session() as session:  # showing the page (a mail scanner following the link) changes nothing
        assert session.scalars(select(Manager.program_id).where(Manager.id == manager_id)).one() is None
    csrf = csrf_token(client, path)
    joined = client.post(path, data={"csrf_token": csrf})
    assert joined.status_code == 303 and "/preferences/" in joined.headers["Location"]
    with db.session() as session:
        manager = session.get(Manager, manager_id)
        assert manager is not None and manager.program_id == world.program_a
        assert manager.sharing_since is None  # "sharing" outside any program was consent for no lead
        assert manager.subscription is not None and manager.subscription.status == "active"
        kinds = list(session.scalars(select(Message.kind).where(Message.manager_id == manager_id)))
        assert "confirm" not in kinds and "welcome" not in kinds  # already subscribed: nothing to confirm
    again = client.post(path, data={"csrf_token": csrf})  # a second press changes nothing
    assert again.status_code == 200 and "joined Program A" in again.get_data(as_text=True)
    login(client, world.lead_a.email)
    timeline = client.get(f"/leads/programs/{world.program_a}/managers/{manager_id}")
    assert timeline.status_code == 200
    assert SECRET_WORDS not in timeline.get_data(as_text=True)  # shared before joining: not with this lead


def test_enrolling_again_sends_no_second_invitation_and_a_member_is_already_enrolled(
    client: FlaskClient, db: Database, world: World
) -> None:
    first = _enrol(client, world, [{"email": "new@example.com"}, {"email": "ann@example.com"}])
    again = _enrol(client, world, [{"email": "NEW@example.com"}, {"email": "new@example.com"}])
    assert [row["status"] for row in first["rows"]] == ["invited", "already-enrolled"]
    assert [row["status"] for row in again["rows"]] == ["invited", "duplicate"]
    with db.session() as session:
        assert len(session.scalars(select(Message).where(Message.kind == "invitation")).all()) == 1
        assert (
            session.scalars(
                select(Subscription).join(Manager).where(Manager.email == "new@example.com")
            ).first()
            is None
        )


def test_erasing_a_manager_forgets_the_invitations_to_their_address(
    client: FlaskClient, db: Database, world: World
) -> None:
    from service.reflections.erasure import ERASED_ADDRESS, erase_manager

    _enrol(client, world, [{"email": "bob@example.com", "name": "Bob as typed"}])
    with db.transaction() as session:
        bob = session.get(Manager, world.manager_b)
        assert bob is not None
        erase_manager(session, bob)
    with db.session() as session:
        assert session.scalars(select(ProgramInvitation)).all() == []
        [invitation] = session.scalars(select(Message).where(Message.kind == "invitation")).all()
        assert (invitation.to_email, invitation.context, invitation.status) == (ERASED_ADDRESS, {}, "skipped")


def test_after_joining_the_lead_sees_nothing_of_what_happened_before(
    app: Flask, client: FlaskClient, db: Database, world: World
) -> None:
    """The join page promises "Nothing from before you join is shown to them": no emails, reply
    times or counts, commitments or their outcomes from before, on any lead surface."""
    manager_id = _person(db, world, "active", "indie@example.com")  # p1 answered before joining
    with db.transaction() as session:
        manager = session.get_one(Manager, manager_id)
        before = session.scalars(select(Reply).where(Reply.manager_id == manager_id)).one()
        made = before.received_at
        promise = Commitment(
            manager_id=manager_id, reply_id=before.id, text="I will credit Marco.", made_at=made,
            made_on=made.date(), due_on=made.date(), status="open",
        )  # fmt: skip
        promise.outcomes.append(CommitmentOutcome(outcome="not_yet", source="link", new_due_on=made.date()))
        session.add(promise)
    _enrol(client, world, [{"email": "indie@example.com"}])
    path = _join_link(db, app, "indie@example.com")
    joined = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert joined.status_code == 303
    preferences = joined.headers["Location"]  # sharing starts off: the manager turns it on for this lead
    shared = client.post(
        f"{preferences}/sharing", data={"csrf_token": csrf_token(client, preferences), "share": "y"}
    )
    assert shared.status_code == 303
    now = utcnow()
    with db.transaction() as session:  # one prompt sent, and answered, in the program
        manager = session.get_one(Manager, manager_id)
        inside = add_message(session, manager, "prompt", now, content_id="share-credit.p3", replied_at=now)
        add_reply(session, inside, "Answered inside the program, in a few words.", now)
    login(client, world.lead_a.email)
    program = f"/leads/programs/{world.program_a}"
    page = client.get(f"{program}/managers/{manager_id}").get_data(as_text=True)
    assert "A time someone gave you the credit" in page  # p3, sent in the program
    assert "The names missing from your last win" not in page  # p1, sent before
    assert "Answered inside the program" in page  # shared from joining on
    assert (
        "Private reply" not in page and SECRET_WORDS not in page
    )  # the reply from before: not even its time
    assert "Commitment: not yet" not in page
    assert "0 made · 0 kept · 0 open · 0 dropped" in page
    rows = list(csv.DictReader(io.StringIO(client.get(f"{program}/export.csv").get_data(as_text=True)[1:])))
    [row] = [r for r in rows if r["email"] == "indie@example.com"]
    assert (row["replies"], row["current_streak"]) == ("1", "1")
    listed = client.get(f"{program}/managers", query_string={"q": "indie", "sort": "replies"})
    assert listed.status_code == 200 and ">1<" in listed.get_data(as_text=True).split("indie@example.com")[1]
