"""Every kind of email renders for every lesson: subject, inlined HTML, a clean text part, a footer."""

from __future__ import annotations

import re

import pytest

from service.curriculum import Curriculum, load_curriculum
from service.emails import RenderedEmail, render_email
from service.emails.sample import sample_context
from service.enums import EmailKind
from tests.emails.conftest import TAG, flat, visible

KINDS = tuple(kind.value for kind in EmailKind)

SLUGS = load_curriculum().slugs
MANAGER_KINDS = tuple(kind for kind in KINDS if kind not in ("digest", "invitation", "password_reset"))
REPLY_KINDS = ("prompt", "followup", "review")


def render(kind: str, slug: str) -> RenderedEmail:
    return render_email(kind, sample_context(kind, slug))


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_html_and_text_for_every_lesson(kind: str, slug: str) -> None:
    email = render(kind, slug)
    assert email.subject and "\n" not in email.subject and len(email.subject) <= 200
    assert email.html.startswith("<!DOCTYPE html>")
    assert f"<title>{email.subject}" in email.html or "&" in email.subject
    assert 'class="preheader"' in email.html
    assert TAG.search(email.text) is None, TAG.search(email.text)
    assert "\n-- \n" in email.text  # the footer separator mail clients and our reply parser know
    assert max(len(line) for line in email.text.splitlines() if "://" not in line) <= 80


@pytest.mark.parametrize("kind", KINDS)
def test_css_is_inlined_and_nothing_is_loaded_from_elsewhere(kind: str) -> None:
    html = render(kind, "share-credit").html
    body = html.split("<body", 1)[1]
    styled = re.findall(
        r'<(?:td|h1|p|a|table)\b[^>]*\bclass="(card-cell|heading|footer-cell|button-link)"([^>]*)>', body
    )
    assert {name for name, _ in styled} >= {"card-cell", "heading", "footer-cell"}
    assert all('style="' in rest for _, rest in styled), styled
    assert "<link" not in html and "@import" not in html and "<script" not in html
    assert re.search(r"<style>.*@media only screen and \(max-width: 620px\)", html, re.S)
    assert "<!--[if mso]>" in html
    assert len(html.encode()) < 102_000  # Gmail clips longer messages behind "View entire message"


@pytest.mark.parametrize("kind", MANAGER_KINDS)
def test_manager_footer_says_why_and_links_preferences_and_unsubscribe(kind: str) -> None:
    context = sample_context(kind, "share-credit")
    email = render_email(kind, context)
    for part in (email.html, email.text):
        assert "You're receiving this" in part
        assert context["preferences_url"] in part
        assert context["unsubscribe_url"] in part
    assert email.list_unsubscribe_url == context["unsubscribe_url"]
    assert email.preferences_url == context["preferences_url"]


@pytest.mark.parametrize("kind", ("nudge", "prompt", "followup", "checkin", "review", "welcome"))
def test_coaching_footer_names_the_chosen_focus(kind: str, curriculum: Curriculum) -> None:
    lesson = curriculum.lesson("bring-energy")
    email = render(kind, lesson.slug)
    assert "because you chose" in email.text
    assert lesson.title.split()[0] in email.text.split("-- \n", 1)[1]


def test_confirmation_link_is_a_button_and_spelled_out(curriculum: Curriculum) -> None:
    context = sample_context("confirm", "share-credit")
    email = render_email("confirm", context)
    assert email.html.count(f'href="{context["confirm_url"]}"') == 2
    assert context["confirm_url"] in email.text
    assert "7 days" in email.text


@pytest.mark.parametrize("kind", REPLY_KINDS)
def test_reflection_emails_end_with_a_reply_call_to_action(kind: str) -> None:
    email = render(kind, "prepare-for-conflict")
    assert "Just reply to this email." in email.html
    assert "JUST REPLY TO THIS EMAIL." in email.text


@pytest.mark.parametrize("slug", SLUGS)
def test_prompt_sets_its_question_apart(slug: str, curriculum: Curriculum) -> None:
    prompt = curriculum.lesson(slug).prompts[0]
    email = render("prompt", slug)
    question = re.search(r'<p class="question"[^>]*>(.*?)</p>', email.html, re.S)
    assert question is not None and question.group(1).strip().endswith("?")
    assert "YOUR QUESTION" in email.text
    assert prompt.text.split()[0] in email.text


@pytest.mark.parametrize("slug", SLUGS)
def test_followup_shows_the_managers_words_as_a_blockquote(slug: str) -> None:
    context = sample_context("followup", slug)
    email = render_email("followup", context)
    blockquote = re.search(r"<blockquote class=\"quote\"[^>]*>(.*?)</blockquote>", email.html, re.S)
    assert blockquote is not None and "Marco from solutions engineering" in blockquote.group(1)
    assert "{quote}" not in email.html and "{quote}" not in email.text
    assert "\n> Honestly, Marco" in email.text
    assert '""' not in email.text and "“”" not in email.text


