"""What a reply asks for, read from its first paragraph in seven languages: pure, no I/O, no clock.

`read_intent(text, today, lessons)` returns None for a reflection, or an `Intent`: the command
(stop, pause, resume, switch, help), its details (the day a pause ends, the lesson to switch to)
and whether it is `sure`. Precision comes first: a sentence counts only when, once its date phrase,
polite words and the thing it names ("the emails", "from your list") are taken out, exactly a
command's words are left (see `service/replies/intent_words.py`). "I stopped talking and let the
rep finish" leaves "i stopped talking and let the rep finish", so it is no request. A likely request
that is not certain (a vague duration, a lesson named by title words, a request word inside a longer
sentence, "I'm on holiday until…") comes back with `sure=False`: the service asks before acting.
`read_answer` reads the "yes" or "no" that answers such a question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from service.enums import ReplyCommand as C
from service.replies import intent_words as iw
from service.replies.date_words import fold
from service.replies.dates import DatePhrase, find_dates
from service.replies.lesson_target import LessonLike, find_lesson

DEFAULT_PAUSE_DAYS = 14  # "pause" with no length: two weeks, as the help text says
LIKELY_PAUSE_DAYS = 21  # "pause for a while": the question proposes three weeks
MAX_PARAGRAPH = 1500  # characters of the first paragraph read; a command is short
SHORT_SENTENCE = 3  # words: a name, "Thanks, Anna", a title under a signature
BARE_CONTEXT = 12  # other words beside a bare "stop" before it is only likely
ARGUED_CONTEXT = 40  # other words beside "pause my emails for 3 weeks" before it is only likely
LATER_WORDS = 12  # words in later paragraphs below a bare command word before it is only likely


@dataclass(frozen=True)
class Intent:
    """A request read from a reply. `sure=False` asks the manager to confirm before anything changes."""

    command: C
    sure: bool
    resume_on: date | None = None  # pause: the day coaching starts again
    target: str | None = None  # switch: the lesson's slug (None: no lesson we know by those words)
    asked: str = ""  # switch: the words that named the lesson
    bare: bool = False  # only the command word, naming neither the emails, a date nor a lesson


def phrases(spec: str) -> str:
    """A regex alternation of a table's phrases, longest first."""
    found = sorted({" ".join(p.split()) for p in spec.split("|") if p.strip()}, key=len, reverse=True)
    return "|".join(found)


def _bounded(alternation: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'-])(?:{alternation})(?![\w'-])")


