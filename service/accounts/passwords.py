"""Password hashing with a current memory-hard algorithm (scrypt), and generated passwords."""

from __future__ import annotations

import secrets

from werkzeug.security import check_password_hash, generate_password_hash

METHOD = "scrypt"  # werkzeug's default since 3.0: memory-hard, salted, no extra dependency
MIN_LENGTH = 10
MAX_LENGTH = 200  # longer inputs only cost CPU; nobody types more

# A hash of a random password: checking an unknown email against it costs the same time as a real
# check, so response time does not reveal which addresses have accounts.
_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16), method=METHOD)


def hash_password(password: str) -> str:
    """The salted scrypt hash to store; ValueError if the password is too short or too long."""
    check_password_strength(password)
    return generate_password_hash(password, method=METHOD)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ValueError(f"Passwords need at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise ValueError(f"Passwords can have at most {MAX_LENGTH} characters.")


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True if `password` matches; a missing hash still spends the time of one check."""
    if len(password) > MAX_LENGTH:
        return False
    if not stored_hash:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(stored_hash, password)


def generate_password() -> str:
    """A random password that survives copy and paste (about 120 bits)."""
    return secrets.token_urlsafe(15)
