"""The pure helpers behind the copy: schedules in words, prompts and follow-ups split, KPIs formatted."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from service.curriculum import QUOTE_PLACEHOLDER, Curriculum, load_curriculum
from service.emails import render_email
from service.emails.digest import DASH, digest_context, kpi_row, period_label
from service.emails.environment import paragraphs, wrap
from service.emails.formatting import (
    clip,
    first_name,
    local_when,
    split_followup,
    split_prompt,
    weekdays_label,
)
from service.emails.sample import sample_context, sample_digest_data


@pytest.mark.parametrize(
    ("weekdays", "label"),
    [
        ("mon,tue,wed,thu,fri", "Monday to Friday"),
        ("fri,thu,wed,tue,mon", "Monday to Friday"),
        ("mon,tue,wed,thu,fri,sat,sun", "every day"),
        ("mon,wed,fri", "Monday, Wednesday and Friday"),
        ("tue,thu", "Tuesday and Thursday"),
        ("sat", "Saturday"),
        ("mon,tue", "Monday and Tuesday"),
        ("MON, tue,bogus", "Monday and Tuesday"),
        ("", "no days"),
    ],
)
def test_weekdays_in_words(weekdays: str, label: str) -> None:
    assert weekdays_label(weekdays) == label


@pytest.mark.parametrize(
    ("instant", "zone", "words"),
    [
        (datetime(2025, 3, 4, 7, 30, tzinfo=UTC), "Europe/Berlin", "Tuesday 4 March at 08:30"),
        (datetime(2025, 3, 4, 23, 45, tzinfo=UTC), "Asia/Kolkata", "Wednesday 5 March at 05:15"),
        (datetime(2025, 3, 4, 7, 30, tzinfo=UTC), "Not/AZone", "Tuesday 4 March at 07:30"),
    ],
)
def test_local_when(instant: datetime, zone: str, words: str) -> None:
    assert local_when(instant, zone) == words


def test_every_real_prompt_splits_into_context_and_one_question(curriculum: Curriculum) -> None:
    for lesson in curriculum.lessons:
        for prompt in lesson.prompts:
            context, question = split_prompt(prompt.text)
            assert question.endswith("?"), prompt.id
            assert context and not context.endswith("?"), prompt.id
            assert f"{context} {question}".split() == prompt.text.split(), prompt.id


def test_a_prompt_without_a_question_stays_whole() -> None:
    assert split_prompt("Think about it. Then write.") == ("Think about it. Then write.", "")
    assert split_prompt("What went well?") == ("", "What went well?")


def test_every_real_followup_splits_around_the_quote(curriculum: Curriculum) -> None:
    for lesson in curriculum.lessons:
        for followup in lesson.followups:
            lead_in, rest = split_followup(followup.text)
            assert lead_in and rest, followup.id
            assert QUOTE_PLACEHOLDER not in lead_in + rest
            assert not lead_in.endswith(('"', "“")) and not rest.startswith(('"', "”", ".")), followup.id


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ('Last time you wrote: "{quote}". How did it go?', ("Last time you wrote:", "How did it go?")),
        ("You said “{quote}”, and then?", ("You said", "and then?")),
        ("No placeholder here.", ("", "No placeholder here.")),
    ],
)
def test_split_followup(text: str, parts: tuple[str, str]) -> None:
    assert split_followup(text) == parts


@pytest.mark.parametrize(
    ("name", "first"), [("Dana Whitfield", "Dana"), ("  ", ""), ("", ""), ("Zoë", "Zoë"), ("A\nB", "A")]
)
def test_first_name(name: str, first: str) -> None:
    assert first_name(name) == first


def test_clip_cuts_at_a_word_boundary() -> None:
    assert clip("short", 10) == "short"
    assert clip("one two three four", 12) == "one two…"
    assert len(clip("word " * 100, 280)) <= 280


def test_wrap_keeps_urls_whole_and_prefixes_quotes() -> None:
    url = "https://coach.example.com/preferences/" + "x" * 100
    assert url in wrap(f"Open {url} now").split("\n")
    quoted = wrap("word " * 40, prefix="> ")
    assert all(line.startswith("> ") and len(line) <= 72 for line in quoted.split("\n"))
    listed = wrap("- " + "item " * 30, hang="  ")
    assert all(line.startswith("  ") for line in listed.split("\n")[1:])


def test_paragraphs_split_on_blank_lines_only() -> None:
    assert paragraphs("a\nb\n\n  \nc\r\n\r\nd") == ["a\nb", "c", "d"]
    assert paragraphs("   ") == []


KPIS: list[tuple[dict[str, Any], tuple[str, str, str, str]]] = [
    ({"value": 41, "previous": 38}, ("41", "38", "+3", "better")),
    ({"value": 1200, "previous": 1500}, ("1,200", "1,500", "-300", "worse")),
    ({"value": 0.46, "previous": 0.39, "unit": "percent"}, ("46%", "39%", "+7 pts", "better")),
    ({"value": 0.391, "previous": 0.389, "unit": "percent"}, ("39%", "39%", "no change", "same")),
    # shown as the same 71%: no "+1 pts" from the unrounded 0.8 points between them
    ({"value": 0.714, "previous": 0.706, "unit": "percent"}, ("71%", "71%", "no change", "same")),
    ({"value": 0.712, "previous": 0.694, "unit": "percent"}, ("71%", "69%", "+2 pts", "better")),
    ({"value": 5.24, "previous": 5.16, "unit": "hours"}, ("5.2 h", "5.2 h", "no change", "same")),
    ({"value": 12.4, "previous": 11.6}, ("12", "12", "no change", "same")),
    (
        {"value": 5.2, "previous": 6.8, "unit": "hours", "higher_is_better": False},
        ("5.2 h", "6.8 h", "-1.6 h", "better"),
    ),
    ({"value": 3, "previous": 1, "higher_is_better": False}, ("3", "1", "+2", "worse")),
    ({"value": 2.5, "previous": None, "unit": "days"}, ("2.5 days", DASH, "", "new")),
    ({"value": None, "previous": None}, (DASH, DASH, "", "new")),
]


@pytest.mark.parametrize(("raw", "shown"), KPIS)
def test_kpi_rows(raw: dict[str, Any], shown: tuple[str, str, str, str]) -> None:
    row = kpi_row({"label": "KPI", **raw}, 0)
    assert (row.value, row.previous, row.change, row.trend) == shown


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (date(2025, 3, 3), date(2025, 3, 9), f"3{DASH}9 March 2025"),
        (date(2025, 2, 24), date(2025, 3, 2), f"24 February {DASH} 2 March 2025"),
        (date(2025, 12, 29), date(2026, 1, 4), f"29 December 2025 {DASH} 4 January 2026"),
    ],
)
def test_period_label(start: date, end: date, label: str) -> None:
    assert period_label(start, end) == label


def test_a_digest_quotes_attribution_keeps_its_indent_when_it_wraps() -> None:
    """QA: the wrapped half of "Name, on "a long lesson title"" started at column 0 in the text part."""
    context = sample_context("digest", "share-credit")
    data = sample_digest_data(load_curriculum().lesson("prepare-for-conflict"))
    data["excerpts"][0]["name"] = "Maximiliane Alexandra von Hohenzollern-Sigmaringen"
    context.update(digest_context(data, str))
    text = render_email("digest", context).text
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  Maximiliane Alexandra"))
    attribution = lines[start : start + 3]
    assert attribution[1].strip() and all(line.startswith("  ") for line in attribution[:2]), attribution
