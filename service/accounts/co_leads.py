"""Who runs a program together: its owners (who manage the team) and co-leads (who only see it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from service.accounts.leads import AccountError, assign_program, find_lead, unassign_program
from service.models import Lead, program_leads


@dataclass(frozen=True, slots=True)
class TeamMember:
    lead_id: int
    email: str
    name: str
    is_owner: bool
    is_active: bool


def program_team(session: Session, program_id: int) -> list[TeamMember]:
    """The program's leads, owners first, then by address."""
    rows = session.execute(
        select(Lead.id, Lead.email, Lead.name, program_leads.c.is_owner, Lead.is_active)
        .join(program_leads, program_leads.c.lead_id == Lead.id)
        .where(program_leads.c.program_id == program_id)
        .order_by(program_leads.c.is_owner.desc(), Lead.email)
    ).all()
    return [TeamMember(row[0], row[1], row[2], bool(row[3]), bool(row[4])) for row in rows]


def is_program_owner(session: Session, lead_id: int, program_id: int) -> bool:
    found = session.scalar(
        select(program_leads.c.is_owner).where(
            program_leads.c.lead_id == lead_id, program_leads.c.program_id == program_id
        )
    )
    return bool(found)


def _owners(session: Session, program_id: int) -> int:
    return int(
        session.scalar(
            select(func.count()).where(program_leads.c.program_id == program_id, program_leads.c.is_owner)
        )
        or 0
    )


def add_co_lead(session: Session, program_id: int, email: str, *, owner: bool = False) -> Lead:
    """Add an existing, active lead account to the program; AccountError says why not."""
    lead = find_lead(session, email)
    if lead is None or not lead.is_active:
        raise AccountError(
            "No active lead account has that address. An administrator creates accounts; "
            "ask them, then add the colleague here."
        )
    if not assign_program(session, lead.id, program_id, owner=owner):
        raise AccountError(f"{lead.email} already leads this program.")
    return lead


def set_owner(session: Session, program_id: int, lead_id: int, owner: bool) -> None:
    """Make a lead of the program an owner, or a co-lead; the last owner cannot step down."""
    if not owner and is_program_owner(session, lead_id, program_id) and _owners(session, program_id) <= 1:
        raise AccountError("A program needs at least one owner: make someone else an owner first.")
    result = session.execute(
        update(program_leads)
        .where(program_leads.c.lead_id == lead_id, program_leads.c.program_id == program_id)
        .values(is_owner=owner)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise AccountError("That person does not lead this program.")


def remove_co_lead(session: Session, program_id: int, lead_id: int) -> None:
    """Take a lead off the program; the last owner cannot be removed."""
    if is_program_owner(session, lead_id, program_id) and _owners(session, program_id) <= 1:
        raise AccountError("A program needs at least one owner: make someone else an owner first.")
    if not unassign_program(session, lead_id, program_id):
        raise AccountError("That person does not lead this program.")
