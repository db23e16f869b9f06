"""The JSON API under /api/v1 and its OpenAPI document."""

from flask import Blueprint

blueprint = Blueprint("api", __name__, url_prefix="/api")
