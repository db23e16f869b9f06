"""The subscription state machine as domain logic: subscribe, confirm, unsubscribe, expire, preferences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from datetime import time as clock

import pytest
from sqlalchemy import func, select

from service.db import Database
from service.models import Manager, Message, Subscription, Suppression
from service.subscriptions import (
    change_focus,
    confirm,
    expire_unconfirmed,
    pause,
    request_link,
    resume,
    subscribe,
    unsubscribe,
    validate_subscription,
)
from service.subscriptions.lifecycle import SubscribeResult, confirm_change
from tests.subscriptions.conftest import add_subscription

# Wednesday 5 March 2025, 10:00 UTC = 04:00 in Chicago (CST, UTC-6; DST starts Sunday 9 March).
WEDNESDAY = datetime(2025, 3, 5, 10, 0, tzinfo=UTC)
REQUEST = {
    "email": "Jo@Example.com",
    "name": "Jo",
    "focus": "share-credit",
    "timezone": "America/Chicago",
    "send_time": "08:30",
    "weekdays": ["mon", "wed", "fri"],
}


def _subscribe(db: Database, now: datetime = WEDNESDAY, **changes: object) -> SubscribeResult:
    with db.transaction() as session:
        request = validate_subscription({**REQUEST, **changes})
        return subscribe(session, request, now)


def _kinds(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Message.kind).order_by(Message.id)))


def _subscription(db: Database, subscription_id: int) -> Subscription:
    with db.session() as session:
        subscription = session.get(Subscription, subscription_id)
        assert subscription is not None
        session.expunge(subscription)
        return subscription


def test_a_new_address_gets_a_pending_subscription_and_one_confirmation(db: Database) -> None:
    result = _subscribe(db)
    assert result.outcome == "created" and len(result.message_ids) == 1
    with db.session() as session:
        manager = session.scalars(select(Manager)).one()
        assert (manager.email, manager.timezone) == ("jo@example.com", "America/Chicago")
        subscription = manager.subscription
        assert subscription is not None
        assert (subscription.status, subscription.weekdays, subscription.send_time) == (
            "pending",
            "mon,wed,fri",
            clock(8, 30),
        )
        assert subscription.next_due_at is None
    assert _kinds(db) == ["confirm"]


def test_subscribing_again_while_pending_resends_at_most_every_ten_minutes(db: Database) -> None:
    first = _subscribe(db)
    again = _subscribe(db, WEDNESDAY + timedelta(minutes=9), focus="bring-energy")
    later = _subscribe(db, WEDNESDAY + timedelta(minutes=10))
    assert again.subscription_id == first.subscription_id == later.subscription_id
    assert (again.outcome, again.message_ids) == ("change-pending", [])
    assert len(later.message_ids) == 1
    assert _kinds(db) == ["confirm", "confirm"]
    assert (
        _subscription(db, first.subscription_id).lesson_slug == "share-credit"
    )  # nothing changes unconfirmed


def test_an_active_subscriber_gets_a_notice_and_keeps_their_settings(db: Database) -> None:
    sid = add_subscription(db, "jo@example.com", focus="bring-energy", timezone="Asia/Tokyo")
    result = _subscribe(db)
    repeat = _subscribe(db, WEDNESDAY + timedelta(minutes=1))
    assert result.outcome == "already-subscribed" and result.subscription_id == sid
    assert repeat.message_ids == []
    subscription = _subscription(db, sid)
    assert (subscription.status, subscription.lesson_slug) == ("active", "bring-energy")
    with db.session() as session:
        assert session.scalars(select(Manager.timezone)).one() == "Asia/Tokyo"
        notice = session.scalars(select(Message)).one()
        assert notice.kind == "notice" and "already subscribed" in notice.context["subject"]


def test_confirming_activates_once_and_schedules_the_first_nudge_at_the_next_local_slot(db: Database) -> None:
    sid = _subscribe(db).subscription_id
    with db.transaction() as session:
        first = confirm(session, sid, WEDNESDAY)
    with db.transaction() as session:
        second = confirm(session, sid, WEDNESDAY + timedelta(minutes=1))
    assert first.changed and not second.changed and second.status == "active"
    subscription = _subscription(db, sid)
    # 04:00 in Chicago on an allowed Wednesday: today at 08:30 CST.
    assert subscription.next_due_at == datetime(2025, 3, 5, 14, 30, tzinfo=UTC)
    assert subscription.confirmed_at == WEDNESDAY == subscription.lesson_started_at
    assert _kinds(db) == ["confirm", "welcome"]


def test_the_first_slot_skips_disallowed_days_and_follows_daylight_saving(db: Database) -> None:
    sid = _subscribe(db).subscription_id
    friday_after_send_time = datetime(2025, 3, 7, 15, 0, tzinfo=UTC)  # 09:00 CST, past 08:30
    with db.transaction() as session:
        confirm(session, sid, friday_after_send_time)
    # Next allowed day is Monday 10 March, after the switch to CDT (UTC-5): 08:30 local = 13:30 UTC.
    assert _subscription(db, sid).next_due_at == datetime(2025, 3, 10, 13, 30, tzinfo=UTC)


def test_confirming_lifts_a_suppression_and_an_unsubscribed_link_cannot_confirm(db: Database) -> None:
    sid = _subscribe(db).subscription_id
    with db.transaction() as session:
        session.add(Suppression(email="jo@example.com", reason="bounce"))
    with db.transaction() as session:
        confirm(session, sid, WEDNESDAY)
        unsubscribe(session, sid, WEDNESDAY)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Suppression)) == 0
    with db.transaction() as session:
        result = confirm(session, sid, WEDNESDAY)
    assert (result.changed, result.status) == (False, "unsubscribed")


def test_unsubscribing_skips_everything_still_queued_and_is_idempotent(db: Database) -> None:
    sid = _subscribe(db).subscription_id
    with db.transaction() as session:
        confirm(session, sid, WEDNESDAY)
    with db.transaction() as session:
        first = unsubscribe(session, sid, WEDNESDAY)
    with db.transaction() as session:
        second = unsubscribe(session, sid, WEDNESDAY)
    assert first.changed and not second.changed
    subscription = _subscription(db, sid)
    assert (subscription.status, subscription.next_due_at) == ("unsubscribed", None)
    with db.session() as session:
        statuses = set(session.scalars(select(Message.status)))
    assert statuses == {"skipped"}


def test_subscribing_after_unsubscribing_needs_a_new_confirmation(db: Database) -> None:
    sid = _subscribe(db).subscription_id
    with db.transaction() as session:
        confirm(session, sid, WEDNESDAY)
        unsubscribe(session, sid, WEDNESDAY)
    early = _subscribe(db, WEDNESDAY + timedelta(minutes=1))  # the 10-minute cooldown holds here too
    result = _subscribe(db, WEDNESDAY + timedelta(minutes=10), focus="bring-energy")
    assert (early.message_ids, result.outcome, len(result.message_ids)) == ([], "change-pending", 1)
    assert _subscription(db, sid).status == "unsubscribed"  # until the new confirmation is used
    with db.session() as session:
        change_id = session.scalars(select(Message).order_by(Message.id)).all()[-1].context["change_id"]
    with db.transaction() as session:
        assert confirm_change(session, change_id, WEDNESDAY + timedelta(minutes=11)).changed
    assert (_subscription(db, sid).status, _subscription(db, sid).lesson_slug) == ("active", "bring-energy")


def test_unconfirmed_subscriptions_expire_after_seven_days(db: Database) -> None:
    old = _subscribe(db, WEDNESDAY - timedelta(days=7, minutes=1)).subscription_id
    fresh = _subscribe(db, WEDNESDAY - timedelta(days=6), email="new@example.com").subscription_id
    with db.transaction() as session:
        assert expire_unconfirmed(session, WEDNESDAY) == 1
    with db.transaction() as session:
        assert expire_unconfirmed(session, WEDNESDAY) == 0
    assert _subscription(db, old).status == "expired"
    assert _subscription(db, fresh).status == "pending"


def test_pause_and_resume(db: Database) -> None:
    sid = add_subscription(db, timezone="UTC")
    with db.transaction() as session:
        subscription = session.get(Subscription, sid)
        assert subscription is not None
        with pytest.raises(ValueError, match="1 to 8 weeks"):
            pause(session, subscription, 9, WEDNESDAY)
        assert pause(session, subscription, 3, WEDNESDAY).changed
    paused = _subscription(db, sid)
    assert (paused.status, paused.paused_until, paused.next_due_at) == (
        "paused",
        WEDNESDAY + timedelta(weeks=3),
        None,
    )
    later = WEDNESDAY + timedelta(days=2)  # Friday 10:00 UTC, past 09:00
    with db.transaction() as session:
        subscription = session.get(Subscription, sid)
        assert subscription is not None
        assert resume(session, subscription, later).changed
        assert not resume(session, subscription, later).changed
    resumed = _subscription(db, sid)
    assert (resumed.status, resumed.paused_until, resumed.resumed_at) == ("active", None, later)
    assert resumed.next_due_at is not None and resumed.next_due_at > later


def _sent(db: Database, sid: int, slug: str, seq: int, kind: str, content_id: str, at: datetime) -> None:
    with db.transaction() as session:
        subscription = session.get(Subscription, sid)
        assert subscription is not None
        session.add(
            Message(
                subscription_id=sid,
                manager_id=subscription.manager_id,
                seq=seq,
                kind=kind,
                lesson_slug=slug,
                content_id=content_id,
                to_email="manager@example.com",
                status="sent",
                reply_token=f"token-{seq}",
                due_at=at,
                sent_at=at,
            )
        )


def test_changing_focus_starts_afresh_or_resumes_an_unfinished_lesson(db: Database) -> None:
    sid = add_subscription(db, focus="share-credit", timezone="UTC")
    start = WEDNESDAY - timedelta(days=20)
    _sent(db, sid, "share-credit", 1, "nudge", "share-credit.n1", start)
    _sent(db, sid, "share-credit", 2, "prompt", "share-credit.p1", start + timedelta(days=2))
    with db.transaction() as session:
        subscription = session.get(Subscription, sid)
        assert subscription is not None
        change_focus(session, subscription, "bring-energy", resume_earlier=True, now=WEDNESDAY)
        assert (subscription.lesson_slug, subscription.lesson_started_at) == ("bring-energy", WEDNESDAY)
        back = WEDNESDAY + timedelta(days=7)
        change_focus(session, subscription, "share-credit", resume_earlier=True, now=back)
        assert subscription.lesson_started_at == start  # the engine sees the earlier run again
        change_focus(session, subscription, "share-credit", resume_earlier=False, now=back)
        assert subscription.lesson_started_at == back
        with pytest.raises(KeyError):
            change_focus(session, subscription, "no-such-lesson", resume_earlier=False, now=back)


def test_a_fresh_link_goes_only_to_known_addresses_and_at_most_every_ten_minutes(db: Database) -> None:
    pending = _subscribe(db).subscription_id
    add_subscription(db, "active@example.com")
    with db.transaction() as session:
        assert request_link(session, "nobody@example.com", WEDNESDAY) == []
        assert request_link(session, "jo@example.com", WEDNESDAY) == []  # confirmation just went out
        later = WEDNESDAY + timedelta(minutes=11)
        assert len(request_link(session, "jo@example.com", later)) == 1
        assert len(request_link(session, "active@example.com", later)) == 1
        assert request_link(session, "active@example.com", later + timedelta(minutes=1)) == []
    assert _kinds(db) == ["confirm", "confirm", "notice"]
    assert _subscription(db, pending).status == "pending"
