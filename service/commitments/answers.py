"""A reply to a check-back that answers it: Done, Not yet (maybe with a new date) or Drop. Pure, no I/O.

Two ways to say it. The command words DONE, NOT YET or DROP (in any case) opening the reply are an
answer whatever follows on their line, as they always were. Plain words in the seven reply languages
("Yes, did it on Friday", "Noch nicht, nächste Woche", "Je laisse tomber") answer when the opening
clause is made of an answer from `service/commitments/answer_words.py` and nothing else. Precision
comes first: only the opening sentence decides, and a question ("Done? Not really"), a hedge
("Yes and no", "Done, sort of", "Did it. Well, partly") or a second answer that disagrees leaves the
reply a reflection, as if it answered nothing. A plain-words answer followed by a story
(`STORY_WORDS` or more) is kept whole as a reflection too (`Answer.story`): its outcome is recorded
and its words can still be quoted back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from service.commitments import answer_words as aw
from service.commitments.extract import due_date, find_commitments
from service.enums import Outcome
from service.replies import intent_words as iw
from service.replies.dates import find_dates
from service.replies.intent import is_greeting, phrases, plain, sentences

MAX_READ = 1500  # characters read from the top of the reply: an answer opens it
STORY_WORDS = 5  # words that tell something beside a plain-words answer: a story, kept as a reflection too
SHORT_NEXT = 6  # words: a next sentence this short may name the new date ("Not yet. Next Friday.")
MAX_CLAUSE_WORDS = 12  # an answer is said in a few words; longer clauses are never read as one

_ANSWER = re.compile(
    r"^(?P<word>done|not\s+yet|notyet|drop|dropped)\b[\s.!:,;-]*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]]|\s[-\u2013\u2014]+\s|[\u2013\u2014]")
_KIND_WORDS = {
    Outcome.DONE: "|".join(aw.DONE),
    Outcome.NOT_YET: "|".join(aw.NOT_YET),
    Outcome.DROPPED: "|".join(aw.DROPPED),
}
_FILLERS = phrases(iw.FILLERS)
_TAILS = rf"(?:{_FILLERS}|{'|'.join(aw.TAILS)})"
_LEADS = {
    Outcome.DONE: rf"(?:{_FILLERS}|{aw.YES}|{aw.YES_LEADS})",
    Outcome.NOT_YET: rf"(?:{_FILLERS}|{aw.NO_LEADS})",
    Outcome.DROPPED: rf"(?:{_FILLERS}|{aw.NO_LEADS})",
}
_CLAUSES = {
    kind: re.compile(rf"(?:{_LEADS[kind]} )*(?:{words})(?: {_TAILS})*")
    for kind, words in {**_KIND_WORDS, Outcome.DONE: f"{_KIND_WORDS[Outcome.DONE]}|{aw.YES}"}.items()
}
_BARE_YES = re.compile(rf"(?:(?:{_FILLERS}|{aw.YES_LEADS}) )*(?:{aw.YES})(?: (?:{aw.YES}|{_TAILS}))*")
_OPENS = {kind: re.compile(rf"(?:{words})(?![\w'-])") for kind, words in _KIND_WORDS.items()}
_HEDGES = {
    Outcome.DONE: "|".join((*aw.PARTLY, *aw.DOUBT)),
    Outcome.NOT_YET: "|".join(aw.PARTLY),
    Outcome.DROPPED: "|".join((*aw.PARTLY, *aw.DOUBT)),
}
_HEDGE = {kind: re.compile(rf"(?<![\w'-])(?:{words})(?![\w'-])") for kind, words in _HEDGES.items()}
_OPENS_HEDGE = {kind: re.compile(rf"(?:{words})(?![\w'-])") for kind, words in _HEDGES.items()}
_FUTURE = re.compile(rf"(?<![\w'-])(?:{aw.FUTURE})(?![\w'-])")
_OPENS_FUTURE = re.compile(rf"(?:{aw.FUTURE})(?![\w'-])")
_OPENERS = rf"(?:{_FILLERS}|{aw.OPENERS})"
_ONLY_POLITE = re.compile(rf"{_OPENERS}(?: {_OPENERS})*")
_ONLY_NO = re.compile(rf"(?:{aw.NO_LEADS})(?: (?:{aw.NO_LEADS}))*")
_LEADING = re.compile(rf"^(?:{_OPENERS} )*")
_POLITE = re.compile(rf"(?<![\w'-]){_TAILS}(?![\w'-])")


@dataclass(frozen=True, slots=True)
class Answer:
    """A check-back answered by reply; `new_due_on` only for "not yet" (a date named, or a week on).
    `story`: the reply tells more than its answer, so it is kept as a reflection as well."""

    outcome: Outcome
    new_due_on: date | None = None
    story: bool = False


def rescheduled(text: str, today: date) -> Answer | None:
    """ "Sort of. Marco was distracted, so I'll try again on Thursday.": a reply to a check-back that
    answers nothing but names one dated step is that step again, later (not yet, and a story)."""
    found = find_commitments(text[:MAX_READ], today)
    if len(found) != 1 or found[0].due_phrase is None or found[0].due_on <= today:
        return None
    return Answer(Outcome.NOT_YET, found[0].due_on, story=True)


def parse_answer(text: str, today: date) -> Answer | None:
    """The answer a check-back reply opens with; None: the reply is a reflection and changes nothing."""
    lines = _letter(text[:MAX_READ])
    opening = sentences("\n".join(lines))
    if not opening or opening[0].rstrip().endswith("?") or (len(opening) == 1 and len(text) > MAX_READ):
        return None  # a question, or an opening sentence longer than an answer ever is
    following = opening[1] if len(opening) > 1 else ""
    return _command_word(lines[0], opening[0], following, text, today) or _in_words(
        opening[0], following, text, today
    )


def _letter(text: str) -> list[str]:
    """The reply's non-blank lines from the first one that is not a greeting ("Hi Anna,")."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    while len(lines) > 1 and is_greeting(lines[0]):
        lines = lines[1:]
    return lines