_FILLER = _bounded(phrases(iw.FILLERS))
_PRONOUN = _bounded(iw.PRONOUNS)
_REQUEST = _bounded(phrases(iw.REQUEST_MARKERS))
_TEMPORARY = _bounded(phrases(iw.TEMPORARY))
_KEEP = re.compile(
    rf"(?<![\w'-])(?<!don't )(?<!do not )(?<!not )(?:{iw.KEEP.strip().replace(chr(10), '')})(?![\w'-])"
)
_NOUNS = phrases(iw.MAIL_NOUNS)
_OBJECT = _bounded(
    rf"(?:(?:{phrases(iw.FROM)}) )?(?:(?:{phrases(iw.DETERMINERS)}) )*(?:{_NOUNS})(?: (?:{_NOUNS}))*"
    rf"|(?:{phrases(iw.DEMONSTRATIVES)})"
)
_CORES = [(command, re.compile(rf"(?:{pattern})"), need) for command, pattern, need in iw.CORES]
_SWITCH = re.compile(
    rf"(?:{phrases(next(p for c, p, _ in iw.CORES if c == C.SWITCH))})"
    rf"(?: (?:{phrases(iw.SWITCH_LINKS)}))* (?P<target>.+)"
)
_SWITCH_BARE = re.compile(rf"(?:{phrases(iw.SWITCH_BARE)})")
_STRONG_SWITCH = re.compile(
    r"(?:^|\s)(?:switch|change|move|wechs|umstell|passe|chang|camb|overstap|wissel|passa|cambi|mud|troc)"
)
_SWITCH_FINAL = re.compile(
    rf"(?:(?:{phrases(iw.SWITCH_LINKS)}) )*(?P<target>.+?) (?:{phrases(iw.SWITCH_FINAL_VERBS)})"
)
# "the conflict one", "the one about energy": words that name a lesson even after a weak verb ("do").
_NAMES_A_LESSON = re.compile(
    r"\b(?:(?:the|that) (?:[\w'-]+ ){1,3}one(?: next| instead)?$|(?:the |that )?one (?:about|on|with) "
    r"|(?:lektion|einheit) (?:uber|zu|zum|zur) |lecon sur |leccion (?:sobre|de) |les over "
    r"|lezione su(?:l|lla)? |licao sobre )"
)
_PAUSE_WEEKS = re.compile(r"(?:pause|pausieren|pausar|pauzeer|pauzeren|pausa|pausem) (\d{1,2})")
_LESSON_NUMBER = re.compile(rf"(?:(?:{phrases(iw.SWITCH_LINKS)}) )*(?:{iw.LESSON_WORDS}) (?P<target>\S+)")
_FREQUENCY = re.compile(rf"(?:{iw.FREQUENCY.strip().replace(chr(10), '')})")
_WD = phrases(iw.WEEKDAYS)
_SCHEDULE_KIND = _bounded(iw.SCHEDULE_KINDS.strip().replace("\n", "").format(wd=_WD))
_WHEN = iw.SCHEDULE_WHEN.strip().replace("\n", "").format(wd=_WD)
_MARK = phrases(iw.SCHEDULE_MARKS)
_SCHEDULE_PREFERENCE = re.compile(
    rf"(?:(?:{phrases(iw.SCHEDULE_LEAD)}) ){{0,7}}(?:(?:{_MARK}) )?(?:{_WHEN})(?: (?:{_MARK}))?(?: for me)?"
)
_MARKED = _bounded(_MARK)
_POLITE_EDGES = re.compile(
    r"^(?:(?:please|pls|thanks|thank you|bitte|danke|merci|svp|por favor|graag|grazie|obrigad[oa]) )+|"
    r"(?: (?:please|pls|thanks|thank you|bitte|danke|merci|svp|s'il vous plait|por favor|gracias|graag|"
    r"alsjeblieft|per favore|grazie|obrigad[oa]))+$"
)
_CUES = [(command, re.compile(pattern)) for command, pattern in iw.CUES]
_NEGATION = _bounded(phrases(iw.NEGATIONS))
_YES = re.compile(rf"(?:{phrases(iw.YES)})")
_NO = re.compile(rf"(?:{phrases(iw.NO)})")
_AGREE = rf"(?:{phrases(iw.AGREE)})|{iw.AGREE_LENGTH}"
_YES_ANSWER = re.compile(
    rf"(?:(?:{phrases(iw.YES)})|(?:{phrases(iw.AGREE_ALONE)}))(?: (?:(?:{phrases(iw.YES)})|{_AGREE}))*"
)
_OPENS_WITH_ANSWER = re.compile(rf"^(?:(?:{phrases(iw.NO)})|(?:{phrases(iw.YES)}))(?: |$)")
_OPENS_WITH_YES = re.compile(rf"^(?:{phrases(iw.YES)})(?: |$)")
_CORRECTION = re.compile(rf"^(?:(?:{phrases(iw.CORRECTIONS)}) )+")
_AGREED_TAIL = re.compile(rf" (?:{phrases(iw.AGREE)})$")
_SENTENCE_END = re.compile(r"(?<!\d\.)(?<=[.!?;])\s+|\n+|(?<=[.!?;])$")
_DANGLING = re.compile(rf"^(?:(?:{phrases(iw.DANGLING)}) )+|(?: (?:{phrases(iw.DANGLING)}))+$")
_THIRD_PARTY = _bounded(phrases(iw.THIRD_PARTY))
_PUNCTUATION = re.compile(r"[^\w'\- ]+")
_CLITIC = re.compile(r"(\w)-(moi|me|mi|nos|les|la|le|lo|los|ze)(?!\w)")
# "until after the QBR on 15 January": an "until" or "after" a few words before a day named with "on".
_EVENT_BEFORE = re.compile(
    r"(?:^|\s)(?P<rel>until after|till after|until|till|bis nach|bis zum|bis|jusqu'apres|jusqu'a"
    r"|hasta despues de|hasta|fino a dopo|fino a|fino al|tot na|tot|ate depois de|ate|after|nach|apres"
    r"|despues de|dopo"
    r"|depois de)(?:\s+[\w'-]+){1,5}$"
)
_AFTER_WORDS = ("after", "nach", "apres", "despues", "dopo", " na", "depois")
# "PS:", "P.S.", "PPS", French "P.-S.", Spanish "P.D.": what follows is said in addition to the reply.
_POSTSCRIPT = re.compile(r"^\s*p\.?\s?(?:p\.?\s?)?(?:-\s?)?[sd](?:\.|\b)\s*[:\-\u2013\u2014]?\s*(?=\S)", re.I)
_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|hallo|liebe|lieber|sehr geehrte\w*|guten (?:tag|morgen)|bonjour|salut|cher|chere|"
    r"hola|buenos dias|estimad[oa]|hoi|beste|ciao|buongiorno|salve|gentile|ola|bom dia|prezad[oa]|caro|cara)"
    r"\b[\w' .-]{0,40}[,!:.]?$"
)


