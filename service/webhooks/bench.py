"""A no-op webhook for benchmarks only (COACH_BENCH_NOOP=1): the same app and request path, no work.

bench/inbound.py and bench/events.py post the same bodies here in the same run, so their figures
come with the cost of Flask, gunicorn and the HTTP exchange as a baseline. Without the variable the
route answers 404 like any unknown path.
"""

from __future__ import annotations

import os

from flask import Response, abort, request

from service.extensions import csrf
from service.webhooks import blueprint

ENABLE_VARIABLE = "COACH_BENCH_NOOP"


@blueprint.post("/sendgrid/noop")
@csrf.exempt
def noop() -> Response:
    """Read the body and answer 200; 404 unless enabled for a benchmark."""
    if os.environ.get(ENABLE_VARIABLE) != "1":
        abort(404)
    request.get_data(cache=False)
    return Response("ok\n", mimetype="text/plain")
