"""The app the webhook benchmarks serve: the production app plus a no-op webhook as their baseline.

POST /webhooks/sendgrid/noop reads the body and answers 200 without doing anything, so
bench/inbound.py and bench/events.py measure, in the same run, what Flask, gunicorn and the HTTP
exchange cost on their own. The route exists only in this app (`gunicorn 'bench.app:create_bench_app()'`),
never in the one the Procfile serves.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, request

from service.app import create_app
from service.extensions import csrf

NOOP_PATH = "/webhooks/sendgrid/noop"

blueprint = Blueprint("bench", __name__)


@blueprint.post(NOOP_PATH)
@csrf.exempt
def noop() -> Response:
    """Read the body and answer 200."""
    request.get_data(cache=False)
    return Response("ok\n", mimetype="text/plain")


def create_bench_app() -> Flask:
    app = create_app()
    app.register_blueprint(blueprint)
    return app
