"""Requests by reply read from the first paragraph in seven languages; reflections never act."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.curriculum import load_curriculum
from service.enums import ReplyCommand
from service.replies.intent import Intent, read_answer, read_correction, read_intent
from tests.replies.intent_corpus import CORPUS, REFLECTIONS, REQUESTS, TODAY, command_of, render, score
from tests.replies.intent_heldout import HELD_OUT, UNSEEN

LESSONS = load_curriculum().lessons
LANGUAGES = ("en", "de", "fr", "es", "nl", "it", "pt")


def matches(expected: str, got: str) -> bool:
    """Exact for the parts the table gives: certainty, the pause's end, the lesson."""
    if expected == "-" or "@" in expected or "=" in expected:
        return got == expected if "@" in expected or expected == "-" else got.split("@")[0] == expected
    return got.split("@")[0] == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"), CORPUS, ids=[f"{c[0]}:{c[1][:40]}" for c in CORPUS]
)
def test_corpus(language: str, text: str, expected: str) -> None:
    assert matches(expected, render(read_intent(text, TODAY, LESSONS)))


def test_the_corpus_covers_seven_languages_with_150_cases() -> None:
    assert len(CORPUS) >= 150
    requests = Counter(language for language, _, _ in REQUESTS)
    reflections = Counter(language for language, _, _ in REFLECTIONS)
    for language in LANGUAGES:
        assert requests[language] >= 11, language
        assert reflections[language] >= 7, language
    assert {command_of(e) for _, _, e in REQUESTS} == {
        "stop",
        "pause",
        "resume",
        "switch",
        "help",
        "fewer",
        "schedule",
    }


def test_precision_and_recall_over_the_corpus() -> None:
    result = score(CORPUS, LESSONS)
    assert result.false_actions == 0 and result.wrong == 0
    assert result.recall >= 0.95
    assert result.questions == 0


@pytest.mark.parametrize("cases", [HELD_OUT, UNSEEN], ids=["held-out", "unseen"])
def test_held_out_phrasings_never_act_on_a_reflection_and_are_mostly_understood(
    cases: tuple[tuple[str, str, str], ...],
) -> None:
    result = score(cases, LESSONS)
    assert result.false_actions == 0 and result.wrong == 0
    assert result.recall >= 0.95


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("STOP", "stop"),
        ("stop.", "stop"),
        ("  Unsubscribe!\n\nthanks", "stop"),
        ("Thanks!\nSTOP", "stop"),
        ("PAUSE", "pause@2025-03-26"),
        ("pause 3 weeks", "pause@2025-04-02"),
        ("Pause for 1 week", "pause@2025-03-19"),
        ("PAUSE 6", "pause@2025-04-23"),
        ("pause 40 weeks", "pause@2025-12-17"),  # the action refuses a pause that long, with an answer
        ("Resume", "resume"),
        ("switch", "switch"),  # the answer lists the lessons
        ("switch to lesson 12", "switch"),  # no such lesson: the answer lists them
        ("Switch Share-Credit", "switch=share-credit"),
        ("\n\nHELP\n", "help"),
        (
            "Hi Coach,\n\nPlease pause for 3 weeks.\n\nBest,\nAnna Berg\nRegional Sales Director",
            "pause@2025-04-02",
        ),
        ("Hallo,\n\nbitte abmelden.\n\nViele Grüße\nJonas", "stop"),
        ("Stop!\n\nThat's what I told myself when I wanted to interrupt my rep in the call.", "stop?"),
        (
            "Please stop.\n\nI am changing roles next month and will not have a team, so this is not useful.",
            "stop",
        ),
    ],
)
def test_wrapped_and_old_style_commands(text: str, expected: str) -> None:
    assert render(read_intent(text, TODAY, LESSONS)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "Stop taking credit is what I learned this week.",
        "I will pause before the next forecast call.",
        "help me think about this one",
        "switch the forecast call to Tuesdays please",
        "PAUSE x weeks",
        "Thanks!",
        "Great lesson.\n\nI stopped interrupting and it worked.",
        "Yes",
        "Ich muss aufhören, alles selbst zu machen.",
    ],
)
def test_reflections_and_odd_input_are_not_requests(text: str) -> None:
    assert read_intent(text, TODAY, LESSONS) is None


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Yes", True),
        ("yes please!", True),
        ("YES\n\nthanks", True),
        ("Ja, bitte", True),
        ("Oui merci", True),
        ("Sí", True),
        ("ja graag", True),
        ("Sì, grazie", True),
        ("Sim", True),
        ("No", False),
        ("nein danke", False),
        ("Non", False),
        ("Nee", False),
        ("Não", False),
        ("Ja, genau.", True),
        ("Sí, perfecto, gracias.", True),
        ("Yes, please do.", True),
        ("Yes that is right", True),
        ("Yes, correct", True),
        ("yes, 3 weeks is fine", True),
        ("sounds good", True),
        ("No, I meant 2 weeks", None),  # a correction: read_correction
        ("Yes, great lesson, I tried it.", None),
        ("I told Priya yes, sounds good", None),
        ("Yes, I shared the credit with my SE this week.", None),
        ("", None),
        ("Maybe later", None),
    ],
)
def test_answers_to_a_question(text: str, answer: bool | None) -> None:
    assert read_answer(text) is answer


