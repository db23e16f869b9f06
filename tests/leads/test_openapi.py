"""The OpenAPI document describes the JSON API and both webhooks; schemathesis drives the app
through it (valid and invalid data, with and without credentials) and finds no 5xx and no answer
the document does not describe."""

from __future__ import annotations

import base64
import os

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.app import create_app
from service.extensions import limiter
from service.settings import Settings
from tests.conftest import TEST_INBOUND_AUTH
from tests.leads.conftest import World

EXAMPLES = int(os.environ.get("COACH_SCHEMATHESIS_EXAMPLES", "25"))
OPERATIONS = (
    "GET /api/v1/programs/{program_id}/engagement",
    "POST /api/v1/programs/{program_id}/managers",
    "POST /api/v1/subscriptions",
    "POST /webhooks/sendgrid/inbound",
    "POST /webhooks/sendgrid/events",
)


def test_document_is_openapi_3_and_covers_the_api_and_webhooks(client: FlaskClient) -> None:
    response = client.get("/api/openapi.json")
    document = response.get_json()
    assert response.status_code == 200 and document["openapi"].startswith("3.")
    described = {f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item}
    assert described == set(OPERATIONS)
    assert document["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"


def _credentials(label: str, world: World, authenticated: bool) -> dict[str, str]:
    if not authenticated:
        return {}
    if label.startswith("POST /webhooks/sendgrid/inbound"):
        return {"Authorization": "Basic " + base64.b64encode(TEST_INBOUND_AUTH.encode()).decode()}
    if "/programs/" in label:
        return {"Authorization": f"Bearer {world.lead_a.token}"}
    return {}


@pytest.mark.parametrize("label", OPERATIONS)
@pytest.mark.parametrize("mode", [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE])
def test_schemathesis_finds_no_server_errors(
    settings: Settings, world: World, label: str, mode: schemathesis.GenerationMode
) -> None:
    # Rate limits would answer most requests with 429 before they reach the code under test. The
    # limiter is process-global and init_app keeps its previous `enabled` as the default: restore it.
    was_enabled = limiter.enabled
    app = create_app({"SETTINGS": settings, "TESTING": True, "RATELIMIT_ENABLED": False})
    try:
        _fuzz(app, world, label, mode)
    finally:
        limiter.enabled = was_enabled


def _fuzz(app: Flask, world: World, label: str, mode: schemathesis.GenerationMode) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    checks = [not_a_server_error]
    if mode is schemathesis.GenerationMode.POSITIVE:
        checks += [status_code_conformance, content_type_conformance, response_schema_conformance]

    mostly = st.sampled_from([True, True, True, False])  # mostly credentials of the program's own lead

    @given(case=operation.as_strategy(generation_mode=mode), own=mostly, authenticated=mostly)
    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def run(case: schemathesis.Case, own: bool, authenticated: bool) -> None:
        if own and "program_id" in (case.path_parameters or {}):
            case.path_parameters = {**case.path_parameters, "program_id": world.program_a}
        case.call_and_validate(headers=_credentials(label, world, authenticated), checks=checks)

    run()
