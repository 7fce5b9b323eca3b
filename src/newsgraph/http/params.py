"""The HTTP API's parameters and their OpenAPI: bounds, patterns, the error responses each operation answers.

Every query parameter is bounded so that no request, however odd, reaches the database with a value it cannot
hold (an offset past 64 bits once answered 500); every status an operation can answer besides 200 is documented
with the one error shape ``{"error": {"status", "title", "message"}}``, so the schema and the code agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import Query
from fastapi.openapi.utils import get_openapi

__all__ = ["DATE_PATTERN", "DEFAULT_LIMIT", "ERROR_SCHEMA", "INGEST_BODY", "MAX_LIMIT", "MAX_OFFSET", "DateFrom",
           "DateTo", "Limit", "Offset", "errors", "install_openapi", "validation_message"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000
"""The largest ``offset`` a listing accepts (422 beyond): far past any corpus, far inside the database's 64 bits."""

# The dates the store accepts (store.check_calendar_date): YYYY, YYYY-MM or YYYY-MM-DD with a real month and day.
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"

Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")
Offset = Query(0, ge=0, le=MAX_OFFSET, description=f"Items skipped (at most {MAX_OFFSET:,}; the next page's "
                                                   "offset is in `next`).")
DateFrom = Query(None, alias="from", pattern=DATE_PATTERN, description="On or after (YYYY[-MM[-DD]]).")
DateTo = Query(None, alias="to", pattern=DATE_PATTERN, description="On or before (YYYY[-MM[-DD]]).")

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {"error": {
        "type": "object",
        "required": ["status", "title", "message"],
        "additionalProperties": False,
        "properties": {"status": {"type": "integer"}, "title": {"type": "string"}, "message": {"type": "string"}},
    }},
}
"""The one error shape, answered for every status but 2xx and 3xx (``error_shape.error_response``)."""

_WHY = {
    400: "The request cannot be read (e.g. broken multipart data), or lacks what the description says it needs.",
    401: "No token, or the wrong one (the server was started with --token).",
    404: "No such item.",
    413: "The request body is over the upload limit.",
    415: "The body is neither JSON nor multipart/form-data.",
    422: "A parameter or the body is not valid.",
    429: "Too many ingest jobs wait already; try again after the Retry-After seconds.",
    503: "The database cannot answer now (e.g. it is open read-only, so cannot ingest).",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of an operation that can answer these error statuses (and 422 and 503, as every
    operation can: a bad parameter, a database that cannot answer)."""
    wanted = sorted({*statuses, 422, 503})
    return {status: {"description": f"{HTTPStatus(status).phrase}. {_WHY[status]}",
                     "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            for status in wanted}


def validation_message(problems: Sequence[Any]) -> str:
    """One line for FastAPI's validation errors: each parameter and what is wrong with it, naming the value
    (a date that is not one is said as the CLI says it)."""
    parts = []
    for problem in problems:
        where = ".".join(str(part) for part in problem.get("loc", ())[1:]) or "request"
        given = problem.get("input")
        if problem.get("type") == "string_pattern_mismatch" and (problem.get("ctx") or {}).get(
                "pattern") == DATE_PATTERN:
            parts.append(f"{where}: {given!r} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD")
            continue
        shown = f" (got {given!r:.80})" if isinstance(given, str | int | float) and problem.get("type") not in (
            "missing",) else ""
        parts.append(f"{where}: {problem.get('msg', 'invalid')}{shown}")
    return "; ".join(parts) or "invalid request"


_OPTIONAL_STRING = {"type": ["string", "null"]}
MAX_URLS = 100  # URLs one POST /api/ingest may send

INGEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"oneOf": [
                {"type": "object", "required": ["text"], "additionalProperties": False,
                 "properties": {
                     "text": {"type": "string", "pattern": r"\S", "description": "The article text (not blank)."},
                     **{name: _OPTIONAL_STRING for name in ("title", "published", "source", "url", "id")},
                 }},
                {"type": "object", "required": ["urls"], "additionalProperties": False,
                 "description": "Pages, RSS/Atom feeds or sitemaps to fetch.",
                 "properties": {"urls": {"type": "array", "minItems": 1, "maxItems": MAX_URLS,
                                         "items": {"type": "string", "pattern": r"^\s*[Hh][Tt][Tt][Pp][Ss]?://"}}}},
            ]}},
            "multipart/form-data": {"schema": {
                "type": "object", "required": ["files"],
                "properties": {"files": {"type": "array", "minItems": 1,
                                         "items": {"type": "string", "format": "binary"}}}}},
        },
    }
}
"""The body of ``POST /api/ingest``: what ``routes._pasted_article`` and the multipart reader accept."""


AT_LEAST_ONE: dict[tuple[str, str], tuple[str, ...]] = {("/api/timeline", "get"): ("story", "entity")}
"""Operations that need at least one of these query parameters (400 without any)."""


def _at_least_one(operation: dict[str, Any], names: tuple[str, ...]) -> None:
    """Say in the schema that ``operation`` needs one of the query parameters ``names``: they become the
    properties of one exploded form-style object parameter (serialised as the same ``?story=..&entity=..``),
    which JSON Schema can require to hold at least one of them."""
    params = operation.get("parameters", [])
    grouped = [p for p in params if p.get("in") == "query" and p.get("name") in names]
    properties = {p["name"]: {**p.get("schema", {}), "description": p.get("description", "")} for p in grouped}
    for schema in properties.values():  # FastAPI's "string or null": here an absent parameter is the null
        for branch in schema.pop("anyOf", []):
            if branch.get("type") != "null":
                schema.update(branch)
    operation["parameters"] = [p for p in params if p not in grouped] + [{
        "name": "_".join(names), "in": "query", "required": True, "style": "form", "explode": True,
        "description": "At least one of: " + ", ".join(f"`{n}`" for n in names) + ".",
        "schema": {"type": "object", "properties": properties,  # other keys are the other parameters
                   "anyOf": [{"required": [name]} for name in names]}}]


def install_openapi(app: Any, token: bool) -> None:
    """Generate ``app``'s OpenAPI with the error shape as ``components.schemas.Error``, the parameters of which
    at least one is needed (``AT_LEAST_ONE``) and, with a ``token``, 401 on every operation."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
            spec.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
            for (path, method), names in AT_LEAST_ONE.items():
                operation = spec.get("paths", {}).get(path, {}).get(method)
                if operation is not None:
                    _at_least_one(operation, names)
            if token:
                unauthorized = errors(401)[401]
                for operations in spec.get("paths", {}).values():
                    for operation in operations.values():
                        operation.setdefault("responses", {})["401"] = unauthorized
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi
