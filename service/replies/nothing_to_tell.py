"""Whether a reply tells nothing ("Honestly, nobody comes to mind this week, sorry"): pure, no I/O.

Such a reply answers the prompt (no re-ask, no check-in), but there is nothing in it to quote or to
follow up on: a follow-up written for an answer ("You wrote: 'Nobody comes to mind'. It is rarely
too late to credit someone…") would not fit what the manager wrote. Precision comes first: every
sentence must be made of the phrases in `service/replies/nothing_words.py` and polite words alone,
with at least one that says "nothing" or "later" as a whole phrase. Being busy or away is said
around one, never enough alone: "Crazy week, will reply later" tells nothing, while "Quarter end."
or "No time." may answer the prompt. A greeting on the first line and a first name alone on the
last are the letter's frame.
Any other word and the reply tells something.
"""

from __future__ import annotations

import re
from functools import lru_cache

from service.replies import intent_words as iw
from service.replies import nothing_words as nw
from service.replies.intent import is_greeting, phrases, plain, sentences

MAX_WORDS = 40  # a longer reply always tells something
MAX_CHARACTERS = 800  # so is one this long, however few its words
PHRASE_WORDS = 10  # the longest phrase in the tables, in words
_TELLING = "|".join((*nw.NOTHING, *nw.LATER))
_PHRASE = re.compile("|".join((_TELLING, *nw.SOFTENERS, *nw.BUSY, phrases(iw.FILLERS))))
_TELLS_NOTHING = re.compile(rf"(?<![\w'-])(?:{_TELLING})(?![\w'-])")
_TELLING_PHRASE = re.compile(_TELLING)
_NONE = re.compile(rf"(?<![\w'-])(?:{'|'.join(nw.NONE)})(?![\w'-])")
_DEGREE = re.compile(rf"(?<![\w'-])(?:{'|'.join(nw.DEGREE)})(?![\w'-])")
_FILLER = re.compile(rf"(?<![\w'-])(?:{phrases(iw.FILLERS)})(?![\w'-])")
_PROMISE = re.compile(
    rf"(?:(?:{phrases(iw.FILLERS)}) )*(?:{'|'.join(nw.PROMISE)})(?: (?:{nw.ABOUT})){{0,2}}"
    rf"(?P<when> (?:{nw.WHEN})(?: \S+)*)?"
)
_NAME = re.compile(r"[^\W\d_][\w'-]*")


def says_nothing(text: str) -> bool:
    """True when the reply only says there is nothing to tell (yet); False for anything it tells."""
    if len(text) > MAX_CHARACTERS or not text.split() or len(text.split()) > MAX_WORDS:
        return False
    return _says_nothing(text)


@lru_cache(maxsize=4096)  # the dispatcher reads the same replies again at every plan
def opens_with_no(text: str) -> bool:
    """True when the reply's first sentence only says there is none and the rest tells something
    ("Nobody. Everyone who touched the Acme deal was in the announcement."): the prompt is answered,
    but a follow-up built on an answer ("Name them and what they did") would not fit it. An opening
    of degree ("Not much. I know his number, not his pressures.") answers like any other."""
    if says_nothing(text):
        return False
    first = next(iter(_letter(text)), "")
    opening = sentences(first)[0] if first else ""
    words = plain(opening)
    return says_nothing(opening) and _NONE.search(words) is not None and _DEGREE.search(words) is None


@lru_cache(maxsize=4096)  # the dispatcher reads the same replies again at every plan
def _says_nothing(text: str) -> bool:
    words = plain(text)
    if not _TELLS_NOTHING.search(words) and not _PROMISE.search(words):
        return False
    lines = _letter(text)
    told = False
    for sentence in (part for line in lines for part in sentences(line)):
        words = plain(sentence)
        if not words:
            continue
        split = _split_into_phrases(words.split())
        if split is None and not _promises_an_answer(words):
            return False
        told = told or split is not False
    return told


def _promises_an_answer(words: str) -> bool:
    """ "I'll reply properly on Monday": the whole sentence promises to answer later, with at most a
    few words of when ("after the QBR"); "I'll answer the customer on Monday" is about something else."""
    match = _PROMISE.fullmatch(words)
    return match is not None and len((match.group("when") or "").split()) <= nw.PROMISE_WHEN_WORDS


def _letter(text: str) -> list[str]:
    """The reply's lines without the letter's frame: a greeting first, a first name alone last."""
    lines = [line.strip(" -\u2013\u2014~") for line in text.strip().splitlines() if line.strip()]
    if len(lines) > 1 and is_greeting(lines[0]):
        lines = lines[1:]
    if len(lines) > 1 and _is_sign_off(lines[-1]):
        lines = lines[:-1]
    return lines


def _split_into_phrases(words: list[str]) -> bool | None:
    """None unless `words` split into table phrases; else whether a split has a phrase that says
    "nothing" or "later" as a whole ("no time" is a busy phrase, its "no" says nothing alone).
    One pass over word positions, each reached with or without such a phrase (linear in the words:
    a regex repeating the alternation backtracks exponentially on "nothing really" x 20)."""
    reached: list[set[bool]] = [{False}] + [set() for _ in words]
    for start in range(len(words)):
        if not reached[start]:
            continue
        for end in range(start + 1, min(len(words), start + PHRASE_WORDS) + 1):
            phrase = " ".join(words[start:end])
            if _PHRASE.fullmatch(phrase):
                telling = _TELLING_PHRASE.fullmatch(phrase) is not None
                reached[end] |= {told or telling for told in reached[start]}
    return max(reached[-1]) if reached[-1] else None


def _is_sign_off(line: str) -> bool:
    """ "Anna", "Best, Anna", "Thanks, Anna": polite words and one capitalised first name."""
    if line.endswith((".", "!", "?")):
        return False
    rest = _FILLER.sub(" ", plain(line)).split()
    names = [word for word in line.replace(",", " ").split() if word[:1].isupper()]
    return len(rest) == 1 and bool(_NAME.fullmatch(rest[0])) and len(names) >= 1
