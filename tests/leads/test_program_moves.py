"""A move to another program ends sharing: consent was given to the old program's leads, not the new.

Sam (Ann here) shares with program A's lead; program B's lead invites her and she joins. Before the
fix her `sharing_since` was reset to the join and sharing stayed on, so B's lead read her new replies.
"""

from __future__ import annotations

import ast
import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.db import Database
from service.models import Manager, Message, ProgramInvitation, Reply, utcnow
from service.settings import PROJECT_ROOT
from service.sharing import move_to_program
from service.tokens import make_token
from tests.browser import ARTIFACTS as BROWSER_ARTIFACTS
from tests.leads.conftest import World, add_message, add_reply, csrf_token, login
from tests.leads.test_layout_browser import _watch
from tests.reflections.conftest import post_with_csrf

OLD_WORDS = "Written in program A: I asked two reps to run the forecast review themselves"
WORLD_WORDS = "Reflection from Ann Alpha about sharing credit"  # the world's reply to A's email
NEW_WORDS = "Written in program B: I let the SE run the whole discovery call"
ARTIFACTS = BROWSER_ARTIFACTS / "join"
NO_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
LATER_WORDS = "Written after sharing again: the team picked the focus of the next quarter themselves"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def _invite_to_b(client: FlaskClient, db: Database, world: World, email: str) -> str:
    """Program B's lead enrols `email` by the API; the join link of the invitation emailed."""
    response = client.post(
        f"/api/v1/programs/{world.program_b}/managers",
        json={"managers": [{"email": email}]},
        headers={"Authorization": f"Bearer {world.lead_b.token}"},
    )
    assert response.status_code == 200 and response.get_json()["invited"] == 1
    return f"/subscribe/invite/{_join_token(client.application, db, world, email)}"


def _join_token(app: Flask, db: Database, world: World, email: str) -> str:
    with db.session() as session:
        invitation = session.scalars(
            select(ProgramInvitation).where(
                ProgramInvitation.email == email, ProgramInvitation.program_id == world.program_b
            )
        ).one()
        return make_token(app.config["SECRET_KEY"], "join", invitation.id)


def _reply_in_current_program(db: Database, manager_id: int, text: str) -> int:
    now = utcnow()
    with db.transaction() as session:
        manager = session.get_one(Manager, manager_id)
        sent = now - timedelta(minutes=5)
        prompt = add_message(session, manager, "prompt", sent, content_id="share-credit.p3", replied_at=now)
        return add_reply(session, prompt, text, now).id


def _sharing(db: Database, manager_id: int) -> tuple[int | None, bool]:
    with db.session() as session:
        manager = session.get_one(Manager, manager_id)
        return manager.program_id, manager.sharing_since is not None


