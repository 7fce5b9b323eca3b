"""The HTTP API (``newsgraph serve``): a thin FastAPI shell over one ``NewsGraph``; the web app mounts on it.

Reads run on a small pool of connections sharing the one database (a DuckDB connection serves one thread at
a time); ingest runs as jobs, one at a time, on a worker thread that owns the writing connection, so reads
stay answered (and see each article once its transaction commits) while a job runs. Every error, FastAPI's
own included, is ``{"error": {"status", "title", "message"}}``. With a token, every request must carry it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import queue
import threading
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.cookies import SimpleCookie
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsgraph.errors import InputFailure, NewsgraphError, NotFoundError, StoreError
from newsgraph.http_params import (
    INGEST_BODY,
    MAX_OFFSET,
    MAX_URLS,
    DateFrom,
    DateTo,
    Limit,
    Offset,
    errors,
    install_openapi,
    validation_message,
)
from newsgraph.records import Article
from newsgraph.service import ALL_TABLES, FetchPolicy, IngestEvent, NewsGraph, is_url, read_upload
from newsgraph.web import mount_web

logger = logging.getLogger(__name__)

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "TOKEN_COOKIE", "ApiError", "create_app", "is_loopback"]

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TOKEN_COOKIE = "newsgraph_token"
READERS = 4  # read connections (one per request thread at a time)
JOBS_KEPT = 200  # finished jobs remembered for /api/jobs/{id}
JOBS_WAITING = 16  # jobs queued (their uploads held in memory) before /api/ingest answers 429
EVENTS_KEPT = 1000  # per-article events a job reports (the most recent)
DOCS_ASSETS = "/api/docs/assets"


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


def is_loopback(host: str) -> bool:
    """Whether a bind address only accepts connections from this machine."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# -- read connections -----------------------------------------------------------------------------


class Readers:
    """A bounded pool of NewsGraphs sharing the database, each used by one request thread at a time."""

    def __init__(self, graph: NewsGraph, size: int = READERS) -> None:
        self._graph = graph
        self._size = size
        self._idle: queue.LifoQueue[NewsGraph] = queue.LifoQueue()
        self._opened: list[NewsGraph] = []
        self._lock = threading.Lock()
        self._idle.put(self._open_one())  # opens the database now: a bad path fails at start, not per request

    def _open_one(self) -> NewsGraph:
        reader = self._graph.share(hold_quotes=True)  # a long-lived process: quote listings from memory
        self._opened.append(reader)
        return reader

    @contextmanager
    def use(self) -> Iterator[NewsGraph]:
        try:
            reader = self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                fresh = self._open_one() if len(self._opened) < self._size else None
            reader = fresh if fresh is not None else self._idle.get()
        try:
            yield reader
        finally:
            self._idle.put(reader)

    def close(self) -> None:
        """Close every connection (a later request opens new ones)."""
        with self._lock:
            while True:
                try:
                    self._idle.get_nowait()
                except queue.Empty:
                    break
            for reader in self._opened:
                reader.close()
            self._opened.clear()


# -- ingest jobs ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Job:
    """One ingest request: pasted articles and/or uploaded files, and how far it got."""

    id: str
    articles: list[Article] = field(default_factory=list)
    uploads: list[tuple[str, bytes]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # URLs of pages, feeds and sitemaps to fetch
    status: str = "queued"
    total: int | None = None
    done: int = 0
    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "total": self.total, "done": self.done,
                "stored": list(self.stored), "unchanged": list(self.unchanged), "failed": list(self.failed),
                "events": list(self.events), "error": self.error}


