"""Automatic replies (out-of-office, vacation responders, list mail) are stored but never count as replies."""

from __future__ import annotations

from collections.abc import Callable

from service.replies import patterns

AUTO_PRECEDENCE = frozenset({"auto_reply", "bulk", "junk"})


def is_auto_reply(header: Callable[[str], str | None], subject: str) -> bool:
    """RFC 3834 Auto-Submitted, the X-Autoreply/X-Autorespond family, Precedence, or an OOO subject."""
    submitted = (header("auto-submitted") or "").split(";")[0].strip().lower()
    if submitted and submitted != "no":
        return True
    if header("x-autoreply") is not None or header("x-autorespond") is not None:
        return True
    if (header("precedence") or "").strip().lower() in AUTO_PRECEDENCE:
        return True
    return is_out_of_office_subject(subject)


def is_out_of_office_subject(subject: str) -> bool:
    """Typical out-of-office subjects in English, German, French, Spanish, Dutch, Italian and Portuguese."""
    if patterns.OOO_ANYWHERE.search(subject):
        return True
    return bool(patterns.OOO_START.match(patterns.REPLY_PREFIX.sub("", subject).strip()))
