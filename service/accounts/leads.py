"""Lead and admin accounts, programs and who runs which: the rules, without any web code."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import ColumnElement, and_, delete, insert, select
from sqlalchemy.orm import Session

from service.accounts.passwords import hash_password, verify_password
from service.enums import LeadRole
from service.models import Lead, Program, program_leads
from service.text import holds_address, single_spaced, unusable_character

ROLES = tuple(LeadRole)
PROGRAM_NAME_MAX = 200


class AccountError(ValueError):
    """A request about accounts or programs that cannot be done, worded for a person."""


def normalise_account_email(raw: str) -> str:
    """The address as stored: checked for shape (no DNS lookups) and lower-cased."""
    try:
        checked = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise AccountError(f"That email address is not valid: {exc}") from None
    return checked.normalized.lower()


def find_lead(session: Session, email: str) -> Lead | None:
    return session.scalars(select(Lead).where(Lead.email == email.strip().lower())).one_or_none()


def create_account(
    session: Session,
    email: str,
    password: str,
    *,
    role: LeadRole = LeadRole.LEAD,
    name: str = "",
    timezone: str = "UTC",
) -> Lead:
    """A new lead or admin; AccountError if the address is taken or the password too weak."""
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}.")
    address = normalise_account_email(email)
    if find_lead(session, address) is not None:
        raise AccountError(f"An account for {address} already exists.")
    try:
        password_hash = hash_password(password)
    except ValueError as exc:
        raise AccountError(str(exc)) from None
    clean_name = single_spaced(name)[:200]
    if unusable_character(clean_name) is not None:
        raise AccountError("The name contains characters we can't use; please remove them.")
    if holds_address(clean_name):  # it signs invitations and digests
        raise AccountError("A name can't contain a web or email address.")
    lead = Lead(email=address, name=clean_name, password_hash=password_hash, role=role, timezone=timezone)
    session.add(lead)
    session.flush()
    return lead


def authenticate(session: Session, email: str, password: str) -> Lead | None:
    """The active account with this address and password; None otherwise (same cost either way)."""
    # PostgreSQL text cannot hold NUL: such an address names no account (and is no database error).
    lead = find_lead(session, email) if len(email) <= 320 and "\x00" not in email else None
    ok = verify_password(lead.password_hash if lead else None, password)
    if lead is None or not ok or not lead.is_active:
        return None
    return lead


def set_password(session: Session, lead: Lead, password: str) -> None:
    """Change a password; every session of the account ends, copied cookies included (see the user
    loader), and so does every password-reset link sent before."""
    try:
        lead.password_hash = hash_password(password)
    except ValueError as exc:
        raise AccountError(str(exc)) from None
    end_sessions(session, lead)


def end_sessions(session: Session, lead: Lead) -> None:
    """Sign the account out everywhere: sessions carry the generation they were opened in."""
    lead.session_generation = (lead.session_generation or 0) + 1
    session.flush()


def receives_digests() -> ColumnElement[bool]:
    """Leads a digest goes to: active accounts that have not stopped digests (List-Unsubscribe)."""
    return and_(Lead.is_active.is_(True), Lead.digest_stopped_at.is_(None))


def set_active(session: Session, lead: Lead, active: bool) -> None:
    """Deactivate (or reactivate) an account: a deactivated one can neither log in nor use tokens."""
    lead.is_active = active
    session.flush()


def program_named(session: Session, name: str) -> Program | None:
    """The program with this name, whatever its case, spacing or closing full stop ("demo SALES
    leadership." is "Demo sales leadership"): two programs a lead cannot tell apart must not both exist."""
    wanted = _comparable(name)
    return next((p for p in session.scalars(select(Program)) if _comparable(p.name) == wanted), None)


def _comparable(name: str) -> str:
    """A program name as people tell names apart: case, spacing and a closing full stop aside."""
    return single_spaced(name).rstrip(" .").casefold()


def create_program(session: Session, name: str) -> Program:
    """A new program; names are unique so leads and CLI commands can refer to them."""
    clean = single_spaced(name)
    if not clean:
        raise AccountError("A program needs a name.")
    if len(clean) > PROGRAM_NAME_MAX:
        raise AccountError(f"Program names can have at most {PROGRAM_NAME_MAX} characters.")
    if unusable_character(clean) is not None:
        raise AccountError("The program name contains characters we can't use; please remove them.")
    if holds_address(clean):  # invitations name it in their subject
        raise AccountError("A program name can't contain a web or email address.")
    existing = program_named(session, clean)
    if existing is not None:
        raise AccountError(f"A program called {existing.name!r} already exists.")
    program = Program(name=clean)
    session.add(program)
    session.flush()
    return program


def assign_program(session: Session, lead_id: int, program_id: int, *, owner: bool = False) -> bool:
    """Make the lead a lead (an `owner` manages co-leads) of the program; False if they already were."""
    exists = session.execute(
        select(program_leads.c.lead_id).where(
            program_leads.c.lead_id == lead_id, program_leads.c.program_id == program_id
        )
    ).first()
    if exists is not None:
        return False
    session.execute(insert(program_leads).values(lead_id=lead_id, program_id=program_id, is_owner=owner))
    return True


def unassign_program(session: Session, lead_id: int, program_id: int) -> bool:
    """Remove the lead from the program; False if they were not one of its leads."""
    result = session.execute(
        delete(program_leads).where(
            program_leads.c.lead_id == lead_id, program_leads.c.program_id == program_id
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
