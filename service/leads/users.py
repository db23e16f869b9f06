"""Flask-Login glue: the signed-in account as a small value object, and the scoped lookups routes use."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any, cast

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from service.accounts.password_reset import password_fingerprint
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
    generation: int
    is_authenticated: bool = True
    is_anonymous: bool = False
    is_active: bool = True

    @property
    def is_admin(self) -> bool:
        return self.role == LeadRole.ADMIN

    def get_id(self) -> str:
        """Bound to the password hash and the account's session generation, checked on every request."""
        return f"{self.id}.{self.fingerprint}.{self.generation}"

    @classmethod
    def from_lead(cls, lead: Lead) -> User:
        return cls(
            lead.id,
            lead.email,
            lead.name,
            lead.role,
            lead.timezone,
            password_fingerprint(lead),
            lead.session_generation or 0,
        )


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """A deactivated account, a changed password or a sign-out anywhere (a new session generation)
    ends the session on its next request, a copied cookie included."""
    parts = user_id.split(".")
    if len(parts) != 3:
        return None
    lead_id, generation = whole_number(parts[0]), whole_number(parts[2])
    if lead_id is None or generation is None:
        return None
    lead = db_session().get(Lead, lead_id)
    if lead is None or not lead.is_active:
        return None
    if not hmac.compare_digest(password_fingerprint(lead), parts[1]) or generation != lead.session_generation:
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
