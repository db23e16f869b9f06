"""Names, quotes, notices and reply excerpts come from people: in HTML they are always escaped."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from service.curriculum import load_curriculum
from service.emails import render_email
from service.emails.digest import digest_context
from service.emails.sample import sample_context, sample_digest_data
from service.enums import EmailKind
from tests.emails.conftest import HOSTILE, visible

KINDS = tuple(kind.value for kind in EmailKind)

IMG = '"><img src=x onerror=alert(1)>'
PAYLOADS = (HOSTILE, IMG, "</td></tr></table><script>x()</script>", "{{ 7*7 }} {% raw %}")

Context = dict[str, Any]


def _name(payload: str) -> Callable[[Context], None]:
    return lambda c: c.update(recipient_name=payload)


def _digest(payload: str) -> Callable[[Context], None]:
    def mutate(context: Context) -> None:
        data = sample_digest_data(load_curriculum().lesson("share-credit"))
        data["stalled"][0]["name"] = payload
        data["stalled"][1]["email"] = payload
        data["unsubscribes"][0]["name"] = payload
        data["excerpts"][0]["text"] = f"I wrote {payload} in my reply"
        data["kpis"][0]["label"] = payload
        context.update(digest_context(data, str), program_name=payload)

    return mutate


CASES: list[tuple[str, str, Callable[[str], Callable[[Context], None]]]] = [
    *[(kind, "recipient name", _name) for kind in KINDS],
    ("followup", "quoted reply", lambda p: lambda c: c.update(quote=f"Last week: {p}")),
    ("notice", "notice subject", lambda p: lambda c: c.update(subject=f"Re: {p}")),
    ("notice", "notice paragraph", lambda p: lambda c: c.update(paragraphs=["Fine.", p, f"a\n{p}"])),
    ("invitation", "program and inviter", lambda p: lambda c: c.update(program_name=p, inviter_name=p)),
    ("digest", "digest rows and excerpts", _digest),
]


@pytest.mark.parametrize("payload", PAYLOADS, ids=("script", "img-onerror", "table-break", "jinja"))
@pytest.mark.parametrize(("kind", "where", "mutation"), CASES, ids=[f"{k}-{w}" for k, w, _ in CASES])
def test_hostile_input_is_escaped_in_html(
    kind: str, where: str, mutation: Callable[[str], Callable[[Context], None]], payload: str
) -> None:
    context = sample_context(kind, "share-credit")
    mutation(payload)(context)
    email = render_email(kind, context)
    html = email.html
    assert not re.search(r"<script", html, re.I)
    assert not re.search(r"<img", html, re.I)
    assert not re.search(r"<[^>]*\sonerror\s*=", html, re.I)
    first_line = payload.split("\n")[0].strip()
    expected = first_line.split()[0] if where == "recipient name" else first_line  # greeting: first name
    assert expected[:12] in visible(html)  # still shown to the reader, as text, never evaluated
    if "<" in expected:
        assert "&lt;" in html  # because it was escaped, not dropped


def test_subject_cannot_carry_a_header_line_break() -> None:
    context = {**sample_context("notice", "share-credit"), "subject": "Paused\r\nBcc: someone@example.com"}
    email = render_email("notice", context)
    assert "\n" not in email.subject and "\r" not in email.subject
    assert email.subject == "Paused Bcc: someone@example.com"


def test_plain_text_keeps_what_the_manager_wrote_verbatim() -> None:
    context = {**sample_context("followup", "share-credit"), "quote": "I said <b>no</b> & meant it"}
    email = render_email("followup", context)
    assert "> I said <b>no</b> & meant it" in email.text
    assert "I said &lt;b&gt;no&lt;/b&gt; &amp; meant it" in email.html
