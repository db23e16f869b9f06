"""Turning sharing off hides everything at once: the dashboard's cached quotes go with the next view."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from service.db import Database
from service.models import Manager, utcnow
from tests.leads.conftest import World, add_message, add_reply, login
from tests.reflections.conftest import page_token, post_with_csrf

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
