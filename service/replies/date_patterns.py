"""The compiled patterns of date phrases and the folded lookup tables their resolvers use.

Every pattern may start with a preposition (group `rel`) so that a phrase's span covers "until
Friday", not only "Friday", and is bounded by non-word characters on both sides.
"""

from __future__ import annotations

import re

from service.replies import date_words as w
from service.replies.date_words import alternation as alt
from service.replies.date_words import fold, folded

WEEKDAYS = folded(w.WEEKDAYS)
WEEKDAYS_SHORT_PT = folded(w.WEEKDAYS_SHORT_PT)
MONTHS = folded(w.MONTHS)
MONTH_ABBREVIATIONS = folded(w.MONTH_ABBREVIATIONS)
COMMON_WORD_MONTHS = w.COMMON_WORD_MONTHS
NUMBERS = folded(w.NUMBERS)
VAGUE_AMOUNTS = folded(w.VAGUE_AMOUNTS)
UNITS = folded(w.UNITS)
FIXED_DURATIONS = folded(w.FIXED_DURATIONS)
RELATIONS = folded(w.RELATIONS)
DURATION_RELATIONS = folded(w.DURATION_RELATIONS)
PERIODS = folded(w.PERIODS)
PERIOD_ENDS = folded(w.PERIOD_ENDS)
EDGES = {fold(key).rstrip("-"): value for key, value in w.EDGES.items()}
EVENTS = folded(w.EVENTS)
RELATIVE_DAYS = folded(w.RELATIVE_DAYS)
MORNING_BEFORE = frozenset(fold(word) for word in w.MORNING_BEFORE)
PAST = frozenset(fold(word) for word in (*w.PAST_BEFORE, *w.PAST_AFTER))
NEXT = frozenset(fold(word) for word in (*w.NEXT_BEFORE, *w.NEXT_AFTER))
THIS = frozenset(fold(word) for word in w.THIS_BEFORE)
NEXT_WEEK = frozenset(fold(phrase) for phrase in w.NEXT_WEEK_PHRASES)
#: "next Friday" in English and German: Friday of next week (the coming one is "this Friday").
PORTUGUESE_AFTER_NA = frozenset(fold(word) for word in w.PORTUGUESE_AFTER_NA)
FRACTION_FOLLOWERS = frozenset(("of", "der", "des", "de", "du", "del", "van", "di", "do", "da", "dos", "das"))
NEXT_OF_WEEK = frozenset(fold(word) for word in ("next", "nächste", "nächsten", "nächster", "nächstes"))

_B = r"(?<!\w)"  # phrase start
_E = r"(?!\w)"  # phrase end
_REL = rf"(?:(?P<rel>{alt(w.RELATIONS)})\s+)?"
_ART = alt(w.ARTICLES)
_FILL = rf"(?:{alt(w.FILLERS)}\s+){{0,2}}"
_EDGE = rf"(?:(?P<edge>{alt(w.EDGES)})(?:\s+|-))"
_NEXT_OR_THIS_OR_PAST = alt((*w.NEXT_BEFORE, *w.THIS_BEFORE, *w.PAST_BEFORE))
_AFTER_WORDS = alt((*w.NEXT_AFTER, *w.PAST_AFTER))
_WEEKDAY_NAMES = alt((*w.WEEKDAYS, *w.WEEKDAYS_SHORT_PT))
_MONTH_NAMES = alt(w.MONTHS)
_ANY_MONTH = alt((*w.MONTHS, *w.MONTH_ABBREVIATIONS))
_ENGLISH_ABBREVIATIONS = alt(
    ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
)
_ORDINAL = r"(?:st|nd|rd|th|er|e|º|°|ª|\.)?"
_YEAR = r"(?:\.?,?\s+(?:de\s+|del\s+)?(?P<{name}>\d{{4}}))?"
_NUMBER = rf"(?:\d{{1,3}}|{alt(w.NUMBERS)})"

RELATIVE = re.compile(rf"{_B}{_REL}(?P<word>{alt(w.RELATIVE_DAYS)}){_E}", re.IGNORECASE)

WEEKDAY = re.compile(
    rf"{_B}{_REL}(?:(?P<art>{_ART})\s+)?"
    rf"(?:(?P<mod>{alt((*w.NEXT_BEFORE, *w.THIS_BEFORE, *w.PAST_BEFORE, *w.NEXT_WEEK_PHRASES))})\s+)?"
    rf"(?P<wd>{_WEEKDAY_NAMES})(?:['\u2019]s)?"
    rf"(?:,?\s+(?P<post>{alt((*w.NEXT_AFTER, *w.PAST_AFTER, *w.NEXT_WEEK_PHRASES))}))?{_E}",
    re.IGNORECASE,
)

