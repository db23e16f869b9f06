"""Out-of-office texts that come without any header or subject mark: pure, no I/O, no clock.

Some mail systems send a vacation answer as a plain "Re: <our subject>" with no Auto-Submitted,
X-Autoreply or Precedence header (service/replies/autoreply.py reads those). Its text ("I am out of
the office until 14 January with limited access to email. For urgent matters please contact Jan
Berg.") must never count as the manager's answer, so the body is read too, in seven languages.
Precision comes first: a manager's "I was out of the office most of this week, but on Tuesday I gave
Priya credit…" or "I'm off next week, pause please" is a person's reply. The text counts as
automatic only when it says so ("This is an automatic reply"), or when it opens with an absence
said in the present ("I am on annual leave") and carries an auto-reply sign (no access to email, an
answer on return, urgent matters to someone else, mail not forwarded) or two weaker ones; and never
when it asks something of the coaching emails ("pause") or tells a story (words no table explains).
The tables are in `service/replies/out_of_office_words.py`.
"""

from __future__ import annotations

import re

from service.replies import out_of_office_words as ow
from service.replies import patterns
from service.replies.intent import is_greeting, plain, sentences
from service.replies.signatures import signature_like

MAX_CHARACTERS = 4000  # an out-of-office text is short, a bilingual one too; a longer reply is a person's
MAX_WORDS = 400
OPENING_CLAUSES = 4  # the absence is said first ("Thank you for your email. I am away…")
FREE_WORDS = 3  # a clause this short tells no story: "Quick one", "Anna Schmidt", "Happy holidays!"
MAX_UNEXPLAINED = 6  # words of longer clauses that no table explains, before the text tells a story


def _any(patterns_: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'-])(?:{'|'.join(patterns_)})(?![\w'-])")


_AUTOMATIC = _any(ow.AUTOMATIC)
_ABSENCE = _any(ow.ABSENCE)
_STRONG = {label: _any(found) for label, found in ow.STRONG.items()}
_WEAK = {label: _any(found) for label, found in ow.WEAK.items()}
_SIGNS = [*_STRONG.values(), *_WEAK.values()]
_ALSO_SAID = _any(ow.ALSO_SAID)
_REQUEST = _any(ow.REQUESTS)
_CLAUSE_END = re.compile(r"\s*[:;|\u2013\u2014]\s+|\s*[:;]\s*$|\s+-\s+")
_CONTRAST = re.compile(rf"(?<![\w'-])(?:{ow.CONTRAST})(?![\w'-])", re.IGNORECASE)


def is_out_of_office_text(text: str) -> bool:
    """True when the reply's text is an out-of-office answer that no header or subject marked."""
    return out_of_office_reason(text) is not None


def out_of_office_reason(text: str) -> str | None:
    """Why the text reads as an automatic out-of-office answer (table labels only, never its words, so
    the log may carry it), or None when a person wrote it."""
    if len(text) > MAX_CHARACTERS or len(text.split()) > MAX_WORDS:
        return None
    clauses = _clauses(text)
    said = [plain(clause) for clause in clauses]
    if any(_AUTOMATIC.search(words) for words in said):
        return "out-of-office text: it says it is an automatic reply"
    if not any(_ABSENCE.search(words) for words in said[:OPENING_CLAUSES]):
        return None
    whole = "\n".join(said)
    if _REQUEST.search(whole):
        return None
    strong = [label for label, found in _STRONG.items() if found.search(whole)]
    weak = [label for label, found in _WEAK.items() if found.search(whole)]
    if not strong and len(weak) < 2:
        return None
    if _unexplained_words(clauses, said) > MAX_UNEXPLAINED:
        return None
    return f"out-of-office text: an absence, with {', '.join(strong or weak)}"


def _clauses(text: str) -> list[str]:
    """The text's clauses, without a greeting line: sentences, cut again at colons, dashes and a "but"."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if lines and is_greeting(lines[0]):
        lines = lines[1:]
    clauses: list[str] = []
    for line in lines:
        for sentence in sentences(line):
            for part in _CLAUSE_END.split(sentence):
                clauses.extend(piece.strip(" ,") for piece in _CONTRAST.split(part) if piece.strip(" ,"))
    return clauses


def _unexplained_words(clauses: list[str], said: list[str]) -> int:
    """Words in clauses no table explains (short ones, signatures and sign-offs aside): a story's, or a
    question's."""
    unexplained = 0
    for clause, words in zip(clauses, said, strict=True):
        if _explained(clause, words):
            continue
        if clause.endswith("?"):
            return MAX_UNEXPLAINED + 1  # an out-of-office text asks nothing: "Can we skip a week?"
        if len(words.split()) > FREE_WORDS:
            unexplained += len(words.split())
    return unexplained


def _explained(clause: str, words: str) -> bool:
    if _ABSENCE.search(words) or _ALSO_SAID.search(words) or any(sign.search(words) for sign in _SIGNS):
        return True
    if patterns.SIGNATURE_CONTACT.search(clause) or patterns.SIGN_OFF.match(clause):
        return True
    return signature_like(clause)
