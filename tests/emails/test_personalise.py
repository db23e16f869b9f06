"""The render cache gives byte for byte what a full render gives, for every lesson item and awkward values."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.curriculum import load_curriculum
from service.emails import render_email
from service.emails.context import base_context, item_context
from service.emails.personalise import PLACEHOLDERS, RenderCache, _LineBound
from service.enums import EmailKind

SITE = "https://coach.example.com"
PREFS = f"{SITE}/preferences/eyJzIjoxfQ.aGVsbG8.c2lnbmF0dXJl-_x"
UNSUB = f"{SITE}/unsubscribe/eyJzIjoxfQ.aGVsbG8.b3RoZXI-_y"
MINE = f"{SITE}/reflections/eyJtIjoxfQ.aGVsbG8.bWluZQ-_z"
MOVE = f"{SITE}/moves/NDcxMQ.aGVsbG8.bW92ZQ-_m"
NAMES = [
    "Anna Schmidt",
    "",
    "   ",
    "Zoë",
    "名前 太郎",
    "Jean-Luc Picard",
    "O'Brien",
    "A&B Sales",
    '<b>Bold</b> "quoted"',
    "Anna\u00a0Maria",
    "Tab\tName",
    "x" * 300,
    "QzPersonal1Placeholderq",
]


def contexts(lesson_items: bool = True) -> Iterator[tuple[str, dict[str, Any]]]:
    """A context per cached kind and lesson item, prompts once per sharing mode and re-ask flag."""
    curriculum = load_curriculum()
    for lesson in curriculum.lessons:
        items = [*lesson.nudges, *lesson.prompts, lesson.review] if lesson_items else [lesson.nudges[0]]
        for item in items:
            shared = item_context(lesson, item)
            if item.kind == EmailKind.PROMPT:
                for reask in (False, True):
                    for sharing in ("personal", "shared", "private"):
                        yield item.kind, {**shared, "reask": reask, "sharing": sharing}
            elif item.kind == EmailKind.REVIEW:
                # The recap is the manager's own record: a dict, so the cache never keeps a review.
                recap = {"quotes": [], "commitments": [], "replied": False}
                yield (
                    item.kind,
                    {**shared, "next_lesson": curriculum.next_lesson(lesson.slug), "recap": recap},
                )
            else:
                yield item.kind, shared


def full(name: str, prefs: str | None, unsub: str | None, mine: str | None = MINE) -> dict[str, Any]:
    return base_context(
        site_url=SITE,
        brand_name="Coach",
        recipient_name=name,
        preferences_url=prefs,
        unsubscribe_url=unsub,
        reflections_url=mine,
        sender_email="coach@coach.example.com",
    )


def move(kind: str, url: str | None, day: str | None) -> dict[str, Any]:
    """A nudge's per-message "take it on" link and the day it proposes (other kinds have none)."""
    return {"move_url": url, "move_due": day} if kind == EmailKind.NUDGE else {}


def test_every_lesson_item_renders_the_same_from_the_cache() -> None:
    cache = RenderCache()
    recipients = [
        ("Anna Schmidt", f"{MOVE}a", "Friday 11 December"),
        ("Bo", f"{MOVE}b", "Tuesday 8 December"),
    ]
    for kind, shared in contexts():
        for name, url, day in recipients:  # the second recipient of each item comes from the cache
            context = {**full(name, PREFS, UNSUB), **shared, **move(kind, url, day)}
            rendered = cache.render(kind, context)
            assert rendered == render_email(kind, context), (kind, shared["item"].id)
            if kind == EmailKind.NUDGE:
                assert f"{url}\n" in rendered.text and f'href="{url}"' in rendered.html
                assert f"check back with me after {day}" in rendered.text
    assert cache.hits >= cache.misses > 0


def test_nudges_stay_cached_though_each_carries_its_own_move_link() -> None:
    lesson = load_curriculum().lessons[0]
    shared = item_context(lesson, lesson.nudges[0])
    cache = RenderCache()
    first = cache.render(
        EmailKind.NUDGE, {**full("Anna", PREFS, UNSUB), **shared, **move("nudge", MOVE, "Friday 11 December")}
    )
    second_context = {**full("Bo", PREFS, UNSUB), **shared, **move("nudge", f"{MOVE}2", "Monday 14 December")}
    second = cache.render(EmailKind.NUDGE, second_context)
    assert (cache.misses, cache.hits) == (1, 1)
    assert second == render_email(EmailKind.NUDGE, second_context)
    assert "Friday 11 December" in first.text and "Friday 11 December" not in second.text
    assert f"{MOVE}2" in second.html and f'href="{MOVE}"' not in second.html


