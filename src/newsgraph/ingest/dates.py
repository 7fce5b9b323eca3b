"""Publication dates and where each came from (``Article.published_from``).

Precedence, first found wins:

1. ``feed`` / ``sitemap``: the date the outlet's RSS/Atom entry (``published``, else ``updated``) or news
   sitemap (``news:publication_date``) gives the article;
2. ``metadata``: the page's structured metadata: JSON-LD ``datePublished`` (of an Article/NewsArticle/… or any
   object), ``<meta property="article:published_time">`` and its kin (``og:published_time``,
   ``datePublished``, ``pubdate``, ``publishdate``, ``DC.date.issued``, ``parsely-pub-date``,
   ``sailthru.date``), ``itemprop="datePublished"``, ``<time pubdate>``;
3. ``htmldate``: htmldate's reading of the markup and the URL (``DATE_OPTIONS`` in ``html.py``: no guessing
   from free text);
4. ``warc-capture``: for a WARC record with none of these, the day it was captured (``WARC-Date``): a last
   resort, later than the publication, and marked so;
5. ``given``: a date the input itself states (a JSON line's ``published``).

A date is the local calendar day as written (``2022-01-31T23:30:00-05:00`` is 2022-01-31), ``YYYY-MM-DD``.
A date-time written in UTC (``Z``, ``+00:00``, ``GMT``) does not say the outlet's own day: an evening story in
New York is dated the next day in UTC. Such a date yields to the next source in the order when that one
finds a day at most one day away (measured on html/dev: UTC timestamps in metadata put 4 of 22 URL-dated
pages a day late; see docs/measurements.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

FEED, SITEMAP, METADATA, HTMLDATE, WARC_CAPTURE, GIVEN = "feed", "sitemap", "metadata", "htmldate", "warc-capture", \
    "given"
DATE_SOURCES: tuple[str, ...] = (FEED, SITEMAP, METADATA, HTMLDATE, WARC_CAPTURE, GIVEN)

_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_META_NAMES = ("article:published_time", "og:published_time", "og:article:published_time", "datepublished",
               "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued", "dcterms.issued",
               "dc.date", "parsely-pub-date", "sailthru.date", "article.published", "published_time",
               "date_published", "cxenseparse:recs:publishtime")
_JSON_LD = re.compile(r"<script[^>]+type\s*=\s*[\"']application/ld\+json[\"'][^>]*>(.*?)</script>",
                      re.IGNORECASE | re.DOTALL)
MAX_JSON_LD_BYTES = 1_000_000


def calendar_day(value: str | None) -> str | None:
    """``YYYY-MM-DD`` of an ISO 8601 / RFC 3339 or RFC 822 date-time, in the time zone it is written in; None
    for anything else or an impossible day."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    match = _ISO_DAY.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
        if year < 1900:
            return None
        try:
            return datetime(year, month, day).strftime("%Y-%m-%d")
        except ValueError:
            return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.strftime("%Y-%m-%d") if parsed is not None and parsed.year >= 1900 else None


_ZONED_TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*([+-](?!00:?00)\d{2}:?\d{2}|[A-Z]{3,4}(?<!GMT)(?<!UTC))\s*$")


def in_utc(value: str | None) -> bool:
    """Whether a date-time gives its time in UTC (or with no zone), so its calendar day may not be the
    outlet's: ``2019-11-20T02:00:00Z`` or ``Wed, 20 Nov 2019 02:00:00 GMT``; False for a bare date or a time
    with a local offset."""
    if not value:
        return False
    value = value.strip()
    return bool(re.search(r"\d{2}:\d{2}", value)) and not _ZONED_TIME.search(value)


def structured_date(html: str) -> str | None:
    """The publication day the page's structured metadata states (see the module notes), or None."""
    found = structured_date_value(html)
    return calendar_day(found)


def structured_date_value(html: str) -> str | None:
    """The raw publication date-time the page's structured metadata states, or None."""
    for value in _json_ld_dates(html):
        if calendar_day(value):
            return value
    try:
        import lxml.html
    except ImportError:  # pragma: no cover - lxml comes with trafilatura
        return None
    head = html[:2_000_000]
    try:
        tree = lxml.html.fromstring(head)
    except Exception:  # noqa: BLE001 - lxml fails in many ways on broken pages
        return None
    by_name: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if key and content and key not in by_name:
            by_name[key] = content
    for name in _META_NAMES:
        stated = by_name.get(name)
        if calendar_day(stated):
            return stated
    for element in tree.xpath('//*[@itemprop="datePublished"]'):
        value = element.get("content") or element.get("datetime") or element.text_content()
        if calendar_day(value):
            return str(value)
    for element in tree.xpath("//time[@pubdate]"):
        value = element.get("datetime")
        if calendar_day(value):
            return str(value)
    return None


def _json_ld_dates(html: str) -> Iterator[str]:
    for block in _JSON_LD.findall(html[:4_000_000]):
        if len(block) > MAX_JSON_LD_BYTES:
            continue
        try:
            data = json.loads(block.strip())
        except ValueError:
            continue
        yield from _date_published(data, depth=0)


def _date_published(data: Any, depth: int) -> Iterator[str]:
    if depth > 6:
        return
    if isinstance(data, dict):
        value = data.get("datePublished")
        if isinstance(value, str):
            yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in data:
                yield from _date_published(data[key], depth + 1)
    elif isinstance(data, list):
        for item in data[:50]:
            yield from _date_published(item, depth + 1)


def first_date(*candidates: tuple[str | None, str]) -> tuple[str | None, str | None]:
    """The ``(day, source)`` the precedence chooses among ``(date or date-time, source)`` candidates given in
    that order (a UTC date-time yields to the next day found within a day of it); (None, None) if none."""
    found = [(day, value, source) for value, source in candidates if (day := calendar_day(value))]
    for i, (day, value, source) in enumerate(found):
        if in_utc(value):
            later = next((d for d, _, _ in found[i + 1:] if _days_apart(d, day) <= 1), None)
            if later is not None and later != day:
                nxt = next(s for d, _, s in found[i + 1:] if d == later)
                return later, nxt
        return day, source
    return None, None


def _days_apart(a: str, b: str) -> int:
    return abs((datetime.strptime(a, "%Y-%m-%d") - datetime.strptime(b, "%Y-%m-%d")).days)
