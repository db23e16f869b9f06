"""No outgoing line over 998 octets (RFC 5322), for every kind and lesson; folding never changes a page."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.curriculum import load_curriculum
from service.emails import render_email
from service.emails.lines import MAX_LINE_OCTETS, fold_html, fold_text, longest_line
from service.emails.sample import sample_context
from service.enums import EmailKind

KINDS = tuple(kind.value for kind in EmailKind)
SLUGS = load_curriculum().slugs


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_keeps_every_line_within_998_octets(kind: str, slug: str) -> None:
    email = render_email(kind, sample_context(kind, slug))
    assert longest_line(email.html) <= MAX_LINE_OCTETS
    assert longest_line(email.text) <= MAX_LINE_OCTETS


def test_the_digest_that_had_1212_character_lines_is_folded_after_inlining() -> None:
    email = render_email("digest", sample_context("digest"))
    assert 900 < longest_line(email.html) <= MAX_LINE_OCTETS  # it did need folding
    assert 'style="' in email.html  # folded after CSS inlining, not before


def unfold(markup: str) -> str:
    """What a browser sees: runs of whitespace are one space."""
    return re.sub(r"\s+", " ", markup)


@pytest.mark.parametrize(
    ("markup", "kept"),
    [
        ('<a href="https://x.test/' + "p" * 1200 + '">go</a> ' + "word " * 300, "p" * 1200),
        ("<p>" + "a " * 700 + "</p>", None),
        ('<td style="' + "color: red; " * 120 + '">x</td>', None),
        ("<pre>" + "keep  this " * 120 + "</pre><p>" + "b " * 600 + "</p>", "keep  this " * 120),
        ("<p>é<b>é</b></p>" * 300, None),
    ],
    ids=["long-url-kept-whole", "text", "style-value", "pre-untouched", "multibyte"],
)
def test_folding_bounds_lines_and_changes_nothing_a_reader_sees(markup: str, kept: str | None) -> None:
    folded = fold_html(markup, limit=200)
    assert unfold(folded).replace("> <", "><") == unfold(markup).replace("> <", "><")
    if kept is not None:
        assert kept in folded
    # only a run with no safe place to break (a long URL, a <pre> block) may stay longer
    assert all(len(line.encode()) <= 200 or (kept and kept in line) for line in folded.split("\n"))


def test_href_values_are_never_split() -> None:
    markup = "<p>" + "".join(f'<a href="https://x.test/a b/{n}">l</a>' for n in range(60)) + "</p>"
    folded = fold_html(markup, limit=120)
    assert folded.count("https://x.test/a b/") == 60
    assert longest_line(folded) <= 120


@given(
    st.lists(
        st.sampled_from(["<p>", "</p>", "<td style='a: b; c: d'>", "word ", "é", " ", "<br>"]), max_size=400
    )
)
def test_any_markup_folds_to_the_same_page(parts: list[str]) -> None:
    markup = "".join(parts)
    folded = fold_html(markup, limit=80)
    assert unfold(folded).replace("> <", "><").replace("\n", "") == unfold(markup).replace("> <", "><")
    assert fold_html(folded, limit=80) == folded  # idempotent


def test_short_html_and_text_come_back_unchanged() -> None:
    assert fold_html("<p>hi</p>\n<p>there</p>") == "<p>hi</p>\n<p>there</p>"
    assert fold_text("hello\nworld\n") == "hello\nworld\n"


def test_an_overlong_plain_text_line_is_rewrapped() -> None:
    folded = fold_text("> " + "quoted words " * 120 + "\nnext\n")
    assert longest_line(folded) <= 72 and folded.endswith("next\n")


@pytest.mark.parametrize("word", ["a", "é", "€", "🙂"])
@pytest.mark.parametrize("octets", [MAX_LINE_OCTETS, MAX_LINE_OCTETS + 1])
def test_the_limit_counts_utf8_octets_not_characters(word: str, octets: int) -> None:
    """The quick check (ASCII by length, anything else encoded once) agrees with counting octets:
    a line of exactly 998 octets stays, one of 999 is folded, whatever its characters weigh."""
    unit = word * 9 + " "
    line = unit * ((octets - 40) // len(unit.encode()))
    line += "a" * (octets - len(line.encode()))
    assert len(line.encode()) == octets
    html, text = f"<p>short</p>\n{line}", f"short\n{line}"
    assert (fold_html(html) != html) is (octets > MAX_LINE_OCTETS)
    assert (fold_text(text) != text) is (octets > MAX_LINE_OCTETS)
    assert longest_line(fold_html(html)) <= MAX_LINE_OCTETS
    assert longest_line(fold_text(text)) <= MAX_LINE_OCTETS
