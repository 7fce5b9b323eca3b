"""The app (``newsgraph serve``): ``create_app`` puts the API's routes, its error shape, its OpenAPI, the token guard,
the docs page and the web app together over one ``NewsGraph``."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from newsgraph.http.error_shape import install_error_handlers
from newsgraph.http.guard import TokenGuard
from newsgraph.http.jobs import JobRunner
from newsgraph.http.params import install_openapi
from newsgraph.http.readers import Readers, warm
from newsgraph.http.routes import api_router
from newsgraph.service import FetchPolicy, NewsGraph
from newsgraph.web import mount_web

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "create_app"]

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DOCS_ASSETS = "/api/docs/assets"


def create_app(graph: NewsGraph, *, token: str | None = None,
               max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES, ingest_workers: int = 1,
               allow_private_urls: bool = False) -> FastAPI:
    """The API (under /api/) and the web app (at /) over ``graph``'s database; the caller closes ``graph``.

    The database is opened now (for writing, so that ingest jobs can run; read-only if another process
    writes it). With a ``token``, every request must carry it. ``ingest_workers``: processes extracting
    each ingest job's articles (as ``NewsGraph.ingest(workers=...)``). URLs sent to /api/ingest are fetched
    only from public addresses unless ``allow_private_urls`` (no server-side request forgery).
    """
    graph.fetch_policy = replace(graph.fetch_policy or FetchPolicy(), allow_private=allow_private_urls)
    readers = Readers(graph)
    jobs = JobRunner(graph, ingest_workers)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        def warm_reader() -> None:
            with readers.use() as reader:
                warm(reader)

        warming = threading.Thread(target=warm_reader, name="newsgraph-warm", daemon=True)
        warming.start()
        yield
        warming.join(timeout=60)  # never close the connection it is loading from under it
        jobs.stop()
        readers.close()

    app = FastAPI(title="newsgraph", summary="Who said what, who did what to whom: the sourced record of news.",
                  version="1", openapi_url="/api/openapi.json", docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.readers = readers
    app.state.jobs = jobs
    install_error_handlers(app)
    install_openapi(app, token=bool(token))
    if token:
        app.add_middleware(TokenGuard, token=token)
    app.include_router(api_router(readers, jobs, max_upload_bytes))
    _mount_docs(app)
    mount_web(app)
    return app


def _mount_docs(app: FastAPI) -> None:
    """The OpenAPI docs page, its Swagger UI assets served from the installed swagger-ui-bundle (offline)."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:  # the docs page needs the swagger-ui-bundle package; the API works without it
        return
    from starlette.staticfiles import StaticFiles

    app.mount(DOCS_ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/api/openapi.json", title="newsgraph API",
                                   swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png")
