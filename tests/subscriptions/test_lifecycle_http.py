"""The whole lifecycle over real HTTP, real Redis, real RQ workers and the SendGrid sandbox."""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from sandbox.testing import messages
from service.models import Message, Subscription
from tests.subscriptions.conftest import Live
from tests.subscriptions.live import Browserless, link_in, run_jobs
from workers.dispatch import dispatch_due

pytestmark = pytest.mark.slow
EMAIL = "lifecycle@example.com"


def _subscription(live: Live) -> Subscription:
    with live.db.session() as session:
        subscription = session.scalars(select(Subscription)).one()
        session.expunge(subscription)
        return subscription


def _post_json(url: str, body: Any) -> tuple[int, Any]:
    request = urllib.request.Request(  # noqa: S310 - the test's own server
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with Browserless().opener.open(request, timeout=30) as response:
        return response.status, json.loads(response.read())


def _inbox(live: Live) -> list[dict[str, Any]]:
    """What the sandbox received for the subscriber, oldest first."""
    return list(reversed(messages(live.sandbox, to=EMAIL)))


def _header(mail: dict[str, Any], name: str) -> str:
    headers = mail["headers"]
    found = {key.lower(): value for key, value in headers.items()} if isinstance(headers, dict) else {}
    return str(found.get(name.lower(), ""))


def test_subscribe_confirm_nudge_change_and_leave_over_http(live: Live) -> None:
    # Subscribe through the API: 202, and a confirmation email reaches the sandbox.
    status, body = _post_json(
        f"{live.url}/api/v1/subscriptions",
        {
            "email": EMAIL,
            "name": "Lee",
            "focus": "share-credit",
            "timezone": "Europe/Berlin",
            "send_time": "09:00",
            "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        },
    )
    assert (status, body["status"]) == (202, "pending")
    assert run_jobs(live.redis) >= 1
    inbox = _inbox(live)
    assert [mail["categories"][0] for mail in inbox] == ["confirm"]
    confirm_url = link_in(inbox[0]["text"], "/confirm/")
    assert confirm_url.startswith(live.url)

    # The link opens a page with a button (nothing changes); the POST confirms.
    browser = Browserless()
    page = browser.get(confirm_url)
    assert page.status == 200 and ">Confirm</button>" in page.text
    assert _subscription(live).status == "pending"
    landing = browser.submit(confirm_url, confirm_url, {})
    assert landing.status == 200 and "/preferences/" in landing.url and "subscribed" in landing.text
    subscription = _subscription(live)
    assert subscription.status == "active" and subscription.next_due_at is not None
    first_due = subscription.next_due_at
    local = first_due.astimezone(ZoneInfo("Europe/Berlin"))
    assert (local.hour, local.minute) == (9, 0)
    assert subscription.confirmed_at is not None
    assert timedelta(0) < first_due - subscription.confirmed_at <= timedelta(days=1)

    # The welcome email arrives.
    run_jobs(live.redis)
    inbox = _inbox(live)
    assert [mail["categories"][0] for mail in inbox] == ["confirm", "welcome"]

    # Preferences: a new send time moves the first nudge.
    preferences_url = landing.url
    saved = browser.submit(
        preferences_url,
        f"{preferences_url}/schedule",
        {
            "timezone": "Europe/Berlin",
            "send_time": "07:30",
            "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "intensity": "standard",
        },
    )
    assert saved.status == 200 and "Your schedule is saved." in saved.text
    subscription = _subscription(live)
    due = subscription.next_due_at
    assert due is not None and due.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M") == "07:30"

    # When it comes due, the dispatcher sends the first nudge; it carries the one-click headers.
    assert dispatch_due(now=due + timedelta(minutes=1))["created"] == 1
    run_jobs(live.redis)
    inbox = _inbox(live)
    assert [mail["categories"][0] for mail in inbox] == ["confirm", "welcome", "nudge"]
    nudge = inbox[2]
    assert _header(nudge, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    one_click = re.search(r"<(https?://[^>]+/unsubscribe/[^>]+)>", _header(nudge, "List-Unsubscribe"))
    assert one_click, _header(nudge, "List-Unsubscribe")

    # A mail client's RFC 8058 POST: no cookie, no CSRF token; 200, no redirect, no cookie set.
    mail_client = Browserless(follow_redirects=False)
    left = mail_client.request("POST", one_click[1], {"List-Unsubscribe": "One-Click"})
    assert left.status == 200 and "Set-Cookie" not in left.headers and "Location" not in left.headers
    assert _subscription(live).status == "unsubscribed"

    # Nothing more is sent, however much time passes.
    for days in (1, 3, 10, 30):
        dispatch_due(now=due + timedelta(days=days))
    run_jobs(live.redis)
    assert len(_inbox(live)) == 3
    with live.db.session() as session:
        kinds = list(session.scalars(select(Message.kind).order_by(Message.id)))
    assert kinds == ["confirm", "welcome", "nudge"]
