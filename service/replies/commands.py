"""Commands by reply: the first line of the new text (any case): STOP, PAUSE, RESUME, SWITCH or HELP."""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_PAUSE_WEEKS = 2
HELP_LINES = (
    "STOP or UNSUBSCRIBE: stop all coaching emails.",
    "PAUSE: take a two-week break (PAUSE 4 WEEKS: choose 1 to 8 weeks).",
    "RESUME: start again after a pause.",
    "SWITCH 3 or SWITCH share-credit: change your focus lesson (by number or name).",
    "HELP: this list.",
)

_TRAILING = re.compile(r"[\s.!]+$")
_STOP = re.compile(r"^(?:stop|unsubscribe)$", re.IGNORECASE)
_PAUSE = re.compile(r"^pause(?:\s+(?:for\s+)?(\d{1,3})(?:\s*(?:weeks?|wks?|w))?)?$", re.IGNORECASE)
_RESUME = re.compile(r"^resume$", re.IGNORECASE)
_SWITCH = re.compile(r"^switch(?:\s+to)?(?:\s+(?:lesson\s+)?#?([a-z0-9][a-z0-9-]{0,79}))?$", re.IGNORECASE)
_HELP = re.compile(r"^help$", re.IGNORECASE)


@dataclass(frozen=True)
class Command:
    """A parsed command: `name` is stop, pause, resume, switch or help (what Reply.command stores)."""

    name: str
    weeks: int | None = None
    target: str | None = None


def parse_command(text: str) -> Command | None:
    """The command on the first non-blank line, or None when the reply is a reflection."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    line = _TRAILING.sub("", first)
    if not line or len(line) > 100:
        return None
    if _STOP.match(line):
        return Command("stop")
    if match := _PAUSE.match(line):
        return Command("pause", weeks=int(match.group(1)) if match.group(1) else DEFAULT_PAUSE_WEEKS)
    if _RESUME.match(line):
        return Command("resume")
    if match := _SWITCH.match(line):
        return Command("switch", target=match.group(1).lower() if match.group(1) else None)
    if _HELP.match(line):
        return Command("help")
    return None
