"""The context of a commitment check-back: the manager's own words, when they wrote them, three answers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from service.commitments.move_dates import day_label
from service.emails import links
from service.emails.render import EmailError
from service.enums import Outcome
from service.models import Message
from service.settings import Settings
from service.spacing import zone

LABELS = {Outcome.DONE: "Done", Outcome.NOT_YET: "Not yet: pick a new date", Outcome.DROPPED: "Drop it"}
NUMBER_WORDS = ("", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven")
RESURFACE_LABELS = {
    Outcome.DONE: "Yes, still happening",
    Outcome.NOT_YET: "It slipped: pick a date",
    Outcome.DROPPED: "Let it go",
}


def commitment_context(
    message: Message, stored: dict[str, Any], settings: Settings, timezone: str | None = None
) -> dict[str, Any]:
    """What commitment.{txt,html} need; the words were stored on the row when it was planned."""
    text = stored.get("text")
    if not isinstance(text, str) or not text.strip():
        raise EmailError(f"commitment email {message.id}: context has no commitment text")
    try:
        made_on = date.fromisoformat(str(stored.get("made_on")))
        due_on = date.fromisoformat(str(stored.get("due_on")))
    except ValueError:
        raise EmailError(f"commitment email {message.id}: context needs made_on and due_on dates") from None
    resurface = bool(stored.get("resurface"))
    return {
        "text": text.strip(),
        "made_on": day_label(made_on),
        "due_on": day_label(due_on),
        "named": bool(stored.get("due_phrase")),
        "gone_by": gone_by(made_on, _send_day(message, timezone)),
        "taken_on": bool(stored.get("taken_on")),
        "resurface": resurface,
        "done_on": _done_on(stored.get("done_at"), timezone) if resurface else None,
        "labels": RESURFACE_LABELS if resurface else LABELS,
        "links": {answer.value: links.commitment_url(settings, message.id, answer) for answer in Outcome},
    }


def gone_by(made_on: date, sent_on: date) -> str:
    """How long ago the manager wrote an undated "I will…", as the email says it: the check-back comes a
    week later on a daily schedule, but later after a pause or on a sparse one ("Seven weeks have gone
    by.", never a week that was not)."""
    days = (sent_on - made_on).days
    if days <= 4:
        return "A few days have gone by."
    weeks = round(days / 7)
    if weeks <= 1:
        return "A week has gone by."
    if weeks <= 8:
        return f"{NUMBER_WORDS[weeks]} weeks have gone by."
    months = round(days / 30.4)
    if months < len(NUMBER_WORDS):
        return f"{NUMBER_WORDS[months]} months have gone by."
    return "About a year has gone by." if days < 540 else "More than a year has gone by."


def _send_day(message: Message, timezone: str | None) -> date:
    """The manager's day the email goes out: its planned time, or today for one sent at once."""
    instant = message.due_at or datetime.now(UTC)
    try:
        tz = zone(timezone or "UTC")
    except ValueError:
        tz = zone("UTC")
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(tz).date()


def _done_on(value: Any, timezone: str | None) -> str | None:
    """The manager's day a kept commitment was marked done, as they name days; None if not stored
    (a row planned before it was), and the email then says no day rather than a wrong one."""
    try:
        instant = datetime.fromisoformat(value) if isinstance(value, str) else None
        tz = zone(timezone or "UTC")
    except ValueError:
        return None
    if instant is None or instant.tzinfo is None:
        return None
    return day_label(instant.astimezone(tz).date())
