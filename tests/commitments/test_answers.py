"""A check-back answered in plain words, in the seven reply languages: tables of what counts and what
must change nothing (service/commitments/answers.py, a pure function of the text and today)."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest

from service.commitments.answers import Answer, parse_answer
from service.enums import Outcome

TODAY = date(2026, 12, 2)  # a Wednesday
WEEK_ON = TODAY + timedelta(days=7)
NEXT_WEEK_FRIDAY = date(2026, 12, 11)
NEXT_MONDAY = date(2026, 12, 7)

DONE = [
    ("en", "Yes, did it on Friday."),
    ("en", "All done!"),
    ("en", "Did it"),
    ("en", "I did."),
    ("en", "Yes!"),
    ("en", "It went well"),
    ("en", "I have done it"),
    ("en", "Yep, got it done yesterday, as promised."),
    ("en", "Hi Anna,\n\nDid it!"),
    ("de", "Hab ich gemacht"),
    ("de", "Erledigt."),
    ("de", "Ja, hab ich am Freitag gemacht."),
    ("de", "Hat geklappt!"),
    ("fr", "C'est fait !"),
    ("fr", "C\u2019est fait."),
    ("fr", "Fait"),
    ("fr", "Oui, je l'ai fait hier."),
    ("es", "Hecho"),
    ("es", "Lo hice"),
    ("es", "Sí, lo hice ayer."),
    ("nl", "Gedaan"),
    ("nl", "Ja, het is gelukt."),
    ("it", "Fatto"),
    ("it", "Sì, l'ho fatto."),
    ("pt", "Feito"),
    ("pt", "Sim, já fiz."),
]

NOT_YET = [
    ("en", "Nope, not yet", WEEK_ON),
    ("en", "Didn't get to it", WEEK_ON),
    ("en", "Haven't done it yet, next week", NEXT_WEEK_FRIDAY),
    ("en", "No, not yet. Next Monday.", NEXT_MONDAY),
    ("en", "Sorry, I ran out of time \u2013 next Monday", NEXT_MONDAY),
    ("de", "Noch nicht", WEEK_ON),
    ("de", "Noch nicht, nächste Woche", NEXT_WEEK_FRIDAY),
    ("fr", "Pas encore", WEEK_ON),
    ("fr", "Pas encore, lundi prochain", NEXT_MONDAY),
    ("es", "Todavía no", WEEK_ON),
    ("es", "Todavía no, el próximo lunes", NEXT_MONDAY),
    ("nl", "Nog niet", WEEK_ON),
    ("nl", "Nog niet, volgende week", NEXT_WEEK_FRIDAY),
    ("it", "Non ancora", WEEK_ON),
    ("it", "Non ancora, la prossima settimana", NEXT_WEEK_FRIDAY),
    ("pt", "Ainda não", WEEK_ON),
    ("pt", "Ainda não, na próxima semana", NEXT_WEEK_FRIDAY),
]

DROPPED = [
    ("en", "Dropping it"),
    ("en", "Not doing it anymore."),
    ("en", "No longer relevant"),
    ("en", "No, let's drop it."),
    ("de", "Nicht mehr relevant."),
    ("de", "Lasse ich fallen"),
    ("fr", "Je laisse tomber."),
    ("fr", "Ce n'est plus d'actualité"),
    ("es", "Lo dejo"),
    ("es", "Ya no es relevante"),
    ("nl", "Laat maar zitten"),
    ("nl", "Niet meer relevant"),
    ("it", "Lascio perdere"),
    ("it", "Non è più rilevante"),
    ("pt", "Desisti"),
    ("pt", "Não é mais relevante"),
]

# (what, a reply that must change nothing, the clear answer next to it that counts)
NEAR_MISSES = [
    ("empty", "", "Yes!"),
    ("blank", "  \n\n ", "Fatto"),
    ("yes-and-no", "Yes and no", "Yes"),
    ("jein", "Jein.", "Ja."),
    ("question-then-no", "Done? Not really", "Done! Really."),
    ("question", "It went well?", "It went well."),
    ("sort-of", "Done, sort of.", "Done, as promised."),
    ("but", "Yes, but only the first half.", "Yes, did it."),
    ("next-sentence-hedge", "Did it. Well, partly.", "Did it. Well, thanks for asking."),
    ("mixed", "Yes, well, not yet.", "No, not yet."),
    ("done-then-not-yet", "Fait, pas encore le reste.", "Fait, comme prévu."),
    ("future-after-yes", "Yes, I'll do it next week.", "Yes, did it last week."),
    ("yes-then-future", "Yes. I'll do it tomorrow.", "Yes. It went well."),
    ("maybe-drop", "Drop it, maybe.", "Dropping it."),
    ("negated", "I did not", "I did"),
    ("no-alone", "No.", "No, not yet."),
    ("someone-else", "Priya did it.", "I did it."),
    ("story-first", "The meeting ran long and we talked about many things, and yes, I did it.", "I did it."),
    ("a-request", "Please pause my emails for three weeks.", "Noch nicht, in drei Wochen."),
    ("markup", "<b>Done</b>", "Did it"),
    ("script", "<script>alert('done')</script>", "Hecho"),
    ("long-clause", "ok so " * 20 + "did it", "ok so did it"),
    ("ten-thousand", "Yes, " * 2000, "Yes, yes, yes!"),
    ("ten-thousand-words", "word " * 2000, "Gedaan"),
]


@pytest.mark.parametrize(("language", "text"), DONE, ids=[f"{lang}-{text}" for lang, text in DONE])
def test_done_in_plain_words(language: str, text: str) -> None:
    assert parse_answer(text, TODAY) == Answer(Outcome.DONE)


@pytest.mark.parametrize(
    ("language", "text", "due"), NOT_YET, ids=[f"{lang}-{text}" for lang, text, _ in NOT_YET]
)
def test_not_yet_in_plain_words_with_or_without_a_date(language: str, text: str, due: date) -> None:
    assert parse_answer(text, TODAY) == Answer(Outcome.NOT_YET, due)


@pytest.mark.parametrize(("language", "text"), DROPPED, ids=[f"{lang}-{text}" for lang, text in DROPPED])
def test_drop_in_plain_words(language: str, text: str) -> None:
    assert parse_answer(text, TODAY) == Answer(Outcome.DROPPED)


@pytest.mark.parametrize(("text", "clear"), [c[1:] for c in NEAR_MISSES], ids=[c[0] for c in NEAR_MISSES])
def test_ambiguous_mixed_or_hostile_replies_answer_nothing_where_a_clear_one_does(
    text: str, clear: str
) -> None:
    started = time.perf_counter()
    assert parse_answer(text, TODAY) is None
    assert time.perf_counter() - started < 1.0  # 10,000 characters are read in milliseconds
    assert parse_answer(clear, TODAY) is not None


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        (
            "Yes, did it on Friday. Priya's manager replied in the thread and thanked me, and Priya "
            "offered to help on the next renewal.",
            Outcome.DONE,
        ),
        ("C'est fait ! Claire était ravie et l'équipe a applaudi.", Outcome.DONE),
        ("Noch nicht. Das Teammeeting wurde verschoben und der Kunde hat abgesagt.", Outcome.NOT_YET),
    ],
)
def test_an_answer_followed_by_a_story_is_kept_as_a_reflection_too(text: str, outcome: Outcome) -> None:
    answer = parse_answer(text, TODAY)
    assert answer is not None and (answer.outcome, answer.story) == (outcome, True)


@pytest.mark.parametrize(
    "text", ["Did it!\n\nThanks for the reminder.\nBest regards,\nAnna", "Erledigt, danke der Nachfrage."]
)
def test_thanks_and_a_signature_are_no_story(text: str) -> None:
    assert parse_answer(text, TODAY) == Answer(Outcome.DONE)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Hi Anna,\nDONE", Answer(Outcome.DONE)),
        ("Hallo,\n\nNOT YET next Monday", Answer(Outcome.NOT_YET, NEXT_MONDAY)),
    ],
)
def test_the_command_words_count_below_a_greeting_line(text: str, answer: Answer) -> None:
    assert parse_answer(text, TODAY) == answer
