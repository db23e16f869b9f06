"""Property: no event batch, however odd, makes the Event Webhook answer 500."""

from __future__ import annotations

import json
from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from service.db import Database
from tests.events.conftest import seed_sent, signed_headers

KEYS = [
    "event",
    "email",
    "timestamp",
    "sg_event_id",
    "sg_message_id",
    "message_id",
    "smtp-id",
    "reason",
    "type",
    "sg_machine_open",
    "url",
    "category",
    "asm_group_id",
]
EVENTS = [
    "processed",
    "delivered",
    "open",
    "click",
    "bounce",
    "dropped",
    "deferred",
    "spamreport",
    "unsubscribe",
    "group_unsubscribe",
    "DELIVERED",
    "",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([10**400, -(10**400), 2**63, 2**64]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=60),
    st.sampled_from(EVENTS),
    st.sampled_from(["1", "2", "3", "Bounced Address", "blocked", "a@b.c", "x.y.z", "\x00", "9" * 30]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
events = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), values, max_size=10)
batches = st.lists(st.one_of(events, scalars), max_size=25)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=batches)
def test_any_signed_json_array_is_accepted_without_a_500(
    db: Database, post_events: Callable[..., TestResponse], batch: list[object]
) -> None:
    response = post_events(batch)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["received"] == len(batch)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=400), signed=st.booleans())
def test_any_body_gets_200_400_or_403_never_500(
    db: Database,
    post_events: Callable[..., TestResponse],
    signing_key: ec.EllipticCurvePrivateKey,
    body: bytes,
    signed: bool,
) -> None:
    headers = signed_headers(signing_key, body) if signed else {"Content-Type": "application/json"}
    status = post_events(body, headers).status_code
    assert status in ((200, 400, 403) if signed else (403,))


def test_events_with_real_ids_mixed_with_junk_still_apply(
    db: Database, post_events: Callable[..., TestResponse]
) -> None:
    sent = seed_sent(db)
    batch: list[object] = [
        {"event": "delivered", "message_id": sent.message_ids[0], "timestamp": "1700000000"},
        {"event": "open", "message_id": True},
        {"event": {"x": 1}},
    ]
    assert post_events(batch).get_json() == {"received": 3, "ignored": 1, "matched": 1, "suppressed": 0}
    assert json.dumps(batch)
