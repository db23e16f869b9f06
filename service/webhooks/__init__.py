"""SendGrid webhooks: Inbound Parse replies and the Event Webhook."""

from flask import Blueprint

blueprint = Blueprint("webhooks", __name__, url_prefix="/webhooks")
