"""Flask-Login glue: the signed-in account as a small value object, and the scoped lookups routes use."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, cast

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from service.accounts.scope import valid_id, visible_programs
from service.enums import LeadRole
from service.extensions import login_manager
from service.leads import blueprint
from service.models import Lead, Manager, Program
from service.text import whole_number
from service.web_db import db_session


@dataclass(frozen=True)
class User:
    """What a request knows about its account; built from the row on every request."""

    id: int
    email: str
    name: str
    role: str
    timezone: str
    fingerprint: str
    is_authenticated: bool = True
    is_anonymous: bool = False
    is_active: bool = True

    @property
    def is_admin(self) -> bool:
        return self.role == LeadRole.ADMIN

    def get_id(self) -> str:
        """Bound to the password hash: changing a password ends every other session."""
        return f"{self.id}.{self.fingerprint}"

    @classmethod
    def from_lead(cls, lead: Lead) -> User:
        return cls(lead.id, lead.email, lead.name, lead.role, lead.timezone, password_fingerprint(lead))


def password_fingerprint(lead: Lead) -> str:
    return hashlib.sha256(lead.password_hash.encode()).hexdigest()[:16]


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """A deactivated account or a changed password logs the session out on its next request."""
    raw_id, _, fingerprint = user_id.partition(".")
    lead_id = whole_number(raw_id)
    if lead_id is None:
        return None
    lead = db_session().get(Lead, lead_id)
    if lead is None or not lead.is_active or password_fingerprint(lead) != fingerprint:
        return None
    return User.from_lead(lead)


def current() -> User:
    """The signed-in account (routes using this are behind login_required)."""
    return cast(User, current_user._get_current_object())


def program_or_404(program_id: int) -> Program:
    """The program if this account may see it; 404 otherwise, so other programs' ids reveal nothing."""
    user = current()
    program = (
        db_session()
        .scalars(visible_programs(user.id, user.is_admin).where(Program.id == program_id))
        .one_or_none()
    )
    if program is None:
        abort(404)
    return program


def manager_or_404(program: Program, manager_id: int) -> Manager:
    manager = (
        db_session()
        .scalars(select(Manager).where(Manager.id == manager_id, Manager.program_id == program.id))
        .one_or_none()
    )
    if manager is None:
        abort(404)
    return manager


@blueprint.url_value_preprocessor
def _ids_in_range(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    """An id no row can have (a URL may carry any integer; SQLite rejects huge ones) is a 404."""
    for name, value in (values or {}).items():
        if name.endswith("_id") and isinstance(value, int) and not valid_id(value):
            abort(404)


def admin_or_404() -> User:
    user = current()
    if not user.is_admin:
        abort(404)
    return user