def test_joining_another_program_turns_sharing_off_until_the_manager_turns_it_on_again(
    app: Flask, client: FlaskClient, db: Database, world: World
) -> None:
    lead_a, lead_b, ann = app.test_client(), app.test_client(), app.test_client()
    login(lead_a, world.lead_a.email)
    login(lead_b, world.lead_b.email)
    _reply_in_current_program(db, world.manager_a, OLD_WORDS)  # in A, shared with A's lead
    dashboard_a = f"/leads/programs/{world.program_a}?period=ptd"
    timeline_a = f"/leads/programs/{world.program_a}/managers/{world.manager_a}"
    timeline_b = f"/leads/programs/{world.program_b}/managers/{world.manager_a}"
    assert OLD_WORDS in lead_a.get(dashboard_a).get_data(as_text=True)  # quoted, and cached in Redis
    assert OLD_WORDS in lead_a.get(timeline_a).get_data(as_text=True)

    path = _invite_to_b(client, db, world, "ann@example.com")
    invite = _text(ann.get(path).get_data(as_text=True))
    assert "Joining moves you out of Program A: its leads no longer see you." in invite
    assert "You share your replies with the leads of Program A. Joining turns sharing off" in invite
    assert "You can turn it on again in your preferences." in invite
    joined = ann.post(path, data={"csrf_token": csrf_token(ann, path)})
    assert joined.status_code == 303
    assert _sharing(db, world.manager_a) == (world.program_b, False)
    preferences = joined.headers["Location"]
    landing = _text(ann.get(preferences).get_data(as_text=True))
    assert "You've joined Program B." in landing
    assert (
        "Sharing your replies is now off: you had agreed to share them with the leads of Program A, "
        "not with those of Program B." in landing
    )
    assert 'id="share" aria-describedby="share-hint" checked' not in ann.get(preferences).get_data(
        as_text=True
    )
    again = ann.post(path, data={"csrf_token": csrf_token(ann, preferences)})  # pressed twice
    assert again.status_code == 200 and _sharing(db, world.manager_a) == (world.program_b, False)

    # The old lead no longer sees Ann at all, nor quotes her (not even from the cached snapshot).
    assert lead_a.get(timeline_a).status_code == 404
    assert OLD_WORDS not in lead_a.get(dashboard_a).get_data(as_text=True)
    # The new lead sees that she replied, never what she wrote.
    _reply_in_current_program(db, world.manager_a, NEW_WORDS)
    page_b = lead_b.get(timeline_b).get_data(as_text=True)
    assert "Private reply" in page_b and NEW_WORDS not in page_b
    assert OLD_WORDS not in page_b and WORLD_WORDS not in page_b
    assert "none: replies are shown as private" in page_b
    assert NEW_WORDS not in lead_b.get(f"/leads/programs/{world.program_b}?period=ptd").get_data(as_text=True)

    # Sharing on again, in the preferences: from then on, for B's lead.
    response = post_with_csrf(ann, preferences, f"{preferences}/sharing", {"share": "y"})
    assert response.status_code == 303 and _sharing(db, world.manager_a) == (world.program_b, True)
    assert NEW_WORDS not in lead_b.get(timeline_b).get_data(as_text=True)  # written before: still private
    _reply_in_current_program(db, world.manager_a, LATER_WORDS)
    assert LATER_WORDS in lead_b.get(timeline_b).get_data(as_text=True)
    assert lead_a.get(timeline_a).status_code == 404


def test_after_a_move_my_reflections_offers_no_share_button_that_would_reach_nobody(
    app: Flask, client: FlaskClient, db: Database, world: World
) -> None:
    ann = app.test_client()
    path = _invite_to_b(client, db, world, "ann@example.com")
    assert ann.post(path, data={"csrf_token": csrf_token(ann, path)}).status_code == 303
    with db.session() as session:
        subscription_id = session.get_one(Manager, world.manager_a).subscription.id  # type: ignore[union-attr]
        old_id = session.scalars(select(Reply.id).where(Reply.manager_id == world.manager_a)).one()  # A's
    preferences = f"/preferences/{make_token(app.config['SECRET_KEY'], 'preferences', subscription_id)}"
    assert post_with_csrf(ann, preferences, f"{preferences}/sharing", {"share": "y"}).status_code == 303
    new_id = _reply_in_current_program(db, world.manager_a, NEW_WORDS)  # B's, written since: shared

    reflections = f"/reflections/{make_token(app.config['SECRET_KEY'], 'reflections', world.manager_a)}"
    html = ann.get(reflections).get_data(as_text=True)
    old_card = html.split(f'id="reply-{old_id}"')[1].split("</article>")[0]
    new_card = html.split(f'id="reply-{new_id}"')[1].split("</article>")[0]
    assert "written before you joined your program, so no lead can read it" in old_card
    assert "Share this reply" not in old_card and "Make private" not in old_card
    assert "Shared with your program lead" in new_card

    # A hand-made post to share the old reply anyway is refused, and says why.
    refused = post_with_csrf(ann, reflections, f"{reflections}/replies/{old_id}/share")
    assert refused.status_code == 303
    told = _text(ann.get(refused.headers["Location"]).get_data(as_text=True))
    assert "answers an email from before you joined your program, so no lead can read it" in told
    with db.session() as session:
        assert session.get_one(Reply, old_id).shared_at is None
    lead_b = app.test_client()
    login(lead_b, world.lead_b.email)
    assert WORLD_WORDS not in lead_b.get(
        f"/leads/programs/{world.program_b}/managers/{world.manager_a}"
    ).get_data(as_text=True)


def test_joining_through_the_api_turns_sharing_off_too(
    app: Flask, client: FlaskClient, db: Database, world: World
) -> None:
    _invite_to_b(client, db, world, "ann@example.com")
    joining = {"program_id": world.program_b, "invitation": _join_token(app, db, world, "ann@example.com")}
    response = client.post(
        "/api/v1/subscriptions",
        json={"email": "ann@example.com", "focus": "share-credit", "timezone": "UTC", **joining},
    )
    assert response.status_code == 202, response.get_data(as_text=True)
    assert _sharing(db, world.manager_a) == (world.program_b, False)


