"""'My reflections' as a download: Markdown to read, JSON to keep or move elsewhere."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from service.models import Manager
from service.reflections.entries import VISIBILITY_WORDS, CommitmentView, Reflection, Reflections

FORMAT_VERSION = 1
# What makes Markdown viewers run HTML or follow links: "<script>", "<img onerror=…>", "[x](javascript:…)".
_ACTIVE = re.compile(r"([\\<>\[\]])")


def _local(instant: datetime, timezone: str) -> str:
    return instant.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def local_day(instant: datetime, timezone: str) -> date:
    """The manager's own day (the download's file name says the day they see in it)."""
    return instant.astimezone(ZoneInfo(timezone)).date()


def _inert(text: str) -> str:
    """Text as written, shown as text: HTML and link brackets escaped (a viewer shows them, runs nothing)."""
    return _ACTIVE.sub(r"\\\1", text)


def _quoted(text: str) -> str:
    """Markdown blockquote of the text as written (every line quoted, blank lines kept)."""
    return "\n".join(f"> {_inert(line)}".rstrip() for line in (text.strip() or "(empty)").splitlines())


def _reply_md(reply: Reflection, timezone: str) -> list[str]:
    lesson = (
        f"Lesson {reply.lesson_number}: {reply.lesson_title}" if reply.lesson_number else reply.lesson_title
    )
    lines = [
        f"## {_local(reply.received_at, timezone)}"
        + (f" · {reply.prompt_subject}" if reply.prompt_subject else "")
    ]
    if lesson:
        lines.append(f"*{lesson}*")
    if reply.prompt_question:
        lines += ["", f"**Prompt:** {reply.prompt_question}"]
    lines += ["", _quoted(reply.text), "", f"*{VISIBILITY_WORDS[reply.visibility]}*", ""]
    return lines


def _commitment_md(commitment: CommitmentView) -> list[str]:
    due = commitment.due_on.isoformat() + (f" ({commitment.due_phrase})" if commitment.due_phrase else "")
    lines = [
        f"- {_inert(commitment.text)}" + (" (a move you took on)" if commitment.taken_on else ""),
        f"  - made {commitment.made_on.isoformat()}, due {due}, {commitment.status}",
    ]
    lines += [
        f"  - {outcome}"
        + (f", new date {new_due.isoformat()}" if new_due else "")
        + f" ({at.date().isoformat()})"
        for outcome, new_due, at in commitment.outcomes
    ]
    return lines


def to_markdown(manager: Manager, reflections: Reflections, now: datetime) -> str:
    """One Markdown file: replies newest first, each under its date and prompt, then commitments."""
    lines = [
        "# My reflections",
        "",
        f"{_inert(manager.name or manager.email)}, downloaded {_local(now, manager.timezone)}"
        f" ({manager.timezone}).",
        "",
        f"# Replies ({len(reflections.replies)})",
        "",
    ]
    for reply in reflections.replies:
        lines += _reply_md(reply, manager.timezone)
    lines += [f"# Commitments ({len(reflections.commitments)})", ""]
    for commitment in reflections.commitments:
        lines += _commitment_md(commitment)
    return "\n".join(lines).rstrip() + "\n"


def _reply_json(reply: Reflection) -> dict[str, Any]:
    return {
        "id": reply.reply_id,
        "received_at": reply.received_at.isoformat(),
        "text": reply.text,
        "words": reply.words,
        "prompt": {"subject": reply.prompt_subject, "question": reply.prompt_question},
        "lesson": {"number": reply.lesson_number, "title": reply.lesson_title},
        "visibility": str(reply.visibility),
        "auto_reply": reply.is_auto_reply,
        "command": reply.command,
    }


def _commitment_json(commitment: CommitmentView) -> dict[str, Any]:
    return {
        "id": commitment.commitment_id,
        "reply_id": commitment.reply_id,
        "taken_on": commitment.taken_on,
        "text": commitment.text,
        "made_on": commitment.made_on.isoformat(),
        "due_on": commitment.due_on.isoformat(),
        "due_phrase": commitment.due_phrase,
        "status": commitment.status,
        "lesson": commitment.lesson_title,
        "outcomes": [
            {"outcome": outcome, "new_due_on": new_due.isoformat() if new_due else None, "at": at.isoformat()}
            for outcome, new_due, at in commitment.outcomes
        ],
    }


def to_json(manager: Manager, reflections: Reflections, now: datetime) -> str:
    """Every reply and commitment with its dates (UTC, ISO 8601), as one JSON document."""
    document = {
        "version": FORMAT_VERSION,
        "downloaded_at": now.isoformat(),
        "manager": {"email": manager.email, "name": manager.name, "timezone": manager.timezone},
        "replies": [_reply_json(reply) for reply in reflections.replies],
        "commitments": [_commitment_json(c) for c in reflections.commitments],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
