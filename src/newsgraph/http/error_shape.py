"""The API's one error shape: every error, FastAPI's own included, is ``{"error": {"status", "title", "message"}}``.

``ApiError`` is an error a route (or the job queue) answers with a status of its own; ``error_response`` builds the
shape; ``install_error_handlers`` answers every exception with it (a service ``NotFoundError`` as 404, a
``StoreError`` as 503, another ``NewsgraphError`` as 422, anything else as 500).
"""

from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph.errors import NewsgraphError, NotFoundError, StoreError
from newsgraph.http.params import validation_message

__all__ = ["ApiError", "error_response", "install_error_handlers"]


class ApiError(Exception):
    """An error answered as ``{"error": {...}}`` with this status."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one error shape."""
    body = {"error": {"status": status, "title": HTTPStatus(status).phrase, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        message = str(exc.detail)
        if status == 404 and message == HTTPStatus(404).phrase:
            message = f"no such page: {request.url.path}"
        elif status == 405 and message == HTTPStatus(405).phrase:
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(status, message, headers=dict(exc.headers) if exc.headers else None)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, validation_message(exc.errors()))

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.headers)

    @app.exception_handler(NotFoundError)
    async def not_found(_request: Request, exc: NotFoundError) -> JSONResponse:
        return error_response(404, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(_request: Request, exc: StoreError) -> JSONResponse:
        return error_response(503, str(exc))

    @app.exception_handler(NewsgraphError)
    async def bad_request(_request: Request, exc: NewsgraphError) -> JSONResponse:
        return error_response(422, str(exc))

    @app.exception_handler(Exception)
    async def internal_error(_request: Request, exc: Exception) -> JSONResponse:
        return error_response(500, f"internal error ({type(exc).__name__}); the server log has the details")
