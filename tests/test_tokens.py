"""Link tokens are signed, expiring and scoped to one purpose."""

from __future__ import annotations

from datetime import timedelta

import pytest

from service import tokens
from service.tokens import TokenError, make_token, read_token

SECRET = "a-test-secret-of-enough-length"


@pytest.mark.parametrize("purpose", sorted(tokens.MAX_AGE))
def test_round_trip_for_every_purpose(purpose: str) -> None:
    assert read_token(SECRET, purpose, make_token(SECRET, purpose, 4711)) == 4711


@pytest.mark.parametrize(
    ("mangle", "reason"),
    [
        # Not the last character: in base64 its low bits may be padding, so changing it can decode alike.
        (lambda t: t[:-8] + ("A" if t[-8] != "A" else "B") + t[-7:], "invalid"),
        (lambda t: "9" + t, "invalid"),
        (lambda t: t.split(".", 1)[1], "invalid"),
        (lambda t: "", "invalid"),
        (lambda t: t + "x" * 600, "invalid"),
        (lambda t: "<script>alert(1)</script>", "invalid"),
    ],
)
def test_tampered_tokens_are_rejected(mangle, reason: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TokenError) as error:
        read_token(SECRET, "preferences", mangle(make_token(SECRET, "preferences", 12)))
    assert error.value.reason == reason


def test_a_token_of_one_purpose_never_reads_as_another() -> None:
    token = make_token(SECRET, "confirm", 5)
    for other in set(tokens.MAX_AGE) - {"confirm"}:
        with pytest.raises(TokenError):
            read_token(SECRET, other, token)


def test_another_secret_rejects_the_token() -> None:
    with pytest.raises(TokenError):
        read_token("another-secret-entirely-here", "confirm", make_token(SECRET, "confirm", 5))


def test_expired_tokens_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    token = make_token(SECRET, "confirm", 5)
    monkeypatch.setitem(tokens.MAX_AGE, "confirm", timedelta(seconds=-1))
    with pytest.raises(TokenError) as error:
        read_token(SECRET, "confirm", token)
    assert error.value.reason == "expired"


def test_unknown_purpose_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown token purpose"):
        make_token(SECRET, "login", 1)
