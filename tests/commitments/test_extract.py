"""The pure commitment extractor and the check-back answer words: tables in the seven reply languages."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.commitments.answers import Answer, parse_answer
from service.commitments.extract import find_commitments
from service.enums import Outcome

TODAY = date(2026, 12, 2)  # a Wednesday
FRIDAY = date(2026, 12, 4)

FOUND = [
    ("en-will-weekday", "I will raise it in Friday's pipeline review.", FRIDAY, "Friday"),
    ("en-possessive-curly", "I will bring it up at Friday\u2019s forecast call.", FRIDAY, "Friday"),
    ("en-ll-by", "Good question. I'll thank Maria by Friday.", FRIDAY, "by Friday"),
    ("en-going-to-next-week", "Next week I'm going to thank the SE team.", date(2026, 12, 11), "Next week"),
    ("en-curly-apostrophe", "I\u2019ll ask two peers for feedback by Friday.", FRIDAY, "by Friday"),
    ("en-no-date-before-qbr", "I will talk to Maria before the QBR.", date(2026, 12, 9), None),
    (
        "en-end-of-month",
        "By end of month I will have asked for feedback.",
        date(2026, 12, 31),
        "By end of month",
    ),
    ("en-duration", "I will do it in two weeks at the forecast call.", date(2026, 12, 16), "in two weeks"),
    ("de", "Ich werde es bis Freitag im Forecast ansprechen.", FRIDAY, "bis Freitag"),
    ("fr", "Je vais en parler vendredi à Marc.", FRIDAY, "vendredi"),
    ("es", "Voy a llamarla el próximo lunes.", date(2026, 12, 7), "el próximo lunes"),
    ("nl", "Ik ga het volgende week doen.", date(2026, 12, 11), "het volgende week"),
    ("it", "Lo farò entro venerdì con Luca.", FRIDAY, "entro venerdì"),
    ("pt", "Vou falar com ela na sexta-feira.", FRIDAY, "na sexta-feira"),
]


@pytest.mark.parametrize(("text", "due", "phrase"), [c[1:] for c in FOUND], ids=[c[0] for c in FOUND])
def test_a_commitment_is_found_with_its_date(text: str, due: date, phrase: str | None) -> None:
    [found] = find_commitments(text, TODAY)
    assert found.due_on == due
    assert found.due_phrase == phrase
    assert found.text in text and found.position == 0


NOT_FOUND = [
    ("question", "Will I manage to raise it by Friday?"),
    ("would", "I would have raised it on Friday."),
    ("past", "Last week I raised it in the pipeline review."),
    ("inside-a-word", "It was goodwill that carried the deal."),
    ("too-short", "I will."),
    ("empty", ""),
    ("someone-else", "Maria will raise it on Friday."),
    ("a promise to reply", "Nobody comes to mind yet. I'll get back to you next week."),
    ("thinking it over", "I'll think about it and let you know tomorrow."),
    ("german reply later", "Mir fällt gerade niemand ein. Ich melde mich nächste Woche."),
    # Promises to answer the coach, with any short when (found by QA: each became a check-back)
    ("busy, then later", "Swamped with quarter end, sorry. I'll get back to you on this one next week."),
    ("reply on a day", "I'll reply properly on Monday."),
    ("after a meeting", "I'll come back to this after the QBR."),
    ("think, then write", "I'll think about it and write back tomorrow."),
    ("when it calms down", "I'll answer this properly when things calm down."),
    ("by a day", "Sorry, busy week. I will get back to you on this by Friday."),
    ("german with dazu", "Ich melde mich am Montag dazu."),
    ("french present", "Je vous réponds la semaine prochaine."),
    ("spanish", "Te contesto el lunes."),
    ("dutch", "Ik kom erop terug na het kwartaal."),
    ("italian", "Ti rispondo lunedì."),
    ("portuguese", "Te respondo na próxima semana."),
]


@pytest.mark.parametrize("text", [c[1] for c in NOT_FOUND], ids=[c[0] for c in NOT_FOUND])
def test_no_commitment_is_found(text: str) -> None:
    assert find_commitments(text, TODAY) == []


FOUND_NOT_A_REPLY = [
    "I'll answer the customer on Monday.",
    "I will reply to Priya's email by Friday and thank her.",
    "I'll follow up with Priya on Friday.",
    "I'll reply on Monday after I have talked to the whole team about the split and the overlay.",
    "Ich werde Priya am Montag antworten und ihr danken.",
]


@pytest.mark.parametrize("text", FOUND_NOT_A_REPLY)
def test_a_promise_about_something_else_is_a_commitment(text: str) -> None:
    assert [found.text for found in find_commitments(text, TODAY)] == [text]


def test_at_most_two_per_reply_in_order() -> None:
    text = "I will thank Priya on Friday. I'll fix the win post today. I will call Marco next week."
    found = find_commitments(text, TODAY)
    assert [f.position for f in found] == [0, 1]
    assert found[0].text.startswith("I will thank Priya")


@given(st.text(max_size=400))
def test_any_text_gives_dates_never_before_today(text: str) -> None:
    for found in find_commitments(text, TODAY):
        assert found.due_on >= TODAY
        assert found.text.strip()


ANSWERS = [
    ("done", "DONE", Answer(Outcome.DONE)),
    ("done-lower-with-words", "done, and it went well\n\nthe team loved it", Answer(Outcome.DONE)),
    ("drop", "Drop", Answer(Outcome.DROPPED)),
    ("dropped", "dropped.", Answer(Outcome.DROPPED)),
    ("not-yet-default", "NOT YET", Answer(Outcome.NOT_YET, date(2026, 12, 9))),
    ("not-yet-date", "Not yet - next Friday", Answer(Outcome.NOT_YET, date(2026, 12, 11))),
    ("not-yet-weekday", "not yet, Monday", Answer(Outcome.NOT_YET, date(2026, 12, 7))),
]


@pytest.mark.parametrize(("text", "answer"), [c[1:] for c in ANSWERS], ids=[c[0] for c in ANSWERS])
def test_answer_words(text: str, answer: Answer) -> None:
    assert parse_answer(text, TODAY) == answer


@pytest.mark.parametrize(
    "text",
    ["", "   \n", "Donezo", "It's not yet clear", "dropping by later", "undone"],
)
def test_other_replies_are_not_answers(text: str) -> None:
    assert parse_answer(text, TODAY) is None
