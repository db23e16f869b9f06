"""Automatic replies are recognised in seven languages (commands: tests/replies/test_intent.py)."""

from __future__ import annotations

import pytest

from service.replies.autoreply import is_auto_reply, is_out_of_office_subject


def headers(**values: str):  # type: ignore[no-untyped-def]
    lowered = {name.replace("_", "-").lower(): value for name, value in values.items()}
    return lambda name: lowered.get(name.lower())


@pytest.mark.parametrize(
    ("values", "auto"),
    [
        ({"Auto_Submitted": "auto-replied"}, True),
        ({"Auto_Submitted": "auto-generated; owner-email=x@y"}, True),
        ({"Auto_Submitted": "No"}, False),
        ({"X_Autoreply": "yes"}, True),
        ({"X_Autorespond": "Out of office"}, True),
        ({"Precedence": "auto_reply"}, True),
        ({"Precedence": "bulk"}, True),
        ({"Precedence": "JUNK"}, True),
        ({"Precedence": "list"}, False),
        ({}, False),
    ],
)
def test_auto_reply_headers(values: dict[str, str], auto: bool) -> None:
    assert is_auto_reply(headers(**values), "Re: What did you share this week?") is auto


@pytest.mark.parametrize(
    "subject",
    [
        "Automatic reply: What did you share this week?",
        "Out of Office: Re: What did you share this week?",
        "OOO until Monday",
        "Abwesenheitsnotiz: Was haben Sie geteilt?",
        "Automatische Antwort: Re: Frage",
        "Réponse automatique : Qu'avez-vous partagé ?",
        "Absent du bureau",
        "Respuesta automática: ¿Qué compartiste?",
        "Fuera de la oficina hasta el lunes",
        "Automatisch antwoord: Wat heb je gedeeld?",
        "Afwezig: tot maandag",
        "Risposta automatica: Cosa hai condiviso?",
        "Fuori ufficio",
        "Resposta automática: O que você compartilhou?",
        "Ausente: Re: pergunta",
        "RE: AW: Urlaub bis 12.1.",
    ],
)
def test_out_of_office_subjects_in_seven_languages(subject: str) -> None:
    assert is_out_of_office_subject(subject)
    assert is_auto_reply(headers(), subject)


@pytest.mark.parametrize(
    "subject",
    ["Re: What did you share this week?", "Re: Away games and home wins", "AW: Feedback zum Forecast-Call"],
)
def test_ordinary_reply_subjects_are_not_out_of_office(subject: str) -> None:
    assert not is_out_of_office_subject(subject)