def _command_word(first_line: str, opening: str, following: str, text: str, today: date) -> Answer | None:
    """DONE, NOT YET or DROP opening the reply: an answer, unless the sentence takes it back."""
    match = _ANSWER.match(first_line)
    if match is None:
        return None
    word = match["word"].lower().replace(" ", "")
    outcome = {"done": Outcome.DONE, "drop": Outcome.DROPPED, "dropped": Outcome.DROPPED}.get(
        word, Outcome.NOT_YET
    )
    if not _stands(outcome, _clauses(opening[match.end("word") :]), following, bare_yes=False):
        return None
    if outcome != Outcome.NOT_YET:
        return Answer(outcome)
    new_due, _ = due_date(match["rest"] or text, today)
    return Answer(Outcome.NOT_YET, new_due)


def _in_words(opening: str, following: str, text: str, today: date) -> Answer | None:
    """An answer in plain words: the opening clause says it, the rest of the sentence agrees."""
    clauses = _said(_clauses(opening))
    outcome = _kind(clauses[0], today) if clauses else None
    if outcome is None:
        return None
    said = 1
    while said < len(clauses) and _kind(clauses[said], today) == outcome:
        said += 1  # "Yes, did it on Friday": the second clause only says it again
    bare_yes = all(_BARE_YES.fullmatch(plain(_undated(clause, today))) for clause in clauses[:said])
    if not _stands(outcome, clauses[said:], following, bare_yes=bare_yes):
        return None
    told = _content_words("\n".join(_letter(text))) - _content_words(" ".join(clauses[:said]))
    story = told >= STORY_WORDS
    if outcome != Outcome.NOT_YET:
        return Answer(outcome, story=story)
    return Answer(Outcome.NOT_YET, _new_date(opening, following, today), story)


def _said(clauses: list[str]) -> list[str]:
    """The clauses from the first that says something ("Hi Anna, done!", "Well, not yet"); a lone
    "no" joins the clause after it ("No, not yet")."""
    while clauses and (is_greeting(clauses[0]) or _ONLY_POLITE.fullmatch(_short(clauses[0]))):
        clauses = clauses[1:]
    if len(clauses) > 1 and _ONLY_NO.fullmatch(_short(clauses[0])):
        clauses = [f"{clauses[0]} {clauses[1]}", *clauses[2:]]
    return clauses


def _short(clause: str) -> str:
    """The clause's plain words, or "" when it is longer than an answer is (the tables' patterns may
    split a run of polite words in many ways: bounded, a hostile "ok so ok so…" stays cheap)."""
    words = plain(clause)
    return words if len(words.split()) <= MAX_CLAUSE_WORDS else ""


def _clauses(sentence: str) -> list[str]:
    """A sentence cut at its commas, colons, brackets and dashes: each part is read on its own."""
    return [part.strip() for part in _CLAUSE_BREAK.split(sentence) if plain(part)]


def _kind(clause: str, today: date) -> Outcome | None:
    """The answer a clause is made of (its dates aside: "did it on Friday"), or None."""
    words = _short(_undated(clause, today))
    if not words:
        return None
    found = [kind for kind, pattern in _CLAUSES.items() if pattern.fullmatch(words)]
    return found[0] if len(found) == 1 else None


def _undated(clause: str, today: date) -> str:
    """The clause without its date phrases: when it happened is no part of what was answered."""
    for phrase in reversed(find_dates(clause, today)):
        clause = f"{clause[: phrase.start]} {clause[phrase.end :]}"
    return clause


def _stands(outcome: Outcome, rest: list[str], following: str, *, bare_yes: bool) -> bool:
    """Nothing beside the answer takes it back: no hedge or other answer in the rest of the opening
    sentence or opening the next one, and no "I'll…" beside a "done" (a bare "yes" is not sure of it)."""
    for clause in rest:
        words = plain(clause)
        if _HEDGE[outcome].search(words) or _opens_otherwise(outcome, words):
            return False
        if outcome == Outcome.DONE and _FUTURE.search(words):
            return False
    next_clauses = _said(_clauses(following))
    if not next_clauses:
        return True
    words = _LEADING.sub("", " ".join(plain(next_clauses[0]).split()[:MAX_CLAUSE_WORDS]))
    if _OPENS_HEDGE[outcome].match(words) or _opens_otherwise(outcome, words):
        return False
    return not (outcome == Outcome.DONE and bare_yes and _OPENS_FUTURE.match(words))


def _opens_otherwise(outcome: Outcome, words: str) -> bool:
    """The clause opens with another answer ("Done, not yet the slides"), polite words aside."""
    words = _LEADING.sub("", " ".join(words.split()[:MAX_CLAUSE_WORDS]))
    return any(pattern.match(words) for kind, pattern in _OPENS.items() if kind != outcome)


def _content_words(text: str) -> int:
    """Words that tell something: polite words, thanks and when it happened do not."""
    return len(_POLITE.sub(" ", plain(text)).split())


def _new_date(opening: str, following: str, today: date) -> date:
    """The date a "not yet" names in its sentence or a short next one; a week on when none is named."""
    if not find_dates(opening, today) and 0 < len(following.split()) <= SHORT_NEXT:
        return due_date(following, today)[0]
    return due_date(opening, today)[0]
