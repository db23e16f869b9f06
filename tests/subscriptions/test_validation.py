"""Validation rules on their own: each bad value gets a message a person understands."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from service.db import Database
from service.subscriptions import ValidationError, validate_subscription
from service.subscriptions.validation import clean_name, normalise_email, parse_send_time, parse_weekday_names

VALID = {"email": "jo@example.com", "focus": "share-credit"}


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("Jo.Manager@Example.COM", "jo.manager@example.com"),
        ("  jo@example.com  ", "jo@example.com"),
        ("user@bücher.de", "user@xn--bcher-kva.de"),  # internationalised domain: stored as punycode
        ("jo+coach@sub.example.co.uk", "jo+coach@sub.example.co.uk"),
    ],
)
def test_addresses_are_normalised_and_lower_cased(raw: str, stored: str) -> None:
    assert normalise_email(raw) == stored


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "Enter your email address"),
        ("not-an-address", "must have an @-sign"),
        ("jo@localhost", "valid email address"),
        ("jo@@example.com", "valid email address"),
        ("jo@example..com", "valid email address"),
        ("josé@example.com", "Internationalized characters before the @-sign are not supported"),
        ("Jo <jo@example.com>", "display name"),
        ("jo@example.com\nBcc: x@example.org", "valid email address"),
        ("a" * 65 + "@example.com", "valid email address"),
        ("jo@" + "a" * 300 + ".com", "too long"),
    ],
)
def test_bad_addresses_are_rejected_with_a_readable_reason(raw: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        normalise_email(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("09:00", time(9)),
        ("7:05", time(7, 5)),
        ("23:59", time(23, 59)),
        ("18:30:00", time(18, 30)),
        (None, time(9)),
    ],
)
def test_send_times(raw: str | None, expected: time) -> None:
    assert parse_send_time(raw) == expected


@pytest.mark.parametrize("raw", ["25:00", "24:00", "12:60", "noon", "9", "09:00 pm", "-1:00", 900])
def test_impossible_send_times(raw: Any) -> None:
    with pytest.raises(ValueError, match="between 00:00 and 23:59"):
        parse_send_time(raw)


def test_weekdays_come_back_in_week_order_without_repeats() -> None:
    assert parse_weekday_names(["fri", "Monday", "mon", "WED"]) == ("mon", "wed", "fri")
    assert parse_weekday_names("sat,sun") == ("sat", "sun")
    assert parse_weekday_names(None) == ("mon", "tue", "wed", "thu", "fri")


@pytest.mark.parametrize("raw", [[], "", ["funday"], ["mo"], [1, 2], {"mon": True}, ["mon", None]])
def test_bad_weekdays(raw: Any) -> None:
    with pytest.raises(ValueError, match=r"weekday|day names|list"):
        parse_weekday_names(raw)


@pytest.mark.parametrize(
    "name",
    ["J.R.R. Tolkien", "Anna-Lena O'Brien", "Dr. Chen", "Zoë van der Berg", "Mr.Smith", "São Paulo Team"],
)
def test_names_with_dots_and_dashes_are_names(name: str) -> None:
    assert clean_name(name) == name


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"focus": "become-a-unicorn"}, "focus", "does not exist"),
        ({"focus": None}, "focus", "Choose a lesson"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "IANA name"),
        ({"timezone": "../../etc/passwd"}, "timezone", "IANA name"),
        ({"send_time": "25:00"}, "send_time", "between 00:00 and 23:59"),
        ({"weekdays": []}, "weekdays", "at least one weekday"),
        ({"name": "x" * 20_000}, "name", "at most 200 characters"),
        ({"name": "Jo\x00Bell"}, "name", "characters we can't use"),
        ({"name": "Jo \u202eBell"}, "name", "characters we can't use"),  # a bidi override
        ({"name": "Jo\ufeffBell"}, "name", "characters we can't use"),
        ({"name": 42}, "name", "must be text"),
        ({"name": '=HYPERLINK("http://evil.test","x")'}, "name", "web or email address"),
        ({"name": "Anna www.evil.test"}, "name", "web or email address"),
        ({"name": "Win a prize at evil.com"}, "name", "web or email address"),
        ({"name": "anna@example.com"}, "name", "web or email address"),
        ({"name": "HTTPS://EVIL.TEST"}, "name", "web or email address"),
        ({"program_id": 1}, "program_id", "Unknown field"),  # joining a program is not a subscription field
        ({"intensity": "ludicrous"}, "intensity", "light, standard or intense"),
        ({"email": ["jo@example.com"]}, "email", "Enter your email"),
        ({"colour": "blue"}, "colour", "Unknown field"),
    ],
)
def test_every_bad_field_is_named(db: Database, changes: dict[str, Any], field: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_subscription({**VALID, **changes})
    assert fragment in caught.value.errors[field]
    assert set(caught.value.errors) == {field}


def test_all_errors_are_reported_at_once(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_subscription({"email": "nope", "focus": "nope", "send_time": "99:99"})
    assert set(caught.value.errors) == {"email", "focus", "send_time"}


def test_defaults_fill_what_is_left_out(db: Database) -> None:
    request = validate_subscription(VALID)
    assert (request.timezone, request.send_time, request.weekdays_text) == (
        "UTC",
        time(9),
        "mon,tue,wed,thu,fri",
    )
    assert request.name == "" and request.intensity == "standard"
