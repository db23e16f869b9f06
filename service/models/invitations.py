"""A lead's invitation to join a program: nothing of the invited person reaches the lead until they accept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.enums import InvitationStatus
from service.models.base import Base, UTCDateTime, utcnow
from service.models.checks import enum_check


class ProgramInvitation(Base):
    """One per program and address. It holds only what the lead typed (address, name, timezone,
    suggested focus), so listing invitations tells a lead nothing about the person behind an address;
    accepting it (from the emailed link) is what makes a manager a member of the program."""

    __tablename__ = "program_invitations"
    __table_args__ = (
        UniqueConstraint("program_id", "email", name="uq_program_invitations_program_email"),
        enum_check("status", InvitationStatus),
        # A withdrawn invitation is deleted; its id (in its join link) must never name a later one.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320), index=True)  # normalised, lower-cased
    name: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    lesson_slug: Mapped[str | None] = mapped_column(String(80))  # the lead's suggested focus
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default=InvitationStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
