"""The OpenAPI document describes the case and document endpoints."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

EXPECTED = {
    "/api/v1/cases": {"get", "post"},
    "/api/v1/cases/{case_id}": {"get"},
    "/api/v1/cases/{case_id}/events": {"get"},
    "/api/v1/cases/{case_id}/deadlines": {"get"},
    "/api/v1/cases/{case_id}/participants": {"get", "post"},
    "/api/v1/cases/{case_id}/participants/{participant_id}": {"delete"},
    "/api/v1/cases/{case_id}/transitions": {"get", "post"},
    "/api/v1/cases/{case_id}/judge": {"put"},
    "/api/v1/cases/{case_id}/documents": {"get", "post"},
    "/api/v1/cases/{case_id}/documents/{document_id}": {"get"},
    "/api/v1/cases/{case_id}/documents/{document_id}/versions": {"post"},
    "/api/v1/cases/{case_id}/documents/{document_id}/versions/{number}/content": {"get"},
}


def test_the_openapi_document_lists_the_case_and_document_paths() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path, methods in EXPECTED.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
    upload = paths["/api/v1/cases/{case_id}/documents"]["post"]["requestBody"]["content"]["multipart/form-data"][
        "schema"
    ]
    assert {"title", "file"} <= set(upload["properties"])
    assert "201" in paths["/api/v1/cases"]["post"]["responses"]


def test_the_interactive_documentation_loads() -> None:
    assert Client().get("/api/v1/docs").status_code == 200


def test_every_operation_describes_its_problem_answers() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    problem = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "instance"} <= set(problem["required"])
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for status in ("401", "404", "422"):
                content = operation["responses"][status]["content"]
                assert content == {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}, (
                    path,
                    method,
                    status,
                )
    upload = document["paths"]["/api/v1/cases/{case_id}/documents"]["post"]["responses"]
    assert {"409", "413", "415"} <= set(upload)
    download = document["paths"]["/api/v1/cases/{case_id}/documents/{document_id}/versions/{number}/content"]["get"]
    assert {"application/pdf", "image/png"} <= set(download["responses"]["200"]["content"])
