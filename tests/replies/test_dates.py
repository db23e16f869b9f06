"""Date and duration phrases in seven languages resolve against the `today` they are given."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.replies.calendar_math import add_months, easter
from service.replies.dates import find_dates, first_date

WED = date(2025, 3, 12)  # a Wednesday in the first quarter
DEC = date(2025, 12, 10)  # a Wednesday before the year-end holidays
JUL = date(2025, 7, 9)  # a Wednesday in the summer holidays
SAT = date(2025, 3, 15)


def d(month: int, day: int, year: int = 2025) -> date:
    return date(year, month, day)


# (text, today, the phrase's text, its date, explicit)
CASES = [
    # English
    ("Pause until Friday please", WED, "until Friday", d(3, 14), True),
    ("I will raise it in Friday's pipeline review", WED, "in Friday's", d(3, 14), True),
    ("by end of month", WED, "by end of month", d(3, 31), True),
    ("by the end of the quarter", WED, "by the end of the quarter", d(3, 31), True),
    ("hold these until the new year", WED, "until the new year", d(1, 1, 2026), True),
    ("next Tuesday", WED, "next Tuesday", d(3, 18), True),
    ("next Thursday", WED, "next Thursday", d(3, 20), False),  # the nearer Thursday is tomorrow
    ("next Tuesday", SAT, "next Tuesday", d(3, 18), True),
    ("this Friday", d(3, 14), "this Friday", d(3, 14), True),
    ("on Friday", d(3, 14), "on Friday", d(3, 21), True),
    ("tomorrow", WED, "tomorrow", d(3, 13), True),
    ("the day after tomorrow", WED, "the day after tomorrow", d(3, 14), True),
    ("next week", WED, "next week", d(3, 17), True),
    ("end of next week", WED, "end of next week", d(3, 21), True),
    ("Friday next week", WED, "Friday next week", d(3, 21), True),
    ("two weeks", WED, "two weeks", d(3, 26), True),
    ("for 3 weeks", WED, "for 3 weeks", d(4, 2), True),
    ("a few weeks", WED, "a few weeks", d(4, 2), False),
    ("a couple of weeks", WED, "a couple of weeks", d(3, 26), False),
    ("a week or two", WED, "a week or two", d(3, 26), False),
    ("2-3 weeks", WED, "2-3 weeks", d(4, 2), False),
    ("a month", WED, "a month", d(4, 12), True),
    ("for the next 10 days", WED, "for the next 10 days", d(3, 22), True),
    ("a fortnight", WED, "a fortnight", d(3, 26), True),
    ("March 20", WED, "March 20", d(3, 20), True),
    ("the 3rd of April", WED, "the 3rd of April", d(4, 3), True),
    ("Friday, March 21st, 2025", WED, "Friday, March 21st, 2025", d(3, 21), True),
    ("until 2025-04-30", WED, "until 2025-04-30", d(4, 30), True),
    ("back on 14/04", WED, "on 14/04", d(4, 14), True),
    ("after 4/15", WED, "after 4/15", d(4, 16), True),
    ("until 4/5", WED, "until 4/5", d(5, 4), False),  # both readings possible
    ("in May", WED, "in May", d(5, 1), False),
    ("end of March", WED, "end of March", d(3, 31), True),
    ("over quarter end", WED, "over quarter end", d(3, 31), True),
    ("after quarter end", WED, "after quarter end", d(4, 1), True),
    ("after Q2", WED, "after Q2", d(7, 1), True),
    ("until EOM", WED, "until EOM", d(3, 31), True),
    ("after the holidays", DEC, "after the holidays", d(1, 2, 2026), False),
    ("after the holidays", JUL, "after the holidays", d(9, 1), False),
    ("after Christmas", WED, "after Christmas", d(12, 27), True),
    ("after Easter", WED, "after Easter", d(4, 22), True),
    ("after the summer", WED, "after the summer", d(9, 1), False),
    ("this weekend", WED, "this weekend", d(3, 15), True),
    ("next month", WED, "next month", d(4, 1), True),
    ("early next month", WED, "early next month", d(4, 1), True),
    # German
    ("bis Freitag", WED, "bis Freitag", d(3, 14), True),
    ("nächsten Dienstag", WED, "nächsten Dienstag", d(3, 18), True),
    ("kommenden Montag", WED, "kommenden Montag", d(3, 17), True),
    ("bis Ende nächster Woche", WED, "bis Ende nächster Woche", d(3, 21), True),
    ("bis Monatsende", WED, "bis Monatsende", d(3, 31), True),
    ("Ende des Quartals", WED, "Ende des Quartals", d(3, 31), True),
    ("für drei Wochen", WED, "für drei Wochen", d(4, 2), True),
    ("ein paar Wochen", WED, "ein paar Wochen", d(4, 2), False),
    ("zwei Monate", WED, "zwei Monate", d(5, 12), True),
    ("morgen", WED, "morgen", d(3, 13), True),
    ("übermorgen", WED, "übermorgen", d(3, 14), True),
    ("am 20. März", WED, "am 20. März", d(3, 20), True),
    ("bis 3.4.", WED, "bis 3.4.", d(4, 3), True),
    ("bis zum 03.04.2025", WED, "bis zum 03.04.2025", d(4, 3), True),
    ("nächste Woche", WED, "nächste Woche", d(3, 17), True),
    ("bis ins neue Jahr", WED, "bis ins neue Jahr", d(1, 1, 2026), True),
    ("nach den Feiertagen", DEC, "nach den Feiertagen", d(1, 2, 2026), False),
    ("bis nach Weihnachten", WED, "bis nach Weihnachten", d(12, 27), True),
    ("nach Ostern", WED, "nach Ostern", d(4, 22), True),
    ("Mitte April", WED, "Mitte April", d(4, 15), False),
    # French
    ("jusqu'à vendredi", WED, "jusqu'à vendredi", d(3, 14), True),
    ("vendredi prochain", WED, "vendredi prochain", d(3, 14), True),
    ("la semaine prochaine", WED, "la semaine prochaine", d(3, 17), True),
    ("jusqu'à la fin du mois", WED, "jusqu'à la fin du mois", d(3, 31), True),
    ("d'ici la fin du trimestre", WED, "d'ici la fin du trimestre", d(3, 31), True),
    ("pendant trois semaines", WED, "pendant trois semaines", d(4, 2), True),
    ("quelques semaines", WED, "quelques semaines", d(4, 2), False),
    ("quinze jours", WED, "quinze jours", d(3, 26), True),
    ("demain", WED, "demain", d(3, 13), True),
    ("jusqu'au 3 avril", WED, "jusqu'au 3 avril", d(4, 3), True),
    ("le 1er avril", WED, "le 1er avril", d(4, 1), True),
    ("après les fêtes", DEC, "après les fêtes", d(1, 2, 2026), False),
    ("jusqu'au nouvel an", WED, "jusqu'au nouvel an", d(1, 1, 2026), True),
    ("à la rentrée", WED, "à la rentrée", d(9, 1), False),
    ("dans deux semaines", WED, "dans deux semaines", d(3, 26), True),
    # Spanish
    ("hasta el viernes", WED, "hasta el viernes", d(3, 14), True),
    ("el viernes que viene", WED, "el viernes que viene", d(3, 14), True),
    ("la próxima semana", WED, "la próxima semana", d(3, 17), True),
    ("hasta fin de mes", WED, "hasta fin de mes", d(3, 31), True),
    ("a finales de marzo", WED, "a finales de marzo", d(3, 31), True),
    ("durante tres semanas", WED, "durante tres semanas", d(4, 2), True),
    ("unas semanas", WED, "unas semanas", d(4, 2), False),
    ("un par de semanas", WED, "un par de semanas", d(3, 26), False),
    ("mañana", WED, "mañana", d(3, 13), True),
    ("hasta el 15 de abril de 2025", WED, "hasta el 15 de abril de 2025", d(4, 15), True),
    ("hasta después de las fiestas", DEC, "hasta después de las fiestas", d(1, 2, 2026), False),
    ("hasta el año nuevo", WED, "hasta el año nuevo", d(1, 1, 2026), True),
    ("en las próximas tres semanas", WED, "en las próximas tres semanas", d(4, 2), True),
    # Dutch
    ("tot vrijdag", WED, "tot vrijdag", d(3, 14), True),
    ("volgende week vrijdag", WED, "volgende week vrijdag", d(3, 21), True),
    ("volgende week", WED, "volgende week", d(3, 17), True),
    ("tot het einde van de maand", WED, "tot het einde van de maand", d(3, 31), True),
    ("drie weken", WED, "drie weken", d(4, 2), True),
    ("een paar weken", WED, "een paar weken", d(4, 2), False),
    ("over twee weken", WED, "over twee weken", d(3, 26), True),
    ("morgen", SAT, "morgen", d(3, 16), True),
    ("tot 1 mei", WED, "tot 1 mei", d(5, 1), True),
    ("na de feestdagen", DEC, "na de feestdagen", d(1, 2, 2026), False),
    ("tot na de zomer", WED, "tot na de zomer", d(9, 1), False),
    ("na vrijdag", WED, "na vrijdag", d(3, 15), True),
    # Italian
    ("fino a venerdì", WED, "fino a venerdì", d(3, 14), True),
    ("venerdì prossimo", WED, "venerdì prossimo", d(3, 14), True),
    ("la prossima settimana", WED, "la prossima settimana", d(3, 17), True),
    ("fino alla fine del mese", WED, "fino alla fine del mese", d(3, 31), True),
    ("per tre settimane", WED, "per tre settimane", d(4, 2), True),
    ("qualche settimana", WED, "qualche settimana", d(4, 2), False),
    ("domani", WED, "domani", d(3, 13), True),
    ("fino al 12.04.", WED, "fino al 12.04.", d(4, 12), True),
    ("dopo le feste", DEC, "dopo le feste", d(1, 2, 2026), False),
    ("fino a capodanno", WED, "fino a capodanno", d(1, 1, 2026), True),
    ("tra due settimane", WED, "tra due settimane", d(3, 26), True),
    # Portuguese
    ("até sexta", WED, "até sexta", d(3, 14), True),
    ("até sexta-feira", WED, "até sexta-feira", d(3, 14), True),
    ("na sexta que vem", WED, "na sexta que vem", d(3, 14), True),
    ("na próxima semana", WED, "na próxima semana", d(3, 17), True),
    ("até o fim do mês", WED, "até o fim do mês", d(3, 31), True),
    ("por três semanas", WED, "por três semanas", d(4, 2), True),
    ("algumas semanas", WED, "algumas semanas", d(4, 2), False),
    ("amanhã", WED, "amanhã", d(3, 13), True),
    ("até 20/04/2025", WED, "até 20/04/2025", d(4, 20), True),
    ("depois das festas", DEC, "depois das festas", d(1, 2, 2026), False),
    ("até o ano novo", WED, "até o ano novo", d(1, 1, 2026), True),
    ("daqui a duas semanas", WED, "daqui a duas semanas", d(3, 26), True),
]


@pytest.mark.parametrize(("text", "today", "span", "expected", "explicit"), CASES)
def test_phrases_resolve(text: str, today: date, span: str, expected: date, explicit: bool) -> None:
    phrase = first_date(text, today)
    assert phrase is not None, text
    assert (phrase.text, phrase.date, phrase.explicit) == (span, expected, explicit)
    assert text[phrase.start : phrase.end] == phrase.text


# Words that look like dates but are not future dates: the past, mornings, ratios, modal verbs.
NOT_DATES = [
    "Last Friday I let the rep run the call",
    "letzten Freitag habe ich zugehört",
    "vendredi dernier j'ai laissé parler l'équipe",
    "el viernes pasado escuché más",
    "afgelopen vrijdag",
    "venerdì scorso",
    "na sexta passada",
    "three weeks ago I started",
    "vor drei Wochen",
    "il y a deux semaines",
    "hace dos semanas",
    "drie weken geleden",
    "tre settimane fa",
    "há duas semanas",
    "over the last two weeks",
    "in den letzten zwei Wochen",
    "les trois dernières semaines",
    "Guten Morgen zusammen",
    "esta mañana hablé con ella",
    "we are 24/7 on this",
    "3/4 of the team",
    "I may ask her",
    "the holidays were great",  # no preposition: a mention, not a plan
    "2.5 weeks",
    "Version 1.2.3.",
    "los viernes hacemos forecast",
    "Fridays are for pipeline",
    "until 3 March 2020",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_look_alikes_yield_no_date(text: str) -> None:
    assert find_dates(text, WED) == []


def test_several_phrases_come_back_in_order_without_overlap() -> None:
    text = "Pause for a few weeks over quarter end, then back on Monday 7 April."
    phrases = find_dates(text, WED)
    assert [p.text for p in phrases] == ["for a few weeks", "over quarter end", "on Monday 7 April"]
    assert [p.kind for p in phrases] == ["duration", "day", "day"]
    assert [p.relation for p in phrases] == ["for", "through", "on"]
    assert phrases[0].days == 21


def test_day_first_can_be_chosen_for_numeric_dates() -> None:
    assert first_date("until 4/5", WED, day_first=False) == first_date("until 4/5", WED, day_first=False)
    us = first_date("until 4/5", WED, day_first=False)
    assert us is not None and (us.date, us.explicit) == (d(4, 5), True)


def test_a_year_old_date_without_year_rolls_to_next_year() -> None:
    phrase = first_date("on 1 March", WED)
    assert phrase is not None and phrase.date == d(3, 1, 2026)


def test_holidays_are_ambiguous_outside_their_seasons() -> None:
    assert first_date("after the holidays", d(4, 10)) is None
    assert first_date("nach den Ferien", d(10, 10)) is None


def test_months_add_by_calendar_and_easter_is_right() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 12, 15), 2) == date(2025, 2, 15)
    assert [easter(y) for y in (2024, 2025, 2026)] == [date(2024, 3, 31), date(2025, 4, 20), date(2026, 4, 5)]


SOUP = (
    "until by after next last the end of month week Friday vendredi Freitag mañana morgen 3 12 weeks Wochen "
    "semaines semanas 12/03 3.4. 2025-04-01 quarter new year holidays a few two ago vor hace fin fine fim "
    "Ende , . ! ? de la el na tot"
)
WORDS = st.sampled_from(SOUP.split(" "))
TODAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=12).map(" ".join), TODAYS)
def test_phrase_soup_never_raises_and_never_points_before_today(text: str, today: date) -> None:
    phrases = find_dates(text, today)
    for phrase in phrases:
        assert phrase.date >= today
        assert text[phrase.start : phrase.end] == phrase.text
    spans = [phrase.span for phrase in phrases]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.dates())
def test_any_text_and_any_day_never_raise(text: str, today: date) -> None:
    for phrase in find_dates(text, today):
        assert phrase.date >= today
        if phrase.days is not None:
            assert phrase.date == today + timedelta(days=phrase.days)
