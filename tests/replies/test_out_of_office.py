"""Out-of-office texts without header or subject marks are read from the body, in seven languages,
precision first (the flow through the webhook: tests/replies/test_out_of_office_flow.py)."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date

import pytest

from service.curriculum import load_curriculum
from service.replies.autoreply import auto_reply_reason, is_auto_reply, marked_reason
from service.replies.extraction import extract_new_text
from service.replies.intent import read_intent
from service.replies.out_of_office import (
    MAX_CHARACTERS,
    MAX_WORDS,
    is_out_of_office_text,
    out_of_office_reason,
)
from tests.replies.intent_corpus import CORPUS
from tests.replies.intent_heldout import HELD_OUT, UNSEEN
from tests.replies.out_of_office_corpus import AUTO_REPLIES, PEOPLE

SUBJECT = "Re: What did you share this week?"
LANGUAGES = {"en", "de", "fr", "es", "nl", "it", "pt"}
TODAY = date(2025, 3, 12)


def no_headers(name: str) -> str | None:
    return None


def _ids(cases: tuple[tuple[str, str], ...]) -> list[str]:
    return [f"{language}-{number}" for number, (language, _) in enumerate(cases)]


@pytest.mark.parametrize(("language", "body"), AUTO_REPLIES, ids=_ids(AUTO_REPLIES))
def test_out_of_office_bodies_are_automatic(language: str, body: str) -> None:
    text = extract_new_text(body)
    assert is_out_of_office_text(text), text
    assert auto_reply_reason(no_headers, SUBJECT, text) is not None


@pytest.mark.parametrize(("language", "body"), PEOPLE, ids=_ids(PEOPLE))
def test_a_managers_look_alike_is_never_automatic(language: str, body: str) -> None:
    text = extract_new_text(body)
    assert out_of_office_reason(text) is None, text
    assert auto_reply_reason(no_headers, SUBJECT, text) is None


def test_every_request_and_reflection_of_the_intent_corpus_is_a_persons() -> None:
    automatic = [text for _, text, _ in CORPUS + HELD_OUT + UNSEEN if is_out_of_office_text(text)]
    assert automatic == []


def test_the_tables_cover_seven_languages_both_ways() -> None:
    auto, people = Counter(lang for lang, _ in AUTO_REPLIES), Counter(lang for lang, _ in PEOPLE)
    assert set(auto) == set(people) == LANGUAGES
    assert min(auto.values()) >= 3 and min(people.values()) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "I'm off next week, pause please",
        "I'm on holiday until 3 April",
        "Ich bin im Urlaub bis 3. April",
        "Je suis en vacances jusqu'au 3 avril",
        "Ik ben op vakantie tot 3 april",
        "Sono in ferie fino al 3 aprile",
        "I'm out of the office next week with limited access to email, so please pause these until the 20th.",
    ],
)
def test_an_absence_a_manager_writes_goes_on_to_the_request_reader(text: str) -> None:
    assert not is_out_of_office_text(text)
    intent = read_intent(text, TODAY, load_curriculum().lessons)
    assert intent is not None and intent.command == "pause"


@pytest.mark.parametrize(
    "html",
    [
        # Exchange's HTML-only answer (no text part): paragraphs and a signature table
        "<html><body><p>Thank you for your email.</p><p>I am currently out of the office until 14 January "
        "with limited access to email.</p><p>For urgent matters please contact Jan Berg.</p>"
        "<table><tr><td>Anna Schmidt<br>Head of Sales EMEA</td></tr></table></body></html>",
        '<div dir="ltr">Ich bin bis 14.01. im Urlaub. Ihre Nachricht wird nicht weitergeleitet.</div>',
    ],
)
def test_an_html_only_out_of_office_is_automatic(html: str) -> None:
    assert is_out_of_office_text(extract_new_text(None, html))


@pytest.mark.parametrize(
    "text",
    [
        "Automatic reply",
        "Abwesenheitsnotiz:\nIch bin nicht im Büro.",
        "Réponse automatique",
        "Este es un mensaje automático.",
        "Dit is een automatisch gegenereerd bericht.",
        "Questa è una risposta automatica.",
        "Esta é uma mensagem automática.",
    ],
)
def test_saying_it_is_an_automatic_reply_is_enough(text: str) -> None:
    assert out_of_office_reason(text) == "out-of-office text: it says it is an automatic reply"


@pytest.mark.parametrize(
    "text",
    [
        "My rep set up an automatic reply for the shared inbox.",
        "The automatic reply idea from last week worked: customers got an answer within the hour.",
        "We talked about how an automatische Antwort feels cold to customers.",
    ],
)
def test_a_story_that_mentions_an_automatic_reply_is_a_persons(text: str) -> None:
    assert out_of_office_reason(text) is None


def test_a_long_reply_is_a_persons_whatever_it_says() -> None:
    body = "I am out of the office with limited access to email. " + "We closed the deal. " * MAX_WORDS
    assert out_of_office_reason(body) is None


def test_the_reason_names_the_signs_never_the_words() -> None:
    text = (
        "I am out of the office until 14 January with limited access to email. For urgent matters please "
        "contact Jan Berg (jan.berg@example.com)."
    )
    reason = out_of_office_reason(text)
    assert reason == (
        "out-of-office text: an absence, with no or limited access to email, urgent matters to someone else"
    )
    assert "Jan" not in reason and "14" not in reason


@pytest.mark.parametrize(
    ("headers", "subject", "reason"),
    [
        ({"auto-submitted": "auto-replied"}, SUBJECT, "Auto-Submitted: auto-replied"),
        ({"x-autoreply": "yes"}, SUBJECT, "X-Autoreply header"),
        ({"precedence": "bulk"}, SUBJECT, "Precedence: bulk"),
        ({}, "Automatic reply: What did you share this week?", "out-of-office subject"),
        ({}, SUBJECT, None),
    ],
)
def test_a_marked_reply_says_which_mark(headers: dict[str, str], subject: str, reason: str | None) -> None:
    assert marked_reason(headers.get, subject) == reason
    assert is_auto_reply(headers.get, subject) is (reason is not None)
    # A mark wins over the text, and a reply with neither is a person's.
    assert auto_reply_reason(headers.get, subject, "We closed the deal.") == reason


@pytest.mark.parametrize(
    "unit",
    [
        "ich bin ",
        "i am away ",
        "je suis ",
        "estoy de ",
        "ik ben ",
        "sono in ",
        "estou de ",
        "no access to ",
        "a: ",
    ],
)
def test_a_text_built_to_make_the_tables_backtrack_is_read_at_once(unit: str) -> None:
    text = " ".join((unit * MAX_WORDS).split()[:MAX_WORDS])[:MAX_CHARACTERS]  # as long as is ever read
    started = time.perf_counter()
    out_of_office_reason(text)
    out_of_office_reason(text.replace(" ", "\n"))
    assert time.perf_counter() - started < 1.0