WINTER = date(2026, 12, 6)  # a Sunday in December


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm off next week.", "pause?@2026-12-14"),  # back the Monday after it, not the day it starts
        ("Pause next week please", "pause@2026-12-14"),
        ("Pause until next week", "pause@2026-12-07"),  # "until" keeps its meaning
        ("I'm away this weekend", "pause?@2026-12-07"),
        ("Can you stop for the holidays?", "pause?@2027-01-04"),  # the first working day after 1 January
        ("Pause over Christmas please", "pause?@2027-01-04"),
        ("No emails over the holidays please", "pause?@2027-01-04"),
        ("Bis nach Weihnachten bitte keine Mails mehr.", "pause@2026-12-27"),  # an explicit "after" stays
        ("hold these until the new year", "pause@2027-01-01"),
        ("Please stop the emails until Friday.", "pause@2026-12-11"),
        # "ferie", "vakantie", "vacances" also name the winter holidays: "in ferie" is still an absence
        ("Sono in ferie fino al 4 gennaio.", "pause?@2027-01-04"),
        ("Ik ben volgende week op vakantie.", "pause?@2026-12-14"),
        ("Je suis en vacances jusqu'au 4 janvier.", "pause?@2027-01-04"),
        ("Sono in ferie la prossima settimana.", "pause?@2026-12-14"),
        ("Ero in ferie la settimana scorsa e il team ha chiuso due contratti.", "-"),
    ],
)
def test_an_absence_named_as_a_period_pauses_until_after_it(text: str, expected: str) -> None:
    assert render(read_intent(text, WINTER, LESSONS)) == expected


THREE_WEEKS = Intent(ReplyCommand.PAUSE, True, date(2026, 12, 27))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No, I meant 2 weeks", "pause@2026-12-20"),
        ("Nein, nur eine Woche bitte", "pause@2026-12-13"),
        ("No, solo una semana por favor", "pause@2026-12-13"),
        ("yes, 2 weeks is fine", "pause@2026-12-20"),
        ("No, unsubscribe me", "stop"),
        ("yes, 3 weeks is fine", "-"),  # the proposal itself: a plain yes
        ("No", "-"),
        ("Yes, I'm back at work on Monday and it went well.", "-"),
        ("Yes, I shared the credit with my SE this week.", "-"),
    ],
)
def test_a_no_with_a_corrected_request_is_that_request(text: str, expected: str) -> None:
    assert render(read_correction(text, WINTER, LESSONS, THREE_WEEKS)) == expected


# -- hypothesis: reflections built from narrative parts that contain command words never act ----------

