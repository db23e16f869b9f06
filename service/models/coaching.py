"""A manager's coaching subscription: focus, schedule and engagement state."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.enums import PauseReason, SubscriptionStatus, UnsubscribeReason
from service.models.base import Base, UTCDateTime, utcnow
from service.models.checks import enum_check

if TYPE_CHECKING:
    from service.models.people import Manager

DEFAULT_WEEKDAYS = "mon,tue,wed,thu,fri"


class Subscription(Base):
    """One per manager; the focus lesson changes over time, the message history keeps the past."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        Index("ix_subscriptions_due", "status", "next_due_at"),
        Index("ix_subscriptions_paused_until", "status", "paused_until"),
        enum_check("status", SubscriptionStatus),
        enum_check("unsubscribe_reason", UnsubscribeReason),
        enum_check("pause_reason", PauseReason),
        # Deleted with an erased manager; their ids (in preferences, unsubscribe and confirm links)
        # must never name a later subscription.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("managers.id", ondelete="CASCADE"), unique=True)
    lesson_slug: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20), default=SubscriptionStatus.PENDING, index=True)
    send_time: Mapped[time] = mapped_column(Time(), default=time(9, 0))
    weekdays: Mapped[str] = mapped_column(String(40), default=DEFAULT_WEEKDAYS)
    intensity: Mapped[str] = mapped_column(String(20), default="standard")
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_seq: Mapped[int] = mapped_column(Integer, default=1)
    lesson_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unanswered_streak: Mapped[int] = mapped_column(Integer, default=0)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pause_reason: Mapped[str | None] = mapped_column(String(40))
    # When the manager last resumed: unanswered prompts before it no longer count against them.
    resumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confirmation_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The reason chosen on the unsubscribe page, if any; leads see only a program's counts.
    unsubscribe_reason: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    manager: Mapped[Manager] = relationship(back_populates="subscription")

    @property
    def weekday_list(self) -> list[str]:
        return [day for day in self.weekdays.split(",") if day]


class SubscriptionStatusChange(Base):
    """One stretch of a subscription's status: `status` from `changed_at` until `ended_at` (None while it
    lasts). Written only by service/subscriptions/status.py, so the leads' figures can tell what the
    status was at any past instant ("paused at the start of the period"), whatever changed since."""

    __tablename__ = "subscription_status_history"
    __table_args__ = (
        Index("ix_subscription_status_history_subscription", "subscription_id", "changed_at"),
        enum_check("status", SubscriptionStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
