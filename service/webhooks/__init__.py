"""SendGrid webhooks: Inbound Parse replies and the Event Webhook."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("webhooks", __name__, url_prefix="/webhooks")

from service.webhooks import events, inbound  # noqa: E402, F401 - routes register on the blueprint