@dataclass(frozen=True)
class _Finding:
    """What one sentence asked for; `core` False when only a cue word was found."""

    intent: Intent
    core: bool
    argued: bool  # it named the emails, a date or a lesson, not only the command word
    dated: bool = False  # a pause whose end the sentence gave


def read_intent(text: str, today: date, lessons: Sequence[LessonLike] = ()) -> Intent | None:
    """The request in the reply's first paragraph, or None when the reply is a reflection."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    paragraphs = [p for p in paragraphs if not is_greeting(p)]
    keep = mentions_keep(" ".join(paragraphs[:2]))
    for index, paragraph in enumerate(paragraphs[:2]):
        if index and is_postscript(paragraph):
            return None  # said in addition to the reply above: service/replies/postscript.py reads it
        found = read_paragraph(paragraph[:MAX_PARAGRAPH], today, lessons)
        if found is not None:
            later = sum(len(p.split()) for p in paragraphs[index + 1 :])
            if found.bare and later > LATER_WORDS:  # "Stop!" above a long story may be part of the story
                found = replace(found, sure=False)
            if keep and found.command == C.STOP:
                return _kept(found)
            return found
        if keep and _only_keep(paragraph):  # "I changed my mind, resubscribe me please."
            return Intent(C.RESUME, sure=True)
        if len(paragraph.split()) > SHORT_SENTENCE + 2:
            return None
    return None


def mentions_keep(text: str) -> bool:
    """Whether the text says "keep them coming" (or the like) without a "don't" before it."""
    return _KEEP.search(plain(text[: 2 * MAX_PARAGRAPH])) is not None


def _only_keep(paragraph: str) -> bool:
    """The paragraph says only "keep them coming" and polite words: praise inside a reflection
    ("These are great, keep them coming", "I keep sending my team these tips") is no request."""
    words = plain(paragraph[:MAX_PARAGRAPH])
    return not _FILLER.sub(" ", _OBJECT.sub(" ", _KEEP.sub(" ", words))).split()


def _kept(stop: Intent) -> Intent:
    """A stop beside "keep them coming": a bare or likely one was delight or an undo ("Stop! These are
    gold.", "No wait, I didn't mean to unsubscribe!"), so the emails go on; a firm one is asked about."""
    if stop.bare or not stop.sure:
        return Intent(C.RESUME, sure=True)
    return replace(stop, sure=False)


def read_answer(text: str) -> bool | None:
    """True for "yes", False for "no" (the whole first sentence), None for anything else."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip() and not is_greeting(p)]
    if not paragraphs:
        return None
    parts = sentences(paragraphs[0])
    first = plain(parts[0]) if parts else ""
    remainder = " ".join(_FILLER.sub(" ", first.replace(",", " ")).split()) or first
    if _YES.fullmatch(remainder) or _YES_ANSWER.fullmatch(first) or _YES_ANSWER.fullmatch(remainder):
        return True
    if _NO.fullmatch(remainder):
        return False
    return None


def read_correction(text: str, today: date, lessons: Sequence[LessonLike], proposed: Intent) -> Intent | None:
    """The request in "No, I meant 2 weeks" or "Yes, but 2 weeks" to a "Did you mean …?" question: a new
    request that replaces the proposal (None when the answer says nothing new)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip() and not is_greeting(p)]
    parts = sentences(paragraphs[0]) if paragraphs else []
    opening = _OPENS_WITH_ANSWER.match(plain(parts[0])) if parts else None
    if opening is None:
        return None
    rest = _CORRECTION.sub("", plain(parts[0])[opening.end() :].strip())
    rest = _AGREED_TAIL.sub("", rest).strip()
    if not rest:
        return None
    intent = read_intent(rest, today, lessons)
    verb = {C.PAUSE: "pause", C.SWITCH: "switch to"}.get(proposed.command)
    if intent is None and verb is not None:
        intent = read_intent(f"{verb} {rest}", today, lessons)
    if intent is None or (intent.command, intent.resume_on, intent.target) == (
        proposed.command,
        proposed.resume_on,
        proposed.target,
    ):
        return None
    if _OPENS_WITH_YES.match(plain(parts[0])) and intent.command != proposed.command:
        return None  # "Yes, I'm back at work on Monday": a yes with a story, not another request
    return intent


