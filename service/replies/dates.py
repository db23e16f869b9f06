"""Date and duration phrases in seven languages, resolved against a `today` the caller passes.

Pure: no clock, no I/O. `find_dates(text, today)` returns every phrase it recognises, in text order,
each with its span, the day it points at (never before `today`), whether the writer named that day
exactly or only roughly, and the preposition's meaning ("until", "by", "after", …). Phrases about
the past ("last Friday", "vor drei Wochen", "hace dos semanas") are recognised so that their words
are not read as a future date, and are left out of the result.

What a phrase resolves to:
- a day: "tomorrow", "Friday" (the next one, never today), "this Friday" (may be today), "next
  Friday" (English and German: Friday of next week; flagged not explicit while the nearer Friday is
  still ahead this week), "vendredi prochain" / "el próximo viernes" (the coming one), "12 March",
  "12.3.", "2025-03-12", "3/12" (day first unless `day_first=False`; flagged not explicit when both
  readings are possible);
- a period, as its first day: "next week" (Monday), "next month", "in March", "the new year"; as
  its last day after "end of" / "through" ("end of quarter", "Monatsende", "over quarter end"); the
  day after it after "after" ("after Christmas", "after the holidays" in December or in summer);
- a duration from today: "two weeks", "a few weeks" (three, not explicit), "3 months", "quinze
  jours"; `days` carries its length.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from service.replies import date_patterns as p
from service.replies import date_words as w
from service.replies.calendar_math import (
    add_months,
    event_bounds,
    last_day,
    next_weekday,
    period_bounds,
    quarter_bounds,
    week_start,
)

MAX_TEXT = 20_000  # characters scanned: date phrases sit in the first paragraphs of a reply
MAX_YEARS_AHEAD = 5  # a phrase pointing further out than this is not a plan, it is a misreading


@dataclass(frozen=True)
class DatePhrase:
    """One recognised phrase: where it is, the day it points at, and how exactly it was said."""

    start: int
    end: int
    text: str
    date: date
    kind: str  # "day" | "period" | "duration"
    explicit: bool  # the writer named this day or an exact amount, rather than roughly ("a few weeks")
    relation: str | None  # "until" | "by" | "after" | "from" | "through" | "in" | "for" | "on" | None
    days: int | None = None  # durations only: their length in days
    last: dt.date | None = None  # days and periods: the last day the phrase names ("next week": its Sunday)
    event: str | None = None  # a named point of the year ("christmas", "holidays"): an absence reads it whole

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(frozen=True)
class _Found:
    """A candidate before overlaps are settled; `phrase` None marks a past phrase that only blocks."""

    start: int
    end: int
    order: int
    phrase: DatePhrase | None


def find_dates(text: str, today: date, *, day_first: bool | None = None) -> list[DatePhrase]:
    """Every future date or duration phrase in `text`, in order, never overlapping, never before today."""
    text = text[:MAX_TEXT]
    found: list[_Found] = []
    for order, (pattern, resolve) in enumerate(_SCANNERS):
        for match in pattern.finditer(text):
            try:
                phrase = resolve(match, today, day_first)
            except (ValueError, OverflowError):  # an impossible date such as 31.02. or year 9999 + 1
                continue
            if phrase is _SKIP:
                continue
            if isinstance(phrase, DatePhrase) and not today <= phrase.date <= _horizon(today):
                continue
            found.append(
                _Found(match.start(), match.end(), order, phrase if isinstance(phrase, DatePhrase) else None)
            )
    chosen: list[_Found] = []
    for candidate in sorted(found, key=lambda f: (f.start - f.end, f.order, f.start)):
        if all(candidate.end <= other.start or candidate.start >= other.end for other in chosen):
            chosen.append(candidate)
    return [c.phrase for c in sorted(chosen, key=lambda f: f.start) if isinstance(c.phrase, DatePhrase)]


def first_date(text: str, today: date, *, day_first: bool | None = None) -> DatePhrase | None:
    """The first phrase of `text`, or None."""
    phrases = find_dates(text, today, day_first=day_first)
    return phrases[0] if phrases else None


def _horizon(today: date) -> date:
    try:
        return today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)
    except OverflowError:
        return date.max


class _Marker:
    """Sentinels a resolver returns instead of a phrase."""


_SKIP = _Marker()  # not a date phrase after all ("guten Morgen", a bare "in may")
#: Being on holiday, not the holiday season: "sono in ferie fino al 4 gennaio" names no date but the 4th.
_ON_HOLIDAY = frozenset(
    w.fold(phrase)
    for phrase in ("on vacation", "in ferie", "in vacanza", "op vakantie", "en vacances", "em férias")
)
_PAST = _Marker()  # a phrase about the past: it claims its words and yields nothing
Resolved = DatePhrase | _Marker


def _phrase(
    match: re.Match[str],
    day: date,
    kind: str,
    explicit: bool,
    relation: str | None,
    days: int | None = None,
    last: date | None = None,
    event: str | None = None,
) -> DatePhrase:
    return DatePhrase(
        match.start(), match.end(), match.group(0), day, kind, explicit, relation, days, last, event
    )


def _relation(match: re.Match[str]) -> str | None:
    word = match.group("rel")
    if not word:
        return None
    folded = w.fold(word)
    if folded == "na":  # Portuguese "on the" before its own words, Dutch "after" otherwise
        rest = w.fold(match.string[match.start("rel") + len(word) : match.end()]).split()
        return "on" if rest and rest[0] in p.PORTUGUESE_AFTER_NA else "after"
    return p.RELATIONS.get(folded)


def _point(
    match: re.Match[str],
    first: date,
    last: date,
    kind: str,
    explicit: bool,
    today: date,
    event: str | None = None,
) -> DatePhrase:
    """A day or period with its preposition applied: "after" the day after it ends, "through" its end."""
    relation = _relation(match)
    if relation == "for":
        relation = "by"
    day = max(first, today)
    if relation == "after":
        day = last + timedelta(days=1)
    elif relation == "through":
        day = last
    return _phrase(match, day, kind, explicit, relation, last=last, event=event)


def _relative(match: re.Match[str], today: date, _: bool | None) -> Resolved:
    word = w.fold(match.group("word"))
    before = (match.group("rel") or _word_before(match)).lower()
    if word in ("morgen", "manana") and w.fold(before) in p.MORNING_BEFORE:
        return _SKIP
    if word == "morgen" and match.group("word")[0].isupper() and before in ("der", "den", "dem", "einen"):
        return _SKIP
    day = today + timedelta(days=p.RELATIVE_DAYS[word])
    return _point(match, day, day, "day", True, today)


def _word_before(match: re.Match[str]) -> str:
    before = match.string[max(0, match.start() - 20) : match.start()].split()
    return before[-1] if before else ""


def _weekday(match: re.Match[str], today: date, _: bool | None) -> Resolved:
    name = w.fold(match.group("wd"))
    mod = w.fold(match.group("mod") or "")
    post = w.fold(match.group("post") or "")
    if name in p.WEEKDAYS_SHORT_PT and not (match.group("rel") or mod or post):
        return _SKIP  # "segunda" and "sexta" are also "second" and "sixth"
    if w.fold(match.group("art") or "") == "los":
        return _SKIP  # "los viernes": every Friday
    if mod in p.PAST or post in p.PAST:
        return _PAST
    weekday = p.WEEKDAYS.get(name, p.WEEKDAYS_SHORT_PT.get(name, 0))
    explicit = True
    if mod in p.NEXT_WEEK or post in p.NEXT_WEEK or mod in p.NEXT_OF_WEEK:
        day = week_start(today, 1) + timedelta(days=weekday)
        explicit = mod not in p.NEXT_OF_WEEK or weekday <= today.weekday()
    elif mod in p.THIS:
        day = next_weekday(today, weekday, include_today=True)
    else:
        day = next_weekday(today, weekday, include_today=False)
    return _point(match, day, day, "day", explicit, today)


def _weekend(match: re.Match[str], today: date, _: bool | None) -> Resolved:
    mod = w.fold(match.group("mod") or "")
    post = w.fold(match.group("post") or "")
    if mod in p.PAST or post in p.PAST:
        return _PAST
    if mod in p.NEXT_OF_WEEK or post in p.NEXT_OF_WEEK:
        saturday = week_start(today, 1) + timedelta(days=5)
    else:
        # On a Sunday "this weekend" is the one under way: it ends today.
        saturday = (
            next_weekday(today, 5, include_today=True) if today.weekday() != 6 else today - timedelta(1)
        )
    return _point(match, saturday, saturday + timedelta(days=1), "period", True, today)


def _duration(match: re.Match[str], today: date, _: bool | None) -> Resolved:
    if match.group("past") or match.group("ago") or match.group("pastmid"):
        return _PAST
    fixed = match.group("fixed")
    if fixed:
        days, explicit = p.FIXED_DURATIONS[w.fold(fixed)], True
        end = today + timedelta(days=days)
    else:
        amount, explicit = _amount(match)
        unit = p.UNITS[w.fold(match.group("unit"))]
        if amount <= 0:
            return _SKIP
        if unit == "month":
            end = add_months(today, amount)
        else:
            end = today + timedelta(days=amount * (7 if unit == "week" else 1))
    word = w.fold(match.group("rel") or "")
    relation = p.DURATION_RELATIONS.get(word) or ("in" if p.RELATIONS.get(word) == "in" else "for")
    return _phrase(match, end, "duration", explicit, relation, (end - today).days)


def _amount(match: re.Match[str]) -> tuple[int, bool]:
    """The number of units: digits or a number word; ranges and "or two" take the upper end, roughly."""
    vague = match.group("vague")
    if vague:
        return p.VAGUE_AMOUNTS[w.fold(vague)], False
    low = _number(match.group("num"))
    high = _number(match.group("hi")) if match.group("hi") else None
    tail = _number(match.group("tail")) if match.group("tail") else None
    if high is None and tail is None:
        return low, True
    return max(low, high or 0, tail or 0), False


def _number(token: str) -> int:
    return int(token) if token.isdigit() else p.NUMBERS[w.fold(token)]


def _numeric(match: re.Match[str], today: date, day_first: bool | None) -> Resolved:
    if match.group("iso_y"):
        year, month, day = int(match.group("iso_y")), int(match.group("iso_m")), int(match.group("iso_d"))
        return _dated(match, today, day, month, year, True)
    if match.group("dot_d"):
        year_text = match.group("dot_y")
        return _dated(match, today, int(match.group("dot_d")), int(match.group("dot_m")), year_text, True)
    first, second = int(match.group("a")), int(match.group("b"))
    year_text = match.group("y")
    if not year_text and (match.group("sep") == "-" or _is_fraction(match, first, second)):
        return _SKIP
    if day_first is None:
        if first > 12:
            return _dated(match, today, first, second, year_text, True)
        if second > 12:
            return _dated(match, today, second, first, year_text, True)
        return _dated(match, today, first, second, year_text, first == second)
    day, month = (first, second) if day_first else (second, first)
    return _dated(match, today, day, month, year_text, True)


def _is_fraction(match: re.Match[str], first: int, second: int) -> bool:
    """ "24/7", "3/4 of the team", "1/2 der Zeit": a ratio, not a day."""
    after = match.string[match.end() : match.end() + 6].split()
    return (first, second) == (24, 7) or (bool(after) and w.fold(after[0]) in p.FRACTION_FOLLOWERS)


def _dated(
    match: re.Match[str], today: date, day: int, month: int, year: int | str | None, explicit: bool
) -> Resolved:
    """A calendar day; without a year, its next occurrence from today; with one in the past, nothing."""
    if year:
        full = int(year) + (2000 if int(year) < 100 else 0)
        target = date(full, month, day)
        if target < today:
            return _PAST
    else:
        target = _next_occurrence(today, month, day)
    return _point(match, target, target, "day", explicit, today)


def _next_occurrence(today: date, month: int, day: int) -> date:
    for year in range(today.year, today.year + 9):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 February in a common year
            continue
        if candidate >= today:
            return candidate
    raise ValueError("no such day")


def _month_day(match: re.Match[str], today: date, day_first: bool | None) -> Resolved:
    name = match.group("m") or match.group("m2")
    month = _month_number(name)
    if month is None:
        return _SKIP
    if match.group("m2") and w.fold(name) in p.COMMON_WORD_MONTHS and not name[0].isupper():
        return _SKIP  # "I may 2 …", "march 3 reps"
    day = int(match.group("d") or match.group("d2"))
    return _dated(match, today, day, month, match.group("y") or match.group("y2"), True)


def _month_number(name: str) -> int | None:
    folded = w.fold(name).rstrip(".")
    return p.MONTHS.get(folded) or p.MONTH_ABBREVIATIONS.get(folded)


def _month(match: re.Match[str], today: date, _: bool | None) -> Resolved:
    name = match.group("m")
    edge = p.EDGES.get(w.fold(match.group("edge") or "").rstrip("-"))
    mod = w.fold(match.group("mod") or "")
    year_text = match.group("y")
    if mod in p.PAST:
        return _PAST
    if not (match.group("rel") or edge or mod or year_text):
        return _SKIP
    if w.fold(name) in p.COMMON_WORD_MONTHS and not name[0].isupper():
        return _SKIP
    month = p.MONTHS[w.fold(name)]
    if year_text:
        first = date(int(year_text), month, 1)
        if last_day(first.year, month) < today:
            return _PAST
    else:
        year = today.year if last_day(today.year, month) >= today else today.year + 1
        first = date(year, month, 1)
    first, last = _edge(first, last_day(first.year, month), edge, first.replace(day=15))
    return _point(match, first, last, "period" if edge is None else "day", edge == "end", today)


def _edge(first: date, last: date, edge: str | None, middle: date) -> tuple[date, date]:
    if edge == "start":
        return first, first
    if edge == "end":
        return last, last
    if edge == "mid":
        return middle, middle
    return first, last


def _period(match: re.Match[str], today: date, _: bool | None) -> Resolved:
    mod = w.fold(match.group("mod") or "")
    post = w.fold(match.group("post") or "")
    edge_word = match.group("edge")
    if mod in p.PAST or post in p.PAST:
        return _PAST
    ahead = 1 if (mod in p.NEXT or post in p.NEXT) else 0
    if not (edge_word or ahead or mod in p.THIS):
        return _SKIP
    period = p.PERIODS[w.fold(match.group("period"))]
    first, last = period_bounds(period, today, ahead)
    edge = p.EDGES.get(w.fold(edge_word or "").rstrip("-"))
    if period == "week" and edge == "end":
        friday = first + timedelta(days=4)
        last = friday if friday >= today else last
    first, last = _edge(first, last, edge, first + (last - first) // 2)
    return _point(match, first, last, "period" if edge is None else "day", True, today)


def _period_end(match: re.Match[str], today: date, _: bool | None) -> Resolved:
    mod = w.fold(match.group("mod") or "")
    post = w.fold(match.group("post") or "")
    ahead = 1 if (mod in p.NEXT or post in p.NEXT) else 0
    last = period_bounds(p.PERIOD_ENDS[w.fold(match.group("end_word"))], today, ahead)[1]
    return _point(match, last, last, "day", True, today)


def _quarter(match: re.Match[str], today: date, _: bool | None) -> Resolved:
    edge = p.EDGES.get(w.fold(match.group("edge") or ""))
    if not (edge or match.group("rel")):
        return _SKIP
    quarter = int(match.group("q"))
    year = int(match.group("y")) if match.group("y") else today.year
    first, last = quarter_bounds(quarter, year)
    if last < today:
        if match.group("y"):
            return _PAST
        first, last = quarter_bounds(quarter, year + 1)
    first, last = _edge(first, last, edge, first + (last - first) // 2)
    return _point(match, first, last, "period" if edge is None else "day", True, today)


def _event(match: re.Match[str], today: date, _: bool | None) -> Resolved:
    if not match.group("rel") or w.fold(match.group(0).strip()) in _ON_HOLIDAY:
        return _SKIP
    event = p.EVENTS[w.fold(match.group("event"))]
    bounds = event_bounds(event, today)
    if bounds is None:
        return _SKIP
    first, last, explicit = bounds
    return _point(match, first, last, "period", explicit, today, event)


_Resolver = Callable[[re.Match[str], date, bool | None], Resolved]
_SCANNERS: tuple[tuple[re.Pattern[str], _Resolver], ...] = (
    (p.NUMERIC, _numeric),
    (p.MONTH_DAY, _month_day),
    (p.WEEKDAY, _weekday),
    (p.WEEKEND, _weekend),
    (p.PERIOD_END, _period_end),
    (p.PERIOD, _period),
    (p.QUARTER, _quarter),
    (p.MONTH, _month),
    (p.EVENT, _event),
    (p.DURATION, _duration),
    (p.RELATIVE, _relative),
)
