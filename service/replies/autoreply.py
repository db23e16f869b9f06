"""Automatic replies (out-of-office, vacation responders, list mail) are stored but never count as replies."""

from __future__ import annotations

from collections.abc import Callable

from service.replies import patterns
from service.replies.out_of_office import out_of_office_reason

AUTO_PRECEDENCE = frozenset({"auto_reply", "bulk", "junk"})


def is_auto_reply(header: Callable[[str], str | None], subject: str) -> bool:
    """RFC 3834 Auto-Submitted, the X-Autoreply/X-Autorespond family, Precedence, or an OOO subject."""
    return marked_reason(header, subject) is not None


def auto_reply_reason(header: Callable[[str], str | None], subject: str, text: str) -> str | None:
    """Why a reply is automatic (a few words for the log, never its text), or None when a person wrote it:
    its headers or subject say so, or failing those its text reads as an out-of-office answer."""
    return marked_reason(header, subject) or out_of_office_reason(text)


def marked_reason(header: Callable[[str], str | None], subject: str) -> str | None:
    """The header or subject that marks a reply as automatic, or None: the sender's own word for it."""
    submitted = (header("auto-submitted") or "").split(";")[0].strip().lower()
    if submitted and submitted != "no":
        return f"Auto-Submitted: {submitted[:40]}"
    for name in ("x-autoreply", "x-autorespond"):
        if header(name) is not None:
            return f"{name.title()} header"
    precedence = (header("precedence") or "").strip().lower()
    if precedence in AUTO_PRECEDENCE:
        return f"Precedence: {precedence}"
    return "out-of-office subject" if is_out_of_office_subject(subject) else None


def is_out_of_office_subject(subject: str) -> bool:
    """Typical out-of-office subjects in English, German, French, Spanish, Dutch, Italian and Portuguese."""
    if patterns.OOO_ANYWHERE.search(subject):
        return True
    return bool(patterns.OOO_START.match(patterns.REPLY_PREFIX.sub("", subject).strip()))
