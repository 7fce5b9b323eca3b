"""HTML pages (``.html``, ``.htm``, and gzipped): the article body and metadata via trafilatura.

id = file stem; text = the main article body (navigation, ads, comments and a leading copy of
the headline left out), one paragraph per block, separated by blank lines; title, outlet (site
name, else host name) and canonical url as the page states them; published = the page's
publication date as htmldate finds it in the markup or URL (through trafilatura), ``YYYY-MM-DD``.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from newsgraph.errors import InputError
from newsgraph.ingest.source import (
    check_not_binary,
    declared_html_charset,
    decode_bytes,
    read_limited_bytes,
    split_name,
)
from newsgraph.records import Article

EXTRACTION_OPTIONS: dict[str, Any] = {
    "include_comments": False,  # reader comments are not the article
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
}
"""trafilatura options used for every page (measured on the shared html/dev benchmark)."""

DATE_OPTIONS: dict[str, Any] = {"extensive_search": False, "original_date": True}
"""htmldate options: the publication date from the page's markup and URL only. Its extensive
search also guesses from free text, e.g. "Copyright 2024" in a footer becomes 2024-01-01;
without it, 90 of the 91 html/dev pages still get a date, all URL-dated ones right."""

MIN_BODY_WORDS = 5
"""A page whose extracted body has fewer words (e.g. only a stray "Home" link) has no article body."""

logger = logging.getLogger("newsgraph.ingest")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BLOCK_BREAKS = re.compile(r"\n+")


def read_html_file(path: Path) -> Article:
    """One article from an HTML file; InputError if unreadable or without an extractable body."""
    data = read_limited_bytes(path)
    if not data.strip():
        raise InputError(str(path), "empty file")
    html = decode_bytes(data, str(path), declared=declared_html_charset(data))
    return article_from_html(html, split_name(path)[0], str(path))


def article_from_html(html: str, article_id: str, where: str, url: str | None = None) -> Article:
    """The article in an HTML page (a str), with id ``article_id``; errors name ``where``; ``url``: where the
    page was fetched from (helps find its date). The date: the page's structured metadata, else htmldate's
    (precedence in ``dates.py``)."""
    import trafilatura

    from newsgraph.ingest.dates import HTMLDATE, METADATA, first_date, structured_date_value

    if not html.strip():
        raise InputError(where, "empty file")
    try:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                               date_extraction_params=DATE_OPTIONS, **EXTRACTION_OPTIONS)
    except Exception as e:  # noqa: BLE001 - trafilatura/lxml fail in many ways on broken pages
        return _plain_text_article(html, article_id, where, f"could not parse the HTML ({type(e).__name__}: {e})")
    body = getattr(document, "text", None) if document is not None else None
    if not body or len(body.split()) < MIN_BODY_WORDS:
        return _plain_text_article(html, article_id, where, "no article body found in the HTML")

    def meta(name: str) -> str | None:
        value = getattr(document, name, None)
        return (value.strip() or None) if isinstance(value, str) else None

    title = meta("title")
    text = without_headline(paragraphs(body), title)
    check_not_binary(text, where)
    found = meta("date")
    published, published_from = first_date((structured_date_value(html), METADATA),
                                            (found if found and _ISO_DATE.match(found) else None, HTMLDATE))
    return Article(
        id=article_id,
        text=text,
        title=title,
        published=published,
        source=meta("sitename") or meta("hostname"),
        url=meta("url") or url,
        published_from=published_from,
        author=meta("author"),
    )


def without_headline(text: str, title: str | None) -> str:
    """The text without a first paragraph that only repeats the page title (the headline)."""
    first, _, rest = text.partition("\n\n")
    if title and rest.strip() and first.strip().casefold() == title.strip().casefold():
        return rest
    return text


def paragraphs(body: str) -> str:
    """trafilatura's one-block-per-line text as paragraphs separated by blank lines."""
    blocks = (block.strip() for block in _BLOCK_BREAKS.split(body.replace("\r", "\n")))
    return "\n\n".join(block for block in blocks if block)


def _plain_text_article(html: str, article_id: str, where: str, reason: str) -> Article:
    """The page's plain text when the article extraction found no body (e.g. markup nested thousands deep, which
    lxml cuts off): every text outside scripts, styles and the head, a paragraph per block element, and a
    warning naming the input; InputError(``reason``) if that text too is shorter than ``MIN_BODY_WORDS``."""
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception as e:  # noqa: BLE001 - the stdlib parser is forgiving; anything else is the page's fault
        raise InputError(where, f"{reason}; its plain text could not be read either ({type(e).__name__})") from e
    text = paragraphs("\n".join(parser.blocks()))
    if len(text.split()) < MIN_BODY_WORDS:
        raise InputError(where, reason)
    check_not_binary(text, where)
    title = " ".join(" ".join(parser.title).split()) or None
    logger.warning("%s: %s; read its plain text instead (%d words)", where, reason, len(text.split()))
    return Article(id=article_id, text=without_headline(text, title), title=title)


_SKIPPED = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
           "article", "blockquote", "pre", "header", "footer", "main", "aside", "nav", "dd", "dt", "figure",
           "figcaption", "hr", "body", "td", "th"}


class _TextParser(HTMLParser):
    """Text of a page, block by block; no recursion, so any depth of nesting is read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._skipping = 0
        self._in_title = False
        self.title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self._parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self._parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skipping:
            self._parts.append(data)

    def blocks(self) -> list[str]:
        return [" ".join(block.split()) for block in "".join(self._parts).split("\n")]
