"""Web addresses: which inputs are URLs, one canonical form per article (courlan), and article ids from URLs.

The canonical form is what the store keeps as an article's ``url`` and what the fetcher compares, so the
same article behind ``…/story?utm_source=rss`` and ``HTTPS://Outlet.com:443/story#top`` is fetched once.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit, urlunsplit

_SCHEMES = ("http://", "https://")
_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 60


def is_url(value: object) -> bool:
    """Whether an input names a web address (``http://`` or ``https://``), not a file."""
    return isinstance(value, str) and value.strip().lower().startswith(_SCHEMES)


def canonical_url(url: str) -> str:
    """The one form of ``url`` (courlan's normalisation: lower-case scheme and host, default port dropped,
    query parameters sorted, tracking parameters such as ``utm_*`` removed), without its ``#fragment``."""
    from courlan import normalize_url

    url = url.strip()
    try:
        normal = normalize_url(url)
    except (ValueError, AttributeError):
        normal = url
    parts = urlsplit(normal)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def url_article_id(url: str) -> str:
    """A stable article id for a page: a readable slug of host and path, then 8 hex digits of the canonical
    URL's SHA-1 (``voanews.com-a-talks-html-1f2e3d4c``), safe in paths and web addresses."""
    canonical = canonical_url(url)
    parts = urlsplit(canonical)
    slug = _SLUG.sub("-", f"{parts.hostname or ''}{parts.path}".lower()).strip("-")[:MAX_SLUG].strip("-")
    digest = hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:8]
    return f"{slug or 'page'}-{digest}"


def host_of(url: str) -> str:
    """``host[:port]`` of a URL, lower-cased (the unit of the per-host rate limit and robots.txt)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host