class JobRunner:
    """A queue of ingest jobs run one at a time on one worker thread with the writing NewsGraph."""

    def __init__(self, graph: NewsGraph, workers: int = 1) -> None:
        self._graph = graph
        self._workers = workers  # extraction processes per job (the service's worker pool when > 1)
        self._jobs: dict[str, Job] = {}
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, job: Job) -> Job:
        """Queue a job; ApiError 429 while too many wait."""
        with self._lock:
            if sum(j.status == "queued" for j in self._jobs.values()) >= JOBS_WAITING:
                raise ApiError(429, f"{JOBS_WAITING} ingest jobs are already waiting; try again when they are done",
                               headers={"Retry-After": "5"})
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.status in ("done", "failed")]
            for old in finished[:max(0, len(finished) - JOBS_KEPT)]:
                del self._jobs[old.id]
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="newsgraph-ingest", daemon=True)
                self._thread.start()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> dict[str, Any]:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise NotFoundError(f"no job with id {job_id!r}")
            return job.to_dict()

    def stop(self, timeout: float = 5.0) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout)

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            try:
                self._run(job)
            except Exception as e:  # noqa: BLE001 - the job fails, the worker goes on
                message = str(e) if isinstance(e, NewsgraphError) else f"{type(e).__name__}: {e}"
                with self._lock:
                    job.status, job.error = "failed", message
            finally:
                job.articles, job.uploads, job.sources = [], [], []

    def _fail_input(self, job: Job, failure: InputFailure) -> None:
        job.failed.append({"name": failure.input_name, "error": failure.reason})
        self._event(job, {"status": "failed", "name": failure.input_name, "error": failure.reason})

    @staticmethod
    def _event(job: Job, event: dict[str, Any]) -> None:
        job.events.append(event)
        del job.events[:-EVENTS_KEPT]

    def _run(self, job: Job) -> None:
        with self._lock:
            job.status = "running"
        articles = list(job.articles)
        read_failures = 0
        for name, data in job.uploads:
            for item in read_upload(name, data):
                if isinstance(item, InputFailure):
                    with self._lock:
                        self._fail_input(job, item)
                    read_failures += 1
                else:
                    articles.append(item)
        with self._lock:
            job.total = None if job.sources else len(articles) + read_failures  # a feed's size is known late
            job.done = read_failures
        if not self._graph.writable:
            raise StoreError("the database is open read-only (another process may be writing it): cannot ingest")

        def progress(event: IngestEvent) -> None:
            with self._lock:
                job.done = read_failures + event.report.done
                if event.status == "stored":
                    job.stored.append(event.name)
                    self._event(job, {"status": "stored", "name": event.name})
                elif event.status == "unchanged":
                    job.unchanged.append(event.name)
                    self._event(job, {"status": "unchanged", "name": event.name})
                elif event.failure is not None:
                    self._fail_input(job, event.failure)

        if articles or job.sources:
            self._graph.ingest([*articles, *job.sources], progress=progress, workers=self._workers)
            _warm(self._graph)  # the listings of the new articles are then fast from the first request
        with self._lock:
            job.status = "done"


def _warm(graph: NewsGraph) -> None:
    """Load the quote catalogue in the background of serving; a failure here only leaves it to load lazily."""
    try:
        graph.warm()
    except Exception:  # noqa: BLE001 - the first listing loads it instead
        logger.warning("could not preload the quote catalogue", exc_info=True)


# -- request helpers ------------------------------------------------------------------------------


def _page(request: Request, rows: Sequence[Any], limit: int, offset: int) -> dict[str, Any]:
    """The list envelope, from up to ``limit + 1`` rows fetched at ``offset`` (one more tells a next page)."""
    more = len(rows) > limit and offset + limit <= MAX_OFFSET
    items = [r if isinstance(r, dict) else r.to_dict() for r in rows[:limit]]
    next_url = None
    if more:
        query = [(k, v) for k, v in request.query_params.multi_items() if k not in ("offset", "limit", "token")]
        query += [("limit", str(limit)), ("offset", str(offset + limit))]
        next_url = f"{request.url.path}?{urlencode(query)}"
    total = offset + len(items) if not more and (items or offset == 0) else None
    return {"items": items, "limit": limit, "offset": offset, "total": total, "next": next_url}


def _window(request: Request, rows: Sequence[Any], limit: int, offset: int) -> dict[str, Any]:
    """The list envelope over a list computed whole."""
    page = _page(request, rows[offset:offset + limit + 1], limit, offset)
    page["total"] = len(rows)
    return page


async def _read_body(request: Request, max_bytes: int) -> bytes:
    """The request body, refused with 413 beyond ``max_bytes`` (by its Content-Length, and as it arrives)."""
    too_big = ApiError(413, f"request body over the upload limit of {max_bytes} bytes")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise too_big
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > max_bytes:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


