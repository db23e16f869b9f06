"""A reply that tells nothing ("Nobody comes to mind this week") is recognised in seven languages, and
nothing that tells something is taken for it (precision first: a miss only quotes it, as before)."""

from __future__ import annotations

import time

import pytest

from service.replies.nothing_to_tell import MAX_WORDS, opens_with_no, says_nothing

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
    # Busy or away, around a "later" or a "nothing"
    ("en", "Crazy week, will reply later."),
    ("en", "Swamped right now, ask me next week."),
    ("en", "Not yet, sorry. Busy week."),
    (
        "en",
        "Sorry, slammed with end of quarter, haven't had a chance to think about this. Will get back to you.",
    ),
    ("en", "Sorry, haven't got round to it yet, it's been a crazy week. Will reply properly next week."),
    ("en", "I am on holiday until Monday, will answer then."),
    ("en", "Good question, let me think about it."),
    ("en", "No time to reply this week, sorry."),
    ("de", "Diese Woche ist Land unter, ich bin noch nicht dazu gekommen. Ich melde mich nächste Woche."),
    ("de", "Ich bin gerade sehr beschäftigt mit dem Quartalsende, keine Zeit. Ich antworte nächste Woche."),
    (
        "fr",
        "Désolé, semaine de folie, je n'ai pas encore eu le temps. Je vous répondrai la semaine prochaine.",
    ),
    ("fr", "Je suis débordé avec la fin de trimestre, pas le temps. Je vais y réfléchir."),
    ("es", "Estoy muy liado con el cierre de trimestre, no he tenido tiempo. Te contesto la próxima semana."),
    ("nl", "Drukke week, ik ben er nog niet aan toegekomen. Ik kom erop terug."),
    ("it", "Sono molto impegnato con la chiusura del trimestre, non ho ancora avuto tempo. Ci penso."),
    ("pt", "Semana corrida, ainda não tive tempo. Te respondo depois."),
    # A promise to answer later, with any short when
    ("en", "Swamped with quarter end, sorry. I'll get back to you on this one next week."),
    ("en", "Thanks! I'll reply properly on Monday."),
    ("en", "I'll come back to this after the QBR."),
    ("en", "Good question. I'll answer this properly when things calm down."),
    ("de", "Volle Woche. Ich melde mich am Montag dazu."),
    ("fr", "Semaine chargée. Je vous réponds la semaine prochaine."),
    ("es", "Semana de locos. Te contesto el lunes."),
    ("it", "Settimana pesante. Ti rispondo lunedì."),
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
    # Being busy may be the answer ("In which situations does giving credit away feel like a risk?")
    ("quarter end alone", "Quarter end."),
    ("swamped alone", "Swamped."),
    ("no time alone", "No time."),
    ("no time, german", "Keine Zeit."),
    ("no time, dutch", "Geen tijd."),
    ("busy and a story", "Busy week: I thanked Priya in the forecast call."),
    ("busy as the answer", "When I'm slammed at quarter end and my number is short."),
    ("too busy to credit", "Too busy to credit anyone at quarter end, honestly."),
    ("away at a customer", "Travelling to Acme, will reply later."),
    ("busy, no marker", "Busy with forecasts this week, sorry!"),
    ("answering someone else", "I'll answer the customer on Monday."),
    (
        "a long when",
        "I'll reply on Monday after I have talked to the whole team about the split and the overlay.",
    ),
    ("a reply as the step", "I will reply to Priya's email by Friday and thank her."),
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
        assert not opens_with_no(text)
        opens_with_no.cache_clear()
    assert time.process_time() - start < 1.0  # exponential backtracking took seconds per call


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nobody. Everyone who touched the Acme deal was in the announcement.", True),
        ("Hi Coach,\nNone really. My team is good at naming the SE in every win post.\nAnna", True),
        ("Nothing comes to mind. My first manager took all the credit, which taught me a lot.", True),
        ("Niemand. Alle wurden in der Ankündigung genannt.", True),
        ("Personne. Toute l'équipe était dans l'annonce.", True),
        ("Nobody yet. I'll call Priya tomorrow.", True),  # a step: the caller keeps its follow-up
        ("Not yet. I'll call Priya tomorrow.", False),  # "not yet" is a degree, not a none
        ("Nobody comes to mind.", False),  # tells nothing at all: no follow-up either way
        ("No, but I did thank Priya in the forecast call.", False),  # one sentence, and a yes in it
        ("Priya, our SE. Nobody mentioned her.", False),
        ("Honestly? Nobody. We are good at this.", False),  # precision first: the opening asks
        ("", False),
        ("   \n  ", False),
    ],
)
def test_a_reply_that_opens_by_saying_no(text: str, expected: bool) -> None:
    assert opens_with_no(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Not much. I know his number, not his pressures, and I should ask rather than guess.",
        "Not really. They mostly say 'I closed it' and leave the SE out.",
        "I don't know. Probably that I'm demanding and always in a hurry.",
        "No idea. We have never talked about it, which says a lot.",
        "Nicht wirklich. Sie sagen meistens 'ich habe abgeschlossen'.",
        "Pas vraiment. Ils disent surtout « j'ai signé ».",
        "No sé. Nunca hemos hablado de eso.",
    ],
)
def test_an_opening_of_degree_answers_the_prompt(text: str) -> None:
    assert not opens_with_no(text)
