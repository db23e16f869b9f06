"""Link tokens are signed, expiring and scoped to one purpose."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import TimestampSigner

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


@pytest.mark.parametrize("purpose", sorted(tokens.MAX_AGE))
@pytest.mark.parametrize("subject", [0, 7, 4711, 10**17])
def test_tokens_are_the_bytes_itsdangerous_itself_signs(
    purpose: str, subject: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Links already in inboxes keep working, and ours read wherever plain itsdangerous reads them."""
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: 1_790_000_000)
    plain = TimestampSigner(SECRET, salt=f"coach.{purpose}")
    ours = make_token(SECRET, purpose, subject)
    assert ours == plain.sign(str(subject)).decode("ascii")
    assert read_token(SECRET, purpose, plain.sign(str(subject)).decode("ascii")) == subject
    assert make_token(SECRET, purpose, subject) == ours  # the kept keyed state is copied, never reused


def test_the_kept_keys_follow_the_secret() -> None:
    for secret in (SECRET, SECRET + "-rotated", SECRET):
        token = make_token(secret, "preferences", 9)
        assert read_token(secret, "preferences", token) == 9
        other = SECRET + "-rotated" if secret == SECRET else SECRET
        with pytest.raises(TokenError):
            read_token(other, "preferences", token)


@pytest.mark.parametrize(
    ("made_after_signing", "signed_before"),
    [
        (timedelta(seconds=-30), False),  # the row existed first: the usual case
        (timedelta(0), False),
        (tokens.SIGNED_BEFORE_TOLERANCE, False),  # the same moment, on clocks a little apart
        (tokens.SIGNED_BEFORE_TOLERANCE + timedelta(seconds=1), True),
        (timedelta(days=3), True),  # signed for an earlier row that had the same id
    ],
)
def test_a_token_knows_when_it_was_signed(
    made_after_signing: timedelta, signed_before: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 60)
    signed = tokens.read_signed(SECRET, "reflections", make_token(SECRET, "reflections", 12))
    assert signed.subject_id == 12
    assert abs(signed.signed_at - (datetime.now(UTC) - timedelta(seconds=60))) < timedelta(seconds=2)
    assert tokens.signed_before(signed, signed.signed_at + made_after_signing) is signed_before