SUBJECTS = st.sampled_from(
    [
        "I",
        "We",
        "My rep",
        "The team",
        "She",
        "Our SE",
        "The customer",
        "Ich",
        "Wir",
        "Mein Team",
        "Je",
        "Nous",
        "Yo",
        "Mi equipo",
        "Ik",
        "Wij",
        "Io",
        "Il cliente",
        "Eu",
        "O time",
    ]
)
MIDDLES = st.sampled_from(
    [
        "stopped the call early",
        "paused the demo",
        "put the forecast call on pause",
        "needed help with the deal",
        "switched the review to Mondays",
        "asked for help",
        "took a break",
        "resumed the negotiation",
        "held back",
        "wanted to unsubscribe from the noise",
        "said no more excuses",
        "moved to lesson-style reviews",
        "stopped sending status emails",
        "hat das Meeting pausiert",
        "brauchte Hilfe",
        "a mis la réunion en pause",
        "necesitaba ayuda",
        "heeft hulp gevraagd",
        "ha messo in pausa il progetto",
        "pediu ajuda",
        "came back from holiday",
        "kept going",
        "decided to stop micromanaging",
    ]
)
TAILS = st.sampled_from(
    [
        "",
        "and it worked",
        "so the SE could run it",
        "before the QBR",
        "last week",
        "until Friday",
        "for two weeks",
        "and then we talked it through",
        "which surprised me",
        "bis Freitag",
        "pendant deux semaines",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(SUBJECTS, MIDDLES, TAILS), min_size=1, max_size=4), st.sampled_from(["", "Hi,\n\n"])
)
def test_narrative_sentences_with_command_words_never_act(
    parts: list[tuple[str, str, str]], greeting: str
) -> None:
    text = greeting + " ".join(f"{s} {m} {t}".strip() + "." for s, m, t in parts)
    intent = read_intent(text, TODAY, LESSONS)
    assert intent is None or not intent.sure, text


SURE = [
    (lang, text, expected) for lang, text, expected in REQUESTS if "?" not in expected and "\n" not in text
]
GREETINGS = st.sampled_from(
    ["", "Hi,\n\n", "Hello Coach,\n\n", "Hallo,\n\n", "Bonjour,\n\n", "Hola,\n\n", "Hoi,\n\n"]
)
SIGN_OFFS = st.sampled_from(
    [
        "",
        "\n\nThanks,\nAnna",
        "\n\nBest regards\nJohn Smith\nVP Sales EMEA",
        "\n\nDanke!\nJonas",
        "\n\nMerci",
        "\n\nSent from my iPhone",
        "\n\nGracias,\nLucía",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SURE), GREETINGS, SIGN_OFFS, st.sampled_from(["", "!", ".", " :)", "!!"]))
def test_requests_keep_their_meaning_when_wrapped(
    case: tuple[str, str, str], greeting: str, sign_off: str, ending: str
) -> None:
    _, text, expected = case
    wrapped = f"{greeting}{text.rstrip('.!?')}{ending}{sign_off}"
    assert command_of(render(read_intent(wrapped, TODAY, LESSONS))) == command_of(expected), wrapped


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)))
def test_any_text_reads_without_error(text: str, today: date) -> None:
    intent = read_intent(text, today, LESSONS)
    assert intent is None or intent.command in ReplyCommand
    if intent is not None and intent.resume_on is not None:
        assert intent.resume_on > today


@pytest.mark.parametrize(
    ("text", "resume_on"),
    [
        ("Please pause these until after the QBR on 15 January.", date(2025, 1, 16)),
        ("Pause until after our kickoff on January 12, please.", date(2025, 1, 13)),
        ("Hold these until the QBR on 15 January please", date(2025, 1, 15)),
        ("Bitte pausieren bis nach dem Kickoff am 12. Januar.", date(2025, 1, 13)),
        ("Pause please, I am back after the offsite on 20 January.", date(2025, 1, 21)),
        ("Could you hold these until 15 January?", date(2025, 1, 15)),  # no event between: as before
    ],
)
def test_a_day_named_after_an_event_keeps_the_until_or_after_before_it(text: str, resume_on: date) -> None:
    """QA: "until after the QBR on 15 January" asked to pause for three weeks, restarting mid-absence."""
    found = read_intent(text, date(2024, 12, 6), LESSONS)
    assert found is not None and found.command == "pause" and found.resume_on == resume_on