def test_a_join_post_without_csrf_or_with_a_tampered_token_keeps_program_and_sharing(
    app: Flask, client: FlaskClient, db: Database, world: World
) -> None:
    path = _invite_to_b(client, db, world, "ann@example.com")
    ann = app.test_client()
    assert ann.post(path, data={}).status_code == 400
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    assert ann.post(tampered, data={"csrf_token": csrf_token(ann, path)}).status_code in (400, 404)
    assert _sharing(db, world.manager_a) == (world.program_a, True)


def test_a_move_ends_sharing_and_staying_keeps_it(db: Database, world: World) -> None:
    with db.transaction() as session:
        ann = session.get_one(Manager, world.manager_a)
        since = ann.sharing_since
        assert move_to_program(ann, world.program_a) is False and ann.sharing_since == since
        assert move_to_program(ann, world.program_b) is True and ann.sharing_since is None
        assert ann.program_id == world.program_b
        bob = session.get_one(Manager, world.manager_b)  # not sharing: nothing to end
        assert move_to_program(bob, None) is False and bob.program_id is None


def test_only_the_sharing_module_changes_a_managers_program() -> None:
    """`service.sharing.move_to_program` owns moves: no other module assigns `program_id` (demo data
    is built in its final state, never moved)."""
    allowed = {PROJECT_ROOT / "service" / "sharing.py", PROJECT_ROOT / "service" / "demo" / "seed.py"}
    offenders = []
    for path in sorted((PROJECT_ROOT / "service").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "program_id" and path not in allowed:
                    offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
            moving = isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "values"
            if (
                moving
                and any(k.arg == "program_id" for k in node.keywords)
                and "(Manager)" in ast.unparse(node)
            ):
                offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} (UPDATE)")
    assert offenders == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_in_a_browser_the_join_page_and_its_landing_say_sharing_ends(
    app: Flask, client: FlaskClient, db: Database, world: World, browser: Any, live_server: str, width: int
) -> None:
    path = _invite_to_b(client, db, world, "ann@example.com")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = _watch(page, live_server)
    try:
        page.goto(f"{live_server}{path}")
        assert "Joining turns sharing off" in page.inner_text("#sharing-ends")
        assert page.evaluate(NO_SCROLL), "horizontal scroll on the join page"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"join-move-{width}.png"), full_page=True)
        page.get_by_role("button", name="Join Program B").click()
        page.wait_for_url("**/preferences/**")
        assert "Sharing your replies is now off" in page.inner_text("main")
        assert not page.locator("#share").is_checked()
        assert page.evaluate(NO_SCROLL), "horizontal scroll on the preferences page"
        page.screenshot(path=str(ARTIFACTS / f"joined-move-{width}.png"), full_page=True)
    finally:
        context.close()
    assert problems == []
    assert _sharing(db, world.manager_a) == (world.program_b, False)


def test_erasing_after_a_move_scrubs_the_old_programs_digests_too(
    app: Flask, client: FlaskClient, db: Database, world: World
) -> None:
    old_id = _reply_in_current_program(db, world.manager_a, OLD_WORDS)  # in A, quoted in A's digest
    with db.transaction() as session:
        digest = Message(
            kind="digest", program_id=world.program_a, lead_id=world.lead_a.id, to_email=world.lead_a.email,
            status="sent", reply_token="digest-a", context={"excerpts": [
                {"reply_id": old_id, "name": "Ann Alpha", "text": OLD_WORDS, "lesson": "share-credit"}
            ]},
        )  # fmt: skip
        session.add(digest)
        session.flush()
        digest_id = digest.id
    ann = app.test_client()
    path = _invite_to_b(client, db, world, "ann@example.com")
    assert ann.post(path, data={"csrf_token": csrf_token(ann, path)}).status_code == 303
    erase = f"/reflections/{make_token(app.config['SECRET_KEY'], 'reflections', world.manager_a)}/erase"
    assert post_with_csrf(ann, erase, erase, {"understood": "y"}).status_code == 303
    with db.session() as session:
        assert session.get_one(Message, digest_id).context["excerpts"] == []
