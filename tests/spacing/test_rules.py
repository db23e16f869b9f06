"""The spacing numbers: expanding base gaps, intensity, replies, re-asks and halving."""

from __future__ import annotations

import pytest

from service.spacing import rules


def gap(step: int, intensity: str = "standard", **flags: bool) -> int:
    options = {"substantive_reply": False, "reask": False, "halved": False} | flags
    return rules.gap_days(step, intensity, **options)


def test_base_gaps_expand_then_level_off() -> None:
    gaps = [gap(step) for step in range(1, 12)]
    assert gaps == [2, 2, 3, 3, 4, 4, 5, 5, 5, 5, 5]
    assert gaps == sorted(gaps)


def test_first_item_of_a_lesson_has_no_gap() -> None:
    assert gap(0) == 0
    assert gap(0, halved=True, substantive_reply=True) == 0


@pytest.mark.parametrize(("intensity", "expected"), [("light", 3), ("standard", 2), ("intense", 1)])
def test_intensity_scales_the_gap(intensity: str, expected: int) -> None:
    assert gap(1, intensity) == expected


def test_intensity_levels_order_the_whole_lesson() -> None:
    for step in range(1, 10):
        assert gap(step, "intense") <= gap(step, "standard") <= gap(step, "light")
        assert gap(step, "intense") < gap(step, "light")


@pytest.mark.parametrize("step", range(1, 9))
def test_substantive_reply_lengthens_the_next_gap(step: int) -> None:
    assert gap(step, substantive_reply=True) > gap(step)


@pytest.mark.parametrize("step", range(3, 9))
def test_reask_comes_sooner_than_a_normal_item(step: int) -> None:
    assert gap(step, reask=True) < gap(step)


def test_reask_never_drops_below_one_day() -> None:
    assert gap(1, "intense", reask=True) == rules.MIN_GAP_DAYS == 1


@pytest.mark.parametrize("intensity", list(rules.INTENSITY_FACTORS))
@pytest.mark.parametrize("step", range(1, 9))
@pytest.mark.parametrize("reask", [False, True])
def test_halved_frequency_doubles_every_gap_exactly(intensity: str, step: int, reask: bool) -> None:
    assert gap(step, intensity, reask=reask, halved=True) == 2 * gap(step, intensity, reask=reask)


@pytest.mark.parametrize(("words", "expected"), [(0, False), (19, False), (20, True), (400, True)])
def test_substantive_reply_threshold(words: int, expected: bool) -> None:
    assert rules.is_substantive(words) is expected


def test_thresholds_are_ordered() -> None:
    assert 0 < rules.HALVE_AFTER_UNANSWERED < rules.CHECKIN_AFTER_UNANSWERED
    assert rules.REASK_GAP_FACTOR < 1 < rules.REPLY_GAP_FACTOR


@pytest.mark.parametrize(("words", "expected"), [(0, False), (7, False), (8, True), (19, True), (400, True)])
def test_quotable_reply_threshold(words: int, expected: bool) -> None:
    assert rules.is_quotable(words) is expected


def test_every_substantive_reply_is_quotable() -> None:
    assert rules.QUOTABLE_REPLY_WORDS <= rules.SUBSTANTIVE_REPLY_WORDS
