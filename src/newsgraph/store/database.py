"""``Store``: an open connection to one newsgraph database file, composed of the store's parts (``write``,
``migrate``, ``linking``, ``listings``, ``queries``, ``search_index``, ``export``), each a mixin over the same
connection."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from newsgraph.errors import StoreError
from newsgraph.store.base import _first_line
from newsgraph.store.convert import Rows
from newsgraph.store.export import ExportMixin
from newsgraph.store.linking import _LinkIndex
from newsgraph.store.listings import ListingMixin
from newsgraph.store.migrate import MigrationMixin
from newsgraph.store.write import WriteMixin
from newsgraph.story import CorpusLinker


class Store(WriteMixin, MigrationMixin, ListingMixin, ExportMixin):
    """An open connection to one newsgraph database file (or ``:memory:``)."""

    def __init__(self, path: str | Path, read_only: bool = False, hold_quotes: bool = False) -> None:
        """``hold_quotes``: answer quote listings from an in-memory catalogue (``search.QuoteCatalogue``),
        loaded once per search-index build and shared by the process: for a long-lived process such as the
        HTTP server; a one-off query is faster without it."""
        self.path = str(path)
        self.read_only = read_only
        self.hold_quotes = hold_quotes
        self._marked_stale = False  # whether this connection already recorded the search index as stale
        self._linker: CorpusLinker | None = None  # loaded on the first write (``linker``)
        self._pending: dict[str, Rows] = {}  # cross-article rows of the write in progress, inserted at its end
        self._link_index: _LinkIndex | None = None  # statements and claim groups by lookup key (``link_index``)
        self._seq = 0  # the seq of the last article linked
        self._saved_seq = -1  # the seq of the checkpoint in linker_state
        if read_only and self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError(f"{self.path}: no such database")
        config: dict[str, str | bool | int | float | list[str]] = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
        try:
            self.con = duckdb.connect(self.path, read_only=read_only, config=config)
        except duckdb.Error as e:
            if "Could not set lock" in str(e):
                holder = re.search(r"\(PID (\d+)\)", str(e))
                by = f" (process {holder.group(1)})" if holder else ""
                raise StoreError(f"{self.path}: the database is in use by another process{by}; "
                                 "it has one writer at a time, try again when that one is done") from e
            refused = next((why for why in ("Permission denied", "Read-only file system") if why in str(e)), None)
            if refused and not read_only:
                raise StoreError(f"{self.path}: cannot open the database for writing: it is read-only ({refused}); "
                                 "commands that only read it still work") from e
            raise StoreError(f"{self.path}: cannot open database: {_first_line(e)}") from e
        self.search_available = self._load_fts()
        try:
            self._ensure_schema()
        except duckdb.Error as e:
            self.con.close()
            raise StoreError(f"{self.path}: not a newsgraph database: {_first_line(e)}") from e
        except BaseException:
            self.con.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
