"""What managers said they would do: commitments found in their replies, and what became of them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.enums import CommitmentStatus, Outcome, OutcomeSource
from service.models.base import Base, UTCDateTime, utcnow
from service.models.checks import enum_check

COMMITMENT_STATUSES = tuple(CommitmentStatus)
OUTCOMES = tuple(Outcome)
OUTCOME_SOURCES = tuple(OutcomeSource)


class Commitment(Base):
    """One "I will…" from a reply, or a nudge's move taken on by its link: the words, the local date
    named, and its status.

    `due_on` is the local date the manager named (or the default a week on); the check-back goes out
    at the first allowed send after it. `postponed` counts "not yet" answers: each one moved `due_on`.
    A move taken on has no reply: `nudge_message_id` names its nudge (one commitment per nudge).
    """

    __tablename__ = "commitments"
    __table_args__ = (
        UniqueConstraint("reply_id", "position", name="uq_commitments_reply_position"),
        enum_check("status", CommitmentStatus),
        CheckConstraint("position >= 0 AND postponed >= 0", name="counts"),
        Index("ix_commitments_manager_status", "manager_id", "status", "due_on"),
        Index("ix_commitments_manager_made", "manager_id", "made_at"),
        # Deleted with their reply; a check-back email names its commitment's id, which must never
        # come to mean a later commitment.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("managers.id", ondelete="CASCADE"))
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("replies.id", ondelete="SET NULL"))
    nudge_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL"), unique=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)  # its order within the reply
    lesson_slug: Mapped[str | None] = mapped_column(String(80))
    content_id: Mapped[str | None] = mapped_column(String(120))  # the email the reply answered
    text: Mapped[str] = mapped_column(Text)  # the manager's own sentence, as written
    due_phrase: Mapped[str | None] = mapped_column(String(200))  # "by Friday"; None: no date named
    made_at: Mapped[datetime] = mapped_column(UTCDateTime())
    made_on: Mapped[date] = mapped_column(Date())  # local date of the reply
    due_on: Mapped[date] = mapped_column(Date())
    status: Mapped[str] = mapped_column(String(20), default=CommitmentStatus.OPEN)
    postponed: Mapped[int] = mapped_column(Integer, default=0)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when done or dropped
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    outcomes: Mapped[list[CommitmentOutcome]] = relationship(
        back_populates="commitment", order_by="CommitmentOutcome.id", cascade="all, delete-orphan"
    )

    @property
    def named_date(self) -> bool:
        """Whether the manager named when (False: the default a week after the reply)."""
        return self.due_phrase is not None

    @property
    def taken_on(self) -> bool:
        """A move the manager took on from a nudge's link: no reply of theirs to quote as "you wrote"."""
        return self.reply_id is None


class CommitmentOutcome(Base):
    """One answer to a check-back (Done, Not yet with a new date, Drop), by link or by reply."""

    __tablename__ = "commitment_outcomes"
    __table_args__ = (
        enum_check("outcome", Outcome),
        enum_check("source", OutcomeSource),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("replies.id", ondelete="SET NULL"))
    new_due_on: Mapped[date | None] = mapped_column(Date())
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="outcomes")
