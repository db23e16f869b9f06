"""Deleting one reply, erasing everything (after a confirmation), sharing an earlier reply one by one."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service.db import Database
from service.models import (
    Commitment,
    CommitmentOutcome,
    InboundPost,
    Manager,
    Message,
    ProgramInvitation,
    Reply,
    Subscription,
    utcnow,
)
from service.reflections.erasure import ERASED_ADDRESS
from service.sharing import lead_can_read
from tests.leads.conftest import World, add_message, login
from tests.reflections.conftest import NEWER, OLDER, Mine, page_token, post_with_csrf


def test_deleting_a_reply_removes_it_its_raw_post_and_its_commitments_but_keeps_the_reply_count(
    app: Flask, client: FlaskClient, db: Database, mine: Mine
) -> None:
    page = f"/reflections/{page_token(app, mine.manager_id)}"
    response = post_with_csrf(client, page, f"{page}/replies/{mine.newer_id}/delete")
    assert response.status_code == 303 and response.headers["Location"] == page
    html = client.get(page).get_data(as_text=True)
    assert "The reply is deleted" in html and "NEWER reply" not in html and "OLDER reply" in html
    assert "thank Dana" not in client.get(f"{page}/download.md").get_data(as_text=True)
    with db.session() as session:
        assert session.get(Reply, mine.newer_id) is None
        assert session.get(InboundPost, mine.post_id) is None
        assert session.get(Commitment, mine.commitment_id) is None
        assert session.scalar(select(func.count()).select_from(CommitmentOutcome)) == 0
        replied = session.scalars(select(Message.replied_at).where(Message.manager_id == mine.manager_id))
        assert sum(1 for at in replied if at is not None) == 3  # the emails still count as answered
    again = post_with_csrf(client, page, f"{page}/replies/{mine.newer_id}/delete")  # the back button
    assert again.status_code == 404
    said = again.get_data(as_text=True)
    assert "That reply isn" in said and "deleted already" in said and f'href="{page}"' in said


def test_deleting_a_reply_drops_the_raw_emails_of_later_replies_that_may_quote_it(
    app: Flask, client: FlaskClient, db: Database, mine: Mine
) -> None:
    """QA: after "Delete", the deleted words were still in the raw email of the next reply, quoted by
    the manager's mail program under their answer; the later reply's own words stay."""
    with db.transaction() as session:
        older = session.get_one(Reply, mine.older_id)
        newer = session.get_one(Reply, mine.newer_id)
        own = InboundPost(content_type="text/plain", body=OLDER.encode(), status="processed")
        quoting = InboundPost(
            content_type="text/plain", body=f"Later.\n> {OLDER}".encode(), status="processed"
        )
        session.add_all([own, quoting])
        session.flush()
        older.inbound_post_id, newer.inbound_post_id = own.id, quoting.id
        own_id, quoting_id = own.id, quoting.id
    page = f"/reflections/{page_token(app, mine.manager_id)}"
    assert post_with_csrf(client, page, f"{page}/replies/{mine.older_id}/delete").status_code == 303
    with db.session() as session:
        assert session.get(InboundPost, own_id) is None  # the deleted reply's own email
        assert session.get(InboundPost, quoting_id) is None  # a later one, which quoted it
        later = session.get_one(Reply, mine.newer_id)
        assert (later.text, later.inbound_post_id) == (NEWER, None)


def test_deleting_the_newest_reply_keeps_the_raw_emails_of_earlier_ones(
    app: Flask, client: FlaskClient, db: Database, mine: Mine
) -> None:
    with db.transaction() as session:
        earlier = InboundPost(content_type="text/plain", body=OLDER.encode(), status="processed")
        session.add(earlier)
        session.flush()
        session.get_one(Reply, mine.older_id).inbound_post_id = earlier.id
        earlier_id = earlier.id
    page = f"/reflections/{page_token(app, mine.manager_id)}"
    assert post_with_csrf(client, page, f"{page}/replies/{mine.newer_id}/delete").status_code == 303
    with db.session() as session:
        assert session.get(InboundPost, mine.post_id) is None
        assert session.get(InboundPost, earlier_id) is not None
        assert session.get_one(Reply, mine.older_id).inbound_post_id == earlier_id


def test_a_followup_quoting_a_deleted_reply_is_not_sent_and_check_backs_forget_its_words(
    app: Flask, client: FlaskClient, db: Database, mine: Mine
) -> None:
    with db.transaction() as session:
        manager = session.get(Manager, mine.manager_id)
        assert manager is not None
        followup = add_message(session, manager, "followup", utcnow() + timedelta(days=1),
                               content_id="share-credit.f1")  # fmt: skip
        followup.status = "queued"
        followup.context = {"quote": NEWER, "reply_id": mine.newer_id}
        checkback = add_message(session, manager, "commitment", utcnow() - timedelta(days=1))
        checkback.context = {"commitment_id": mine.commitment_id, "text": "I'll thank Dana in the team call"}
        followup_id, checkback_id = followup.id, checkback.id
    page = f"/reflections/{page_token(app, mine.manager_id)}"
    assert post_with_csrf(client, page, f"{page}/replies/{mine.newer_id}/delete").status_code == 303
    with db.session() as session:
        followup = session.get(Message, followup_id)
        assert followup is not None
        assert followup.status == "skipped" and "quote" not in followup.context
        checkback = session.get(Message, checkback_id)
        assert checkback is not None  # already sent: it stays, without the words
        assert checkback.status == "sent" and checkback.context == {"commitment_id": mine.commitment_id}


def test_erasing_asks_for_confirmation_then_removes_the_person_and_keeps_anonymous_counts(
    app: Flask, client: FlaskClient, db: Database, mine: Mine, world: World
) -> None:
    token = page_token(app, mine.manager_id)
    page = f"/reflections/{token}/erase"
    confirm = client.get(page)
    assert confirm.status_code == 200 and "Delete all your data?" in confirm.get_data(as_text=True)
    assert "3 replies and 1 commitment" in confirm.get_data(as_text=True)
    with db.session() as session:
        program_messages = session.scalar(select(func.count()).where(Message.program_id == world.program_b))
    refused = post_with_csrf(client, page, page)  # the box not ticked
    assert refused.status_code == 422 and "Tick the box" in refused.get_data(as_text=True)
    with db.session() as session:
        assert session.get(Manager, mine.manager_id) is not None

    with db.transaction() as session:
        session.add(ProgramInvitation(program_id=world.program_b, email="bob@example.com", name="Bob Beta"))
    done = post_with_csrf(client, page, page, {"understood": "y"})
    assert done.status_code == 303 and done.headers["Location"] == "/erased"
    assert "Your data is erased" in client.get("/erased").get_data(as_text=True)
    with db.session() as session:
        assert session.get(Manager, mine.manager_id) is None
        assert (
            session.scalars(select(Subscription).where(Subscription.manager_id == mine.manager_id)).all()
            == []
        )
        assert session.scalars(select(Reply.text)).all() == ["Reflection from Ann Alpha about sharing credit"]
        assert session.scalar(select(func.count()).select_from(Commitment)) == 0
        assert session.get(InboundPost, mine.post_id) is None
        rows = session.scalars(select(Message).where(Message.program_id == world.program_b)).all()
        assert len(rows) == program_messages  # counts stay honest
        assert {(m.to_email, m.manager_id, m.subscription_id, str(m.context)) for m in rows} == {
            (ERASED_ADDRESS, None, None, "{}")
        }
        assert sum(1 for m in rows if m.replied_at is not None) == 3
        assert session.scalars(select(Manager.email)).all() == ["ann@example.com"]
        assert session.scalars(select(ProgramInvitation)).all() == []
    # The old link now finds nobody.
    assert client.get(f"/reflections/{token}").status_code == 404


def test_a_reply_written_before_sharing_went_on_is_shared_only_one_by_one(
    app: Flask, client: FlaskClient, db: Database, mine: Mine, world: World
) -> None:
    page = f"/reflections/{page_token(app, mine.manager_id)}"
    refused = post_with_csrf(client, page, f"{page}/replies/{mine.older_id}/share")
    assert refused.status_code == 303
    assert "Turn sharing on in your preferences first" in client.get(page).get_data(as_text=True)
    with db.transaction() as session:
        manager = session.get(Manager, mine.manager_id)
        assert manager is not None
        manager.sharing_since = utcnow()  # turned on just now: both replies were written before
    html = client.get(page).get_data(as_text=True)
    assert html.count("Share this reply with my lead") == 3
    assert post_with_csrf(client, page, f"{page}/replies/{mine.older_id}/share").status_code == 303
    with db.session() as session:
        manager = session.get(Manager, mine.manager_id)
        older, newer = session.get(Reply, mine.older_id), session.get(Reply, mine.newer_id)
        assert manager is not None and older is not None and newer is not None
        assert lead_can_read(older, manager) and not lead_can_read(newer, manager)
    assert "Shared with your program lead" in client.get(page).get_data(as_text=True)

    lead = app.test_client()
    login(lead, world.lead_b.email)
    timeline = lead.get(f"/leads/programs/{world.program_b}/managers/{mine.manager_id}").get_data(
        as_text=True
    )
    assert "OLDER reply" in timeline and "NEWER reply" not in timeline
