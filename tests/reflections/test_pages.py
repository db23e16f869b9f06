"""My reflections by the manager's signed link: replies newest first with their prompts, search, downloads."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.db import Database
from service.emails import render_message
from service.emails.followup import ASK_AHEAD
from service.models import Commitment, Manager, Message, Reply, utcnow
from tests.leads.conftest import add_message, add_reply
from tests.reflections.conftest import NEWER, OLDER, Mine, page_token


def test_replies_newest_first_with_the_prompt_they_answered_and_the_lesson(
    app: Flask, client: FlaskClient, mine: Mine
) -> None:
    response = client.get(f"/reflections/{page_token(app, mine.manager_id)}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert html.index("NEWER reply") < html.index("OLDER reply")
    assert "A time someone gave you the credit" in html  # p3's subject, answered by the newer reply
    assert "What did someone once do to share credit generously with you?" in html  # its question
    assert "The names missing from your last win" in html  # p1's subject, answered by the older one
    assert "Lesson 9: Have the confidence to share the credit generously" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "I&#39;ll thank Dana in the team call" in html and "by Friday" in html
    assert "Not yet, new date Wednesday 2 January 2030" in html
    assert "Private: your lead can&#39;t read it" in html
    assert "Ann Alpha" not in html  # another manager's reply never shows


def test_a_postponed_commitment_no_longer_quotes_the_words_of_its_first_date(
    app: Flask, client: FlaskClient, db: Database, mine: Mine
) -> None:
    with db.transaction() as session:
        commitment = session.get_one(Commitment, mine.commitment_id)
        commitment.due_on, commitment.postponed = date(2030, 1, 2), 1
    token = page_token(app, mine.manager_id)
    html = client.get(f"/reflections/{token}").get_data(as_text=True)
    assert "Due Wednesday 2 January 2030 ·" in html and "by Friday" not in html
    markdown = client.get(f"/reflections/{token}/download.md").get_data(as_text=True)
    assert "due 2030-01-02," in markdown and "by Friday" not in markdown


def test_without_a_program_a_reply_is_private_to_its_writer_in_the_same_words_everywhere(
    app: Flask, client: FlaskClient, db: Database, mine: Mine
) -> None:
    with db.transaction() as session:
        session.get_one(Manager, mine.manager_id).program_id = None
    token = page_token(app, mine.manager_id)
    html = client.get(f"/reflections/{token}").get_data(as_text=True)
    markdown = client.get(f"/reflections/{token}/download.md").get_data(as_text=True)
    assert "Private: only you can read it" in html and "your lead" not in html.split("My commitments")[0]
    assert "*Private: only you can read it*" in markdown and "personal" not in markdown


def test_search_finds_words_in_reply_prompt_or_lesson_case_insensitively(
    app: Flask, client: FlaskClient, mine: Mine
) -> None:
    url = f"/reflections/{page_token(app, mine.manager_id)}"
    html = client.get(url, query_string={"q": "  vp   NEVER "}).get_data(as_text=True)
    assert "OLDER reply" in html and "NEWER reply" not in html
    assert "1 of 3 replies match" in html and 'value="vp NEVER"' in html
    html = client.get(url, query_string={"q": "names missing"}).get_data(as_text=True)  # the prompt's subject
    assert "OLDER reply" in html and "NEWER reply" not in html
    html = client.get(url, query_string={"q": "thank dana"}).get_data(as_text=True)
    assert "I&#39;ll thank Dana" in html and "0 of 3 replies match" in html
    html = client.get(url, query_string={"q": "zebra"}).get_data(as_text=True)
    assert "No reply matches." in html and "No commitment matches." in html


def test_downloads_hold_every_reply_in_markdown_and_json(app: Flask, client: FlaskClient, mine: Mine) -> None:
    token = page_token(app, mine.manager_id)
    markdown = client.get(f"/reflections/{token}/download.md")
    assert markdown.status_code == 200
    assert markdown.headers["Content-Type"].startswith("text/markdown")
    assert markdown.headers["Content-Disposition"].startswith('attachment; filename="my-reflections-')
    text = markdown.get_data(as_text=True)
    inert_older = OLDER.replace("<", "\\<").replace(">", "\\>")  # a Markdown viewer shows it, runs nothing
    assert f"> {NEWER}" in text and f"> {inert_older}" in text and text.index("NEWER") < text.index("OLDER")
    assert "**Prompt:** Most managers" not in text and "What did someone once do" in text
    assert "- I'll thank Dana in the team call" in text
    assert "*Private: your lead can't read it*" in text  # the page's words, not "private"
    document = json.loads(client.get(f"/reflections/{token}/download.json").get_data(as_text=True))
    texts = [reply["text"] for reply in document["replies"]]
    assert texts == [NEWER, "Reflection from Bob Beta about sharing credit", OLDER]
    assert document["replies"][0]["prompt"]["subject"] == "A time someone gave you the credit"
    assert document["replies"][0]["visibility"] == "private"
    assert document["commitments"][0]["outcomes"][0] == {
        "outcome": "not_yet",
        "new_due_on": "2030-01-02",
        "at": document["commitments"][0]["outcomes"][0]["at"],
    }
    assert document["manager"]["email"] == "bob@example.com"


def test_every_email_to_a_manager_links_my_reflections_and_the_privacy_page(
    app: Flask, client: FlaskClient, db: Database, mine: Mine
) -> None:
    with app.app_context(), db.session() as session:
        prompt = session.query(Message).filter_by(manager_id=mine.manager_id).first()
        assert prompt is not None
        email = render_message(prompt, session)
    link = next(word for word in email.text.split() if "/reflections/" in word)
    assert "My reflections" in email.html and link in email.html
    assert "coach@coach.localhost" in email.text and "http://coach.test/privacy" in email.text
    response = client.get(link.removeprefix("http://coach.test"))
    assert response.status_code == 200 and "NEWER reply" in response.get_data(as_text=True)
    assert client.get("/privacy").status_code == 200


def test_the_preference_centre_leads_to_my_reflections(
    app: Flask, client: FlaskClient, db: Database, mine: Mine
) -> None:
    with db.session() as session:
        manager = session.get(Manager, mine.manager_id)
        assert manager is not None and manager.subscription is not None
        subscription_id = manager.subscription.id
    html = client.get(f"/preferences/{page_token(app, subscription_id, 'preferences')}").get_data(
        as_text=True
    )
    link = html.split('href="/reflections/')[1].split('"')[0]
    assert client.get(f"/reflections/{link}").status_code == 200


@pytest.mark.parametrize(
    ("stored", "shown", "not_shown"),
    [
        (
            {"quote": "I will thank Marco on Friday.", "commitment": {"due_on": "2030-01-04", "ahead": True}},
            ASK_AHEAD,
            "What will you write about them?",
        ),
        ({"quote": "Marco rebuilt the demo."}, "What will you write about them?", ASK_AHEAD),
    ],
)
def test_an_answer_to_a_follow_up_shows_the_question_that_email_asked(
    app: Flask,
    client: FlaskClient,
    db: Database,
    mine: Mine,
    stored: dict[str, object],
    shown: str,
    not_shown: str,
) -> None:
    now = utcnow()
    with db.transaction() as session:
        manager = session.get_one(Manager, mine.manager_id)
        followup = add_message(
            session, manager, "followup", now, content_id="share-credit.f1", replied_at=now
        )
        followup.context = stored
        add_reply(session, followup, "FOLLOW-UP answer: my manager might block the post.", now)
    token = page_token(app, mine.manager_id)
    html = client.get(f"/reflections/{token}").get_data(as_text=True)
    exported = json.loads(client.get(f"/reflections/{token}/download.json").get_data(as_text=True))
    assert shown in html and not_shown not in html
    [entry] = [r for r in exported["replies"] if r["text"].startswith("FOLLOW-UP answer")]
    assert entry["prompt"]["question"] == shown


def test_every_labelled_button_says_its_visible_words_first(
    app: Flask, client: FlaskClient, mine: Mine
) -> None:
    """WCAG 2.5.3 (label in name): "click Delete" by voice must find the Delete button."""
    html = client.get(f"/reflections/{page_token(app, mine.manager_id)}").get_data(as_text=True)
    labelled = r'<(?:button|summary)[^>]*aria-label="([^"]+)"[^>]*>([^<]+)</(?:button|summary)>'
    buttons = re.findall(labelled, html)
    assert len(buttons) >= 6 and all(label.startswith(text.strip()) for label, text in buttons), buttons


HOSTILE = [
    ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
    ("<img src=x onerror=alert(2)>", "\\<img src=x onerror=alert(2)\\>"),
    ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
    ("a \\<b> c", "a \\\\\\<b\\> c"),  # a backslash of the writer's own cannot undo the escape
]


@pytest.mark.parametrize(("written", "shown"), HOSTILE)
def test_the_markdown_download_shows_html_and_links_as_text(
    app: Flask, client: FlaskClient, db: Database, mine: Mine, written: str, shown: str
) -> None:
    with db.transaction() as session:
        session.get_one(Reply, mine.newer_id).text = f"Before {written} after"
        session.get_one(Manager, mine.manager_id).name = f"Zoë {written}"
    text = client.get(f"/reflections/{page_token(app, mine.manager_id)}/download.md").get_data(as_text=True)
    assert f"> Before {shown} after" in text and f"Zoë {shown}, downloaded" in text
    assert written not in text


@pytest.mark.parametrize("timezone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])  # UTC+14, UTC-11
def test_the_download_is_named_after_the_managers_own_day(
    app: Flask, client: FlaskClient, db: Database, mine: Mine, timezone: str
) -> None:
    """At any hour one of the two lives on another day than UTC: the file says the day its content says."""
    with db.transaction() as session:
        session.get_one(Manager, mine.manager_id).timezone = timezone
    response = client.get(f"/reflections/{page_token(app, mine.manager_id)}/download.md")
    day = re.search(
        r'filename="my-reflections-(\d{4}-\d{2}-\d{2})\.md"', response.headers["Content-Disposition"]
    )
    assert day is not None
    assert f"downloaded {day[1]} " in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("unconfirmed", "a command waiting for you to confirm it by the link we emailed"),
        ("ask", "a request we asked you to confirm"),
        ("decline", "your “no” to our question"),
        ("pause", "a command (pause)"),
    ],
)
def test_what_became_of_a_reply_is_said_in_words(
    app: Flask, client: FlaskClient, db: Database, mine: Mine, command: str, said: str
) -> None:
    with db.transaction() as session:
        session.get_one(Reply, mine.older_id).command = command
    html = client.get(f"/reflections/{page_token(app, mine.manager_id)}").get_data(as_text=True)
    assert said in html
    assert command == "pause" or f"a command ({command})" not in html
