"""The published schema, and a bounded schemathesis run against it through WSGI: a few
deterministic examples per operation, no server error, every answer as the schema says."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import make_token

pytestmark = pytest.mark.django_db
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_the_schema_is_openapi_3_and_public(client, api_region):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_the_docs_use_only_this_sites_assets(client, api_region):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "//cdn" not in html and "https://" not in html and "http://" not in html
    assert '"validatorUrl": null' in html  # the UI would otherwise ask an outside validator


def test_the_api_matches_its_schema(api_region, register):
    """Bounded: two examples per operation, derandomised, no example database; with the
    register's case, meeting and kept document to read (about 0.1 s an operation)."""
    _token, secret = make_token(api_region, api_region.admin)
    app = get_wsgi_application()
    # As Django's test client does: a request through the bare WSGI application must not close
    # the test's database connection when it finishes (PostgreSQL would lose the transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _run_every_operation(app, secret)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run_every_operation(app, secret: str) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {secret}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:

        @settings(
            max_examples=2,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

        run()
