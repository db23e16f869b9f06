"""Every link an email carries, built from the public URL and a purpose-scoped token."""

from __future__ import annotations

from service.accounts.password_reset import reset_token
from service.models import Lead
from service.settings import Settings
from service.tokens import make_token


def confirm_url(settings: Settings, subscription_id: int) -> str:
    """Double opt-in: opens a page with a Confirm button (a GET never changes state)."""
    return f"{settings.public_url}/confirm/{make_token(settings.secret_key, 'confirm', subscription_id)}"


def confirm_change_url(settings: Settings, change_id: int) -> str:
    """Confirms one stored subscribe request for a known address (the same confirm page)."""
    return f"{settings.public_url}/confirm/{make_token(settings.secret_key, 'confirm-change', change_id)}"


def preferences_url(settings: Settings, subscription_id: int) -> str:
    """The preference centre: focus, schedule, pause, sharing consent, unsubscribe."""
    token = make_token(settings.secret_key, "preferences", subscription_id)
    return f"{settings.public_url}/preferences/{token}"


def reflections_url(settings: Settings, manager_id: int) -> str:
    """ "My reflections": the manager's own replies and commitments, downloads and erasure."""
    return f"{settings.public_url}/reflections/{make_token(settings.secret_key, 'reflections', manager_id)}"


def privacy_url(settings: Settings) -> str:
    """The privacy page: what is stored, who sees what, how long, how to erase it."""
    return f"{settings.public_url}/privacy"


def unsubscribe_url(settings: Settings, subscription_id: int) -> str:
    """One URL for both: the footer link (GET: a page with one button) and RFC 8058 one-click POST."""
    token = make_token(settings.secret_key, "unsubscribe", subscription_id)
    return f"{settings.public_url}/unsubscribe/{token}"


def invite_url(settings: Settings, invitation_id: int) -> str:
    """A program invitation's join page: the link proves the inbox, so joining needs no other email."""
    return f"{settings.public_url}/subscribe/invite/{make_token(settings.secret_key, 'join', invitation_id)}"


def command_url(settings: Settings, reply_id: int) -> str:
    """Confirming a command whose sender could not be verified: a page with a Confirm button."""
    return f"{settings.public_url}/commands/{make_token(settings.secret_key, 'command', reply_id)}"


def password_reset_url(settings: Settings, lead: Lead) -> str:
    """A lead's single-use link to choose a new password (valid for an hour)."""
    return f"{settings.public_url}/leads/password/reset/{reset_token(settings.secret_key, lead)}"


def dashboard_url(settings: Settings, program_id: int | None) -> str:
    """A lead's program dashboard (the programs list when the program is unknown)."""
    if program_id is None:
        return f"{settings.public_url}/leads/"
    return f"{settings.public_url}/leads/programs/{program_id}"


def commitment_url(settings: Settings, message_id: int, answer: str) -> str:
    """A check-back's answer link: a page with the one button that records it (a GET never does)."""
    token = make_token(settings.secret_key, "commitment", message_id)
    return f"{settings.public_url}/commitments/{token}?answer={answer}"


def lesson_url(settings: Settings, message_id: int, slug: str) -> str:
    """A handover's one-click choice: a page with the button that starts lesson `slug`."""
    token = make_token(settings.secret_key, "lesson", message_id)
    return f"{settings.public_url}/lessons/{token}?lesson={slug}"


def move_url(settings: Settings, message_id: int) -> str:
    """A nudge's "take it on" link: a page with a date and the button that makes it a commitment."""
    return f"{settings.public_url}/moves/{make_token(settings.secret_key, 'move', message_id)}"
