"""A polite, safe HTTP fetcher (httpx): what ``newsgraph ingest URL`` and ``watch`` read the web through.

Every request: a user agent naming newsgraph and its version; ``robots.txt`` obeyed (fetched once per host and
kept for a day, RFC 9309: a 4xx robots.txt allows all, a 5xx or unreachable one disallows all; its
``Crawl-delay`` lengthens the wait); at most one request per host every ``min_interval`` seconds; connect/read
timeouts and an overall deadline per response; retries with exponential back-off on 429 and 5xx answers and
on network errors (``Retry-After`` honoured up to ``max_retry_after``); redirects followed by hand up to
``max_redirects``, each hop checked again; bodies cut off past ``max_bytes``; content types checked against
what the caller expects; conditional GET (``If-None-Match`` / ``If-Modified-Since``) when the caller passes
the validators of an earlier answer. With ``allow_private=False`` (the HTTP server's default) a host that
resolves to a private, loopback, link-local or otherwise non-public address is refused before any request, at
every redirect hop (server-side request forgery). The address is checked when resolved, not pinned: a host
whose DNS answer changes between the check and the connection (DNS rebinding) is not caught.

Every failure is a ``FetchError`` (an ``InputError``) naming the URL and the reason in one line.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from newsgraph.errors import InputError
from newsgraph.ingest.urls import host_of

try:
    from importlib.metadata import version as _dist_version

    VERSION = _dist_version("newsgraph")
except Exception:  # noqa: BLE001 - running from a source tree without metadata
    VERSION = "0"

USER_AGENT = f"newsgraph/{VERSION} (news quote and event extraction; respects robots.txt)"
ROBOTS_TOKEN = "newsgraph"
HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml", "application/rdf+xml",
             "application/x-rss+xml", "application/feed+xml", "application/x-gzip", "application/gzip",
             "application/octet-stream")
ANY_SOURCE = HTML_TYPES + XML_TYPES + ("text/plain",)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
ROBOTS_TTL = 24 * 3600.0


class FetchError(InputError):
    """A URL that could not be fetched: ``FetchError(url, reason)``."""


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How politely and safely to fetch (the defaults are what ``newsgraph ingest`` uses)."""

    user_agent: str = USER_AGENT
    timeout: float = 20.0  # seconds to connect, between bytes, and for a whole response
    retries: int = 3  # further tries after a 429, a 5xx or a network error
    backoff: float = 1.0  # seconds before the first retry; doubled for each next one
    max_retry_after: float = 60.0  # the longest Retry-After honoured (longer ones: give up)
    min_interval: float = 1.0  # seconds between two requests to one host
    max_crawl_delay: float = 30.0  # the longest robots.txt Crawl-delay honoured
    max_bytes: int = 16 * 1024 * 1024  # the largest body read
    max_redirects: int = 5
    respect_robots: bool = True
    allow_private: bool = True  # False: refuse hosts that resolve to non-public addresses


@dataclass(slots=True)
class FetchResult:
    """One answer: the final URL (after redirects), status, content type, body and cache validators."""

    url: str
    status: int
    content_type: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    requests: int = 1  # HTTP requests made for it (robots.txt excluded)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class RobotsCache(Protocol):
    """Where robots.txt files are kept between runs (the store, or memory)."""

    def get_robots(self, host: str) -> tuple[str, float] | None: ...

    def put_robots(self, host: str, text: str) -> None: ...


@dataclass(slots=True)
class MemoryRobots:
    """robots.txt files kept in memory only."""

    files: dict[str, tuple[str, float]] = field(default_factory=dict)

    def get_robots(self, host: str) -> tuple[str, float] | None:
        return self.files.get(host)

    def put_robots(self, host: str, text: str) -> None:
        self.files[host] = (text, time.time())


