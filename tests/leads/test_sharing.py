"""Sharing means from now on: one rule (service/sharing.py), and every lead surface obeys it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.analytics.digest import excerpts
from service.db import Database
from service.emails import render_message
from service.models import Commitment, Lead, Manager, Message, Reply, utcnow
from service.sharing import (
    NotAReflection,
    SharingOff,
    commitment_visible_to_leads,
    lead_can_read,
    readable_reply_ids,
    set_sharing,
    share_reply,
    shared_replies,
    visible_to_leads,
    withhold_reply,
)
from service.tokens import make_token
from tests.leads.conftest import World, add_message, add_reply, login, make_manager
from tests.leads.test_digest import MONDAY_BERLIN_8, _digests
from workers.digests import send_digests

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
EARLIER = "EARLIER-private words about my VP that I never said out loud"
LATER = "LATER-shared words about crediting the SE in the win post this week"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _reply_at(
    session: Session, manager: Manager, text: str, at: datetime, shared_at: datetime | None = None
) -> Reply:
    prompt = add_message(session, manager, "prompt", at - timedelta(hours=2), content_id="share-credit.p1",
                         replied_at=at)  # fmt: skip
    reply = add_reply(session, prompt, text, at)
    reply.shared_at = shared_at
    session.flush()
    return reply


H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("since", "received", "shared_at", "visible"),
    [
        (None, T0, None, False),  # sharing off
        (None, T0, T0 + H, False),  # shared one by one, then sharing turned off: hidden again
        (T0, T0 + H, None, True),  # written after sharing went on
        (T0, T0, None, True),  # written at that very moment
        (T0, T0 - H, None, False),  # written before: stays private
        (T0, T0 - H, T0 + H, True),  # written before, shared one by one since
        (T0 + 2 * H, T0 - H, T0 + H, False),  # shared in an earlier sharing period, which ended
        (T0 + 2 * H, T0 + H, None, False),  # written while sharing was off, before it went on again
    ],
)
def test_one_rule_in_python_and_sql(
    db: Database,
    world: World,
    since: datetime | None,
    received: datetime,
    shared_at: datetime | None,
    visible: bool,
) -> None:
    with db.transaction() as session:
        manager = make_manager(session, world.program_a, "rule@example.com")
        manager.sharing_since = since
        reply = _reply_at(session, manager, EARLIER, received, shared_at)
        assert lead_can_read(reply, manager) is visible
        in_sql = session.scalars(
            select(Reply.id).join(Manager, Manager.id == Reply.manager_id).where(visible_to_leads())
        ).all()
        assert (reply.id in in_sql) is visible
        assert (reply.id in readable_reply_ids(session, [reply.id])) is visible
        day = received.date()
        commitment = Commitment(
            manager_id=manager.id, reply_id=reply.id, text="I will", made_at=received, made_on=day, due_on=day
        )
        session.add(commitment)
        session.flush()
        readable = session.scalars(select(Commitment.id).where(commitment_visible_to_leads())).all()
        assert (commitment.id in readable) is visible


@pytest.mark.parametrize(("command", "auto"), [("pause", False), ("done", False), (None, True)])
def test_an_email_command_or_auto_reply_is_never_shared(
    db: Database, world: World, command: str | None, auto: bool
) -> None:
    """Sharing covers reflections: "pause these for two weeks, I'm on medical leave" is not one."""
    with db.transaction() as session:
        manager = make_manager(session, world.program_a, "command@example.com", share=True)
        manager.sharing_since = T0
        prompt = add_message(session, manager, "prompt", T0 + H, content_id="share-credit.p1")
        reply = add_reply(session, prompt, "Please pause these, I am on medical leave", T0 + 2 * H,
                          auto=auto, command=command)  # fmt: skip
        assert lead_can_read(reply, manager) is False
        in_sql = session.scalars(
            select(Reply.id).join(Manager, Manager.id == Reply.manager_id).where(visible_to_leads())
        ).all()
        assert reply.id not in in_sql and reply.id not in readable_reply_ids(session, [reply.id])
        with pytest.raises(NotAReflection):
            share_reply(reply, manager, T0 + 3 * H)
        assert reply.shared_at is None


def test_the_lead_sees_that_a_command_came_but_not_its_words_nor_the_managers_notices(
    client: FlaskClient, db: Database, world: World
) -> None:
    now = utcnow()
    with db.transaction() as session:
        manager = make_manager(session, world.program_a, "leave@example.com", share=True, name="Lee Leave")
        manager.sharing_since = now - 10 * H
        prompt = add_message(session, manager, "prompt", now - 5 * H, content_id="share-credit.p1")
        add_reply(session, prompt, "Please pause these for two weeks, I am on medical leave", now - 4 * H,
                  command="pause")  # fmt: skip
        notice = add_message(session, manager, "notice", now - H)
        notice.context = {"subject": "Your preferences link"}
        manager_id = manager.id
    login(client, world.lead_a.email)
    surfaces = _lead_surfaces(client, world, manager_id)
    timeline = " ".join(surfaces["timeline"].split())
    assert 'Email command</strong> <span class="muted">(pause, 11 words)' in timeline
    assert all("medical leave" not in body for body in surfaces.values())
    assert all("Your preferences link" not in body for body in surfaces.values())
    row = next(line for line in surfaces["csv"].splitlines() if "leave@example.com" in line)
    assert (now - 5 * H).strftime("%Y-%m-%dT%H:%M") in row  # the last email is the prompt, not the notice


def test_one_shared_reply_can_be_made_private_again_and_shared_once_more(db: Database, world: World) -> None:
    with db.transaction() as session:
        manager = make_manager(session, world.program_a, "withhold@example.com")
        manager.sharing_since = T0
        kept = _reply_at(session, manager, LATER, T0 + H)
        taken_back = _reply_at(session, manager, EARLIER, T0 + 2 * H)
        day = (T0 + 2 * H).date()
        commitment = Commitment(manager_id=manager.id, reply_id=taken_back.id, text="I will", made_at=T0,
                                made_on=day, due_on=day)  # fmt: skip
        session.add(commitment)
        session.flush()

        def readable() -> tuple[set[int], bool]:
            replies = session.scalars(
                select(Reply.id).join(Manager, Manager.id == Reply.manager_id).where(visible_to_leads())
            ).all()
            commitments = session.scalars(select(Commitment.id).where(commitment_visible_to_leads())).all()
            return set(replies) & {kept.id, taken_back.id}, commitment.id in commitments

        assert readable() == ({kept.id, taken_back.id}, True)
        assert withhold_reply(taken_back, manager, T0 + 3 * H) is True
        session.flush()
        assert readable() == ({kept.id}, False) and lead_can_read(taken_back, manager) is False
        assert withhold_reply(taken_back, manager, T0 + 4 * H) is False  # private already
        assert share_reply(taken_back, manager, T0 + 5 * H) is True
        session.flush()
        assert readable() == ({kept.id, taken_back.id}, True)
        other = make_manager(session, world.program_a, "other.w@example.com", share=True)
        with pytest.raises(ValueError, match="not this manager"):
            withhold_reply(kept, other, T0 + 6 * H)


def test_saving_sharing_on_again_keeps_the_moment_and_off_clears_it() -> None:
    manager = Manager(email="m@example.com")
    assert set_sharing(manager, True, T0) is True
    assert set_sharing(manager, True, T0 + H) is False and manager.sharing_since == T0
    assert set_sharing(manager, False, T0 + 2 * H) is True and manager.sharing_since is None
    assert set_sharing(manager, False, T0 + 3 * H) is False


def test_one_reply_can_be_shared_only_while_sharing_is_on(db: Database, world: World) -> None:
    with db.transaction() as session:
        manager = make_manager(session, world.program_a, "one@example.com")
        other = make_manager(session, world.program_a, "other@example.com", share=True)
        reply = _reply_at(session, manager, EARLIER, T0)
        with pytest.raises(SharingOff):
            share_reply(reply, manager, T0 + H)
        set_sharing(manager, True, T0 + H)
        with pytest.raises(ValueError, match="not this manager"):
            share_reply(reply, other, T0 + 2 * H)
        assert share_reply(reply, manager, T0 + 2 * H) is True
        assert share_reply(reply, manager, T0 + 3 * H) is False  # already shared: nothing changes
        assert reply.shared_at == T0 + 2 * H


def _lead_surfaces(client: FlaskClient, world: World, manager_id: int) -> dict[str, str]:
    """Everything a lead of program A can read: pages, export and API."""
    program = world.program_a
    api = {"Authorization": f"Bearer {world.lead_a.token}"}
    return {
        "dashboard": client.get(f"/leads/programs/{program}").get_data(as_text=True),
        "managers": client.get(f"/leads/programs/{program}/managers").get_data(as_text=True),
        "timeline": client.get(f"/leads/programs/{program}/managers/{manager_id}").get_data(as_text=True),
        "csv": client.get(f"/leads/programs/{program}/export.csv").get_data(as_text=True),
        "api": client.get(f"/api/v1/programs/{program}/engagement", headers=api).get_data(as_text=True),
    }


def _post_sharing(manager_client: FlaskClient, app: Flask, subscription_id: int, share: bool) -> None:
    base = f"/preferences/{make_token(app.config['SECRET_KEY'], 'preferences', subscription_id)}"
    match = CSRF.search(manager_client.get(base).get_data(as_text=True))
    assert match is not None
    data = {"csrf_token": match[1], **({"share": "y"} if share else {})}
    assert manager_client.post(f"{base}/sharing", data=data).status_code == 303


def _texts_in(surfaces: dict[str, str]) -> dict[str, set[str]]:
    return {name: {text for text in (EARLIER, LATER) if text in body} for name, body in surfaces.items()}


def test_turning_sharing_on_shows_only_later_replies_and_off_hides_all_on_every_surface(
    app: Flask, client: FlaskClient, db: Database, world: World
) -> None:
    with db.transaction() as session:
        sam = make_manager(session, world.program_a, "sam@example.com", name="Sam Sharer")
        assert sam.subscription is not None
        earlier = _reply_at(session, sam, EARLIER, utcnow() - timedelta(days=1))
        sam_id, subscription_id, earlier_id = sam.id, sam.subscription.id, earlier.id
    login(client, world.lead_a.email)
    manager_client = app.test_client()
    nothing: dict[str, set[str]] = {
        name: set() for name in ("dashboard", "managers", "timeline", "csv", "api")
    }
    assert _texts_in(_lead_surfaces(client, world, sam_id)) == nothing

    _post_sharing(manager_client, app, subscription_id, True)
    assert _texts_in(_lead_surfaces(client, world, sam_id)) == nothing  # the earlier reply stays private
    with db.transaction() as session:
        sam = session.get_one(Manager, sam_id)
        assert sam.sharing_since is not None
        _reply_at(session, sam, LATER, utcnow())
    seen = _texts_in(_lead_surfaces(client, world, sam_id))
    assert seen == {**nothing, "timeline": {LATER}}
    with db.session() as session:
        quotes = shared_replies(session, world.program_a)
    assert [quote.text for quote in quotes if quote.manager_id == sam_id] == [LATER]

    _post_sharing(manager_client, app, subscription_id, True)  # saving "on" again widens nothing
    assert _texts_in(_lead_surfaces(client, world, sam_id)) == seen
    with db.transaction() as session:
        share_reply(session.get_one(Reply, earlier_id), session.get_one(Manager, sam_id), utcnow())
    assert _texts_in(_lead_surfaces(client, world, sam_id))["timeline"] == {EARLIER, LATER}

    _post_sharing(manager_client, app, subscription_id, False)
    assert _texts_in(_lead_surfaces(client, world, sam_id)) == nothing
    with db.session() as session:
        assert [q for q in shared_replies(session, world.program_a) if q.manager_id == sam_id] == []

    _post_sharing(manager_client, app, subscription_id, True)  # on again: a fresh start
    assert _texts_in(_lead_surfaces(client, world, sam_id)) == nothing


def test_the_preference_centre_says_exactly_what_sharing_does(
    app: Flask, client: FlaskClient, db: Database, world: World
) -> None:
    with db.session() as session:
        subscription_id = session.get_one(Manager, world.manager_b).subscription.id  # type: ignore[union-attr]
    page = client.get(f"/preferences/{make_token(app.config['SECRET_KEY'], 'preferences', subscription_id)}")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.get_data(as_text=True)))
    assert "Replies you write from the moment you turn this on" in text
    assert "Replies you wrote before stay private unless you share them one by one" in text
    assert "where you can also make any one of them private again" in text
    assert "Turning it off hides all of them from your lead again at once" in text


def test_digest_quotes_only_shared_replies_and_rechecks_them_when_it_is_sent(
    db: Database, world: World, settings: object
) -> None:
    now = MONDAY_BERLIN_8
    with db.transaction() as session:
        session.get_one(Manager, world.manager_a).sharing_since = now - timedelta(days=6)
        session.get_one(Lead, world.lead_a.id).timezone = "Europe/Berlin"
        ann = session.get_one(Manager, world.manager_a)
        _reply_at(session, ann, EARLIER, now - timedelta(days=6, hours=1))  # just before sharing went on
        _reply_at(session, ann, LATER, now - timedelta(days=3))
    with db.session() as session:
        quoted = excerpts(session, world.program_a, now - timedelta(days=7), now)
    assert [item["text"] for item in quoted] == [LATER] and isinstance(quoted[0]["reply_id"], int)
    send_digests(now)
    (digest,) = _digests(db)
    with db.session() as session:
        rendered = render_message(session.get_one(Message, digest.id), session)
    assert LATER in rendered.text and EARLIER not in rendered.text
    with db.transaction() as session:  # sharing turned off before the digest goes out
        set_sharing(session.get_one(Manager, world.manager_a), False, utcnow())
    with db.session() as session:
        rendered = render_message(session.get_one(Message, digest.id), session)
    assert LATER not in rendered.text and LATER not in rendered.html
    assert "No shared reflections this week" in rendered.text


def test_make_private_in_my_reflections_takes_one_reply_back_from_every_lead_surface(
    app: Flask, client: FlaskClient, db: Database, world: World
) -> None:
    now = utcnow()
    with db.transaction() as session:
        sam = make_manager(session, world.program_a, "sam.w@example.com", name="Sam Withholder")
        sam.sharing_since = now - 10 * H
        _reply_at(session, sam, LATER, now - 2 * H)
        taken_back = _reply_at(session, sam, EARLIER, now - H)
        sam_id, reply_id = sam.id, taken_back.id
    login(client, world.lead_a.email)
    assert _texts_in(_lead_surfaces(client, world, sam_id))["timeline"] == {EARLIER, LATER}
    manager_client = app.test_client()
    page = f"/reflections/{make_token(app.config['SECRET_KEY'], 'reflections', sam_id)}"
    html = manager_client.get(page).get_data(as_text=True)
    assert html.count(">Make private</button>") == 2
    token = CSRF.search(html)[1]  # type: ignore[index]
    response = manager_client.post(f"{page}/replies/{reply_id}/unshare", data={"csrf_token": token})
    assert response.status_code == 303
    said = manager_client.get(page).get_data(as_text=True)
    assert "This reply is private again" in said and said.count(">Make private</button>") == 1
    assert "Share this reply with my lead" in said  # and it can be shared again
    seen = _texts_in(_lead_surfaces(client, world, sam_id))
    assert seen["timeline"] == {LATER} and all(EARLIER not in texts for texts in seen.values())


def test_quotes_come_only_from_answers_to_the_programs_own_emails(db: Database, world: World) -> None:
    """A reply written after joining, with sharing on, to an email sent before joining, is not the
    program's: not on the timeline, so not among the dashboard's or the digest's quotes either."""
    now = utcnow()
    with db.transaction() as session:
        joiner = make_manager(session, world.program_a, "joiner@example.com", share=True, name="Jo Joiner")
        joiner.sharing_since = now - 10 * H
        before = add_message(session, joiner, "prompt", now - 30 * H, content_id="share-credit.p1")
        before.program_id = None  # sent while they were subscribed on their own
        add_reply(session, before, EARLIER, now - 2 * H)
        inside = add_message(session, joiner, "prompt", now - 5 * H, content_id="share-credit.p2")
        add_reply(session, inside, LATER, now - H)
        joiner_id = joiner.id
    with db.session() as session:
        quotes = [q.text for q in shared_replies(session, world.program_a) if q.manager_id == joiner_id]
    assert quotes == [LATER]
