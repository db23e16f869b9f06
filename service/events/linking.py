"""Which outbox row an event is about, from the ids SendGrid puts in it (its documented shapes).

`sg_message_id` is SendGrid's per-recipient id: the X-Message-Id our send recorded, then `.filter…`
(`14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0`; marketing sends show `.stfilter-…`), so the
id is the part before that marker, dots and all. An asynchronous bounce carries neither our custom
args nor an `sg_message_id`, only the `smtp-id` (`<X-Message-Id@ismtpd-…>`), whose local part is the
X-Message-Id (with `.N` for the N-th recipient of a multi-recipient send), or which an earlier event
already recorded on the row as its SMTP Message-ID.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import Message

_FILTER = re.compile(r"\.(?:st)?filter", re.IGNORECASE)
_RECIPIENT_SUFFIX = re.compile(r"\.\d+$")
ID_LIMIT = 200


def provider_id(sg_message_id: str) -> str | None:
    """The X-Message-Id inside an `sg_message_id`: the part before `.filter` (the whole id without one)."""
    marker = _FILTER.search(sg_message_id)
    found = sg_message_id[: marker.start()] if marker else sg_message_id
    return found[:ID_LIMIT] or None


def smtp_local_ids(smtp_id: str) -> set[str]:
    """X-Message-Id candidates in an `smtp-id`: its local part, and that part without a `.N` suffix."""
    local = smtp_id.strip().strip("<>").rpartition("@")[0] or smtp_id.strip().strip("<>")
    if not local:
        return set()
    return {local[:ID_LIMIT], _RECIPIENT_SUFFIX.sub("", local)[:ID_LIMIT]} - {""}


def messages_by_smtp_id(session: Session, smtp_ids: Iterable[str]) -> dict[str, int]:
    """Message ids for each `smtp-id`: a row that recorded it, else the row whose X-Message-Id it holds."""
    wanted = {s for s in smtp_ids if s}
    if not wanted:
        return {}
    found: dict[str, int] = dict(
        session.execute(  # type: ignore[arg-type]
            select(Message.smtp_message_id, Message.id).where(Message.smtp_message_id.in_(wanted))
        ).all()
    )
    rest = {s: smtp_local_ids(s) for s in wanted if s not in found}
    candidates = set().union(*rest.values()) if rest else set()
    if candidates:
        by_provider: dict[str, int] = dict(
            session.execute(  # type: ignore[arg-type]
                select(Message.provider_message_id, Message.id).where(
                    Message.provider_message_id.in_(candidates)
                )
            ).all()
        )
        for smtp_id, locals_ in rest.items():
            longest_first = sorted(locals_, key=len, reverse=True)
            match = next((by_provider[c] for c in longest_first if c in by_provider), None)
            if match is not None:
                found[smtp_id] = match
    return found
