"""The OpenAPI document describes every endpoint; a bounded schemathesis run finds no 5xx and no schema break."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from server_helpers import LiveUvicorn, make_settings

from bugzot_server import tokens
from bugzot_server.main import create_app

# No 5xx, and every answer matches the document (status, content type, headers, body schema).
# Not "positive data acceptance": a schema-valid string is rarely a valid report JSON with matching files.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@schemathesis.serializer("application/zip")
def _zip_body(_ctx, value) -> bytes:  # noqa: ANN001
    """Generated binary bodies for the bundle endpoint, sent as they are."""
    return value if isinstance(value, bytes) else str(value).encode()


@pytest.fixture(scope="module")
def live_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveUvicorn, str]]:
    tmp = tmp_path_factory.mktemp("openapi")
    app = create_app(make_settings(Path(tmp), None, max_request_bytes=200_000))
    token = tokens.create(app.state.db, "schemathesis")
    srv = LiveUvicorn(app)
    try:
        yield srv, token
    finally:
        srv.stop()


def test_openapi_lists_every_route(live_api) -> None:
    srv, _ = live_api
    import requests

    doc = requests.get(srv.url + "/openapi.json", timeout=10).json()
    assert sorted((path, sorted(ops)) for path, ops in doc["paths"].items()) == [
        ("/", ["get"]),
        ("/api/v1/bundles", ["post"]),
        ("/api/v1/reports", ["get", "post"]),
        ("/api/v1/reports/{report_id}", ["get"]),
        ("/api/v1/reports/{report_id}/status", ["post"]),
        ("/attachments/{attachment_id}", ["get"]),
        ("/attachments/{attachment_id}/{kind}", ["get"]),
        ("/health", ["get"]),
        ("/reports/{report_id}", ["get"]),
        ("/reports/{report_id}/status", ["post"]),
    ]
    assert "multipart/form-data" in doc["paths"]["/api/v1/reports"]["post"]["requestBody"]["content"]


def test_api_conforms(live_api) -> None:
    """Every operation, a bounded number of generated requests each (schemathesis's pytest plugin
    does not load on this pytest, so its documented Hypothesis route is used directly)."""
    srv, token = live_api
    schema = schemathesis.openapi.from_url(srv.url + "/openapi.json")
    ran = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
        def check(case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

        check()
        ran.append(operation.label)
    assert len(ran) == 11
