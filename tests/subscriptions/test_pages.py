"""The subscribe page and its form: accessible markup, inline errors, CSRF, and the same answer for all."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service.db import Database
from service.models import Manager, Message, Subscription
from tests.subscriptions.conftest import add_subscription, field_errors, post_form, snapshot


def test_the_page_lists_the_ten_lessons_and_labels_every_field(client: FlaskClient) -> None:
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    radios = re.findall(r'<input type="radio" name="focus" id="(focus-[a-z-]+)"', html)
    assert len(radios) == 10
    assert "9.</span> Have the confidence to share the credit generously" in html
    assert "Give the win away" in html  # the tagline, tied to its radio by aria-describedby
    inputs = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', html)
    labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', html))
    unlabelled = [i for i in inputs if i not in labelled and not i.startswith("weekday-")]
    assert unlabelled == []  # weekday checkboxes sit inside their <label>
    assert re.search(r'<option value="UTC" selected>', html)
    assert re.search(r'<option value="Europe/Berlin">Berlin \(UTC\+0[12]:00\)</option>', html)
    assert len(re.findall(r'name="weekdays" value="(mon|tue|wed|thu|fri)"[^>]*checked', html)) == 5
    assert '<script src="/static/timezone.js"></script>' in html
    # How long a lesson runs and how many emails a week, measured with the engine.
    assert (
        "A lesson runs about 17 weeks: 22 emails, about 2 a week in the first month, then about 1 a week"
        in html
    )


def test_no_inline_script_or_style_so_the_csp_holds(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html and "<style" not in html and " on" + "click=" not in html
    assert "script-src 'self'" in client.get("/").headers["Content-Security-Policy"]


def test_a_good_form_redirects_to_check_your_inbox(
    client: FlaskClient, db: Database, valid_subscription: dict[str, Any]
) -> None:
    response = post_form(client, "/", valid_subscription)
    assert response.status_code == 303 and response.headers["Location"].endswith(
        "/subscribe/check-your-inbox"
    )
    assert "Check your inbox" in client.get(response.headers["Location"]).get_data(as_text=True)
    with db.session() as session:
        assert session.scalars(select(Manager.email)).one() == "jo.manager@example.com"


def test_a_known_address_sees_exactly_the_same_answer(
    client: FlaskClient, db: Database, valid_subscription: dict[str, Any]
) -> None:
    add_subscription(db, "jo.manager@example.com")
    known = post_form(client, "/", valid_subscription)
    fresh = post_form(client, "/", {**valid_subscription, "email": "someone.new@example.com"})
    assert (known.status_code, known.headers["Location"]) == (fresh.status_code, fresh.headers["Location"])


BAD_FORMS: list[tuple[str, dict[str, Any], str, str]] = [
    ("malformed address", {"email": "jo.example.com"}, "email", "@-sign"),
    ("internationalised local part", {"email": "jörg@example.com"}, "email", "Internationalized characters"),
    ("unknown focus", {"focus": "world-domination"}, "focus", "does not exist"),
    ("no focus", {"focus": ""}, "focus", "Choose a lesson"),
    ("unknown timezone", {"timezone": "Atlantis/Capital"}, "timezone", "IANA"),
    ("25 o'clock", {"send_time": "25:00"}, "send_time", "between 00:00 and 23:59"),
    ("a cleared time box", {"send_time": ""}, "send_time", "Enter a time of day, as HH:MM"),
    ("no weekdays", {"weekdays": []}, "weekdays", "at least one weekday"),
    ("a 20 KB name", {"name": "N" * 20_000}, "name", "at most 200 characters"),
]


@pytest.mark.parametrize(("case", "changes", "field", "fragment"), BAD_FORMS, ids=[c[0] for c in BAD_FORMS])
def test_bad_input_is_shown_next_to_its_field_and_stores_nothing(
    client: FlaskClient,
    db: Database,
    valid_subscription: dict[str, Any],
    case: str,
    changes: dict[str, Any],
    field: str,
    fragment: str,
) -> None:
    before = snapshot(db)
    response = post_form(client, "/", {**valid_subscription, **changes})
    html = response.get_data(as_text=True)
    assert response.status_code == 422, case
    errors = field_errors(response)
    assert list(errors) == [field] and fragment in errors[field]
    assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-error', html), "error tied to field"
    assert 'role="alert"' in html and f'href="#{field}"' in html  # the summary links to the field
    assert snapshot(db) == before


def test_the_form_keeps_what_was_typed_after_an_error(
    client: FlaskClient, valid_subscription: dict[str, Any]
) -> None:
    response = post_form(client, "/", {**valid_subscription, "send_time": "25:00"})
    html = response.get_data(as_text=True)
    assert 'value="Jo.Manager@Example.com"' in html
    assert '<option value="America/Chicago" selected>' in html
    assert "data-autodetect" not in html  # the script must not override a zone the person chose
    assert re.search(r'value="share-credit"[^>]*checked', html)


def test_a_post_without_a_csrf_token_is_refused(
    client: FlaskClient, db: Database, valid_subscription: dict[str, Any]
) -> None:
    before = snapshot(db)
    response = client.post("/", data=valid_subscription)
    assert response.status_code == 400
    assert "Please try again" in response.get_data(as_text=True)
    assert snapshot(db) == before


def test_a_fresh_link_request_answers_the_same_for_any_address(client: FlaskClient, db: Database) -> None:
    add_subscription(db, "known@example.com")
    known = post_form(client, "/preferences/link", {"email": "known@example.com"})
    unknown = post_form(client, "/preferences/link", {"email": "unknown@example.com"})
    assert known.status_code == unknown.status_code == 200
    strip = re.compile(r'name="csrf_token" value="[^"]+"')
    assert strip.sub("", known.get_data(as_text=True)) == strip.sub("", unknown.get_data(as_text=True))
    with db.session() as session:
        assert list(session.scalars(select(Message.to_email))) == ["known@example.com"]
    bad = post_form(client, "/preferences/link", {"email": "not an address"})
    assert bad.status_code == 422 and "email" in field_errors(bad)


def test_an_invitation_prefills_the_form_and_one_post_makes_the_invited_address_active(
    client: FlaskClient, db: Database, app: Any
) -> None:
    from service.models import ProgramInvitation
    from tests.subscriptions.conftest import add_program, token

    program_id = add_program(db)
    with db.transaction() as session:
        invitation = ProgramInvitation(
            program_id=program_id, email="invited@example.com", name="Ivy", timezone="Asia/Kolkata"
        )
        session.add(invitation)
        session.flush()
        invitation_id = invitation.id
    url = f"/subscribe/invite/{token(app, 'join', invitation_id)}"
    before = snapshot(db)
    page = client.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and snapshot(db) == before
    assert "invited@example.com" in html and 'value="Ivy"' in html
    assert '<option value="Asia/Kolkata" selected>' in html and "Join Enterprise sales" in html
    assert "no confirmation email" in html
    form = {
        "email": "attacker@example.com",
        "focus": "bring-energy",
        "send_time": "07:45",
        "weekdays": ["tue"],
        "timezone": "Asia/Kolkata",
        "name": "Ivy",
    }
    response = post_form(client, url, form)
    assert response.status_code == 303 and "/preferences/" in response.headers["Location"]
    with db.session() as session:
        subscription = session.scalars(select(Subscription)).one()
        assert subscription.manager.email == "invited@example.com"
        assert (subscription.status, subscription.lesson_slug, subscription.manager.program_id) == (
            "active",
            "bring-energy",
            program_id,
        )
        assert subscription.next_due_at is not None
        assert list(session.scalars(select(Message.kind))) == ["welcome"]  # no second confirmation
        assert session.scalars(select(Manager).where(Manager.email == "attacker@example.com")).first() is None
