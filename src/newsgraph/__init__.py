"""newsgraph: who said what in the news, every fact pinned to the characters it came from.

    >>> import newsgraph
    >>> record = newsgraph.extract('"We are ready," Smith said.', published="2022-01-31")
    >>> record.quotes[0].speaker.name

    >>> with newsgraph.NewsGraph("news.duckdb") as graph:
    ...     graph.ingest(["samples/"])
    ...     graph.events(actor="RUS", date_from="2022-01")

``NewsGraph`` (storage and queries, the object the CLI is a thin shell over) loads on first use, so
``import newsgraph`` stays light.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from newsgraph.errors import InputError, InputFailure, NewsgraphError, NotFoundError, StoreError
from newsgraph.records import (
    Actor,
    Article,
    ArticleRecord,
    Claim,
    ClaimStance,
    Entity,
    Event,
    Quantity,
    Quote,
    Span,
    Speaker,
    TimeExpression,
)

if TYPE_CHECKING:
    from newsgraph.service import (
        ClaimGroupRow,
        ClaimRow,
        EventRow,
        IngestReport,
        NewsGraph,
        QuoteRow,
        StatementRow,
        StoryRow,
        StoryView,
    )

__version__ = "0.1.0"
__all__ = [
    "Actor", "Article", "ArticleRecord", "Claim", "ClaimGroupRow", "ClaimRow", "ClaimStance", "Entity", "Event",
    "EventRow", "IngestReport", "InputError", "InputFailure", "NewsGraph", "NewsgraphError", "NotFoundError",
    "Quantity", "Quote", "QuoteRow", "Span", "Speaker", "StatementRow", "StoreError", "StoryRow", "StoryView",
    "TimeExpression", "extract", "extract_many", "__version__",
]
_FROM_SERVICE = frozenset(("ClaimGroupRow", "ClaimRow", "EventRow", "IngestReport", "NewsGraph", "QuoteRow",
                           "StatementRow", "StoryRow", "StoryView"))


def __getattr__(name: str) -> Any:
    """The service's names, imported on first use (they bring in DuckDB)."""
    if name in _FROM_SERVICE:
        from newsgraph import service

        return getattr(service, name)
    raise AttributeError(f"module 'newsgraph' has no attribute {name!r}")


def extract(text: str, *, id: str = "article", title: str | None = None, published: str | None = None,
            source: str | None = None, url: str | None = None) -> ArticleRecord:
    """Extract one article's record: entities, quotes, times, quantities, events, claims (the spaCy model
    loads once, on first use)."""
    from newsgraph.pipeline import default_extractor

    article = Article(id=id, text=text, title=title, published=published, source=source, url=url)
    return default_extractor().extract(article)


def extract_many(articles: Iterable[Article]) -> Iterator[ArticleRecord]:
    """Extract many articles, streaming, in input order."""
    from newsgraph.pipeline import default_extractor

    return default_extractor().extract_many(articles)
