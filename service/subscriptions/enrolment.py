"""Program enrolment: a lead's list of addresses becomes invitations to join the program.

Nobody becomes a member by being listed: each new address gets one invitation (naming the program
and the lead) and joins only by accepting it (service/subscriptions/invitations.py). Every new
address answers `invited`, whether the service knows it or not, so a lead learns nothing about
people outside the program. Used by the API and the leads' CSV upload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.curriculum import Curriculum, load_curriculum
from service.enums import EnrolmentRowStatus
from service.models import Manager, Program
from service.subscriptions.invitations import Invitee, find_invitations, invite
from service.subscriptions.validation import (
    EMAIL_MAX,
    check_focus,
    check_timezone,
    clean_name,
    normalise_email,
)

ROW_FIELDS = frozenset({"email", "name", "timezone", "focus"})
LOOKUP_CHUNK = 500


@dataclass
class RowResult:
    """One input row and what enrolling it did (an `EnrolmentRowStatus`)."""

    row: int
    email: str
    status: EnrolmentRowStatus
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class Enrolment:
    """Per-row results in input order, and the invitation emails to enqueue after commit."""

    rows: list[RowResult] = field(default_factory=list)
    message_ids: list[int] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


@dataclass(frozen=True, slots=True)
class _Row:
    email: str
    name: str
    timezone: str
    focus: str | None


def _check_row(data: object, curriculum: Curriculum) -> _Row | dict[str, str]:
    if not isinstance(data, Mapping):
        return {"row": "Each manager must be an object with email, name, timezone and focus."}
    errors: dict[str, str] = {key: "Unknown field." for key in map(str, data) if key not in ROW_FIELDS}
    values: dict[str, Any] = {}
    checks: dict[str, Callable[[], object]] = {
        "email": lambda: normalise_email(data.get("email")),
        "name": lambda: clean_name(data.get("name")),
        "timezone": lambda: check_timezone(data.get("timezone")),
        "focus": lambda: check_focus(data["focus"], curriculum) if data.get("focus") else None,
    }
    for name, check in checks.items():
        try:
            values[name] = check()
        except ValueError as exc:
            errors[name] = str(exc)
    return errors or _Row(**values)


def _sent_address(data: object) -> str:
    """A failed row's email as sent (text only, bounded), so the caller can tell which input failed."""
    value = data.get("email") if isinstance(data, Mapping) else None
    return value[:EMAIL_MAX] if isinstance(value, str) else ""


def _members(session: Session, program_id: int, emails: list[str]) -> set[str]:
    """Which of these addresses are members of this program already (the lead sees them anyway)."""
    found: set[str] = set()
    for start in range(0, len(emails), LOOKUP_CHUNK):
        chunk = emails[start : start + LOOKUP_CHUNK]
        found.update(
            session.scalars(
                select(Manager.email).where(Manager.email.in_(chunk), Manager.program_id == program_id)
            )
        )
    return found


def _invited(session: Session, program_id: int, emails: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(emails), LOOKUP_CHUNK):
        found.update(find_invitations(session, program_id, emails[start : start + LOOKUP_CHUNK]))
    return found


def enrol_managers(
    session: Session,
    program_id: int,
    rows: Iterable[object],
    now: datetime,
    curriculum: Curriculum | None = None,
    *,
    lead_id: int | None = None,
) -> Enrolment:
    """Validate every row and invite each new address once (`lead_id`: who invites, named in the email).

    Idempotent per program: an address already invited answers `invited` again without a second
    email, a member answers `already-enrolled`. Whether an address has a subscription, or belongs to
    another program, changes neither the answer nor anything stored about that person.
    """
    program = session.get(Program, program_id)
    if program is None:
        raise LookupError(f"no program {program_id}")
    curriculum = curriculum or load_curriculum()
    given = list(rows)
    checked = [_check_row(data, curriculum) for data in given]
    emails = sorted({row.email for row in checked if isinstance(row, _Row)})
    members = _members(session, program_id, emails)
    invited = _invited(session, program_id, emails)
    result = Enrolment()
    seen: set[str] = set()
    for number, (data, row) in enumerate(zip(given, checked, strict=True), start=1):
        if not isinstance(row, _Row):
            result.rows.append(RowResult(number, _sent_address(data), EnrolmentRowStatus.ERROR, row))
            continue
        if row.email in seen:
            result.rows.append(RowResult(number, row.email, EnrolmentRowStatus.DUPLICATE))
            continue
        seen.add(row.email)
        if row.email in members:
            result.rows.append(RowResult(number, row.email, EnrolmentRowStatus.ALREADY_ENROLLED))
            continue
        if row.email not in invited:
            invitee = Invitee(row.email, row.name, row.timezone, row.focus)
            _, message = invite(session, program, invitee, lead_id, now)
            session.flush()
            result.message_ids.append(message.id)
        result.rows.append(RowResult(number, row.email, EnrolmentRowStatus.INVITED))
    session.flush()
    return result
