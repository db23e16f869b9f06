"""The outbox, what came back: replies, raw inbound posts, provider events, suppressions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.enums import EmailKind, InboundStatus, MessageStatus, SuppressionReason
from service.models.base import Base, UTCDateTime, utcnow
from service.models.checks import enum_check
from service.models.compressed import CompressedBytes

ANALYTICS_SENT_INCLUDE = ["kind", "manager_id", "delivered_at", "replied_at", "lesson_slug", "id"]


class Message(Base):
    """One email: created queued by the dispatcher (or a flow), claimed and sent by a job."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("subscription_id", "seq", name="uq_messages_subscription_seq"),
        enum_check("kind", EmailKind),
        enum_check("status", MessageStatus),
        Index("ix_messages_status_lease", "status", "lease_expires_at"),
        Index("ix_messages_subscription_created", "subscription_id", "created_at"),
        Index("ix_messages_manager_kind", "manager_id", "kind", "created_at"),
        # Leads' analytics (service/analytics): a program's sends and first replies in a time window,
        # and per-manager statistics. INCLUDE makes them index-only scans on PostgreSQL.
        Index("ix_messages_program_sent", "program_id", "sent_at", postgresql_include=ANALYTICS_SENT_INCLUDE),
        Index(
            "ix_messages_program_replied",
            "program_id",
            "replied_at",
            postgresql_include=["manager_id", "sent_at"],
        ),
        Index(
            "ix_messages_manager_sent",
            "manager_id",
            "sent_at",
            postgresql_include=["kind", "content_id", "replied_at"],
        ),
        # Message ids are in links (check-backs, lesson choices, questions, moves) and dedupe keys.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int | None] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="CASCADE"))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="SET NULL"), index=True)
    seq: Mapped[int | None] = mapped_column(Integer)
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    lesson_slug: Mapped[str | None] = mapped_column(String(80))
    content_id: Mapped[str | None] = mapped_column(String(120))
    to_email: Mapped[str] = mapped_column(String(320))
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=MessageStatus.QUEUED)
    reply_token: Mapped[str] = mapped_column(String(64), unique=True)
    provider_message_id: Mapped[str | None] = mapped_column(String(200), index=True)
    smtp_message_id: Mapped[str | None] = mapped_column(String(500), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    clicked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A one-click answer from this email's links (a commitment outcome, a lesson chosen): engagement
    # for the spacing engine, though not a written reply.
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    bounced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class InboundPost(Base):
    """A raw Inbound Parse request, stored before anything else so no reply is ever lost."""

    __tablename__ = "inbound_posts"
    __table_args__ = (enum_check("status", InboundStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    content_type: Mapped[str] = mapped_column(String(300))
    body: Mapped[bytes] = mapped_column(CompressedBytes)  # lz4 frames: service/models/compressed.py
    status: Mapped[str] = mapped_column(String(20), default=InboundStatus.RECEIVED, index=True)
    error: Mapped[str | None] = mapped_column(Text)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Reply(Base):
    """A manager's emailed answer: the extracted new text, linked to the message it answers."""

    __tablename__ = "replies"
    __table_args__ = (
        Index("ix_replies_manager_received", "manager_id", "received_at"),
        # A deleted reply's id (in its command confirmation link) must never name a later reply.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inbound_post_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_posts.id", ondelete="SET NULL"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"), index=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="CASCADE"))
    rfc_message_id: Mapped[str | None] = mapped_column(String(500), unique=True)
    from_email: Mapped[str] = mapped_column(String(320), default="")
    subject: Mapped[str] = mapped_column(String(1000), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    text: Mapped[str] = mapped_column(Text, default="")
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    is_auto_reply: Mapped[bool] = mapped_column(Boolean, default=False)
    # A ReplyCommand (or a commitment check-back's answer); None for a reflection. No CHECK: two
    # vocabularies share the column.
    command: Mapped[str | None] = mapped_column(String(20))
    matched_by: Mapped[str | None] = mapped_column(String(20))
    # When the manager shared this one reply from "My reflections" (see service/sharing.py).
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the manager made this one reply private again from "My reflections"; a later share clears it.
    withheld_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ProviderEvent(Base):
    """A SendGrid delivery event, stored once per sg_event_id."""

    __tablename__ = "provider_events"
    __table_args__ = (Index("ix_provider_events_message_event", "message_id", "event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sg_event_id: Mapped[str] = mapped_column(String(200), unique=True)
    event: Mapped[str] = mapped_column(String(40))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    email: Mapped[str] = mapped_column(String(320), default="")
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Suppression(Base):
    """An address that must receive no coaching mail (bounce, spam report, unsubscribe)."""

    __tablename__ = "suppressions"
    __table_args__ = (enum_check("reason", SuppressionReason),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    reason: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