@pytest.mark.parametrize(
    ("url", "day"),
    [
        (MOVE, "Friday 11 December"),
        (None, None),
        ("", ""),
        (MOVE, ""),
        (f"{SITE}/moves/t?a=1&b=2", "Friday 11 December"),
        (MOVE, "Fri & Sat"),
        (MOVE, "Friday\u00a011 December"),
        (MOVE + "x" * 1200, "Friday 11 December"),
        (MOVE, "QzPersonal5Placeholderq"),
    ],
    ids=[
        "plain",
        "no-link",
        "empty",
        "no-day",
        "ampersand-link",
        "ampersand-day",
        "nbsp-day",
        "long-link",
        "placeholder-day",
    ],
)
def test_awkward_move_links_render_the_same(url: str | None, day: str | None) -> None:
    cache = RenderCache()
    lesson = load_curriculum().lessons[0]
    shared = item_context(lesson, lesson.nudges[0])
    cache.render(
        EmailKind.NUDGE,
        {**full("Warm Cache", PREFS, UNSUB), **shared, **move("nudge", MOVE, "Monday 1 June")},
    )
    context = {**full("Anna", PREFS, UNSUB), **shared, **move("nudge", url, day)}
    rendered = cache.render(EmailKind.NUDGE, context)
    assert rendered == render_email(EmailKind.NUDGE, context)
    assert not any(p in rendered.html + rendered.text for p in PLACEHOLDERS.values() if p != day)
    assert ("Take it on" in rendered.text) is bool(url)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    ("prefs", "unsub", "mine"),
    [
        (PREFS, UNSUB, MINE),
        (None, None, None),
        (PREFS, None, MINE),
        ("https://c.example/p?a=1&b=2", UNSUB, MINE),
        (PREFS + "x" * 1200, UNSUB, MINE),
    ],
    ids=["all-links", "no-links", "no-unsubscribe", "ampersand-link", "link-over-998-octets"],
)
def test_awkward_names_and_links_render_the_same(
    name: str, prefs: str | None, unsub: str | None, mine: str | None
) -> None:
    cache = RenderCache()
    for kind, shared in contexts(lesson_items=False):
        warm = {**full("Warm Cache", prefs, unsub, mine), **shared}
        cache.render(kind, warm)
        context = {**full(name, prefs, unsub, mine), **shared}
        rendered = cache.render(kind, context)
        assert rendered == render_email(kind, context)
        assert not any(p in rendered.html + rendered.text for p in PLACEHOLDERS.values() if p != name)


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        (EmailKind.FOLLOWUP, {"quote": "We tried it."}),
        (EmailKind.NUDGE, {"unhashable": ["a list"]}),
    ],
    ids=["followup-not-cached", "unhashable-context"],
)
def test_contexts_the_cache_cannot_key_are_rendered_in_full(kind: str, extra: dict[str, Any]) -> None:
    lesson = load_curriculum().lessons[0]
    item = lesson.generic_followup if kind == EmailKind.FOLLOWUP else lesson.nudges[0]
    context = {**full("Anna", PREFS, UNSUB), **item_context(lesson, item), **extra}
    cache = RenderCache()
    for _ in range(2):
        if kind == EmailKind.FOLLOWUP:
            assert cache.render(kind, context) == render_email(kind, context)
        else:
            cache.render(kind, context)
    assert (cache.hits, cache.misses) == (0, 0)


def test_a_full_cache_starts_over_rather_than_growing() -> None:
    cache = RenderCache(max_entries=2)
    for kind, shared in list(contexts(lesson_items=False))[:5]:
        context = {**full("Anna", PREFS, UNSUB), **shared}
        assert cache.render(kind, context) == render_email(kind, context)
    assert len(cache._entries) <= 2


@given(
    literals=st.lists(st.text(alphabet="ab é€\n", max_size=60), min_size=1, max_size=6),
    values=st.lists(st.text(alphabet="xyé", max_size=40), min_size=5, max_size=5),
)
def test_the_line_bound_is_never_below_the_filled_lines(literals: list[str], values: list[str]) -> None:
    """What lets the cache skip folding: no filled-in line is longer than the bound promises."""
    names = [f"v{i}" for i in range(len(literals) - 1)]
    parts = tuple(item for pair in zip(literals, [*names, ""], strict=True) for item in pair)[:-1]
    filled = {name: values[i % len(values)] for i, name in enumerate(names)}
    text = "".join(part if index % 2 == 0 else filled[part] for index, part in enumerate(parts))
    bound = _LineBound.of(parts)
    widest = max((len(value.encode()) for value in filled.values()), default=0)
    assert max(len(line.encode()) for line in text.split("\n")) <= bound.longest + bound.most * widest
