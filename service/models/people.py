"""Who the service serves: programs, their leads, and the managers being coached."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.enums import LeadRole
from service.models.base import Base, UTCDateTime, utcnow
from service.models.checks import enum_check

program_leads = Table(
    "program_leads",
    Base.metadata,
    Column("program_id", ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True),
    Column("lead_id", ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True),
    # An owner manages the program's co-leads; the others (co-leads) only see the program.
    Column("is_owner", Boolean, nullable=False, default=False, server_default=false()),
)


class Program(Base):
    """A coaching programme run by one or more leads for a group of managers."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    leads: Mapped[list[Lead]] = relationship(secondary=program_leads, back_populates="programs")


class Lead(Base):
    """A user account: a program lead, or an admin who manages programs and leads."""

    __tablename__ = "leads"
    __table_args__ = (enum_check("role", LeadRole),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # stored lower-cased
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default=LeadRole.LEAD)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Sessions carry this number; signing out or a new password bumps it, ending every session.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Set when the lead wrote to the digest's List-Unsubscribe address: no more weekly digests.
    digest_stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    programs: Mapped[list[Program]] = relationship(secondary=program_leads, back_populates="leads")

    @property
    def is_admin(self) -> bool:
        return self.role == LeadRole.ADMIN


class ApiToken(Base):
    """A lead's bearer token for the JSON API; only its hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # None: until revoked


class Manager(Base):
    """A sales manager receiving coaching; the address is unique case-insensitively."""

    __tablename__ = "managers"
    # Erased managers are deleted; their ids (in reflections links) must never name a later manager.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # stored lower-cased
    name: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="SET NULL"), index=True)
    # When the manager last turned sharing on (None: off). Only replies written since then, or shared
    # one by one since then, reach a lead: service/sharing.py is the one place that decides.
    sharing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    program: Mapped[Program | None] = relationship()
    subscription: Mapped[Subscription | None] = relationship(back_populates="manager", uselist=False)

    @property
    def share_replies(self) -> bool:
        """Sharing is on (for the replies written since `sharing_since`)."""
        return self.sharing_since is not None


from service.models.coaching import Subscription  # noqa: E402 - resolves the mutual relationship