def is_postscript(paragraph: str) -> bool:
    """Whether the paragraph opens with a postscript mark (PS, P.S., PPS, P.-S., P.D.)."""
    return _POSTSCRIPT.match(paragraph) is not None


def is_greeting(paragraph: str) -> bool:
    return all(_GREETING.match(plain(line)) or not line.strip() for line in paragraph.splitlines())


def sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(paragraph) if s and s.strip()]


def plain(text: str) -> str:
    """Folded, clitics split off ("désabonnez-moi" -> "desabonnez moi"), punctuation gone."""
    folded = _CLITIC.sub(r"\1 \2", fold(text))
    return " ".join(_PUNCTUATION.sub(" ", folded).replace(" - ", " ").strip(" -'").split())


def read_paragraph(paragraph: str, today: date, lessons: Sequence[LessonLike]) -> Intent | None:
    """The request one paragraph makes (a postscript mark in front of it left out), or None."""
    paragraph = _POSTSCRIPT.sub("", paragraph, count=1)
    findings: list[_Finding] = []
    other_words = 0
    for sentence in sentences(paragraph):
        finding, rest = _read_clauses(sentence, today, lessons)
        if finding is not None:
            findings.append(finding)
        if len(rest.split()) > SHORT_SENTENCE and _FILLER.sub(" ", rest).strip():
            other_words += len(rest.split())
    preference, kind = _schedule_signs(paragraph)
    stops = any(f.intent.command in (C.STOP, C.PAUSE) for f in findings)
    if (preference and other_words <= BARE_CONTEXT) or (kind and stops):
        return Intent(C.SCHEDULE, sure=True)  # "no more of these Friday emails, Mondays are better"
    if not findings:
        return None
    cores = [f for f in findings if f.core]
    chosen = _temporary_stop((cores or findings)[0], paragraph, today)
    context = ARGUED_CONTEXT if chosen.argued else BARE_CONTEXT
    agreed = len({f.intent.command for f in findings}) == 1
    sure = chosen.core and chosen.intent.sure and agreed and other_words <= context
    return replace(chosen.intent, sure=sure, bare=not chosen.argued)


def _schedule_signs(paragraph: str) -> tuple[bool, bool]:
    """Whether a clause of the paragraph asks for other days or another time, and whether a weekday names
    a kind of email ("these Friday emails"): the service has no command for either, so it points the
    manager to the preferences page instead of pausing or stopping."""
    clauses = [plain(c) for s in sentences(paragraph) for c in s.split(",") if c.strip()]
    preference = any(_is_preference(c) for c in clauses)
    return preference, _SCHEDULE_KIND.search(plain(paragraph)) is not None


def _is_preference(clause: str) -> bool:
    """ "Mondays are better", "could these come on Tuesdays instead?": a wish for days or a time."""
    words = _POLITE_EDGES.sub("", clause).strip()
    return _MARKED.search(words) is not None and _SCHEDULE_PREFERENCE.fullmatch(words) is not None


def _temporary_stop(finding: _Finding, paragraph: str, today: date) -> _Finding:
    """ "Stop these for now, maybe until March" asks for a pause, not an unsubscribe: ask about one."""
    if finding.intent.command != C.STOP or not _TEMPORARY.search(plain(paragraph)):
        return finding
    end = _pause_end(_find_dates(paragraph, today), today) or today + timedelta(days=LIKELY_PAUSE_DAYS)
    return replace(finding, intent=Intent(C.PAUSE, False, end), dated=True)


