"""The write path: each write is ONE transaction -- the stored rows of its articles deleted, the new ones
inserted, the articles linked across the corpus (``linking``) -- so an interrupted ingest loses nothing already
committed and never leaves half an article. When it fails, the transaction is rolled back and so is what the
connection keeps in memory of it (the link index is dropped; the linker, if it linked anything, is reloaded);
then a Ctrl-C during a statement is raised as KeyboardInterrupt, the file system refusing the write as
StoreWriteError, any other database error as StoreError naming the articles. Each write marks the search index
stale (a connection records it once until the index is rebuilt). Also here: copies (``write_copy``) and
deletion (``delete``: the copies of a deleted article stay, as articles of their own)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import duckdb

from newsgraph.errors import StoreError
from newsgraph.records import Article, ArticleRecord
from newsgraph.store.base import _first_line, _is_write_failure, is_interrupt
from newsgraph.store.convert import _extras_json, _layer_rows, _quote_row, text_hash
from newsgraph.store.linking import LinkingMixin
from newsgraph.store.schema import ARTICLE_TABLES, LINK_TABLES
from newsgraph.store.search_index import _SEARCH_DIRTY


class WriteMixin(LinkingMixin):
    """The writes of ``Store``."""

    def is_unchanged(self, article: Article) -> bool:
        """Whether an article with this id, text and metadata is stored already."""
        row = self.con.execute(
            "SELECT text_hash, title, published, source, url FROM articles WHERE id = ?", [article.id]
        ).fetchone()
        if row is None:
            return False
        return tuple(row) == (text_hash(article.text), article.title, article.published, article.source,
                              article.url)

    def write(self, record: ArticleRecord) -> None:
        """Store one record in one transaction, replacing any article of the same id."""
        self.write_many([record])

    def write_many(self, records: Sequence[ArticleRecord]) -> None:
        """Store records in one transaction (all or none), replacing stored articles of the same ids.

        Raises ValueError (before writing anything) for a record with a span outside its text or an id
        given twice, and StoreError when the database refuses the write.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        if not records:
            return
        for record in records:
            record.check_spans()
        ids = [r.id for r in records]
        if len(set(ids)) != len(ids):
            raise ValueError("the same article id twice in one write")
        now = datetime.now(UTC).replace(tzinfo=None)
        rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in ARTICLE_TABLES}
        for record in records:
            article = record.article
            rows["articles"].append((article.id, article.title, article.published, article.source,
                                     article.url, article.text, text_hash(article.text), now,
                                     _extras_json(record), article.published_from, None, None))
            rows["entities"] += [(article.id, i, e.id, e.name, e.type, e.role, e.affiliation, e.named)
                                 for i, e in enumerate(record.entities)]
            rows["mentions"] += [(article.id, e.id, j, m.start, m.end)
                                 for e in record.entities for j, m in enumerate(e.mentions)]
            rows["quotes"] += [_quote_row(article, i, q) for i, q in enumerate(record.quotes)]
            for table, table_rows in _layer_rows(record).items():
                rows[table] += table_rows
        seq = self._seq
        self.con.begin()
        try:
            if not self._marked_stale:
                self.con.execute(f"INSERT OR REPLACE INTO store_state VALUES ('{_SEARCH_DIRTY}', '1')")
            if self._delete_stored(ids):
                self._drop_orphans()
            for table in ARTICLE_TABLES:
                self._insert_rows(table, rows[table])
            self._link_records(records)
            self.con.commit()
        except BaseException as e:
            self._rollback()
            self._link_index = None  # it may hold rows that were rolled back
            if self._linker is not None and self._seq != seq:  # it holds what was rolled back: reload it
                self._linker = None
            if is_interrupt(e):  # Ctrl-C during a statement: DuckDB turns it into an error
                raise KeyboardInterrupt from e
            if isinstance(e, duckdb.Error):
                if _is_write_failure(e):
                    raise self._write_failure(e) from e
                raise StoreError(f"{', '.join(ids)}: cannot store: {_first_line(e)}") from e
            raise
        self._marked_stale = True

    def write_copy(self, article: Article, duplicate_of: str, similarity: float) -> None:
        """Store an article as a copy of the stored article ``duplicate_of`` (one transaction, replacing any article
        of the same id): its own row (outlet, URL, date, text) with ``duplicate_of`` set, and no layers: its
        quotes, events, claims and entities are the original's and are not counted again."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        now = datetime.now(UTC).replace(tzinfo=None)
        extras = json.dumps({"author": article.author}, ensure_ascii=False)
        row = (article.id, article.title, article.published, article.source, article.url, article.text,
               text_hash(article.text), now, extras, article.published_from, duplicate_of, float(similarity))
        self.con.begin()
        try:
            if not self._marked_stale:
                self.con.execute(f"INSERT OR REPLACE INTO store_state VALUES ('{_SEARCH_DIRTY}', '1')")
            if self._delete_stored([article.id]):
                self._drop_orphans()
            self.con.execute("DELETE FROM article_signatures WHERE article_id = ?", [article.id])
            self._insert_rows("articles", [row])
            self.con.commit()
        except BaseException as e:
            self._rollback()
            self._link_index = None
            if is_interrupt(e):
                raise KeyboardInterrupt from e
            if isinstance(e, duckdb.Error) and _is_write_failure(e):
                raise self._write_failure(e) from e
            if isinstance(e, duckdb.Error):
                raise StoreError(f"{article.id}: cannot store: {_first_line(e)}") from e
            raise
        self._marked_stale = True

    def _delete_stored(self, ids: Sequence[str]) -> int:
        """Within the caller's transaction, delete every row of these article ids; how many were stored."""
        import pyarrow as pa

        self.con.register("_newsgraph_ids", pa.table({"id": pa.array(ids, type=pa.string())}))
        try:
            found = self.con.execute(
                "SELECT count(*) FROM articles WHERE id IN (SELECT id FROM _newsgraph_ids)").fetchone()
            stored = int(found[0]) if found else 0
            if stored:
                for table in reversed(ARTICLE_TABLES + LINK_TABLES + ("article_signatures",)):
                    key = "id" if table == "articles" else "article_id"
                    self.con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT id FROM _newsgraph_ids)")
        finally:
            self.con.unregister("_newsgraph_ids")
        return stored

    def delete(self, article_id: str) -> bool:
        """Remove one article and everything extracted from it; whether it existed."""
        self.con.begin()
        try:
            self.con.execute(f"INSERT OR REPLACE INTO store_state VALUES ('{_SEARCH_DIRTY}', '1')")
            existed = self._delete_stored([article_id]) > 0
            if existed:
                self._drop_orphans()
                # its copies stay, as articles of their own the next ingest of them extracts (text_hash cleared)
                self.con.execute("UPDATE articles SET duplicate_of = NULL, duplicate_similarity = NULL, text_hash = '' "
                                 "WHERE duplicate_of = ?", [article_id])
            self.con.commit()
        except BaseException:
            self._rollback()
            raise
        self._marked_stale = True
        return existed
