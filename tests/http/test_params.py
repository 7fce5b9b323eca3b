"""The API's parameter bounds and its OpenAPI agree: what Schemathesis once found, pinned as plain tests."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsgraph.http.params import MAX_OFFSET

pytestmark = pytest.mark.slow  # the sample database is built with the real model

LISTINGS = ("/api/articles", "/api/quotes", "/api/entities", "/api/events", "/api/claims", "/api/stories")


def error_of(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error"}
    error = response.json()["error"]
    assert set(error) == {"status", "title", "message"} and error["status"] == status
    return str(error["message"])


@pytest.mark.parametrize("path", LISTINGS)
def test_an_offset_past_64_bits_is_a_422_not_a_server_error(client: TestClient, path: str) -> None:
    assert "offset" in error_of(client.get(f"{path}?offset=36893488147419103232"), 422)
    assert "offset" in error_of(client.get(f"{path}?offset={MAX_OFFSET + 1}"), 422)
    page = client.get(f"{path}?offset={MAX_OFFSET}").json()
    assert page["items"] == [] and page["next"] is None


def test_the_last_allowed_offset_never_links_past_the_bound(client: TestClient) -> None:
    page = client.get(f"/api/quotes?offset={MAX_OFFSET - 1}&limit=1").json()
    assert page["next"] is None


@pytest.mark.parametrize("url", ["/api/quotes?from=2024-13", "/api/events?to=yesterday", "/api/quotes?from=%C2%94",
                                 "/api/events?from=2024-02-32"])
def test_a_date_that_is_not_one_is_a_422(client: TestClient, url: str) -> None:
    assert "from" in error_of(client.get(url), 422) or "to" in error_of(client.get(url), 422)


def test_timeline_needs_a_story_or_an_entity_and_the_schema_says_so(client: TestClient) -> None:
    assert "story" in error_of(client.get("/api/timeline"), 400)
    assert "entity" in error_of(client.get("/api/timeline?entity="), 422)  # empty: invalid by the schema too
    spec = client.get("/api/openapi.json").json()
    operation = spec["paths"]["/api/timeline"]["get"]
    grouped = next(p for p in operation["parameters"] if p["name"] == "story_entity")
    assert grouped["in"] == "query" and grouped["style"] == "form" and grouped["explode"] is True
    assert grouped["schema"]["anyOf"] == [{"required": ["story"]}, {"required": ["entity"]}]
    assert all(p["minLength"] == 1 for p in grouped["schema"]["properties"].values())


def test_every_operation_documents_its_errors_with_the_one_error_shape(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert spec["components"]["schemas"]["Error"]["required"] == ["error"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]  # FastAPI's own 422 shape is not ours
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            errors = {code for code in operation["responses"] if code.startswith(("4", "5"))}
            assert {"422", "503"} <= errors, (method, path)
            for code in errors:
                schema = operation["responses"][code]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, code)
            if "{" in path:
                assert "404" in errors, (method, path)
    ingest = spec["paths"]["/api/ingest"]["post"]["responses"]
    assert {"400", "413", "415", "429"} <= set(ingest)


def test_a_blank_or_unknown_pasted_field_is_refused_as_the_schema_says(client: TestClient) -> None:
    assert "text" in error_of(client.post("/api/ingest", json={"text": "  "}), 422)
    assert "unknown" in error_of(client.post("/api/ingest", json={"text": "x", "colour": "red"}), 422)
    body = client.get("/api/openapi.json").json()["paths"]["/api/ingest"]["post"]["requestBody"]
    pasted, urls = body["content"]["application/json"]["schema"]["oneOf"]
    assert pasted["additionalProperties"] is False and pasted["properties"]["text"]["pattern"] == r"\S"
    assert urls["additionalProperties"] is False and urls["properties"]["urls"]["maxItems"] == 100
    assert "not both" in error_of(client.post("/api/ingest", json={"urls": ["https://a.example/"], "text": "x"}),
                                  422)
