"""Program enrolment: a lead's list of managers becomes managers in the program, each with an invitation.

The invitation leads into the same choose-your-focus and confirm flow as the public page, so nobody
receives coaching without confirming it themselves. Used by the API and the leads' CSV upload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.curriculum import Curriculum, load_curriculum
from service.enums import SubscriptionStatus
from service.models import Manager, Message, Program
from service.subscriptions import mail
from service.subscriptions.validation import check_focus, check_timezone, clean_name, normalise_email

ROW_FIELDS = frozenset({"email", "name", "timezone", "focus"})
LOOKUP_CHUNK = 500


@dataclass
class RowResult:
    """One input row: "invited", "already-enrolled", "duplicate" (same address earlier) or "error"."""

    row: int
    email: str
    status: str
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


def _existing(session: Session, emails: list[str]) -> dict[str, Manager]:
    found: dict[str, Manager] = {}
    for start in range(0, len(emails), LOOKUP_CHUNK):
        chunk = emails[start : start + LOOKUP_CHUNK]
        found.update((m.email, m) for m in session.scalars(select(Manager).where(Manager.email.in_(chunk))))
    return found


def _invited_before(session: Session, manager_ids: list[int], program_id: int) -> set[int]:
    """Managers who already had this program's invitation (even if they left the program since)."""
    keys = [mail.invitation_key(manager_id, program_id) for manager_id in manager_ids]
    found: set[str] = set()
    for start in range(0, len(keys), LOOKUP_CHUNK):
        chunk = keys[start : start + LOOKUP_CHUNK]
        found.update(
            k for k in session.scalars(select(Message.dedupe_key).where(Message.dedupe_key.in_(chunk))) if k
        )
    return {manager_id for manager_id, key in zip(manager_ids, keys, strict=True) if key in found}


def enrol_managers(
    session: Session,
    program_id: int,
    rows: Iterable[object],
    now: datetime,
    curriculum: Curriculum | None = None,
) -> Enrolment:
    """Validate every row, import the valid ones, merge repeats, and queue one invitation per manager.

    Idempotent per program: invitations carry the dedupe key invitation:<manager>:<program>, and
    a manager already in the program is reported, not invited again. A manager who belongs to
    another program stays there (moving people between programs is not a lead's decision).
    """
    program = session.get(Program, program_id)
    if program is None:
        raise LookupError(f"no program {program_id}")
    curriculum = curriculum or load_curriculum()
    checked = [_check_row(data, curriculum) for data in rows]
    valid = [row for row in checked if isinstance(row, _Row)]
    known = _existing(session, sorted({row.email for row in valid}))
    invited_before = _invited_before(session, [m.id for m in known.values()], program_id)
    result = Enrolment()
    seen: set[str] = set()
    invitations = []
    for number, row in enumerate(checked, start=1):
        if not isinstance(row, _Row):
            result.rows.append(RowResult(number, "", "error", row))
            continue
        if row.email in seen:
            result.rows.append(RowResult(number, row.email, "duplicate"))
            continue
        seen.add(row.email)
        manager = known.get(row.email)
        if manager is not None and manager.program_id not in (None, program_id):
            errors = {"email": "This manager is enrolled in another program."}
            result.rows.append(RowResult(number, row.email, "error", errors))
            continue
        if manager is not None and (
            manager.id in invited_before
            or (manager.program_id == program_id and manager.invited_at is not None)
        ):
            manager.program_id = program_id  # (back) in the program; its invitation went out before
            result.rows.append(RowResult(number, row.email, "already-enrolled"))
            continue
        if manager is None:
            manager = Manager(email=row.email, name=row.name, timezone=row.timezone, created_at=now)
            session.add(manager)
        manager.program_id = program_id
        manager.name = manager.name or row.name
        manager.invited_at = now
        subscription = manager.subscription if manager.id is not None else None
        if subscription is not None and subscription.status in (
            SubscriptionStatus.ACTIVE,
            SubscriptionStatus.PAUSED,
        ):
            result.rows.append(RowResult(number, row.email, "already-enrolled"))
            continue
        invitations.append((manager, row.focus))
        result.rows.append(RowResult(number, row.email, "invited"))
    session.flush()
    messages = [
        mail.queue_invitation(session, manager, program_id, program.name, focus, now)
        for manager, focus in invitations
    ]
    session.flush()
    result.message_ids = [message.id for message in messages]
    return result
