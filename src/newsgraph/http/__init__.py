"""The HTTP API (``newsgraph serve``): a thin FastAPI shell over one ``NewsGraph``; the web app mounts on it.

Reads run on a small pool of connections sharing the one database (``readers.py``; a DuckDB connection serves one
thread at a time); ingest runs as jobs, one at a time, on a worker thread that owns the writing connection
(``jobs.py``), so reads stay answered (and see each article once its transaction commits) while a job runs.
Every error, FastAPI's own included, is ``{"error": {"status", "title", "message"}}`` (``error_shape.py``). With
a token, every request must carry it (``guard.py``). ``routes.py`` holds the routes under ``/api/``, ``params.py``
their parameter bounds and the OpenAPI, ``app.py`` puts them together (``create_app``).

This layer imports only the service layer (``newsgraph.service``), the records and errors (``newsgraph.records``,
``newsgraph.errors``) and the web app it serves (``newsgraph.web``): never the store, spaCy, the stages or the
models directly.
"""

from newsgraph.http.app import DEFAULT_MAX_UPLOAD_BYTES, create_app
from newsgraph.http.error_shape import ApiError
from newsgraph.http.guard import TOKEN_COOKIE, is_loopback

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "TOKEN_COOKIE", "ApiError", "create_app", "is_loopback"]
