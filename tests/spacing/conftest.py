"""Helpers to build schedules and histories for the spacing engine tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from service.curriculum import Curriculum, load_curriculum
from service.spacing import Schedule, SentItem

WEEKDAYS = frozenset(range(5))


@pytest.fixture(scope="session")
def curriculum() -> Curriculum:
    return load_curriculum()


def local(day: date, at: time, tz: str) -> datetime:
    """The UTC instant of a local wall time (first occurrence if ambiguous)."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def schedule(
    *,
    slug: str = "share-credit",
    tz: str = "UTC",
    at: time = time(9),
    weekdays: frozenset[int] = frozenset(range(7)),
    intensity: str = "standard",
    start: datetime | None = None,
    resumed_at: datetime | None = None,
) -> Schedule:
    return Schedule(
        slug, tz, at, weekdays, intensity, start or datetime(2025, 1, 6, tzinfo=UTC), resumed_at=resumed_at
    )


def sent(
    kind: str,
    local_id: str,
    when: datetime,
    *,
    slug: str = "share-credit",
    words: int | None = None,
    declines: bool = False,
) -> SentItem:
    """A sent item; `words` given means the manager replied with that many words (`declines`: by
    saying no first, "Nobody. Everyone was in the announcement.")."""
    content_id = local_id if kind == "checkin" else f"{slug}.{local_id}"
    return SentItem(
        kind,
        content_id,
        slug,
        when,
        replied=words is not None,
        reply_words=words or 0,
        reply_declines=declines,
    )
