"""Small pure helpers that turn stored values into the words an email shows."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from service.calendar_names import DAY_NAMES, MONTH_NAMES
from service.curriculum import QUOTE_PLACEHOLDER

DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Typographic quotes and dashes the lesson texts use, spelled as escapes so no reader confuses them.
CLOSING_QUOTES = "\"'\u201d\u2019"
OPENING_QUOTES = "\"'\u201c\u2018"
DASHES = "-\u2013\u2014"

_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])[" + CLOSING_QUOTES + r")]*\s+")
_FIRST_SENTENCE = re.compile(r".+?[.!?\u2026][" + CLOSING_QUOTES + r")]*(?=\s|$)", re.S)
_WHITESPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Collapse all whitespace: a subject or preheader must never carry a line break."""
    return _WHITESPACE.sub(" ", text).strip()


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:" + DASHES)
    return f"{cut}…"


def first_name(name: str) -> str:
    """The greeting name: the first word of what the manager gave us, or "" when we have nothing."""
    words = name.split()
    return words[0] if words else ""


def weekdays_label(weekdays: str) -> str:
    """ "mon,tue,wed,thu,fri" -> "Monday to Friday"; "mon,wed" -> "Monday and Wednesday"."""
    codes = {code.strip() for code in weekdays.lower().split(",")}
    days = sorted(DAY_CODES.index(code) for code in codes if code in DAY_CODES)
    if not days:
        return "no days"
    if len(days) == 7:
        return "every day"
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"
    names = [DAY_NAMES[d] for d in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def clock(value: time) -> str:
    """24-hour local time as people write it in an invitation: "09:00"."""
    return f"{value.hour:02d}:{value.minute:02d}"


def local_when(instant: datetime, timezone: str) -> str:
    """A UTC instant as the reader's local day and time: "Tuesday 4 March at 09:00"."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = instant.astimezone(zone)
    return f"{DAY_NAMES[local.weekday()]} {local.day} {MONTH_NAMES[local.month]} at {clock(local.time())}"


def split_prompt(text: str) -> tuple[str, str]:
    """(context, question): a prompt ends with one open question, which the email sets apart."""
    sentences = _SENTENCE_END.split(text.strip())
    for index in range(len(sentences) - 1, -1, -1):
        if sentences[index].rstrip(CLOSING_QUOTES + ")").endswith("?"):
            context = " ".join(sentences[:index]).strip()
            question = " ".join(sentences[index:]).strip()
            return context, question
    return text.strip(), ""


def first_sentence(text: str) -> str:
    """The text's first sentence (all of it when it has one)."""
    found = _FIRST_SENTENCE.match(text.strip())
    return found.group(0) if found else text.strip()


def split_followup(text: str) -> tuple[str, str]:
    """(lead-in, rest) around the quoted reply, so the quote can stand alone as a blockquote."""
    before, found, after = text.partition(QUOTE_PLACEHOLDER)
    if not found:
        return "", text.strip()
    lead_in = before.rstrip().rstrip(OPENING_QUOTES).rstrip()
    rest = after.lstrip(CLOSING_QUOTES).lstrip(".,;:").strip()
    return lead_in, rest
