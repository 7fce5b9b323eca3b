"""The DuckDB store of article records: one embedded database file, one writer at a time.

Each article is written in ONE transaction (its old rows deleted, the new ones inserted), so an interrupted
ingest loses nothing already committed and never leaves half an article. Quote search uses DuckDB's
full-text-search extension, loaded from the ``duckdb-extension-fts`` wheel (nothing is downloaded); its index is
rebuilt after each ingest run (``rebuild_search_index``), and searches fall back to ``ILIKE`` while the index is
stale or the extension cannot load.

``Store`` is the one object the service talks to: its public methods are this layer's API. It is composed of
one part per module, each a mixin over the same connection (a part calls another's methods through ``self``):

- ``schema``: the tables' DDL by version, ``SCHEMA_VERSION``, the table groups, the Arrow column types
- ``migrate``: opening a file: the schema created, its version checked, an older one upgraded in place
- ``base``: the state every part shares, rows inserted through Arrow, rollback, write failures told apart
- ``convert``: an ``ArticleRecord`` as the rows of its tables, and back
- ``write``: the write path: one transaction per write and what a rollback resets; copies; deletion
- ``linking``: stories, corpus entities, statements and claim groups across articles; the linker's checkpoint
- ``search_index``: the FTS extension and the quote index's state (stale, rebuilt)
- ``queries``: records, counts, and the quote, event and claim listings
- ``listings``: stories, statements, claim groups, the actor graph, timelines, articles, corpus entities
- ``rows``: the row types the queries return
- ``export``: every table to CSV or Parquet
- ``database``: ``Store`` itself: opening the connection, closing it

What it may import: duckdb, pyarrow (lazily: only to write, migrate or search), and of newsgraph only
``records``, ``errors``, ``search`` (the quote index over the FTS tables) and ``story`` (the corpus linker).
Storage never imports spaCy, the models, the pipeline or the stages: commands that only read a store start
without them (tests/test_store.py checks it).
"""

from newsgraph.store.base import is_interrupt
from newsgraph.store.convert import QUOTE_JOINER, Rows, text_hash
from newsgraph.store.database import Store
from newsgraph.store.export import EXPORT_FORMATS, ExportFormat
from newsgraph.store.linking import StatementKey
from newsgraph.store.migrate import SchemaUpgradeNeeded
from newsgraph.store.queries import check_calendar_date
from newsgraph.store.rows import (
    ActorRow,
    ArticleRow,
    ClaimGroupRow,
    ClaimRow,
    CorpusEntityRow,
    EdgeRow,
    EventRow,
    QuoteRow,
    StanceRow,
    StatementRow,
    StoryRow,
    TimelineItem,
)
from newsgraph.store.schema import (
    ALL_TABLES,
    ARTICLE_TABLES,
    CORPUS_TABLES,
    LINK_TABLES,
    SCHEMA_VERSION,
    STORY_TABLES,
    TABLES,
)
from newsgraph.store.search_index import fts_extension_path

__all__ = [
    "ALL_TABLES", "ARTICLE_TABLES", "CORPUS_TABLES", "EXPORT_FORMATS", "LINK_TABLES", "QUOTE_JOINER", "SCHEMA_VERSION",
    "STORY_TABLES", "TABLES", "ActorRow", "ArticleRow", "ClaimGroupRow", "ClaimRow", "CorpusEntityRow", "EdgeRow",
    "EventRow", "ExportFormat", "QuoteRow", "Rows", "SchemaUpgradeNeeded", "StanceRow", "StatementKey",
    "StatementRow", "Store", "StoryRow", "TimelineItem", "check_calendar_date", "fts_extension_path", "is_interrupt",
    "text_hash",
]
