"""Web archives (``.warc``, ``.warc.gz``, and ARC ``.arc``/``.arc.gz``, read with warcio).

Every ``response`` record of an HTML page (HTTP 200, ``text/html`` or ``application/xhtml+xml``) becomes one
article: id from its ``WARC-Target-URI`` (``urls.url_article_id``), url = that URI (canonical form), the body
and metadata as for an HTML file, and the date by the precedence of ``dates.py``; with no date in the page the
capture date (``WARC-Date``) is used, ``published_from`` = "warc-capture". Other records (requests, metadata,
images, redirects, errors) are skipped. A record that cannot be read as an article is an ``InputFailure``
naming the file and the URI; an archive that breaks off stops there with a failure naming the file, keeping
the articles read before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from newsgraph.errors import InputError, InputFailure
from newsgraph.ingest.dates import WARC_CAPTURE, calendar_day
from newsgraph.ingest.fetch import HTML_TYPES
from newsgraph.ingest.source import MAX_FILE_BYTES, declared_html_charset, decode_bytes, os_reason
from newsgraph.ingest.urls import canonical_url, url_article_id
from newsgraph.records import Article


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            import codecs

            try:
                return codecs.lookup(value.strip().strip("\"'")).name
            except LookupError:
                return None
    return None


def read_warc(path: Path) -> Iterator[Article | InputFailure]:
    """The articles of the HTML responses in a WARC or ARC file (gzipped or not), in archive order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from newsgraph.ingest.html import article_from_html

    try:
        fh = path.open("rb")
    except OSError as e:
        yield InputFailure(str(path), os_reason(e))
        return
    with fh:
        records = found = 0
        try:
            for record in ArchiveIterator(fh, arc2warc=True):
                records += 1
                if record.rec_type is None:
                    raise ValueError("a record without a WARC-Type")
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
                    continue
                if record.http_headers.get_statuscode() != "200":
                    continue
                found += 1
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                where = f"{path} {uri}"
                try:
                    data = record.content_stream().read(MAX_FILE_BYTES + 1)
                    if len(data) > MAX_FILE_BYTES:
                        raise InputError(where, f"record is over the size limit of {MAX_FILE_BYTES:,} bytes")
                    html = decode_bytes(data, where, declared=_charset(content_type) or declared_html_charset(data))
                    url = canonical_url(uri) if uri else None
                    article = article_from_html(html, url_article_id(uri) if uri else f"{path.stem}-{records}",
                                                where, url=url)
                except InputError as e:
                    yield InputFailure.from_error(e)
                    continue
                article = replace(article, url=url or article.url)
                if article.published is None:
                    captured = calendar_day(record.rec_headers.get_header("WARC-Date"))
                    if captured:
                        article = replace(article, published=captured, published_from=WARC_CAPTURE)
                yield article
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as e:
            detail = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            yield InputFailure(str(path), f"not a readable WARC/ARC file at record {records} ({detail})")
            return
        if not found:
            yield InputFailure(str(path), f"no HTML response records among its {records} records")
