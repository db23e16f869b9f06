"""House rules for what a manager answers or acts on: one question per email, one dated move per nudge."""

from __future__ import annotations

import re

# A question sentence that hides a second question. Each pattern is searched (case-insensitively) in
# the sentence that carries the one '?', so context sentences may still say "what they want and how
# they are measured". Rephrase rather than weaken a pattern: the reader should have one thing to answer.
JOINED_QUESTIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.IGNORECASE))
    for label, pattern in (
        # "Who could give you feedback, and what exactly would you ask them?"
        (
            "a second question word joined on",
            r"\b(?:and|or|but|then|plus)\s+(?:if\s+(?:so|not),?\s+)?"
            r"(?:what|how|why|who|whom|whose|which|when|where|whether)\b",
        ),
        # "Which rule causes friction, and is it written down?" / "…, or did you move too fast?"
        (
            "a second yes/no question joined on",
            r"\b(?:and|or|but)\s+(?:is|are|was|were|do|does|did|can|could|would|will|should|has|have|had)\s+"
            r"(?:you|they|it|that|this|there|he|she|we|your|their|anyone|anything)\b",
        ),
        # "Have you asked them, and if so, …" without a question word after it.
        ("an 'and if so/not' clause", r"\b(?:and|or)\s+if\s+(?:so|not)\b"),
        # "What did you try; what happened?"
        ("two clauses joined by a semicolon", r";"),
        ("a question joined by 'as well as'", r"\bas\s+well\s+as\s+(?:what|how|why|who|which|when|where)\b"),
    )
)

_CLOSERS = "\"')\u201d\u2019"
_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])[" + _CLOSERS + r"]*\s+")

# A nudge's action is checked back on a date, so it must say when: this week, by a weekday, or at
# the next occurrence of something ("your next one-on-one", "the next announcement").
ACTION_WHEN = re.compile(
    r"\b(?:this week|next|within a week|today|tomorrow|by (?:monday|tuesday|wednesday|thursday|friday))\b",
    re.IGNORECASE,
)
MAX_ACTION_WORDS = 30


def question_sentence(text: str) -> str:
    """The sentence that carries the text's last '?', or "" when there is none."""
    sentences = _SENTENCE_END.split(text.strip())
    return next((s for s in reversed(sentences) if s.rstrip(_CLOSERS).endswith("?")), "")


def question_problems(text: str) -> list[str]:
    """Why `text` does not ask exactly one question, at its end, without a second one joined on."""
    marks = text.count("?")
    if marks != 1:
        return [f"must ask exactly one question (found {marks} '?')"]
    if not text.rstrip(_CLOSERS + " \n").endswith("?"):
        return ["must end with its one question ('?')"]
    sentence = question_sentence(text)
    return [
        f"joins a second question onto the first ({label}: {match.group(0).strip()!r}); ask one thing"
        for label, pattern in JOINED_QUESTIONS
        if (match := pattern.search(sentence))
    ]


def action_problems(action: str) -> list[str]:
    """Why a nudge's action is not one move the manager can be asked about on a date."""
    problems = []
    words = len(action.split())
    if words > MAX_ACTION_WORDS:
        problems.append(f"{words} words (an action has at most {MAX_ACTION_WORDS})")
    if not action.endswith(".") or len(_SENTENCE_END.split(action)) > 1:
        problems.append("must be one sentence ending with '.'")
    if "?" in action or ";" in action or re.search(r"\bthen\b", action, re.IGNORECASE):
        problems.append("must be one move: no '?', ';' or 'then' adding a second step")
    if not ACTION_WHEN.search(action):
        problems.append("must say when ('this week', 'by Friday', 'your next …')")
    return problems
