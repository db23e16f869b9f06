"""Which programs an account may see: admins all of them, a lead only the ones they run."""

from __future__ import annotations

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session

from service.models import Program, program_leads

MAX_ID = 2**31 - 1  # ids in URLs are checked against this before they reach the database


def valid_id(value: int) -> bool:
    """True for an id a row could have; a URL may carry any integer, SQLite rejects huge ones."""
    return 1 <= value <= MAX_ID


def visible_programs(lead_id: int, is_admin: bool) -> Select[Program]:
    """The programs this account may open, by name; every program lookup goes through this."""
    statement = select(Program).order_by(Program.name, Program.id)
    if is_admin:
        return statement
    return statement.join(program_leads, program_leads.c.program_id == Program.id).where(
        program_leads.c.lead_id == lead_id
    )


def can_see_program(session: Session, lead_id: int, is_admin: bool, program_id: int) -> bool:
    """True if the program exists and this account may see it."""
    if not valid_id(program_id):
        return False
    if is_admin:
        return session.get(Program, program_id) is not None
    found = session.scalar(
        select(exists().where(program_leads.c.program_id == program_id, program_leads.c.lead_id == lead_id))
    )
    return bool(found)
