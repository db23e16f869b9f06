"""Program leads and admins: login, programs, dashboard, exports."""

from flask import Blueprint
from werkzeug.exceptions import Forbidden

from service.error_pages import forbidden_page, register_form_error_pages

blueprint = Blueprint("leads", __name__, url_prefix="/leads")
register_form_error_pages(blueprint)  # an expired sign-in form or too many attempts: a page that says so
blueprint.register_error_handler(Forbidden, forbidden_page)

# Routes live in submodules; importing them registers them on the blueprint.
from service.leads import (  # noqa: E402
    admin,
    auth,
    digest_choice,
    enrol,
    enrol_person,
    exports,
    formatting,
    inbound,
    invitations,
    passwords,
    preview,
    programs,
    team,
    timezone,
    tokens,
    users,
)

__all__ = [
    "admin",
    "auth",
    "blueprint",
    "digest_choice",
    "enrol",
    "enrol_person",
    "exports",
    "formatting",
    "inbound",
    "invitations",
    "passwords",
    "preview",
    "programs",
    "team",
    "timezone",
    "tokens",
    "users",
]