def _read_clauses(sentence: str, today: date, lessons: Sequence[LessonLike]) -> tuple[_Finding | None, str]:
    """A sentence's request and its other words. A request in one clause ("…, I'm travelling") counts as
    sure only when it names what it is about and the clauses that ask for nothing are a few words."""
    finding = _read_sentence(sentence, today, lessons)
    if finding is not None and finding.core:
        return finding, ""
    clauses = [c for c in sentence.split(",") if c.strip()]
    if len(clauses) < 2:
        return finding, "" if finding is not None else plain(sentence)
    found = [(c, _read_sentence(c, today, lessons)) for c in clauses]
    cores = [f for _, f in found if f is not None and f.core]
    if not cores:
        return finding, "" if finding is not None else plain(sentence)
    rest = " ".join(plain(c) for c, f in found if f is None or not f.core)
    chosen = cores[0]
    if chosen.intent.command == C.PAUSE and not chosen.dated:
        end = _pause_end(_find_dates(sentence, today), today)  # "I'm on leave until June, can you hold them?"
        if end is not None:
            chosen = replace(chosen, intent=replace(chosen.intent, resume_on=end, sure=False), dated=True)
    agreed = len({f.intent.command for f in cores}) == 1
    argued = any(f.argued for f in cores)
    if not agreed or not (argued or len(cores) > 1) or len(_FILLER.sub(" ", rest).split()) > SHORT_SENTENCE:
        chosen = replace(chosen, intent=replace(chosen.intent, sure=False))
    return chosen, rest


def _read_sentence(sentence: str, today: date, lessons: Sequence[LessonLike]) -> _Finding | None:
    words = plain(sentence)
    if not words:
        return None
    if _FREQUENCY.fullmatch(" ".join(_FILLER.sub(" ", words).split())):
        return _Finding(Intent(C.FEWER, False), True, True)  # "once a week is plenty": ask first
    dates = _find_dates(sentence, today)
    rest = words
    for phrase in dates:
        rest = rest.replace(plain(phrase.text), " ", 1)
    polite = _FILLER.sub(" ", _FILLER.sub(" ", rest))
    # Polite words are taken out for the core to show; "which words can I reply with" keeps its own.
    for candidate in (_PRONOUN.sub(" ", polite), rest):
        without_object = _OBJECT.sub(" ", candidate)
        for text, has_object in ((without_object, without_object != candidate), (candidate, False)):
            remainder = " ".join(text.split())
            if dates:
                remainder = _DANGLING.sub("", remainder).strip()
            core = _core(remainder, has_object, dates, today, lessons) if remainder else None
            if core is not None:
                return replace(core, argued=True) if _REQUEST.search(words) else core
    return _cue(words, dates, today)


def _core(
    remainder: str, has_object: bool, dates: list[DatePhrase], today: date, lessons: Sequence[LessonLike]
) -> _Finding | None:
    pause_end = _pause_end(dates, today)
    if weeks := _PAUSE_WEEKS.fullmatch(remainder):  # the old "PAUSE 6": a number of weeks
        end = today + timedelta(weeks=int(weeks.group(1)))
        return _Finding(Intent(C.PAUSE, True, end), True, True)
    matched: list[tuple[C, str]] = []
    for command, pattern, need in _CORES:
        if command == C.SWITCH or not pattern.fullmatch(remainder):
            continue
        if need.rstrip("?") == "object" and not has_object:
            continue
        if need in ("date", "away") and pause_end is None:
            continue
        matched.append((command, need))
    if matched:
        pause = next(((c, n) for c, n in matched if c == C.PAUSE), None)
        if pause is not None and (pause_end is not None or not any(c != C.PAUSE for c, _ in matched)):
            return _pause(pause[1], dates, pause_end, today, has_object)
        command = matched[0][0]
        if command == C.STOP and pause_end is not None:
            return _pause("date", dates, pause_end, today, has_object)
        if dates and command != C.HELP:
            return _Finding(Intent(command, sure=False), True, True)  # "stop on Friday": ask first
        return _Finding(Intent(command, sure=not matched[0][1].endswith("?")), True, has_object)
    return _switch(remainder, lessons)


def _pause(need: str, dates: list[DatePhrase], end: date | None, today: date, has_object: bool) -> _Finding:
    if end is None:
        if any(p.relation in ("in", "on", "from") for p in dates):
            return _Finding(Intent(C.PAUSE, False, today + timedelta(days=DEFAULT_PAUSE_DAYS)), True, True)
        return _Finding(Intent(C.PAUSE, True, today + timedelta(days=DEFAULT_PAUSE_DAYS)), True, has_object)
    explicit = all(p.explicit or (p.kind == "period" and p.relation == "until") for p in dates)
    explicit = explicit and not any(_year_end(p) for p in dates)  # "over Christmas": ask which day
    return _Finding(Intent(C.PAUSE, explicit and need != "away", end), True, True, dated=True)


