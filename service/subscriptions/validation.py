"""Check and normalise what a person (or an API client) asks for, with messages a person understands."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

from email_validator import EmailNotValidError, validate_email

from service.curriculum import Curriculum, load_curriculum
from service.models import DEFAULT_WEEKDAYS
from service.spacing.calendar import WEEKDAY_NAMES
from service.text import holds_address, unusable_character
from service.timezones import canonical, canonical_names

NAME_MAX = 200
EMAIL_MAX = 320  # RFC 3696's longest address
LOCAL_PART_MAX = 64  # RFC 5321; email-validator lets longer ones through, mail servers do not
TIMEZONE_MAX = 64
DEFAULT_SEND_TIME = time(9, 0)
DEFAULT_TIMEZONE = "UTC"
INTENSITIES = ("light", "standard", "intense")
SUBSCRIBE_FIELDS = frozenset({"email", "name", "focus", "timezone", "send_time", "weekdays", "intensity"})
WEEKDAY_LABELS = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
_DAY_ALIASES = {
    **{day: day for day in WEEKDAY_NAMES},
    **{label.lower(): day for day, label in WEEKDAY_LABELS.items()},
}
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::00)?")


class ValidationError(ValueError):
    """One or more fields are invalid; `errors` maps each field to a message for a person."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = dict(errors)


@dataclass(frozen=True, slots=True)
class SubscriptionRequest:
    """A valid, normalised request to subscribe (email lower-cased, weekdays in week order)."""

    email: str
    name: str
    focus: str
    timezone: str
    send_time: time
    weekdays: tuple[str, ...]
    intensity: str = "standard"

    @property
    def weekdays_text(self) -> str:
        return ",".join(self.weekdays)


def timezone_names() -> tuple[str, ...]:
    """The zones offered (service/timezones.py): UTC, then canonical IANA names, one per place."""
    return canonical_names()


def normalise_email(value: object) -> str:
    """The address in the form we store it: ASCII (punycode domain) and lower-cased."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("Enter your email address.")
    if len(value) > EMAIL_MAX:
        raise ValueError("That email address is too long.")
    try:
        result = validate_email(value.strip(), check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise ValueError(f"That doesn't look like a valid email address: {exc}") from None
    address = str(result.ascii_email or result.normalized).lower()
    if len(address.rsplit("@", 1)[0]) > LOCAL_PART_MAX:
        raise ValueError(
            f"That doesn't look like a valid email address: the part before the @-sign is longer "
            f"than {LOCAL_PART_MAX} characters."
        )
    return address


def clean_name(value: object) -> str:
    """A display name: trimmed, at most NAME_MAX characters, no control characters, no address."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError("Name must be text.")
    name = " ".join(value.split())
    if len(name) > NAME_MAX:
        raise ValueError(f"Name must be at most {NAME_MAX} characters.")
    if unusable_character(name) is not None:
        raise ValueError("Name contains characters we can't use; please remove them.")
    if holds_address(name):
        raise ValueError("A name can't contain a web or email address.")
    return name


def check_timezone(value: object, keep: str | None = None) -> str:
    """An offered timezone, e.g. Europe/Berlin; an alias (Asia/Calcutta) gives its canonical name.
    `keep` is the manager's current setting, accepted as it is even if no longer offered."""
    if value is None or value == "":
        return DEFAULT_TIMEZONE
    if not isinstance(value, str) or len(value) > TIMEZONE_MAX:
        raise ValueError("Choose a timezone from the list (an IANA name such as Europe/Berlin).")
    if keep is not None and value == keep:
        return value
    name = canonical(value)
    if name is None:
        raise ValueError("Choose a timezone from the list (an IANA name such as Europe/Berlin).")
    return name


def parse_send_time(value: object) -> time:
    """ "HH:MM" (24-hour clock) as a local wall time."""
    if value is None or value == "":
        return DEFAULT_SEND_TIME
    match = _TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError("Enter a time of day between 00:00 and 23:59, as HH:MM.")
    return time(int(match[1]), int(match[2]))


EMPTY_SEND_TIME = "Enter a time of day, as HH:MM (for example 09:00)."


def parse_entered_send_time(value: object) -> time:
    """A send time typed into a form: a cleared box is a mistake, not a wish for the default."""
    if isinstance(value, str) and not value.strip():
        raise ValueError(EMPTY_SEND_TIME)
    return parse_send_time(value)


def parse_weekday_names(value: object) -> tuple[str, ...]:
    """Weekday names (a list, or one comma-separated string) in week order, without repeats."""
    if value is None:
        return tuple(DEFAULT_WEEKDAYS.split(","))
    if isinstance(value, str):
        items: list[object] = [part for part in value.split(",") if part.strip()]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise ValueError('Weekdays must be a list such as ["mon", "wed"].')
    names = set()
    for item in items:
        day = _DAY_ALIASES.get(item.strip().lower()) if isinstance(item, str) else None
        if day is None:
            raise ValueError("Weekdays must be day names: mon, tue, wed, thu, fri, sat, sun.")
        names.add(day)
    if not names:
        raise ValueError("Choose at least one weekday.")
    return tuple(day for day in WEEKDAY_NAMES if day in names)


def check_focus(value: object, curriculum: Curriculum) -> str:
    """The slug of one of the lessons."""
    if not isinstance(value, str) or not value:
        raise ValueError("Choose a lesson to focus on.")
    if value not in curriculum.slugs:
        raise ValueError("Choose one of the ten lessons; that focus does not exist.")
    return value


def check_intensity(value: object) -> str:
    if value is None or value == "":
        return "standard"
    if value not in INTENSITIES:
        raise ValueError("Choose light, standard or intense.")
    return str(value)


def validate_subscription(
    data: Mapping[str, Any],
    curriculum: Curriculum | None = None,
    *,
    allowed: Iterable[str] = SUBSCRIBE_FIELDS,
) -> SubscriptionRequest:
    """A SubscriptionRequest from raw fields, or ValidationError naming every bad field at once."""
    curriculum = curriculum or load_curriculum()
    errors: dict[str, str] = {}
    allowed_set = frozenset(allowed)
    for key in data:
        if key not in allowed_set:
            errors[str(key)[:50]] = "Unknown field."
    checks: dict[str, Callable[[], object]] = {
        "email": lambda: normalise_email(data.get("email")),
        "name": lambda: clean_name(data.get("name")),
        "focus": lambda: check_focus(data.get("focus"), curriculum),
        "timezone": lambda: check_timezone(data.get("timezone")),
        "send_time": lambda: parse_send_time(data.get("send_time")),
        "weekdays": lambda: parse_weekday_names(data.get("weekdays")),
        "intensity": lambda: check_intensity(data.get("intensity")),
    }
    values: dict[str, Any] = {}
    for field, check in checks.items():
        try:
            values[field] = check()
        except ValueError as exc:
            errors[field] = str(exc)
    if errors:
        raise ValidationError(errors)
    return SubscriptionRequest(**values)
