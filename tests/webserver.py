"""A local web server for the fetch/feed/sitemap tests: routes served on loopback, every request logged.

Nothing here leaves the machine: the server binds 127.0.0.1 on a free port.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What one path answers: a status, headers and body, or a sequence of them (one per request, the last
    repeated); ``delay`` seconds before the body, ``trickle``: the body sent a byte at a time with that pause."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    trickle: float = 0.0
    etag: str | None = None  # answer 304 to a request with If-None-Match equal to it
    then: list[Route] = field(default_factory=list)  # the answers of the following requests


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class LocalWeb:
    """``web.route("/feed.xml", Route(...))``, ``web.url("/feed.xml")``; ``web.requests`` lists what came."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.counts: dict[str, int] = {}
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                web._answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        self.requests.append(Seen(path, {k.lower(): v for k, v in handler.headers.items()}))
        route = self.routes.get(path) or self.routes.get(path.split("?")[0])
        if route is None:
            route = Route(status=404, body=b"not found", content_type="text/plain")
        else:
            n = self.counts.get(path, 0)
            self.counts[path] = n + 1
            sequence = [route, *route.then]
            route = sequence[min(n, len(sequence) - 1)]
        if route.etag and handler.headers.get("If-None-Match") == route.etag:
            handler.send_response(304)
            handler.send_header("ETag", route.etag)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        try:
            if route.delay:
                time.sleep(route.delay)
            handler.send_response(route.status)
            handler.send_header("Content-Type", route.content_type)
            if route.etag:
                handler.send_header("ETag", route.etag)
            for name, value in route.headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(route.body)))
            handler.end_headers()
            if route.trickle:
                for i in range(len(route.body)):
                    handler.wfile.write(route.body[i:i + 1])
                    handler.wfile.flush()
                    time.sleep(route.trickle)
            else:
                handler.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass
