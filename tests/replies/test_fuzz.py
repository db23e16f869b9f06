"""Property: whatever an authenticated sender posts, the web hook never answers 500 and never loses the post,
and processing always ends in a final status instead of crashing."""

from __future__ import annotations

import json
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redis import Redis
from werkzeug.test import TestResponse

from service.db import Database
from service.models import InboundPost
from tests.replies.conftest import World, count, posts
from tests.replies.payloads import Field, coach_address, multipart
from workers.replies import process_inbound

FINAL = {"processed", "unmatched", "malformed", "duplicate"}
KNOWN = [
    "headers",
    "text",
    "html",
    "from",
    "to",
    "cc",
    "subject",
    "envelope",
    "charsets",
    "SPF",
    "dkim",
    "email",
    "attachments",
    "attachment1",
    "attachment-info",
    "spam_score",
]
CHARSETS = st.sampled_from(
    ["utf-8", "UTF-8", "iso-8859-1", "windows-1252", "cp850", "utf-16", "x-unknown", ""]
)

text_values = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b"STOP",
            b"pause 3 weeks",
            b"switch 99",
            b"<script>alert(1)</script>",
            b"\x00\x00",
            b"On Mon, Jan 6, 2025 at 9:15 AM Coach <c@x> wrote:\n> q",
            b"Message-ID: <dup@x>\nIn-Reply-To: <prompt-1@ismtpd-sandbox>\nAuto-Submitted: auto-replied\n",
            b"From: =?utf-8?b?invalid?= <\nSubject: =?x-unknown?q?=FF?=\n",
            json.dumps({"to": ["reply+00@x"], "from": 5}).encode(),
            b'{"text": "x-unknown", "html": 7}',
            b"Content-Type: multipart/mixed; boundary=zz\n\n--zz\n"
            b"Content-Type: text/plain; charset=bogus\n\nhi\n",
        ]
    ),
)
fields = st.lists(
    st.tuples(st.one_of(st.sampled_from(KNOWN), st.text(min_size=1, max_size=12)), text_values, CHARSETS),
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=fields, cut=st.one_of(st.none(), st.integers(min_value=1, max_value=2000)), token=st.booleans())
def test_any_authenticated_form_is_stored_and_processed_without_crashing(
    db: Database,
    redis: Redis,
    post_inbound: Callable[..., TestResponse],
    world: World,
    fields: list[tuple[str, bytes, str]],
    cut: int | None,
    token: bool,
) -> None:
    parts = [
        Field(name.replace('"', "").replace("\r", "").replace("\n", ""), value) for name, value, _ in fields
    ]
    charsets = {name: charset for name, _, charset in fields}
    parts.append(Field("charsets", json.dumps(charsets).encode()))
    if token:
        parts.append(Field("to", coach_address(world.prompt_token).encode()))
    body, content_type = multipart(parts)
    if cut is not None:
        body = body[:cut]
    before = count(db, InboundPost)
    response = post_inbound(body, content_type)
    assert response.status_code == 200
    stored = posts(db)
    assert len(stored) == before + 1
    assert stored[-1].body == body
    outcome = process_inbound(stored[-1].id)
    assert outcome["status"] in FINAL
    assert posts(db)[-1].status in FINAL
