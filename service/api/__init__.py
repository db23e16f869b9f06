"""The JSON API under /api/v1 and its OpenAPI document."""

from flask import Blueprint

blueprint = Blueprint("api", __name__, url_prefix="/api")

# Routes live in submodules; importing them registers them on the blueprint.
from service.api import engagement, errors, managers, openapi, subscriptions  # noqa: E402

__all__ = ["blueprint", "engagement", "errors", "managers", "openapi", "subscriptions"]