def _find_dates(text: str, today: date) -> list[DatePhrase]:
    """The text's date phrases, a day named after an event read with the "until" or "after" before that
    event: "until after the QBR on 15 January" ends on the 16th, not on the day the phrase names."""
    return [_anchored(text, phrase) for phrase in find_dates(text, today)]


def _anchored(text: str, phrase: DatePhrase) -> DatePhrase:
    if phrase.relation != "on" or phrase.kind != "day":
        return phrase
    before = _EVENT_BEFORE.search(plain(text[: phrase.start]))
    if before is None:
        return phrase
    if any(word in before.group("rel") for word in _AFTER_WORDS):
        return replace(phrase, relation="after", date=(phrase.last or phrase.date) + timedelta(days=1))
    return replace(phrase, relation="until")


def _pause_end(dates: list[DatePhrase], today: date) -> date | None:
    """The day a pause ends: after a duration, on an "until" day, the day after a "through" day."""
    for phrase in dates:
        if phrase.kind == "duration" and phrase.days:
            return today + timedelta(days=phrase.days)
        if _year_end(phrase):
            return _after_new_year(phrase.date)
        if _whole_period(phrase, today) and phrase.last is not None:
            return phrase.last + timedelta(days=1)
        if phrase.relation in ("until", "by", "after", "for", None) and phrase.date > today:
            return phrase.date
        if phrase.relation == "through":
            return phrase.date + timedelta(days=1)
    return None


def _whole_period(phrase: DatePhrase, today: date) -> bool:
    """ "I'm off next week", "for the holidays", "en congé la semaine prochaine": an absence named as a
    period ends after its last day, not on its first ("until next week" still means until its Monday)."""
    return phrase.kind == "period" and phrase.relation in (None, "by", "for", "on") and phrase.date >= today


def _year_end(phrase: DatePhrase) -> bool:
    """ "Over Christmas", "for the holidays" in winter: people mean until the new year has started,
    unless they said "until" or "after" ("bis nach Weihnachten" keeps its 27 December)."""
    if phrase.relation in ("until", "after") or phrase.last is None:
        return False
    return phrase.event == "christmas" or (
        phrase.event == "holidays" and phrase.last.month == 1 == phrase.last.day
    )


def _after_new_year(start: date) -> date:
    """The first working day after the 1 January that follows `start`."""
    day = date(start.year + (start.month == 12), 1, 2)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _switch(remainder: str, lessons: Sequence[LessonLike]) -> _Finding | None:
    if _SWITCH_BARE.fullmatch(remainder):
        return _Finding(Intent(C.SWITCH, True), True, False)  # which lesson? The answer lists them.
    strong = _STRONG_SWITCH.search(remainder) is not None
    best: _Finding | None = None
    for pattern, verb in ((_SWITCH, True), (_SWITCH_FINAL, True), (_LESSON_NUMBER, False)):
        match = pattern.fullmatch(remainder)
        if match is None:
            continue
        target = find_lesson(match.group("target"), lessons)
        named = verb and _NAMES_A_LESSON.search(remainder) is not None
        if not target.exact and not (verb and (strong or named) and target.slug):
            continue  # "try to share the credit" is a plan, not a request to switch lessons
        finding = _Finding(
            Intent(C.SWITCH, target.exact and verb, target=target.slug, asked=target.words), True, True
        )
        if target.exact:
            return finding
        best = best or finding
    return best


def _cue(plain: str, dates: list[DatePhrase], today: date) -> _Finding | None:
    for command, pattern in _CUES:
        found = pattern.search(plain)
        if found is None:
            continue
        before = " ".join(plain[: found.start()].split()[-4:])
        if _NEGATION.search(before) or _THIRD_PARTY.search(before):
            continue
        end = _pause_end(dates, today) if command == C.PAUSE else None
        if command == C.PAUSE:
            end = end or today + timedelta(days=LIKELY_PAUSE_DAYS)
        return _Finding(Intent(command, False, end), False, True)
    return None