WEEKEND = re.compile(
    rf"{_B}{_REL}(?:(?P<mod>{_NEXT_OR_THIS_OR_PAST})\s+)?(?:{_ART}\s+)?(?P<we>{alt(w.WEEKENDS)})"
    rf"(?:\s+(?P<post>{_AFTER_WORDS}))?{_E}",
    re.IGNORECASE,
)

PERIOD = re.compile(
    rf"{_B}{_REL}{_EDGE}?{_FILL}(?:(?P<mod>{_NEXT_OR_THIS_OR_PAST})\s+)?(?P<period>{alt(w.PERIODS)})"
    rf"(?:\s+(?P<post>{_AFTER_WORDS}))?{_E}",
    re.IGNORECASE,
)

PERIOD_END = re.compile(
    rf"{_B}{_REL}(?:(?P<mod>{alt((*w.NEXT_BEFORE, *w.THIS_BEFORE))})\s+)?{_FILL}"
    rf"(?P<end_word>{alt(w.PERIOD_ENDS)})(?:\s+(?P<post>{alt(w.NEXT_AFTER)}))?{_E}",
    re.IGNORECASE,
)

QUARTER = re.compile(rf"{_B}{_REL}(?:{_EDGE}{_FILL})?Q(?P<q>[1-4])(?:\s+(?P<y>\d{{4}}))?{_E}", re.IGNORECASE)

MONTH = re.compile(
    rf"{_B}{_REL}(?:(?P<mod>{_NEXT_OR_THIS_OR_PAST})\s+)?(?:{_EDGE}{_FILL})?(?P<m>{_MONTH_NAMES})"
    rf"{_YEAR.format(name='y')}{_E}(?!\.?\s*\d)",
    re.IGNORECASE,
)

MONTH_DAY = re.compile(
    rf"{_B}{_REL}(?:{_WEEKDAY_NAMES}\.?,?\s+)?"
    rf"(?:(?:(?:the|le|el|den|der|il|o|op|am)\s+)?(?<!\d)(?P<d>\d{{1,2}}){_ORDINAL}\s*(?:(?:of|de|di|van)\s+)?"
    rf"(?P<m>{_ANY_MONTH}){_YEAR.format(name='y')}"
    rf"|(?P<m2>{_MONTH_NAMES}|{_ENGLISH_ABBREVIATIONS})\.?\s+(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    rf"{_YEAR.format(name='y2')}){_E}(?!:\d)",
    re.IGNORECASE,
)

NUMERIC = re.compile(
    rf"(?<![\w./:-]){_REL}(?<![\w./:-])(?:"
    r"(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})(?![\w/-]|\.\d)"
    r"|(?P<dot_d>\d{1,2})\.\s?(?P<dot_m>\d{1,2})\.(?:\s?(?P<dot_y>\d{4}|\d{2}))?(?!\d|\.\d)"
    r"|(?P<a>\d{1,2})(?P<sep>[/-])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?(?![\w/%-]|[.,]\d)"
    r")",
    re.IGNORECASE,
)

EVENT = re.compile(rf"{_B}{_REL}(?:{_ART}\s+)?(?P<event>{alt(w.EVENTS)}){_E}", re.IGNORECASE)

_UNIT = rf"(?P<unit>{alt(w.UNITS)})"
DURATION = re.compile(
    rf"{_B}(?:(?P<past>{alt(w.PAST_DURATION_BEFORE)})\s+)?{_REL}"
    rf"(?:(?:{alt(w.DURATION_LEADS)})\s+)?"
    rf"(?:(?P<fixed>{alt(w.FIXED_DURATIONS)})"
    rf"|(?:(?P<vague>{alt(w.VAGUE_AMOUNTS)})|(?<![\d.,])(?P<num>{_NUMBER})"
    rf"(?:\s*(?:-|\u2013|to|or|bis|à|a|ou|o|tot|of|oder)\s*(?P<hi>{_NUMBER}))?)"
    rf"(?:(?<=\d)\s*|\s+|-)(?:(?:{alt(w.DURATION_MIDDLES)})\s+)?"
    rf"(?:(?P<pastmid>{alt(w.PAST_DURATION_MIDDLES)})\s+)?{_UNIT}"
    rf"(?:\s+(?:or|oder|ou|o|of)\s+(?P<tail>{_NUMBER})(?!\s*{alt(w.UNITS)}))?)"
    rf"(?:\s+(?P<ago>{alt(w.PAST_AFTER)}))?{_E}",
    re.IGNORECASE,
)
