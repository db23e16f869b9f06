"""Leads and admins as domain logic (no Flask): passwords, accounts, program access and API tokens."""

from __future__ import annotations

from service.accounts.api_tokens import (
    TOKEN_PREFIX,
    IssuedToken,
    hash_api_token,
    issue_api_token,
    lead_for_api_token,
    revoke_api_token,
)
from service.accounts.co_leads import (
    TeamMember,
    add_co_lead,
    is_program_owner,
    program_team,
    remove_co_lead,
    set_owner,
)
from service.accounts.leads import (
    AccountError,
    assign_program,
    authenticate,
    create_account,
    create_program,
    end_sessions,
    find_lead,
    normalise_account_email,
    program_named,
    receives_digests,
    set_active,
    set_password,
    unassign_program,
)
from service.accounts.passwords import generate_password, hash_password, verify_password
from service.accounts.scope import can_see_program, visible_programs

__all__ = [
    "TOKEN_PREFIX",
    "AccountError",
    "IssuedToken",
    "TeamMember",
    "add_co_lead",
    "assign_program",
    "authenticate",
    "can_see_program",
    "create_account",
    "create_program",
    "end_sessions",
    "find_lead",
    "generate_password",
    "hash_api_token",
    "hash_password",
    "is_program_owner",
    "issue_api_token",
    "lead_for_api_token",
    "normalise_account_email",
    "program_named",
    "program_team",
    "receives_digests",
    "remove_co_lead",
    "revoke_api_token",
    "set_active",
    "set_owner",
    "set_password",
    "unassign_program",
    "verify_password",
    "visible_programs",
]
