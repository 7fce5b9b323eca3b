"""Sources on the web: a page, an RSS/Atom feed or a (news) sitemap named by its URL, read into Articles.

``read_sources(urls, fetcher, state)`` fetches each URL once, tells a feed (``<rss>``, ``<rdf:RDF>``,
``<feed>``) and a sitemap (``<urlset>``, ``<sitemapindex>``) from a page by the document itself, and yields
one ``Article`` per page, or an ``InputFailure`` naming the URL that failed and why; the batch goes on.

- A feed's or sitemap's pages are fetched unless an article with that canonical URL is stored already or came
  earlier in the run (so a story behind two URLs, or in two feeds, is fetched once). The entry's title, author
  and date are kept (date precedence in ``dates.py``: the feed's or sitemap's date first).
- Feeds and sitemaps are fetched conditionally with the ETag / Last-Modified of their last answer, kept in
  ``state`` (the store): a watched feed that has not changed costs one request. The validators of this run
  are kept back in ``pending`` until the caller has stored what it read (``commit``), so an interrupted run
  reads the feed again next time.
- An article's id comes from its canonical URL (``urls.url_article_id``) and its ``url`` is that URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Protocol

from newsgraph.errors import InputError, InputFailure
from newsgraph.ingest.dates import FEED, SITEMAP, first_date
from newsgraph.ingest.fetch import ANY_SOURCE, HTML_TYPES, Fetcher, FetchResult, RobotsCache
from newsgraph.ingest.sitemaps import MAX_DEPTH, MAX_SITEMAPS, unpack
from newsgraph.ingest.source import declared_html_charset, decode_bytes
from newsgraph.ingest.urls import canonical_url, url_article_id
from newsgraph.records import Article

_ROOT = re.compile(rb"<(?!\?|!)([A-Za-z_][\w.:-]*)")


class SourceState(RobotsCache, Protocol):
    """What reading web sources remembers between runs (``webstate.WebState`` over the store, or memory)."""

    def validators(self, url: str) -> tuple[str | None, str | None] | None: ...

    def remember(self, url: str, etag: str | None, last_modified: str | None) -> None: ...

    def known_url(self, url: str) -> bool: ...


@dataclass(slots=True)
class MemoryState:
    """Source state kept in memory only (``newsgraph extract URL``, tests)."""

    seen: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    urls: set[str] = field(default_factory=set)
    robots: dict[str, tuple[str, float]] = field(default_factory=dict)

    def validators(self, url: str) -> tuple[str | None, str | None] | None:
        return self.seen.get(url)

    def remember(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self.seen[url] = (etag, last_modified)

    def known_url(self, url: str) -> bool:
        return url in self.urls

    def get_robots(self, host: str) -> tuple[str, float] | None:
        return self.robots.get(host)

    def put_robots(self, host: str, text: str) -> None:
        import time

        self.robots[host] = (text, time.time())


@dataclass(slots=True)
class SourceReport:
    """What reading the sources did besides yielding articles."""

    requests: int = 0
    not_modified: list[str] = field(default_factory=list)  # feeds/sitemaps that answered 304
    known: int = 0  # entries skipped: their URL is stored already or came earlier in the run
    pending: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def commit(self, state: SourceState) -> None:
        """Remember the validators of the feeds and sitemaps read (once what they gave is stored)."""
        for url, (etag, last_modified) in self.pending.items():
            state.remember(url, etag, last_modified)
        self.pending.clear()


def document_kind(body: bytes, content_type: str) -> str:
    """"feed", "sitemap" or "page", from the document's root element (or its content type)."""
    head = unpack(body[:1_000_000], "") if body.startswith(b"\x1f\x8b") else body[:4096]
    for match in _ROOT.finditer(head[:4096]):
        name = match.group(1).decode("ascii", "replace").lower().rsplit(":", 1)[-1]
        if name in ("rss", "feed", "rdf"):
            return "feed"
        if name in ("urlset", "sitemapindex"):
            return "sitemap"
        return "page"
    return "feed" if "rss" in content_type or "atom" in content_type else "page"


def _html_of(result: FetchResult, url: str) -> str:
    declared = None
    for part in result.content_type.split(";")[1:]:
        if part.strip().lower().startswith("charset="):
            declared = part.split("=", 1)[1].strip().strip("\"'")
    return decode_bytes(result.body, url, declared=declared or declared_html_charset(result.body))


