"""The inbox pages: newest-first list, escaped content, strict CSP, and the Reply and Events forms."""

from __future__ import annotations

import base64
import html
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from sandbox.inbox import FRAME_SANDBOX, linkify, with_new_tab_links
from sandbox.testing import messages
from tests.conftest import TEST_INBOUND_AUTH
from tests.sandbox.conftest import Receiver, raw_send, send_body

TEMPLATES = Path(__file__).resolve().parents[2] / "sandbox" / "templates"


class Browser:
    """urllib with cookies, no proxies and no redirects followed silently."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        with self.opener.open(self.base_url + path, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()

    def post(self, path: str, form: list[tuple[str, str]]) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode()
        try:
            with self.opener.open(self.base_url + path, data=data, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the form carries a CSRF token"
    return match.group(1)


def _send(sandbox: str, **overrides: Any) -> dict[str, Any]:
    assert raw_send(sandbox, send_body(**overrides))[0] == 202
    return messages(sandbox)[0]


def test_inbox_lists_newest_first_and_filters_by_recipient(sandbox: str) -> None:
    _send(sandbox, subject="First nudge")
    _send(sandbox, subject="Second nudge", personalizations=[{"to": [{"email": "other@example.com"}]}])
    status, headers, page = Browser(sandbox).get("/")
    assert status == 200
    assert page.index("Second nudge") < page.index("First nudge")
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    _, _, filtered = Browser(sandbox).get("/?to=other%40example.com")
    assert "Second nudge" in filtered and "First nudge" not in filtered


def test_message_page_shows_parts_headers_and_args_escaped(sandbox: str) -> None:
    message = _send(sandbox, subject="<script>alert(1)</script>", custom_args={"message_id": "<b>7</b>"})
    _, _, page = Browser(sandbox).get(f"/messages/{message['id']}")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;7&lt;/b&gt;" in page
    assert "Name one person whose work made a deal possible." in page
    assert "List-Unsubscribe" in page
    assert html.escape(message["smtp_id"]) in page
    assert f'sandbox="{FRAME_SANDBOX}" src="/messages/{message["id"]}/html"' in page
    assert "allow-scripts" not in FRAME_SANDBOX  # the email's own code never runs


def test_html_view_serves_the_stored_html_under_a_sandboxing_csp(sandbox: str) -> None:
    message = _send(sandbox)
    status, headers, body = Browser(sandbox).get(f"/messages/{message['id']}/html")
    assert status == 200
    assert body == with_new_tab_links(message["html"]) and '<base target="_blank">' in body
    csp = headers["Content-Security-Policy"]
    assert f"sandbox {FRAME_SANDBOX}" in csp and "default-src 'none'" in csp and "script-src" not in csp
    assert headers["X-Frame-Options"] == "SAMEORIGIN"


def test_unknown_message_pages_are_404(sandbox: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as caught:
        Browser(sandbox).get("/messages/987654")
    assert caught.value.code == 404


def test_reply_form_posts_to_the_inbound_webhook(sandbox: str, receiver: Receiver) -> None:
    message = _send(sandbox)
    browser = Browser(sandbox)
    _, _, page = browser.get(f"/messages/{message['id']}")

    status, result = browser.post(
        f"/messages/{message['id']}/reply",
        [("csrf_token", _csrf(page)), ("text", "We celebrated Sam's work."), ("mode", "raw")],
    )

    assert status == 200
    assert "the webhook answered 200" in result
    [post] = receiver.wait_for(1)
    assert "We celebrated Sam" in post.form["email"]
    assert post.headers["Authorization"] == "Basic " + base64.b64encode(TEST_INBOUND_AUTH.encode()).decode()


def test_events_form_posts_the_chosen_events(sandbox: str, receiver: Receiver) -> None:
    message = _send(sandbox)
    browser = Browser(sandbox)
    _, _, page = browser.get(f"/messages/{message['id']}")
    status, result = browser.post(
        f"/messages/{message['id']}/events",
        [("csrf_token", _csrf(page)), ("event", "delivered"), ("event", "bounce"), ("event", "nonsense")],
    )
    assert status == 200
    assert "Posted 2 signed events" in result
    [post] = receiver.wait_for(1)
    assert b'"event":"delivered"' in post.body and b'"event":"bounce"' in post.body


@pytest.mark.parametrize("action", ["reply", "events"])
def test_forms_without_a_csrf_token_are_refused(sandbox: str, receiver: Receiver, action: str) -> None:
    message = _send(sandbox)
    status, _ = Browser(sandbox).post(
        f"/messages/{message['id']}/{action}", [("text", "x"), ("event", "open")]
    )
    assert status == 400
    assert receiver.posts == []


def test_templates_have_no_inline_scripts_or_styles() -> None:
    for template in TEMPLATES.rglob("*.html"):
        source = template.read_text()
        # Scripts only from the sandbox's own static files (script-src 'self'), never inline.
        assert not re.search(
            r"<script(?![^>]*\ssrc=)|<script[^>]*>[^<]|<style|\sstyle=|\son\w+=", source, re.I
        ), template.name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Confirm: https://coach.test/confirm/abc.", 'Confirm: <a href="https://coach.test/confirm/abc" '
         'target="_blank" rel="noopener">https://coach.test/confirm/abc</a>.'),
        ("(http://x.test/a?b=1&c=2)", '(<a href="http://x.test/a?b=1&amp;c=2" target="_blank" rel="noopener">'
         "http://x.test/a?b=1&amp;c=2</a>)"),
        ("<script>no link</script>", "&lt;script&gt;no link&lt;/script&gt;"),
        ('javascript:alert(1) "https://x.test/"', 'javascript:alert(1) &#34;<a href="https://x.test/" '
         'target="_blank" rel="noopener">https://x.test/</a>&#34;'),
    ],
    ids=["trailing-period", "query-and-parens", "markup-escaped", "only-http-links"],
)  # fmt: skip
def test_text_view_links_urls_and_escapes_the_rest(text: str, expected: str) -> None:
    assert str(linkify(text)) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<html><head><title>t</title></head></html>", '<html><head><base target="_blank"><title>'),
        ('<HTML><HEAD lang="en"><meta>', '<HEAD lang="en"><base target="_blank"><meta>'),
        ("<p>fragment</p>", '<base target="_blank"><p>fragment</p>'),
    ],
)
def test_every_link_of_the_html_part_opens_in_a_new_tab(html: str, expected: str) -> None:
    assert expected in with_new_tab_links(html)


def test_categories_read_as_separate_words_in_the_list_and_on_the_message_page(sandbox: str) -> None:
    message = _send(sandbox, categories=["prompt", "share-credit"])
    for path in ("/", f"/messages/{message['id']}"):
        _, _, page = Browser(sandbox).get(path)
        text = html.unescape(re.sub(r"<[^>]+>", "", page))  # what copying the page, or a screen reader, gets
        assert "prompt share-credit" in text and "promptshare-credit" not in text, path