def _replayed(request: Request, body: bytes) -> Request:
    """A request whose body (already read) is ``body`` again, for Starlette's form parser."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)


_PASTE_FIELDS = ("title", "published", "source", "url", "id")


def _urls(payload: dict[str, Any]) -> list[str]:
    """``{"urls": [URL, ...]}``: pages, RSS/Atom feeds or sitemaps to fetch (http or https, at most MAX_URLS)."""
    urls = payload.get("urls")
    if set(payload) != {"urls"}:
        raise ApiError(422, "send either {\"urls\": [...]} or a pasted article, not both")
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
        raise ApiError(422, "\"urls\" must be a non-empty list of strings")
    if len(urls) > MAX_URLS:
        raise ApiError(422, f"at most {MAX_URLS} URLs a request")
    bad = [u for u in urls if not is_url(u)]
    if bad:
        raise ApiError(422, f"not an http(s) URL: {bad[0][:200]!r}")
    return [u.strip() for u in urls]


def _pasted_article(payload: Any) -> Article:
    if not isinstance(payload, dict):
        raise ApiError(422, "expected a JSON object with \"text\"")
    text = payload.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(422, "\"text\" must be a non-empty string")
    unknown = sorted(set(payload) - {"text", *_PASTE_FIELDS})
    if unknown:
        raise ApiError(422, f"unknown field(s): {', '.join(unknown)}")
    values: dict[str, str | None] = {}
    for name in _PASTE_FIELDS:
        value = payload.get(name)
        if value is not None and not isinstance(value, str):
            raise ApiError(422, f"\"{name}\" must be a string")
        values[name] = (value.strip() or None) if isinstance(value, str) else None
    article_id = values.pop("id") or "text-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return Article(id=article_id, text=text, **values)


# -- security ------------------------------------------------------------------------------------


class TokenGuard:
    """Every request needs the token: ``Authorization: Bearer T`` or the ``newsgraph_token`` cookie, which a
    GET with ``?token=T`` sets (then redirects to the same URL without it)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode("utf-8")

    def _matches(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode("utf-8", "surrogatepass"), self.token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        given = request.query_params.get("token")
        if given is not None and scope["type"] == "http" and request.method in ("GET", "HEAD"):
            if not self._matches(given):
                await self._refuse(scope, receive, send, "wrong token")
                return
            query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
            response = RedirectResponse(request.url.path + (f"?{query}" if query else ""), status_code=303)
            response.set_cookie(TOKEN_COOKIE, given, httponly=True, samesite="strict", path="/")
            await response(scope, receive, send)
            return
        authorization = request.headers.get("authorization", "")
        scheme, _, credential = authorization.partition(" ")
        bearer = credential.strip() if scheme.lower() == "bearer" else None
        cookie = SimpleCookie()
        try:
            cookie.load(request.headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed cookie header is no token
            cookie = SimpleCookie()
        from_cookie = cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else None
        if self._matches(bearer) or self._matches(from_cookie) or self._matches(given):
            await self.app(scope, receive, send)
            return
        await self._refuse(scope, receive, send, "this server needs a token: send 'Authorization: Bearer <token>', "
                                                 "or open any page once with ?token=<token>")

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, message: str) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await error_response(401, message, headers={"WWW-Authenticate": "Bearer"})(scope, receive, send)


# -- the app --------------------------------------------------------------------------------------


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
                _warm(reader)

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
    _install_error_handlers(app)
    install_openapi(app, token=bool(token))
    if token:
        app.add_middleware(TokenGuard, token=token)
    app.include_router(_api_router(readers, jobs, max_upload_bytes))
    _mount_docs(app)
    mount_web(app)
    return app


def _install_error_handlers(app: FastAPI) -> None:
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


def _api_router(readers: Readers, jobs: JobRunner, max_upload_bytes: int) -> APIRouter:
    api = APIRouter(prefix="/api")

    @api.get("/health", summary="Liveness and row counts", responses=errors())
    def health() -> dict[str, Any]:
        with readers.use() as graph:
            return {"status": "ok", "counts": graph.counts(ALL_TABLES)}

    @api.get("/articles", summary="Stored articles, newest first", responses=errors())
    def articles(request: Request, q: str | None = Query(None, description="Words in the title or text."),
                 source: str | None = Query(None, description="Outlet contains this (any case)."),
                 story: str | None = None, limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        with readers.use() as graph:
            rows = graph.articles(search=q, source=source, story=story, limit=limit + 1, offset=offset)
        return _page(request, rows, limit, offset)

    @api.get("/articles/{article_id:path}", summary="One article's whole record, its story and corpus entity ids",
             responses=errors(404))
    def article(article_id: str) -> dict[str, Any]:
        with readers.use() as graph:
            record = graph.article(article_id)
            return {**record.to_dict(), "story": graph.story_of(record.article.duplicate_of or article_id),
                    "corpus_ids": graph.corpus_ids(article_id), "copies": graph.copies_of(article_id)}

    @api.get("/quotes", summary="Who said what: quotes across the corpus", responses=errors())
    def quotes(request: Request, speaker: str | None = Query(None, description="Speaker name contains this."),
               outlet: str | None = Query(None, description="Outlet contains this (any case)."),
               date_from: str | None = DateFrom, date_to: str | None = DateTo,
               q: str | None = Query(None, description="Full-text search in the quote (every word, best first)."),
               article: str | None = None, story: str | None = None,
               entity: str | None = Query(None, description="The speaker's corpus entity id (see /api/entities)."),
               speech: Literal["true", "false", "any"] = Query(
                   "true", description="true: statements (acts of saying or writing); false: reported beliefs, "
                                       "findings and plans; any: both."),
               limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        wanted = {"true": True, "false": False, "any": None}[speech]
        with readers.use() as graph:
            rows = graph.quotes(speaker=speaker, search=q, outlet=outlet, article_id=article, date_from=date_from,
                                date_to=date_to, story=story, limit=limit + 1, offset=offset, entity=entity,
                                speech=wanted)
        return _page(request, rows, limit, offset)

    @api.get("/entities", summary="Corpus-wide entities, the most widespread first", responses=errors())
    def entities(request: Request, q: str | None = Query(None, description="Name contains this (any case)."),
                 type: str | None = Query(None, description="Entity type, e.g. PERSON, ORG, GPE."),
                 limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        with readers.use() as graph:
            rows = graph.entities(search=q, type=type, limit=limit + 1, offset=offset)
        return _page(request, rows, limit, offset)

    @api.get("/entities/{entity_id}", summary="One corpus entity and the articles naming it", responses=errors(404))
    def entity(entity_id: str) -> dict[str, Any]:
        with readers.use() as graph:
            row, found_in = graph.entity(entity_id)
        return {**row.to_dict(), "article_list": found_in}

    @api.get("/events", summary="Events (PLOVER), newest first", responses=errors())
    def events(request: Request, actor: str | None = Query(None, description="Actor name, mention or code."),
               type: str | None = Query(None, description="PLOVER event type."), modality: str | None = None,
               date_from: str | None = DateFrom, date_to: str | None = DateTo,
               story: str | None = None,
               entity: str | None = Query(None, description="A source or target's corpus entity id."),
               limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        with readers.use() as graph:
            rows = graph.events(actor=actor, type=type, modality=modality, date_from=date_from, date_to=date_to,
                                story=story, limit=limit + 1, offset=offset, entity=entity)
        return _page(request, rows, limit, offset)

    @api.get("/claims", summary="Claims and who asserts, denies or doubts them", responses=errors())
    def claims(request: Request, entity: str | None = Query(None, description="A holder's name or entity id."),
               stance: str | None = Query(None, pattern="^(?i:asserts|denies|doubts)$"),
               q: str | None = Query(None, description="Words in the claim."), story: str | None = None,
               limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        with readers.use() as graph:
            rows = graph.claims(entity=entity, stance=stance, search=q, story=story, limit=limit + 1, offset=offset)
        return _page(request, rows, limit, offset)

    @api.get("/stories", summary="Stories, latest first", responses=errors())
    def stories(request: Request, q: str | None = Query(None, description="Words in the story's title."),
                limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        with readers.use() as graph:
            rows = graph.stories(search=q, limit=limit + 1, offset=offset)
        return _page(request, rows, limit, offset)

    @api.get("/stories/{story_id}", summary="One story: summary, actors, articles, statements, timeline",
             responses=errors(404))
    def story(story_id: str) -> dict[str, Any]:
        with readers.use() as graph:
            return graph.story(story_id).to_dict()

    @api.get("/stories/{story_id}/claims", summary="A story's claims across articles: who asserts, who denies",
             responses=errors(404))
    def story_claims(request: Request, story_id: str, limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        with readers.use() as graph:
            rows = graph.story_claims(story_id, limit=limit + 1, offset=offset)
        return _page(request, rows, limit, offset)

    @api.get("/stories/{story_id}/statements", summary="A story's statements with every outlet carrying each",
             responses=errors(404))
    def story_statements(request: Request, story_id: str, limit: int = Limit,
                         offset: int = Offset) -> dict[str, Any]:
        with readers.use() as graph:
            graph.story_summary(story_id)  # 404 for an unknown story
            rows = graph.statements(story_id, limit=limit + 1, offset=offset)
        return _page(request, rows, limit, offset)

    @api.get("/timeline", summary="Events and statements in time order, of a story or an entity",
             responses=errors(400, 404))
    def timeline(request: Request,
                 story: str | None = Query(None, min_length=1, description="A story id: its timeline."),
                 entity: str | None = Query(None, min_length=1, description="An entity's name: the events it "
                                            "takes part in (in one story, with `story`). One of the two is needed "
                                            "(400 without either)."),
                 limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        if not story and not entity:
            raise ApiError(400, "give story=ID or entity=NAME")
        with readers.use() as graph:
            if entity:
                items = [{"date": e.date, "kind": "event", "label": e.text, "text": e.sentence, "article_id": e.doc,
                          "start": e.start, "end": e.end, "outlet": e.source, "title": e.title,
                          "published": e.published} for e in graph.timeline(entity, story or None)]
            else:
                assert story is not None
                items = []
                for item in graph.story_timeline(story):
                    row = item.to_dict()
                    row["dated_by"] = "published" if row["kind"] != "event" else "event"
                    row["kind"] = "statement" if row["kind"] == "statement" else "event"
                    items.append(row)
        return _window(request, items, limit, offset)

    @api.get("/graph", summary="The actor network: who acts on whom, who speaks about whom", responses=errors(404))
    def graph_of(story: str | None = None) -> dict[str, Any]:
        with readers.use() as graph:
            actors = graph.graph(story)
        weights: dict[str, int] = dict.fromkeys(actors.nodes, 0)
        edges = []
        for source, target, kind, weight in actors.edges:
            weights[source] += weight
            weights[target] += weight
            edges.append({"source": source, "target": target, "kind": kind, "weight": weight,
                          "label": kind.replace("_", " ")})
        nodes = [{"id": node_id, "label": attrs["label"], "type": attrs["type"], "code": attrs["code"] or None,
                  "weight": weights[node_id]} for node_id, attrs in actors.nodes.items()]
        return {"nodes": nodes, "edges": edges}

    @api.post("/ingest", status_code=202, summary="Add articles: pasted text or URLs (JSON), or files (multipart)",
              responses=errors(400, 413, 415, 429),
              openapi_extra=INGEST_BODY)
    async def ingest(request: Request) -> JSONResponse:
        body = await _read_body(request, max_upload_bytes)
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        job = Job(id=uuid.uuid4().hex[:16])
        if content_type == "application/json":
            try:
                payload = json.loads(body)
            except ValueError as e:
                raise ApiError(422, f"the body is not JSON: {e}") from e
            if isinstance(payload, dict) and "urls" in payload:
                job.sources = _urls(payload)
            else:
                job.articles.append(_pasted_article(payload))
        elif content_type == "multipart/form-data":
            async with _replayed(request, body).form(max_files=1000, max_fields=100) as form:
                files = [f for f in form.getlist("files") if not isinstance(f, str)]
                if not files:
                    raise ApiError(422, "no files: send one or more files in the form field \"files\"")
                for upload in files:
                    job.uploads.append((upload.filename or "upload", await upload.read()))
        else:
            raise ApiError(415, "send JSON ({\"text\": ...}) or multipart/form-data with \"files\"")
        jobs.submit(job)
        return JSONResponse({"job": job.id, "status_url": f"/api/jobs/{job.id}"}, status_code=202)

    @api.get("/jobs/{job_id}", summary="An ingest job's progress", responses=errors(404))
    def job(job_id: str) -> dict[str, Any]:
        return jobs.get(job_id)

    return api
