"""When a 429's limit lifts: SendGrid's X-RateLimit-Reset, RFC 9110's Retry-After, or the later of both."""

from __future__ import annotations

import pytest

from service.transport.sendgrid import reset_at

NOW = 1_700_000_000.0


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"X-RateLimit-Reset": "1700000030"}, 1_700_000_030.0),
        ({"Retry-After": "12"}, NOW + 12),
        ({"Retry-After": "Tue, 14 Nov 2023 22:14:20 GMT"}, 1_700_000_060.0),
        ({"Retry-After": "5", "X-RateLimit-Reset": "1700000030"}, 1_700_000_030.0),
        ({"Retry-After": "90", "X-RateLimit-Reset": "1700000030"}, NOW + 90),
        ({"Retry-After": "-3"}, NOW),
        ({"Retry-After": "soon", "X-RateLimit-Reset": "1700000030"}, 1_700_000_030.0),
        ({"Retry-After": "nan"}, None),
        ({"X-RateLimit-Reset": "inf"}, None),
        ({"X-RateLimit-Reset": ""}, None),
        ({}, None),
        (None, None),
    ],
    ids=[
        "sendgrid-reset",
        "retry-after-seconds",
        "retry-after-http-date",
        "reset-later-wins",
        "retry-after-later-wins",
        "negative-is-now",
        "garbage-retry-after-ignored",
        "nan-ignored",
        "infinite-ignored",
        "empty-ignored",
        "no-headers",
        "no-header-object",
    ],
)
def test_the_later_of_retry_after_and_rate_limit_reset_wins(
    headers: dict[str, str] | None, expected: float | None
) -> None:
    assert reset_at(headers, NOW) == expected
