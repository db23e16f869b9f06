"""The enrolment page's "Waiting for an answer" list, and sending an invitation again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from service.db import Database
from service.emails.render import render_email
from service.emails.sample import sample_context
from service.enums import EmailKind, InvitationStatus, MessageStatus
from service.models import Message, Program, ProgramInvitation, utcnow
from service.public.links import token_for
from service.subscriptions.invitations import Invitee, invite
from service.subscriptions.waiting import (
    MAX_EMAILS,
    ResendRefused,
    email_keys,
    resend_invitation,
    waiting_invitations,
    withdraw_invitation,
)
from tests.leads.conftest import World, csrf_token, login


def _invite(db: Database, program_id: int, email: str, *, days_ago: float = 0, name: str = "") -> int:
    """A pending invitation whose first email was queued `days_ago`."""
    when = utcnow() - timedelta(days=days_ago)
    with db.transaction() as session:
        program = session.get_one(Program, program_id)
        invitation, message = invite(session, program, Invitee(email, name), None, when)
        message.created_at = when
        return invitation.id


def _emails(db: Database, invitation_id: int) -> list[str | None]:
    with db.session() as session:
        return list(
            session.scalars(
                select(Message.dedupe_key)
                .where(Message.dedupe_key.in_(email_keys(invitation_id)))
                .order_by(Message.id)
            )
        )


def _age(db: Database, invitation_id: int, days: float) -> None:
    """Every email of the invitation (and the invitation) `days` older."""
    with db.transaction() as session:
        for message in session.scalars(
            select(Message).where(Message.dedupe_key.in_(email_keys(invitation_id)))
        ):
            message.created_at -= timedelta(days=days)
        invitation = session.get_one(ProgramInvitation, invitation_id)
        invitation.created_at -= timedelta(days=days)


def _resend(
    client: FlaskClient, program_id: int, invitation_id: int, *, csrf: bool = True
) -> tuple[int, str]:
    data = {"csrf_token": csrf_token(client, f"/leads/programs/{program_id}/enrol")} if csrf else {}
    response = client.post(f"/leads/programs/{program_id}/invitations/{invitation_id}/resend", data=data)
    return response.status_code, response.headers.get("Location", "")


def test_the_page_lists_only_this_programs_pending_invitations(
    as_lead_a: FlaskClient, world: World, db: Database
) -> None:
    waiting = _invite(db, world.program_a, "nia@example.com", name="Nia Novak")
    accepted = _invite(db, world.program_a, "joined@example.com")
    _invite(db, world.program_b, "other@example.com")
    with db.transaction() as session:
        session.execute(
            update(ProgramInvitation)
            .where(ProgramInvitation.id == accepted)
            .values(status=InvitationStatus.ACCEPTED)
        )
    page = as_lead_a.get(f"/leads/programs/{world.program_a}/enrol").get_data(as_text=True)
    assert "Waiting for an answer (1)" in page
    assert "nia@example.com" in page and "Nia Novak" in page
    assert "joined@example.com" not in page and "other@example.com" not in page
    assert f"/invitations/{waiting}/resend" not in page  # sent today: no button yet
    assert "Send again from" in page


def test_the_list_says_when_an_invitations_link_has_expired(
    as_lead_a: FlaskClient, world: World, db: Database
) -> None:
    _invite(db, world.program_a, "stale@example.com", days_ago=31)
    _invite(db, world.program_a, "fresh@example.com", days_ago=29)
    page = as_lead_a.get(f"/leads/programs/{world.program_a}/enrol").get_data(as_text=True)
    rows = {
        name: page[page.index(f'<td data-label="Invited" class="lead-cell">{name}@') :]
        for name in ("stale", "fresh")
    }
    rows = {name: row.split("</tr>", 1)[0] for name, row in rows.items()}
    assert (
        "Link expired" in rows["stale"] and "Send again: the invitation to stale@example.com" in rows["stale"]
    )
    assert "Link expired" not in rows["fresh"]
    with db.session() as session:
        _, views = waiting_invitations(session, world.program_a)
    expiry = {view.email: view.link_expires_at - view.last_sent_at for view in views}
    assert set(expiry.values()) == {timedelta(days=30)}


def test_resending_waits_a_week_then_sends_twice_at_most(db: Database, world: World) -> None:
    invitation_id = _invite(db, world.program_a, "nia@example.com")
    with db.transaction() as session, pytest.raises(ResendRefused) as refused:
        resend_invitation(session, world.program_a, invitation_id, utcnow())
    assert refused.value.reason == "too_soon" and refused.value.resend_from is not None
    for reminder in range(1, MAX_EMAILS):
        _age(db, invitation_id, 7.01)
        with db.transaction() as session:
            message = resend_invitation(session, world.program_a, invitation_id, utcnow())
            assert (message.kind, message.to_email) == (EmailKind.INVITATION, "nia@example.com")
            assert message.context["reminder"] is True
        assert len(_emails(db, invitation_id)) == reminder + 1
    _age(db, invitation_id, 30)
    with db.transaction() as session, pytest.raises(ResendRefused) as refused:
        resend_invitation(session, world.program_a, invitation_id, utcnow())
    assert refused.value.reason == "enough"
    assert _emails(db, invitation_id) == email_keys(invitation_id)
    with db.session() as session:
        _, [view] = waiting_invitations(session, world.program_a)
    assert (view.emails, view.resend_from) == (MAX_EMAILS, None)


def test_a_lead_sends_again_from_the_page_and_the_reminder_renders(
    as_lead_a: FlaskClient, world: World, db: Database
) -> None:
    invitation_id = _invite(db, world.program_a, "nia@example.com", days_ago=8)
    page = as_lead_a.get(f"/leads/programs/{world.program_a}/enrol").get_data(as_text=True)
    assert f"/invitations/{invitation_id}/resend" in page
    status, location = _resend(as_lead_a, world.program_a, invitation_id)
    assert (status, location) == (303, f"/leads/programs/{world.program_a}/enrol#waiting")
    assert len(_emails(db, invitation_id)) == 2
    page = as_lead_a.get(location).get_data(as_text=True)
    assert page.index('id="waiting"') < page.index("Invitation sent again to nia@example.com")
    status, _ = _resend(as_lead_a, world.program_a, invitation_id)  # a second click: refused, nothing sent
    assert status == 303 and len(_emails(db, invitation_id)) == 2
    assert "less than a week ago" in as_lead_a.get(location).get_data(as_text=True)


BAD_REQUESTS = [
    ("no_csrf", 400),
    ("other_program_invitation", 404),
    ("unknown_invitation", 404),
    ("program_not_led", 404),
    ("accepted", 303),
    ("signed_out", 302),
    ("get", 405),
]


@pytest.mark.parametrize(("case", "expected"), BAD_REQUESTS)
def test_bad_resend_requests_send_nothing(
    client: FlaskClient, world: World, db: Database, case: str, expected: int
) -> None:
    status, _, mine, theirs = _bad_request(client, world, db, case, "resend", days_ago=8)
    assert status in (expected, 403) if case == "program_not_led" else status == expected
    assert len(_emails(db, mine)) == 1 and len(_emails(db, theirs)) == 1


def _bad_request(
    client: FlaskClient, world: World, db: Database, case: str, action: str, *, days_ago: float = 0
) -> tuple[int, str, int, int]:
    """One of BAD_REQUESTS to `action` (resend, withdraw): (status, Location, lead A's invitation, B's)."""
    mine = _invite(db, world.program_a, "nia@example.com", days_ago=days_ago)
    theirs = _invite(db, world.program_b, "other@example.com", days_ago=days_ago)
    if case != "signed_out":
        login(client, world.lead_a.email)
    program, invitation = world.program_a, mine
    if case == "other_program_invitation":
        invitation = theirs
    elif case == "unknown_invitation":
        invitation = 999_999
    elif case == "program_not_led":
        program, invitation = world.program_b, theirs
    elif case == "accepted":
        with db.transaction() as session:
            session.get_one(ProgramInvitation, mine).status = InvitationStatus.ACCEPTED
    path = f"/leads/programs/{program}/invitations/{invitation}/{action}"
    if case == "get":
        response = client.get(path)
    else:  # a valid form from lead A's own enrol page (B's is not theirs), or, signed out, the login page
        form_page = "/leads/login" if case == "signed_out" else f"/leads/programs/{world.program_a}/enrol"
        data = {} if case == "no_csrf" else {"csrf_token": csrf_token(client, form_page)}
        response = client.post(path, data=data)
    return response.status_code, response.headers.get("Location", ""), mine, theirs


@pytest.mark.parametrize("reminder", [False, True])
def test_a_reminder_says_so_in_its_subject_and_first_lines(reminder: bool) -> None:
    context = {**sample_context("invitation"), "reminder": reminder}
    rendered = render_email("invitation", context)
    assert rendered.subject.startswith("Reminder: ") is reminder
    assert ("in case the first invitation got buried" in rendered.text) is reminder
    assert ("in case the first invitation got buried" in rendered.html) is reminder


def _withdraw(client: FlaskClient, program_id: int, invitation_id: int) -> tuple[int, str]:
    data = {"csrf_token": csrf_token(client, f"/leads/programs/{program_id}/enrol")}
    response = client.post(f"/leads/programs/{program_id}/invitations/{invitation_id}/withdraw", data=data)
    return response.status_code, response.headers.get("Location", "")


def _statuses(db: Database, invitation_id: int) -> list[tuple[str, str | None]]:
    with db.session() as session:
        return [
            (row.status, row.last_error)
            for row in session.execute(
                select(Message.status, Message.last_error)
                .where(Message.dedupe_key.in_(email_keys(invitation_id)))
                .order_by(Message.id)
            )
        ]


def test_a_lead_withdraws_an_invitation_its_link_stops_and_its_queued_email_is_never_sent(
    app: Flask, as_lead_a: FlaskClient, world: World, db: Database
) -> None:
    invitation_id = _invite(db, world.program_a, "nia@example.com", name="Nia Novak")
    with app.app_context():
        link = f"/subscribe/invite/{token_for('join', invitation_id)}"
    assert "<title>Join " in as_lead_a.get(link).get_data(as_text=True)  # titled as it is headed
    join_form_token = csrf_token(as_lead_a, link)  # the join page, opened before the withdrawal
    page = as_lead_a.get(f"/leads/programs/{world.program_a}/enrol").get_data(as_text=True)
    assert f"/invitations/{invitation_id}/withdraw" in page
    assert 'aria-label="Withdraw the invitation to nia@example.com"' in page
    assert 'data-confirm="Withdraw the invitation to nia@example.com?' in page  # asked before it goes

    status, location = _withdraw(as_lead_a, world.program_a, invitation_id)

    assert (status, location) == (303, f"/leads/programs/{world.program_a}/enrol#waiting")
    page = as_lead_a.get(location).get_data(as_text=True)
    # The answer shows in the list the redirect scrolls to, not above the forms.
    assert page.index('id="waiting"') < page.index("Invitation to nia@example.com withdrawn")
    assert "Waiting for an answer (0)" in page and "Nia Novak" not in page
    with db.session() as session:
        assert session.get(ProgramInvitation, invitation_id) is None
    assert _statuses(db, invitation_id) == [(MessageStatus.SKIPPED, "invitation withdrawn")]
    gone = as_lead_a.get(link)
    assert gone.status_code == 404 and "This invitation is no longer open" in gone.get_data(as_text=True)
    late = as_lead_a.post(link, data={"csrf_token": join_form_token, "name": "Nia", "timezone": "UTC"})
    assert late.status_code == 404  # its form, sent after the withdrawal, joins nothing
    with db.session() as session:
        assert (
            session.scalar(select(ProgramInvitation.id).where(ProgramInvitation.email == "nia@example.com"))
            is None
        )
    again = _invite(db, world.program_a, "nia@example.com")  # the address can be invited afresh
    assert again != invitation_id and _statuses(db, again) == [(MessageStatus.QUEUED, None)]
    assert as_lead_a.get(link).status_code == 404  # the withdrawn link never opens the new invitation


def test_withdrawing_leaves_sent_emails_as_they_were_and_other_invitations_alone(
    db: Database, world: World
) -> None:
    mine = _invite(db, world.program_a, "nia@example.com", days_ago=8)
    other = _invite(db, world.program_a, "omar@example.com")
    with db.transaction() as session:
        session.execute(
            update(Message).where(Message.dedupe_key == email_keys(mine)[0]).values(status=MessageStatus.SENT)
        )
        resend_invitation(session, world.program_a, mine, utcnow())
    with db.transaction() as session:
        assert withdraw_invitation(session, world.program_a, mine) == "nia@example.com"
    assert _statuses(db, mine) == [
        (MessageStatus.SENT, None),
        (MessageStatus.SKIPPED, "invitation withdrawn"),
    ]
    assert _statuses(db, other) == [(MessageStatus.QUEUED, None)]
    with db.session() as session:
        assert [view.email for view in waiting_invitations(session, world.program_a)[1]] == [
            "omar@example.com"
        ]


@pytest.mark.parametrize(("case", "expected"), BAD_REQUESTS)
def test_bad_withdraw_requests_withdraw_nothing(
    client: FlaskClient, world: World, db: Database, case: str, expected: int
) -> None:
    status, location, mine, theirs = _bad_request(client, world, db, case, "withdraw")
    if case == "accepted":
        assert "leaving the program is up to the manager" in client.get(location).get_data(as_text=True)
    assert status in (expected, 403) if case == "program_not_led" else status == expected
    with db.session() as session:
        assert session.get(ProgramInvitation, mine) is not None
        assert session.get(ProgramInvitation, theirs) is not None
    assert _statuses(db, mine) == [(MessageStatus.QUEUED, None)]
    assert _statuses(db, theirs) == [(MessageStatus.QUEUED, None)]