def test_reask_of_a_prompt_says_so() -> None:
    context = sample_context("prompt", "share-credit")
    first = render_email("prompt", context)
    again = render_email("prompt", {**context, "reask": True})
    assert "got buried" not in first.text
    assert "got buried" in again.text and "got buried" in again.html


@pytest.mark.parametrize(
    ("sharing", "expected"),
    [
        ("shared", "You've chosen to share your replies"),
        ("private", "sees that you replied, never what you wrote"),
        ("personal", "Your replies are private"),
    ],
)
def test_prompt_tells_the_manager_who_can_read_the_reply(sharing: str, expected: str) -> None:
    email = render_email("prompt", {**sample_context("prompt", "share-credit"), "sharing": sharing})
    assert expected in flat(email.text) and expected in visible(email.html)


def test_review_recaps_the_managers_words_and_announces_what_comes_next(curriculum: Curriculum) -> None:
    first = render("review", curriculum.lessons[0].slug)
    assert "a choice of next lesson" in first.text
    assert "IN YOUR OWN WORDS" in first.text and "Marco from solutions engineering" in flat(first.text)
    assert "I will name Marco in Friday's win post. (done)" in flat(first.text)
    last = render("review", curriculum.lessons[-1].slug)
    assert "your last lesson still to take" in last.text
    question = curriculum.lessons[0].review.question
    assert flat(question) in flat(first.text) and question in visible(first.html)
    assert flat(first.text).count("?") == 1


def test_checkin_offers_keep_going_slow_down_and_stop() -> None:
    email = render("checkin", "share-credit")
    assert email.subject == "Still want these coaching emails?"
    for words in ("reply with anything", "PAUSE 4 weeks", "STOP", "pause your coaching emails after this"):
        assert words in email.text


def test_digest_links_the_dashboard_and_says_how_to_stop_it() -> None:
    context = sample_context("digest", "share-credit")
    email = render_email("digest", context)
    assert email.list_unsubscribe_url is None and email.preferences_url is None
    for part in (email.html, email.text):
        assert context["dashboard_url"] in part
        assert "To stop these digests" in part
        assert "Tom Becker" in part and "Luis Ortega" in part and "Marie Dubois" in part
    assert "+7 pts" in email.text and "no change" in email.text
    assert re.search(r'<td class="num better"[^>]*>\+7 pts</td>', email.html)
    assert re.search(r'<td class="num worse"[^>]*>\+2</td>', email.html)  # more paused is worse


def test_digest_with_a_stop_link_shows_it() -> None:
    context = {**sample_context("digest", "share-credit"), "stop_digest_url": "https://coach.test/leads/x"}
    email = render_email("digest", context)
    assert 'href="https://coach.test/leads/x"' in email.html
    assert "https://coach.test/leads/x" in email.text


def test_invitation_lists_every_lesson_and_links_the_invite(curriculum: Curriculum) -> None:
    context = sample_context("invitation", "act-for-the-long-term")
    email = render_email("invitation", context)
    assert email.list_unsubscribe_url is None
    assert f'href="{context["invite_url"]}"' in email.html and context["invite_url"] in email.text
    for lesson in curriculum.lessons:
        assert lesson.tagline in visible(email.html)
    assert "Suggested for you".upper() in email.text
    assert "invites you to join EMEA sales leadership 2025" in flat(email.text)


def test_final_notice_has_no_preference_or_unsubscribe_links() -> None:
    context = {
        **sample_context("notice", "share-credit"),
        "subject": "You're unsubscribed",
        "paragraphs": ["Done: no more coaching emails."],
        "final": True,
    }
    email = render_email("notice", context)
    assert email.subject == "You're unsubscribed"
    assert "/preferences/" not in email.html and "/unsubscribe/" not in email.html
    assert "/preferences/" not in email.text and "/unsubscribe/" not in email.text
    assert "one-off email" in flat(email.text) and "unless you subscribe again" in visible(email.html)


def test_help_notice_lists_every_command() -> None:
    email = render("notice", "share-credit")
    for command in ("STOP", "UNSUBSCRIBE", "PAUSE", "RESUME", "SWITCH", "HELP"):
        assert command in email.text and command in email.html


def test_handover_suggests_one_lesson_lists_the_rest_and_counts_its_reminders(curriculum: Curriculum) -> None:
    email = render("handover", "share-credit")
    assert email.subject == "What's next after “Have the confidence to share the credit generously”"
    assert "SUGGESTED FOR YOU" in email.text and "OR CHOOSE ANOTHER" in email.text
    assert "I'll remind you 2 more times" in flat(email.text)
    assert email.text.count("/lessons/sample-token?lesson=") == len(curriculum.lessons) - 1


def test_welcome_says_how_long_a_lesson_runs_and_how_many_emails_a_week() -> None:
    email = render("welcome", "share-credit")
    assert "A lesson runs about 17 weeks: 22 emails, about 2 a week in the first month" in flat(email.text)
