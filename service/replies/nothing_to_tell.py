"""Whether a reply tells nothing ("Honestly, nobody comes to mind this week, sorry"): pure, no I/O.

Such a reply answers the prompt (no re-ask, no check-in), but there is nothing in it to quote or to
follow up on: a follow-up written for an answer ("You wrote: 'Nobody comes to mind'. It is rarely
too late to credit someone…") would not fit what the manager wrote. Precision comes first: every
sentence must be made of the phrases in `service/replies/nothing_words.py` and polite words alone,
with at least one that says "nothing" or "later"; a greeting on the first line and a first name
alone on the last are the letter's frame.
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
_PHRASE = re.compile("|".join((_TELLING, *nw.SOFTENERS, phrases(iw.FILLERS))))
_TELLS_NOTHING = re.compile(rf"(?<![\w'-])(?:{_TELLING})(?![\w'-])")
_FILLER = re.compile(rf"(?<![\w'-])(?:{phrases(iw.FILLERS)})(?![\w'-])")
_NAME = re.compile(r"[^\W\d_][\w'-]*")


def says_nothing(text: str) -> bool:
    """True when the reply only says there is nothing to tell (yet); False for anything it tells."""
    if len(text) > MAX_CHARACTERS or not text.split() or len(text.split()) > MAX_WORDS:
        return False
    return _says_nothing(text)


@lru_cache(maxsize=4096)  # the dispatcher reads the same replies again at every plan
def _says_nothing(text: str) -> bool:
    if not _TELLS_NOTHING.search(plain(text)):
        return False
    lines = [line.strip(" -\u2013\u2014~") for line in text.strip().splitlines() if line.strip()]
    if len(lines) > 1 and is_greeting(lines[0]):
        lines = lines[1:]
    if len(lines) > 1 and _is_sign_off(lines[-1]):
        lines = lines[:-1]
    told = False
    for sentence in (part for line in lines for part in sentences(line)):
        words = plain(sentence)
        if not words:
            continue
        if not _made_of_phrases(words.split()):
            return False
        told = told or bool(_TELLS_NOTHING.search(words))
    return told


def _made_of_phrases(words: list[str]) -> bool:
    """Whether `words` split into table phrases: word positions reached so far, one pass (linear in
    the words: a regex repeating the alternation backtracks exponentially on "nothing really" x 20)."""
    reached = [True] + [False] * len(words)
    for start in range(len(words)):
        if not reached[start]:
            continue
        for end in range(start + 1, min(len(words), start + PHRASE_WORDS) + 1):
            if not reached[end] and _PHRASE.fullmatch(" ".join(words[start:end])):
                reached[end] = True
    return reached[-1]


def _is_sign_off(line: str) -> bool:
    """ "Anna", "Best, Anna", "Thanks, Anna": polite words and one capitalised first name."""
    if line.endswith((".", "!", "?")):
        return False
    rest = _FILLER.sub(" ", plain(line)).split()
    names = [word for word in line.replace(",", " ").split() if word[:1].isupper()]
    return len(rest) == 1 and bool(_NAME.fullmatch(rest[0])) and len(names) >= 1
