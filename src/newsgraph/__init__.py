"""newsgraph: who said what in the news, every fact pinned to the characters it came from.

    >>> import newsgraph
    >>> record = newsgraph.extract('"We are ready," Smith said.', published="2022-01-31")
    >>> record.quotes[0].speaker.name
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsgraph.errors import InputError, InputFailure, NewsgraphError
from newsgraph.records import Article, ArticleRecord, Entity, Quote, Span, Speaker

__version__ = "0.1.0"
__all__ = [
    "Article", "ArticleRecord", "Entity", "InputError", "InputFailure", "NewsgraphError", "Quote", "Span",
    "Speaker", "extract", "extract_many", "__version__",
]


def extract(text: str, *, id: str = "article", title: str | None = None, published: str | None = None,
            source: str | None = None, url: str | None = None) -> ArticleRecord:
    """Extract one article's entities and quotes (the spaCy model loads once, on first use)."""
    from newsgraph.pipeline import default_extractor

    article = Article(id=id, text=text, title=title, published=published, source=source, url=url)
    return default_extractor().extract(article)


def extract_many(articles: Iterable[Article]) -> Iterator[ArticleRecord]:
    """Extract many articles, streaming, in input order."""
    from newsgraph.pipeline import default_extractor

    return default_extractor().extract_many(articles)
