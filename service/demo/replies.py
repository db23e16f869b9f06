"""Synthetic managers' replies for the demo: each answers the email it replies to.

A prompt or a follow-up gets the answer written for that very question (answers.toml, keyed by
lesson and content id), a "still want these?" check-in a yes. Openers and closers vary the wording
between managers; one reply in six is a one-liner.
"""

from __future__ import annotations

import random
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from service.enums import EmailKind

ANSWERS = Path(__file__).with_name("answers.toml")
OPENERS = (
    "Good question.",
    "Honestly, this one stung a bit.",
    "Quick one from the airport:",
    "This landed at the right time.",
    "I had to sit with this one for a day.",
    "Short answer:",
    "",
    "",
    "",
)
CLOSERS = (
    "Will try again next week.",
    "Not sure it sticks yet.",
    "Curious what the others said.",
    "",
    "",
    "",
)
SHORT = (
    "Done, thanks.",
    "Not this week, too many fires.",
    "Good reminder.",
    "Tried it. Mixed results.",
)
SHORT_SHARE = 1 / 6


@lru_cache(maxsize=1)
def _answers() -> dict[str, Any]:
    return tomllib.loads(ANSWERS.read_text(encoding="utf-8"))


def _answer_for(kind: str, content_id: str) -> str | None:
    """The written answer to this email, if the demo has one."""
    data = _answers()
    lesson, _, item = content_id.rpartition(".")
    if kind == EmailKind.PROMPT:
        found = data.get(lesson, {}).get(item)
        return found if isinstance(found, str) else None
    if kind == EmailKind.FOLLOWUP:
        found = data["followups"].get(lesson, {}).get(item)
        return found if isinstance(found, str) else None
    return None


def reflection(rng: random.Random, kind: str = EmailKind.PROMPT, content_id: str = "") -> str:
    """One reply to an email of `kind` about `content_id`: mostly a few sentences that answer it."""
    if kind == EmailKind.CHECKIN:
        return str(rng.choice(_answers()["checkins"]["yes"]))
    answer = _answer_for(kind, content_id)
    if answer is None or rng.random() < SHORT_SHARE:
        return rng.choice(SHORT)
    parts = [rng.choice(OPENERS), answer, rng.choice(CLOSERS)]
    return " ".join(part for part in parts if part)


def word_count(text: str) -> int:
    return len(text.split())