class SourceReader:
    """Reads web sources through one fetcher, remembering what it saw in ``state``."""

    def __init__(self, fetcher: Fetcher, state: SourceState) -> None:
        self.fetcher = fetcher
        self.state = state
        self.report = SourceReport()
        self._seen: set[str] = set()

    def read(self, urls: Iterable[str]) -> Iterator[Article | InputFailure]:
        for url in urls:
            yield from self._source(url.strip())

    def _source(self, url: str) -> Iterator[Article | InputFailure]:
        canonical = canonical_url(url)
        try:
            result = self._fetch(canonical, url, ANY_SOURCE, conditional=True)
            if result.not_modified:
                self.report.not_modified.append(url)
                return
            kind = document_kind(result.body, result.content_type)
            if kind == "page":
                self._pending(canonical, result)
                self._seen.add(canonical)
                yield self._page(url, result)
                return
            if kind == "feed":
                from newsgraph.ingest.feeds import parse_feed

                feed = parse_feed(result.body, result.url)
                self._pending(canonical, result)
                for entry in feed.entries:
                    yield from self._entry(entry.url, entry.title, entry.published, FEED, entry.author)
                return
            yield from self._sitemap(url, canonical, result, depth=0, count=[1])
        except InputError as e:
            yield InputFailure.from_error(e)

    def _sitemap(self, url: str, canonical: str, result: FetchResult, depth: int,
                 count: list[int]) -> Iterator[Article | InputFailure]:
        from newsgraph.ingest.sitemaps import parse_sitemap

        sitemap = parse_sitemap(result.body, result.url)
        self._pending(canonical, result)
        for entry in sitemap.entries:
            yield from self._entry(entry.url, entry.title, entry.published, SITEMAP, None)
        for child in sitemap.children:
            if depth + 1 > MAX_DEPTH or count[0] >= MAX_SITEMAPS:
                yield InputFailure(child, f"not followed: sitemap index of {url} goes past {MAX_DEPTH} levels "
                                          f"or {MAX_SITEMAPS} sitemaps")
                continue
            count[0] += 1
            child_canonical = canonical_url(child)
            try:
                child_result = self._fetch(child_canonical, child, ANY_SOURCE, conditional=True)
                if child_result.not_modified:
                    self.report.not_modified.append(child)
                    continue
                yield from self._sitemap(child, child_canonical, child_result, depth + 1, count)
            except InputError as e:
                yield InputFailure.from_error(e)

    def _entry(self, url: str, title: str | None, published: str | None, date_source: str,
               author: str | None) -> Iterator[Article | InputFailure]:
        canonical = canonical_url(url)
        if canonical in self._seen or self.state.known_url(canonical):
            self.report.known += 1
            return
        self._seen.add(canonical)
        try:
            result = self._fetch(canonical, url, HTML_TYPES, conditional=False)
            final = canonical_url(result.url)
            if final != canonical and (final in self._seen or self.state.known_url(final)):
                self.report.known += 1
                return
            self._seen.add(final)
            article = self._page(url, result)
        except InputError as e:
            yield InputFailure.from_error(e)
            return
        day, source = first_date((published, date_source), (article.published, article.published_from or ""))
        yield replace(article, title=title or article.title, author=author or article.author, published=day,
                      published_from=source if day else None)

    def _fetch(self, canonical: str, url: str, accept: tuple[str, ...], conditional: bool) -> FetchResult:
        etag = last_modified = None
        if conditional:
            known = self.state.validators(canonical)
            if known:
                etag, last_modified = known
        try:
            result = self.fetcher.fetch(canonical, accept, etag=etag, last_modified=last_modified)
        except InputError as e:
            raise InputError(url, e.reason) from e
        self.report.requests += result.requests
        return result

    def _pending(self, canonical: str, result: FetchResult) -> None:
        if result.etag or result.last_modified:
            self.report.pending[canonical] = (result.etag, result.last_modified)

    def _page(self, url: str, result: FetchResult) -> Article:
        from newsgraph.ingest.html import article_from_html

        final = canonical_url(result.url)
        article = article_from_html(_html_of(result, url), url_article_id(final), url, url=final)
        return replace(article, url=final)


def read_sources(urls: Iterable[str], fetcher: Fetcher, state: SourceState) -> Iterator[Article | InputFailure]:
    """Articles and failures of web sources (pages, feeds, sitemaps), in order; see ``SourceReader``."""
    return SourceReader(fetcher, state).read(urls)
