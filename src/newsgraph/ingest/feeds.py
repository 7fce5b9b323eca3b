"""RSS 0.9x/1.0/2.0 and Atom feeds (feedparser): each entry's link, title, date and author.

``parse_feed(body, url)`` reads a fetched feed's bytes (feedparser never fetches anything here); a document
that is not a feed, or a feed with no entry that has a link, is an ``InputError`` naming the feed's URL.
An entry's date is its ``published`` date, else its ``updated`` date, as the calendar day it is written in.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from urllib.parse import urljoin

from newsgraph.errors import InputError

MAX_ENTRIES = 5000


@dataclass(frozen=True, slots=True)
class FeedEntry:
    url: str
    title: str | None = None
    published: str | None = None  # the raw date-time as the feed writes it
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    url: str
    title: str | None
    entries: list[FeedEntry]


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def parse_feed(body: bytes, url: str) -> Feed:
    """The entries of a feed document; InputError naming ``url`` if it is not a feed."""
    import feedparser

    try:
        parsed = feedparser.parse(body, response_headers={"content-location": url})
    except Exception as e:  # noqa: BLE001 - feedparser's parsers fail in many ways on junk
        raise InputError(url, f"not a readable feed ({type(e).__name__}: {e})") from e
    entries: list[FeedEntry] = []
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = _text(entry.get("link"))
        if not link:
            links = [x.get("href") for x in entry.get("links") or [] if x.get("href")]
            link = links[0] if links else None
        if not link:
            continue
        published = _text(entry.get("published"))
        if not published:
            with warnings.catch_warnings():  # feedparser warns about its updated/published mapping
                warnings.simplefilter("ignore", DeprecationWarning)
                published = _text(entry.get("updated"))
        entries.append(FeedEntry(url=urljoin(url, link), title=_text(entry.get("title")), published=published,
                                 author=_text(entry.get("author"))))
    if not entries and (parsed.get("bozo") or not parsed.get("version")):
        problem = parsed.get("bozo_exception")
        detail = f" ({str(problem).splitlines()[0]})" if problem else ""
        raise InputError(url, f"not a well-formed RSS or Atom feed{detail}")
    return Feed(url=url, title=_text(parsed.feed.get("title")), entries=entries)
