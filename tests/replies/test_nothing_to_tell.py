"""A reply that tells nothing ("Nobody comes to mind this week") is recognised in seven languages, and
nothing that tells something is taken for it (precision first: a miss only quotes it, as before)."""

from __future__ import annotations

import time

import pytest

from service.replies.nothing_to_tell import MAX_WORDS, says_nothing

TELLS_NOTHING = [
    ("en", "Honestly, nobody comes to mind this week, sorry."),
    ("en", "Nobody really. I can't think of anyone right now, will get back to you."),
    ("en", "Not yet, I haven't had the chance this week. I'll get back to you next week."),
    ("en", "No idea, I don't know, hard to say really, sorry."),
    ("en", "Nothing to report this time, I'm afraid. Ask me again next week."),
    ("en", "I can't think of anyone right now.\n\nBest,\nAnna"),
    ("en", "Hi Coach,\n\nNothing comes to mind at the moment, to be honest.\n\nThanks, Anna"),
    ("en", "NOBODY COMES TO MIND THIS WEEK, SORRY!!"),
    ("en", "Nobody \u2014 I can\u2019t think of anyone, honestly."),
    ("de", "Mir fällt gerade leider niemand ein, ehrlich gesagt. Ich melde mich nächste Woche."),
    ("de", "Ich habe leider nichts zu berichten diese Woche, tut mir leid."),
    ("fr", "Je ne vois personne pour l'instant, désolé. Je reviens vers vous la semaine prochaine."),
    ("fr", "Rien ne me vient à l'esprit en ce moment, malheureusement, vraiment."),
    ("es", "No se me ocurre nadie ahora mismo, lo siento. Te respondo luego."),
    ("es", "La verdad, no tengo ningún ejemplo que contar esta semana, lo siento."),
    ("nl", "Ik kan niemand bedenken op dit moment, helaas. Ik kom erop terug."),
    ("nl", "Er schiet me niets te binnen deze week, eerlijk gezegd, sorry."),
    ("it", "Non mi viene in mente nessuno al momento, purtroppo. Ti faccio sapere."),
    ("it", "Onestamente non ho niente da segnalare questa settimana, scusate."),
    ("pt", "Não me lembro de ninguém no momento, infelizmente. Te respondo depois."),
    ("pt", "Sinceramente, não tenho nenhum exemplo a compartilhar esta semana, desculpe."),
]

TELLS_SOMETHING = [
    ("a name after nobody", "Nobody.\nMaybe Priya"),
    ("who was left out", "No one from marketing was credited, and that bothers me."),
    ("why nobody", "Nobody. Everyone who touched the Acme deal was in the announcement."),
    ("the answer names someone", "Priya, our SE, rebuilt the demo and nobody mentioned her."),
    ("a story, then nothing", "I stopped talking and let the rep finish; nothing else to add."),
    ("a commitment", "I'll thank Maria in Friday's forecast call."),
    ("later, with a plan", "Not yet, I'll call Priya tomorrow and ask her what she needs."),
    ("thanks only", "Thanks!"),
    ("empty", ""),
    ("whitespace", " \n\t "),
    ("markup", "<b>Nobody</b> comes to mind <script>alert(1)</script>"),
    ("german story", "Niemand aus dem Marketing wurde erwähnt, das ärgert mich."),
    ("french story", "Personne n'a remercié l'équipe avant-vente pour la démo."),
    ("long", "Nobody comes to mind. " * (MAX_WORDS // 4 + 1)),
    ("a request", "Please pause my emails, nothing this week."),
]


@pytest.mark.parametrize(
    ("language", "text"), TELLS_NOTHING, ids=[f"{c[0]}-{i}" for i, c in enumerate(TELLS_NOTHING)]
)
def test_replies_that_tell_nothing(language: str, text: str) -> None:
    assert says_nothing(text), language


@pytest.mark.parametrize(("case", "text"), TELLS_SOMETHING, ids=[c[0] for c in TELLS_SOMETHING])
def test_replies_that_tell_something(case: str, text: str) -> None:
    assert not says_nothing(text), case


@pytest.mark.parametrize(
    "text",
    [
        "nothing really " * 19
        + "x",  # every word pair splits two ways: a repeated alternation backtracks 2^19
        "no one " * 19 + "x",
        ("i can't think of anyone " * 8)[:200] + " x",
    ],
)
def test_hostile_replies_take_linear_time(text: str) -> None:
    start = time.process_time()
    for _ in range(20):
        assert not says_nothing(text)
    assert time.process_time() - start < 1.0  # exponential backtracking took seconds per call
