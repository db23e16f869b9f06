"""GET /api/tally: copies per custom_args message_id, and which sends were dropped after acceptance."""

from __future__ import annotations

import http.client

import pytest

from sandbox.testing import api, set_faults
from tests.sandbox.conftest import raw_send, send_body


def test_tally_counts_copies_and_names_the_dropped_sends(sandbox: str) -> None:
    for message_id in ("1", "2", "2"):
        assert raw_send(sandbox, send_body(custom_args={"message_id": message_id}))[0] == 202
    set_faults(sandbox, rate_drop=1.0)
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        raw_send(sandbox, send_body(custom_args={"message_id": "3"}))
    set_faults(sandbox, rate_drop=0.0)
    assert raw_send(sandbox, send_body(custom_args={"message_id": "3"}))[0] == 202
    assert raw_send(sandbox, send_body(custom_args={}))[0] == 202  # no message_id: not tallied

    status, tally = api(sandbox, "GET", "/api/tally")
    assert status == 200
    assert tally == {"by_message_id": {"1": 1, "2": 2, "3": 2}, "dropped": {"3": 1}}


def test_clearing_messages_forgets_the_dropped_sends(sandbox: str) -> None:
    set_faults(sandbox, rate_drop=1.0)
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        raw_send(sandbox, send_body(custom_args={"message_id": "8"}))
    assert api(sandbox, "GET", "/api/tally")[1]["dropped"] == {"8": 1}
    api(sandbox, "DELETE", "/api/messages")
    assert api(sandbox, "GET", "/api/tally")[1] == {"by_message_id": {}, "dropped": {}}
