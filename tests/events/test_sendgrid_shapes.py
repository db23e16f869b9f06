"""Events as SendGrid sends them: dotted ids, asynchronous bounces, soft problems, group resubscribes."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from werkzeug.test import TestResponse

from service.accounts import create_program
from service.analytics.timeline import manager_timeline
from service.curriculum import load_curriculum
from service.db import Database
from service.events.linking import provider_id, smtp_local_ids
from service.events.notes import delivery_notes
from service.models import Manager, Message, ProviderEvent, Subscription, Suppression, utcnow
from tests.events.conftest import event, seed_sent

Post = Callable[..., TestResponse]


@pytest.mark.parametrize(
    ("sg_message_id", "expected"),
    [
        ("14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0", "14c5d75ce93.dfd.64b469"),
        ("Lhn_AEu5RfWqTK3fe8ZHXA.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0",
         "Lhn_AEu5RfWqTK3fe8ZHXA"),
        ("5lFl7Fr1Rjme_EyzNNB_5A.stfilter-015.5185.55F883172.0", "5lFl7Fr1Rjme_EyzNNB_5A"),
        ("sendgrid_internal_message_id", "sendgrid_internal_message_id"),
        ("", None),
    ],
    ids=["dotted-legacy-id", "v3-id", "marketing-stfilter", "no-filter-part", "empty"],
)  # fmt: skip
def test_sg_message_id_is_the_part_before_filter(sg_message_id: str, expected: str | None) -> None:
    assert provider_id(sg_message_id) == expected


@pytest.mark.parametrize(
    ("smtp_id", "expected"),
    [
        ("<14c5d75ce93.dfd.64b469@ismtpd-555>", {"14c5d75ce93.dfd.64b469"}),
        ("<Lhn_AEu5RfWqTK3fe8ZHXA.1@sandbox>", {"Lhn_AEu5RfWqTK3fe8ZHXA.1", "Lhn_AEu5RfWqTK3fe8ZHXA"}),
        ("", set()),
        ("<>", set()),
    ],
)
def test_smtp_id_local_part_names_the_x_message_id(smtp_id: str, expected: set[str]) -> None:
    assert smtp_local_ids(smtp_id) == expected


def test_a_dotted_sg_message_id_without_custom_args_finds_its_message(
    db: Database, post_events: Post
) -> None:
    sent = seed_sent(db, count=1)
    dotted = "14c5d75ce93.dfd.64b469"
    with db.transaction() as session:
        session.execute(update(Message).values(provider_message_id=dotted))
    delivered = event(sent, 0, "delivered", sg_message_id=f"{dotted}.filter0001.16648.5515E0B88.0")
    del delivered["message_id"]
    assert post_events([delivered]).get_json()["matched"] == 1


def test_an_asynchronous_bounce_with_only_an_smtp_id_is_linked_and_suppresses(
    db: Database, post_events: Post
) -> None:
    sent = seed_sent(db, count=2)
    bounce = event(sent, 1, "bounce", type="bounce", reason="550 5.1.1 unknown user", status="5.1.1")
    del bounce["message_id"], bounce["sg_message_id"]  # SendGrid: "the message ID will be unavailable"
    response = post_events([bounce])
    assert response.get_json() == {"received": 1, "ignored": 0, "matched": 1, "suppressed": 1}
    with db.session() as session:
        stored = session.scalars(select(ProviderEvent)).one()
        assert stored.message_id == sent.message_ids[1]
        assert session.get(Message, sent.message_ids[1]).bounced_at is not None  # type: ignore[union-attr]


def test_an_smtp_id_an_earlier_event_recorded_links_a_later_bare_event(
    db: Database, post_events: Post
) -> None:
    sent = seed_sent(db, count=1)
    smtp_id = "<custom-message-id@relay.example>"
    assert post_events([event(sent, 0, "processed", **{"smtp-id": smtp_id})]).status_code == 200
    bare = {"email": sent.email, "timestamp": int(time.time()), "event": "bounce", "type": "blocked",
            "smtp-id": smtp_id, "sg_event_id": "bare-1", "reason": "421 try later"}  # fmt: skip
    assert post_events([bare]).get_json()["matched"] == 1


@pytest.mark.parametrize(
    ("kind", "extra", "note"),
    [
        ("bounce", {"type": "blocked", "reason": "421 4.7.0 try later", "status": "4.7.0"},
         "blocked (temporary, not suppressed)"),
        ("dropped", {"reason": "Spam Content (if Spam Checker app is enabled)", "status": "5.0.0"},
         "dropped: Spam Content"),
        ("bounce", {"type": "bounce", "reason": "550 5.1.1 unknown", "status": "5.1.1"}, "bounced"),
    ],
    ids=["blocked", "spam-content", "hard-bounce"],
)  # fmt: skip
def test_soft_problems_are_recorded_and_shown_to_leads_without_suppressing(
    db: Database, post_events: Post, kind: str, extra: dict[str, str], note: str
) -> None:
    sent = seed_sent(db, count=1)
    soft = note != "bounced"
    assert post_events([event(sent, 0, kind, **extra)]).get_json()["suppressed"] == (0 if soft else 1)
    with db.transaction() as session:  # the email was sent in a program, so its leads see it
        program_id = create_program(session, "Events").id
        session.get_one(Manager, sent.manager_id).program_id = program_id
        session.get_one(Message, sent.message_ids[0]).program_id = program_id
    with db.session() as session:
        assert delivery_notes(session, sent.message_ids) == {sent.message_ids[0]: note}
        manager = session.get_one(Manager, sent.manager_id)
        timeline = manager_timeline(session, manager, load_curriculum(), program_id)
        [entry] = [e for e in timeline if e.kind == "email"]
        assert note in entry.detail
        subscription = session.get_one(Subscription, sent.subscription_id)
        assert (subscription.status == "active") is soft
        assert (session.scalars(select(Suppression)).first() is None) is soft


def test_group_resubscribe_after_our_group_unsubscribe_resubscribes(db: Database, post_events: Post) -> None:
    sent = seed_sent(db, count=1)
    now = time.time()
    assert post_events([event(sent, 0, "group_unsubscribe", now - 60, asm_group_id=7)]).status_code == 200
    with db.session() as session:
        assert session.get_one(Subscription, sent.subscription_id).status == "unsubscribed"
    assert post_events([event(sent, 0, "group_resubscribe", now, asm_group_id=7)]).status_code == 200
    with db.session() as session:
        subscription = session.get_one(Subscription, sent.subscription_id)
        assert subscription.status == "active" and subscription.unsubscribed_at is None
        assert subscription.next_due_at is not None
        assert subscription.next_due_at > utcnow() - timedelta(minutes=1)
        assert session.scalars(select(Suppression)).all() == []


@pytest.mark.parametrize(
    ("first", "first_extra", "resubscribe_delay"),
    [
        ("spamreport", {}, 60),  # a complaint is not undone by a group preference
        ("unsubscribe", {}, 60),  # nor is a global unsubscribe
        ("bounce", {"type": "bounce"}, 60),  # nor a hard bounce
        ("group_unsubscribe", {"asm_group_id": 7}, -60),  # a resubscribe older than the unsubscribe
    ],
    ids=["spam-report", "global-unsubscribe", "hard-bounce", "stale-resubscribe"],
)
def test_group_resubscribe_does_not_undo_anything_else(
    db: Database, post_events: Post, first: str, first_extra: dict[str, object], resubscribe_delay: int
) -> None:
    sent = seed_sent(db, count=1)
    now = time.time()
    assert post_events([event(sent, 0, first, now, **first_extra)]).get_json()["suppressed"] == 1
    post_events([event(sent, 0, "group_resubscribe", now + resubscribe_delay, asm_group_id=7)])
    with db.session() as session:
        assert session.get_one(Subscription, sent.subscription_id).status == "unsubscribed"
        assert session.scalars(select(Suppression.reason)).one() == first
