"""Quote search's full-text index: the FTS extension, loaded by path from the ``duckdb-extension-fts`` wheel
(nothing is downloaded), and the index's state in ``store_state``: marked stale by writes, rebuilt after each
ingest run (``rebuild_search_index``) with a new version token that the in-memory copies of the index key on.
While it is stale, or the extension cannot load, searches match the words as a substring instead. The ranking
itself is ``newsgraph.search``'s."""

from __future__ import annotations

import uuid
from pathlib import Path

import duckdb

from newsgraph.search import QuoteIndex, shared_catalogue, shared_index
from newsgraph.store.base import StoreBase, _is_write_failure, _sql_string

_SEARCH_DIRTY = "search_index_dirty"
_SEARCH_VERSION = "search_index_version"  # a new token at each rebuild: in-memory copies of the index key on it
_FTS_SCHEMA = "fts_main_quotes"


def fts_extension_path() -> Path | None:
    """The FTS extension file shipped in the ``duckdb-extension-fts`` wheel, if installed."""
    try:
        import duckdb_extension_fts  # type: ignore[import-not-found]
    except ImportError:
        return None
    root = Path(duckdb_extension_fts.__file__).parent / "extensions"
    preferred = root / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if preferred.is_file():
        return preferred
    return next(iter(sorted(root.glob("*/fts.duckdb_extension"))), None)


class SearchIndexMixin(StoreBase):
    """The search index of ``Store``: loading the extension, the index's state, its rebuild."""

    hold_quotes: bool
    search_available: bool
    _marked_stale: bool

    def _load_fts(self) -> bool:
        path = fts_extension_path()
        if path is None:
            return False
        try:
            self.con.execute(f"LOAD {_sql_string(str(path))}")
        except duckdb.Error:
            return False
        return True

    def search_index(self) -> QuoteIndex | None:
        """The full-text index in memory (shared by this process's connections), or None when it is stale or
        missing (searches then fall back to matching the words as a substring)."""
        version = self._search_version()
        return None if version is None else shared_index(self.con, _FTS_SCHEMA, self.path, version)

    def load_quote_catalogue(self) -> bool:
        """Load the in-memory quote catalogue of the current search index now (``hold_quotes`` listings then
        start fast); False when the index is stale or missing."""
        version = self._search_version()
        if version is None:
            return False
        shared_catalogue(self.con, _FTS_SCHEMA, self.path, version)
        return True

    def _search_version(self) -> str | None:
        """The token of the current search index build; None when it is stale or missing."""
        if not self.search_available:
            return None
        stale, version = self._search_state()
        return None if stale else version

    def _search_state(self) -> tuple[bool, str]:
        """Whether the search index is stale or missing, and its build token: one query, since it runs
        before every quote listing."""
        row = self.con.execute(
            f"SELECT (SELECT value FROM store_state WHERE key = '{_SEARCH_DIRTY}'), "
            f"(SELECT value FROM store_state WHERE key = '{_SEARCH_VERSION}'), "
            f"(SELECT count(*) FROM duckdb_schemas() WHERE schema_name = '{_FTS_SCHEMA}')").fetchone()
        if row is None:
            return True, "unversioned"
        return row[0] == "1" or not row[2], row[1] or "unversioned"

    def search_index_stale(self) -> bool:
        return self._search_state()[0]

    def rebuild_search_index(self) -> bool:
        """Rebuild the full-text index of quote content; False when the extension is unavailable."""
        if not self.search_available or self.read_only:
            return False
        try:
            self.con.execute("PRAGMA create_fts_index('quotes', 'quote_id', 'content_text', overwrite=1)")
            self.con.execute(f"INSERT OR REPLACE INTO store_state VALUES ('{_SEARCH_DIRTY}', '0')")
            self.con.execute(f"INSERT OR REPLACE INTO store_state VALUES ('{_SEARCH_VERSION}', ?)",
                             [uuid.uuid4().hex])
        except duckdb.Error as e:
            if _is_write_failure(e):  # the index stays marked stale: the next run rebuilds it
                raise self._write_failure(e) from e
            raise
        self._marked_stale = False
        return True
