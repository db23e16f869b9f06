"""Turning sharing off hides everything at once: the dashboard's cached quotes go with the next view.

A manager who unsubscribed (or never confirmed, or expired) can still see whether sharing is on and
turn it off, from the preferences and from My reflections: before, the preferences showed only
"You're not subscribed", the sharing POST answered 409, and the lead went on reading.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.db import Database
from service.models import Manager, utcnow
from tests.leads.conftest import World, add_message, add_reply, login
from tests.reflections.conftest import CSRF, page_token, post_with_csrf

QUOTE = "I asked two reps to run the forecast review themselves and the whole call changed"


def test_turning_sharing_off_empties_the_dashboard_quotes_and_timeline_at_once(
    app: Flask, client: FlaskClient, db: Database, world: World
) -> None:
    now = utcnow()
    with db.transaction() as session:
        manager = session.get(Manager, world.manager_a)  # Ann shares since she joined
        assert manager is not None and manager.subscription is not None
        hours = timedelta(hours=1)
        prompt = add_message(
            session, manager, "prompt", now - 5 * hours, content_id="share-credit.p3", replied_at=now - hours
        )
        add_reply(session, prompt, QUOTE, now - hours)
        subscription_id = manager.subscription.id
    lead = app.test_client()
    login(lead, world.lead_a.email)
    dashboard = f"/leads/programs/{world.program_a}?period=ptd"
    timeline = f"/leads/programs/{world.program_a}/managers/{world.manager_a}"
    assert QUOTE in lead.get(dashboard).get_data(as_text=True)  # computed, and cached in Redis
    assert QUOTE in lead.get(timeline).get_data(as_text=True)

    page = f"/preferences/{page_token(app, subscription_id, 'preferences')}"
    response = post_with_csrf(client, page, f"{page}/sharing", {})  # the box unticked: off
    assert response.status_code == 303
    assert "can read none of them" in client.get(response.headers["Location"]).get_data(as_text=True)

    assert QUOTE not in lead.get(dashboard).get_data(as_text=True)  # not the minute-old snapshot
    assert QUOTE not in lead.get(timeline).get_data(as_text=True)


def _tampered(token: str) -> str:
    return token[:-8] + ("A" if token[-8] != "A" else "B") + token[-7:]


def _ann_with_a_quote(db: Database, world: World, status: str) -> tuple[int, int]:
    """Ann shares with program A's lead and wrote QUOTE there; her subscription then ends up in `status`
    (unsubscribing is done through the real page by the caller). Her subscription id and sharing moment."""
    now = utcnow()
    with db.transaction() as session:
        manager = session.get_one(Manager, world.manager_a)
        assert manager.subscription is not None
        prompt = add_message(
            session, manager, "prompt", now - timedelta(hours=5), content_id="share-credit.p3", replied_at=now
        )
        add_reply(session, prompt, QUOTE, now - timedelta(hours=1))
        if status != "unsubscribed":
            manager.subscription.status = status
        return manager.subscription.id, world.manager_a


def _sharing_since(db: Database, manager_id: int) -> object:
    with db.session() as session:
        return session.get_one(Manager, manager_id).sharing_since


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


@pytest.mark.parametrize("status", ["unsubscribed", "expired", "pending"])
def test_a_manager_who_left_still_sees_and_stops_sharing_in_the_preferences(
    app: Flask, client: FlaskClient, db: Database, world: World, status: str
) -> None:
    subscription_id, manager_id = _ann_with_a_quote(db, world, status)
    lead = app.test_client()
    login(lead, world.lead_a.email)
    dashboard = f"/leads/programs/{world.program_a}?period=ptd"
    timeline = f"/leads/programs/{world.program_a}/managers/{manager_id}"
    assert QUOTE in lead.get(dashboard).get_data(as_text=True)  # cached in Redis
    if status == "unsubscribed":  # through the real page, which says sharing goes on
        leave = f"/unsubscribe/{page_token(app, subscription_id, 'unsubscribe')}"
        assert post_with_csrf(client, leave, f"{leave}/confirm", {}).status_code == 303
        left = _plain(client.get(leave).get_data(as_text=True))
        assert "Unsubscribing stops the emails, not sharing: your program lead can still read" in left
    assert QUOTE in lead.get(timeline).get_data(as_text=True)  # leaving the emails is not taking words back
    since = _sharing_since(db, manager_id)

    page = f"/preferences/{page_token(app, subscription_id, 'preferences')}"
    html = client.get(page).get_data(as_text=True)
    shown, second_tab = _plain(html), CSRF.findall(html)[-1]  # a second tab keeps the form it loaded
    assert (
        "You share your replies with the leads of Program A" in shown and "Stop sharing my replies" in shown
    )
    # Turning it on (or widening it) needs a live subscription; a post without CSRF or with a bad link
    # changes nothing either.
    assert post_with_csrf(client, page, f"{page}/sharing", {"share": "y"}).status_code == 409
    assert client.post(f"{page}/sharing", data={}).status_code == 400
    bad = f"/preferences/{_tampered(page_token(app, subscription_id, 'preferences'))}"
    assert post_with_csrf(client, page, f"{bad}/sharing", {}).status_code == 400
    assert _sharing_since(db, manager_id) == since

    response = post_with_csrf(client, page, f"{page}/sharing", {})  # the one button: off
    assert response.status_code == 303 and _sharing_since(db, manager_id) is None
    after = _plain(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "can read none of them" in after and "Stop sharing my replies" not in after
    assert "the leads of Program A can read none of them" in after
    assert QUOTE not in lead.get(timeline).get_data(as_text=True)
    assert QUOTE not in lead.get(dashboard).get_data(as_text=True)  # not the cached snapshot
    again = client.post(f"{page}/sharing", data={"csrf_token": second_tab})  # pressed twice: still off
    assert again.status_code == 303 and _sharing_since(db, manager_id) is None


def test_a_manager_who_left_stops_sharing_from_my_reflections(
    app: Flask, client: FlaskClient, db: Database, world: World
) -> None:
    subscription_id, manager_id = _ann_with_a_quote(db, world, "unsubscribed")
    leave = f"/unsubscribe/{page_token(app, subscription_id, 'unsubscribe')}"
    assert post_with_csrf(client, leave, f"{leave}/confirm", {}).status_code == 303
    lead = app.test_client()
    login(lead, world.lead_a.email)
    timeline = f"/leads/programs/{world.program_a}/managers/{manager_id}"
    assert QUOTE in lead.get(timeline).get_data(as_text=True)

    page = f"/reflections/{page_token(app, manager_id)}"
    assert "Stop sharing my replies" in client.get(page).get_data(as_text=True)
    since = _sharing_since(db, manager_id)
    assert client.post(f"{page}/sharing/off", data={"csrf_token": "forged"}).status_code == 400
    bad = f"/reflections/{_tampered(page_token(app, manager_id))}/sharing/off"
    assert post_with_csrf(client, page, bad).status_code == 400
    other = f"/reflections/{page_token(app, world.manager_b)}/sharing/off"  # someone else's link
    assert post_with_csrf(client, page, other).status_code == 303
    assert _sharing_since(db, manager_id) == since

    response = post_with_csrf(client, page, f"{page}/sharing/off")
    assert response.status_code == 303 and _sharing_since(db, manager_id) is None
    after = _plain(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Your replies are private again: your program lead can read none of them." in after
    assert (
        "Stop sharing my replies" not in after and "Your program lead can read none of your replies." in after
    )
    assert QUOTE not in lead.get(timeline).get_data(as_text=True)
    again = post_with_csrf(client, page, f"{page}/sharing/off")  # a second tab, or a double click
    assert again.status_code == 303
    assert "Sharing was off already" in _plain(client.get(again.headers["Location"]).get_data(as_text=True))
    assert _sharing_since(db, manager_id) is None