def public_address_problem(url: str) -> str | None:
    """Why ``url``'s host must not be fetched on someone else's behalf (it resolves to a private, loopback,
    link-local, multicast, reserved or unspecified address), or None when every address it has is public."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        return "no host in the URL"
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        return f"cannot resolve host {host!r} ({e})"
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            kind = ("loopback" if address.is_loopback else "link-local" if address.is_link_local
                    else "private" if address.is_private else "non-public")
            return (f"refused: {host} resolves to a {kind} address ({address}); the server fetches only public "
                    "addresses unless started with --allow-private-urls")
    return None


def _media_type(header: str | None) -> str:
    return (header or "").split(";")[0].strip().lower()


class Fetcher:
    """Fetches URLs under a ``FetchPolicy``; one instance keeps its per-host clock and robots files.

    ``sleep`` and ``clock`` are injectable so tests run without waiting. Thread-safe for the rate limit.
    """

    def __init__(self, policy: FetchPolicy | None = None, robots: RobotsCache | None = None,
                 transport: httpx.BaseTransport | None = None, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy or FetchPolicy()
        self.robots = robots if robots is not None else MemoryRobots()
        self._sleep, self._clock = sleep, clock
        timeout = httpx.Timeout(self.policy.timeout)
        self._client = httpx.Client(headers={"User-Agent": self.policy.user_agent}, timeout=timeout,
                                    follow_redirects=False, transport=transport, trust_env=False)
        self._last: dict[str, float] = {}
        self._parsers: dict[str, tuple[urllib.robotparser.RobotFileParser | None, bool]] = {}
        self._lock = threading.Lock()
        self.requests = 0  # HTTP requests made, robots.txt included

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the public call -------------------------------------------------------------------------

    def fetch(self, url: str, accept: Iterable[str] = ANY_SOURCE, etag: str | None = None,
              last_modified: str | None = None) -> FetchResult:
        """GET ``url`` (following redirects), conditionally when ``etag``/``last_modified`` are given (a 304
        answer comes back with ``not_modified`` and an empty body). FetchError naming ``url`` on any failure."""
        accepted = tuple(accept)
        current, requests = url, 0
        for _hop in range(self.policy.max_redirects + 1):
            self._check_allowed(url, current)
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            response, body, tries = self._get(url, current, headers)
            requests += tries
            if response.is_redirect and response.status_code != 304:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(url, f"HTTP {response.status_code} redirect without a Location")
                current = urljoin(current, location)
                continue
            result = FetchResult(current, response.status_code, _media_type(response.headers.get("content-type")),
                                 body, response.headers.get("etag"), response.headers.get("last-modified"),
                                 requests)
            if result.not_modified:
                return result
            if response.status_code >= 400:
                raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
            if response.status_code != 200:
                raise FetchError(url, f"unexpected HTTP {response.status_code}")
            if accepted and result.content_type and result.content_type not in accepted:
                raise FetchError(url, f"unsupported content type {result.content_type!r}; expected "
                                      f"{', '.join(accepted)}")
            return result
        raise FetchError(url, f"more than {self.policy.max_redirects} redirects")

    # -- the parts -------------------------------------------------------------------------------

    def _check_allowed(self, url: str, current: str) -> None:
        scheme = urlsplit(current).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(url, f"unsupported URL scheme {scheme or '(none)'!r} (only http and https)")
        if not self.policy.allow_private:
            problem = public_address_problem(current)
            if problem:
                raise FetchError(url, problem)
        if self.policy.respect_robots and not self._robots_allow(current):
            raise FetchError(url, f"disallowed by {host_of(current)}'s robots.txt")

    def _wait_turn(self, host: str) -> None:
        """Sleep until this host may be asked again (``min_interval``, or its robots.txt Crawl-delay)."""
        parser = self._parsers.get(host, (None, True))[0]
        delay = self.policy.min_interval
        if parser is not None:
            crawl_delay = parser.crawl_delay(ROBOTS_TOKEN)
            if crawl_delay:
                delay = max(delay, min(float(crawl_delay), self.policy.max_crawl_delay))
        with self._lock:
            now = self._clock()
            due = self._last.get(host, now - delay) + delay
            self._last[host] = max(now, due)
        if due > now:
            self._sleep(due - now)

    def _get(self, url: str, current: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes, int]:
        """One GET with retries: (response, body, requests made)."""
        policy = self.policy
        tries = 0
        while True:
            self._wait_turn(host_of(current))
            tries += 1
            self.requests += 1
            try:
                response, body = self._send(url, current, headers)
            except FetchError:
                raise
            except httpx.TimeoutException as e:
                if tries > policy.retries:
                    raise FetchError(url, f"timed out after {policy.timeout:g}s ({type(e).__name__})") from e
                self._sleep(policy.backoff * 2 ** (tries - 1))
                continue
            except httpx.HTTPError as e:
                if tries > policy.retries:
                    raise FetchError(url, f"network error: {type(e).__name__}: {e}") from e
                self._sleep(policy.backoff * 2 ** (tries - 1))
                continue
            if response.status_code not in RETRY_STATUSES or tries > policy.retries:
                return response, body, tries
            wait = policy.backoff * 2 ** (tries - 1)
            retry_after = response.headers.get("retry-after", "").strip()
            if retry_after.isdigit():
                if float(retry_after) > policy.max_retry_after:
                    return response, body, tries
                wait = max(wait, float(retry_after))
            self._sleep(wait)

    def _send(self, url: str, current: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
        """Send one request and read its body within the size limit and the overall deadline."""
        limit, deadline = self.policy.max_bytes, self._clock() + self.policy.timeout
        with self._client.stream("GET", current, headers=headers) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(url, f"body is over the size limit of {limit:,} bytes "
                                      f"(Content-Length {int(declared):,})")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(url, f"body is over the size limit of {limit:,} bytes")
                if self._clock() > deadline:
                    raise FetchError(url, f"timed out after {self.policy.timeout:g}s reading the body")
                chunks.append(chunk)
            return response, b"".join(chunks)

    def _robots_allow(self, url: str) -> bool:
        host = host_of(url)
        if host not in self._parsers:
            self._parsers[host] = self._load_robots(url, host)
        parser, allow_all = self._parsers[host]
        if parser is None:
            return allow_all
        return parser.can_fetch(ROBOTS_TOKEN, url)

    def _load_robots(self, url: str, host: str) -> tuple[urllib.robotparser.RobotFileParser | None, bool]:
        """The host's robots.txt rules: (parser, _) or (None, allow everything?)."""
        cached = self.robots.get_robots(host)
        if cached is not None and time.time() - cached[1] < ROBOTS_TTL:
            text = cached[0]
        else:
            parts = urlsplit(url)
            robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
            text = self._fetch_robots(robots_url)
            self.robots.put_robots(host, text)
        if text == _DISALLOW_ALL:
            return None, False
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(text.splitlines())
        return parser, True

    def _fetch_robots(self, robots_url: str) -> str:
        """robots.txt as text: "" (allow all) for a 4xx, ``_DISALLOW_ALL`` for a 5xx or no answer."""
        current = robots_url
        try:
            for _hop in range(self.policy.max_redirects + 1):
                self._wait_turn(host_of(current))
                self.requests += 1
                response, body = self._send(robots_url, current, {})
                if response.status_code in (301, 302, 303, 307, 308) and response.headers.get("location"):
                    current = urljoin(current, response.headers["location"])
                    if not self.policy.allow_private and public_address_problem(current):
                        return _DISALLOW_ALL
                    continue
                if response.status_code == 200:
                    return body.decode("utf-8", "replace")
                return "" if 400 <= response.status_code < 500 else _DISALLOW_ALL
        except (httpx.HTTPError, FetchError):
            return _DISALLOW_ALL
        return _DISALLOW_ALL


_DISALLOW_ALL = "\x00disallow-all"
