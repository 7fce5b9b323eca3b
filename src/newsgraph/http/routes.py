"""The API's routes under ``/api/``: each reads its parameters (bounded in ``params.py``), asks a reading
``NewsGraph`` from the pool (or queues an ingest job) and answers JSON; listings share one envelope
(``items``, ``limit``, ``offset``, ``total``, ``next``)."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.types import Message

from newsgraph.http.error_shape import ApiError
from newsgraph.http.jobs import Job, JobRunner
from newsgraph.http.params import (
    INGEST_BODY,
    MAX_OFFSET,
    MAX_URLS,
    DateFrom,
    DateTo,
    Limit,
    Offset,
    errors,
)
from newsgraph.http.readers import Readers
from newsgraph.records import Article
from newsgraph.service import ALL_TABLES, is_url

__all__ = ["api_router"]


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


# -- the routes -----------------------------------------------------------------------------------


def api_router(readers: Readers, jobs: JobRunner, max_upload_bytes: int) -> APIRouter:
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
