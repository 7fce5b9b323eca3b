"""XML sitemaps, news sitemaps and sitemap indexes (read with lxml, safely: no entities, no network).

``parse_sitemap(body, url)`` gives the child sitemaps of an index, or the pages of a url set with their
``news:publication_date`` and ``news:title`` when it is a news sitemap (``lastmod`` is kept apart: it is when
the page last changed, not when it was published). A gzipped sitemap (``.xml.gz``) is unpacked up to
``MAX_UNPACKED_BYTES``. Not a sitemap: an ``InputError`` naming its URL. The fetching and following of an
index (to ``MAX_DEPTH`` levels, ``MAX_SITEMAPS`` files) is ``remote.py``'s.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin

from newsgraph.errors import InputError

MAX_URLS = 50_000  # the sitemap protocol's own limit per file
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 3
MAX_SITEMAPS = 50


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str
    published: str | None = None  # news:publication_date, as written
    title: str | None = None  # news:title
    lastmod: str | None = None


@dataclass(slots=True)
class Sitemap:
    url: str
    children: list[str] = field(default_factory=list)  # an index's sitemaps
    entries: list[SitemapEntry] = field(default_factory=list)


def unpack(body: bytes, url: str) -> bytes:
    """The bytes, gunzipped when they are gzip data."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    try:
        with gzip.GzipFile(fileobj=__import__("io").BytesIO(body)) as fh:
            data = fh.read(MAX_UNPACKED_BYTES + 1)
    except (OSError, EOFError, zlib.error) as e:
        raise InputError(url, f"not a valid gzip file ({e or 'truncated'})") from e
    if len(data) > MAX_UNPACKED_BYTES:
        raise InputError(url, f"unpacked sitemap is over {MAX_UNPACKED_BYTES:,} bytes")
    return data


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element: object, name: str) -> str | None:
    for child in element:  # type: ignore[attr-defined]
        if _local(child.tag) == name:
            text = (child.text or "").strip()
            return text or None
    return None


def parse_sitemap(body: bytes, url: str) -> Sitemap:
    """An index's child sitemaps or a url set's pages; InputError naming ``url`` if it is neither."""
    from lxml import etree

    data = unpack(body, url)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as e:
        raise InputError(url, f"not a sitemap: the XML does not parse ({e})") from e
    kind = _local(root.tag)
    sitemap = Sitemap(url)
    if kind == "sitemapindex":
        for child in root:
            if _local(child.tag) == "sitemap" and (loc := _child_text(child, "loc")):
                sitemap.children.append(urljoin(url, loc))
        return sitemap
    if kind != "urlset":
        raise InputError(url, f"not a sitemap (its root element is <{kind}>, not <urlset> or <sitemapindex>)")
    for item in root:
        if _local(item.tag) != "url" or not (loc := _child_text(item, "loc")):
            continue
        published = title = None
        for child in item:
            if _local(child.tag) == "news":
                published = _child_text(child, "publication_date")
                title = _child_text(child, "title")
        sitemap.entries.append(SitemapEntry(urljoin(url, loc), published, title, _child_text(item, "lastmod")))
        if len(sitemap.entries) >= MAX_URLS:
            break
    return sitemap
