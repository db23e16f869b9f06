"""A subscribe request for an address we know: held until its owner confirms it from their inbox."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import ForeignKey, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from service.models.base import Base, UTCDateTime, utcnow


class PendingChange(Base):
    """The settings someone asked for on the subscribe page or API for an existing address. Nothing
    of it touches the manager or the subscription until the confirmation link emailed for this very
    request is used (`service.subscriptions.changes.confirm_change`)."""

    __tablename__ = "pending_changes"
    # Deleted with their subscription; their ids (in confirm-change links) must never name a later one.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(64))
    lesson_slug: Mapped[str] = mapped_column(String(80))
    send_time: Mapped[time] = mapped_column(Time())
    weekdays: Mapped[str] = mapped_column(String(40))
    intensity: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def weekday_list(self) -> list[str]:
        return [day for day in self.weekdays.split(",") if day]
