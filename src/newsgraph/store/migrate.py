"""Opening a database file's schema: a new file gets the current one, an existing one has its version checked.
A file of an older schema version is upgraded in place, in one transaction, when opened for writing
(``migrate``); opened read-only it raises ``SchemaUpgradeNeeded``. A file of a newer version is refused."""

from __future__ import annotations

import json
from typing import Any

from newsgraph.errors import StoreError
from newsgraph.records import ArticleRecord
from newsgraph.store.convert import _LAYER_TABLES, _extras_json, _layer_rows
from newsgraph.store.linking import LinkingMixin
from newsgraph.store.schema import (
    _SCHEMA,
    _SCHEMA_V2_TABLES,
    _SCHEMA_V3_TABLES,
    _SCHEMA_V5_TABLES,
    _V5_ARTICLE_COLUMNS,
    SCHEMA_VERSION,
    TABLES,
)
from newsgraph.story import CorpusLinker


class SchemaUpgradeNeeded(StoreError):
    """A database of an older schema version, opened read-only: open it for writing once to upgrade it."""


class MigrationMixin(LinkingMixin):
    """The schema check and upgrade of ``Store``."""

    def _ensure_schema(self) -> None:
        tables = {r[0] for r in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "schema_version" not in tables:
            if self.read_only:
                raise StoreError(f"{self.path}: not a newsgraph database (no schema_version table)")
            if tables & set(TABLES):
                raise StoreError(f"{self.path}: not a newsgraph database (tables without schema_version)")
            self.con.begin()
            self.con.execute(_SCHEMA)
            for column, type_ in _V5_ARTICLE_COLUMNS:
                self.con.execute(f"ALTER TABLE articles ADD COLUMN {column} {type_}")
            self.con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
            self.con.commit()
            return
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        version = row[0] if row else None
        if version == SCHEMA_VERSION:
            return
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: database schema version {version} is newer than this newsgraph "
                             f"reads ({SCHEMA_VERSION}); upgrade newsgraph")
        if self.read_only:
            raise SchemaUpgradeNeeded(
                f"{self.path}: database schema version {version} is older than this newsgraph's "
                f"({SCHEMA_VERSION}); open it for writing (e.g. `newsgraph ingest`) to upgrade it")
        self.migrate(version)

    def migrate(self, version: int) -> None:
        """Upgrade a database of an older schema version in place, in one transaction."""
        self.con.begin()
        try:
            article_columns = {r[0] for r in self.con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'articles'").fetchall()}
            for column, type_ in _V5_ARTICLE_COLUMNS:  # version 4 -> 5, first: the later steps read articles
                if column not in article_columns:
                    self.con.execute(f"ALTER TABLE articles ADD COLUMN {column} {type_}")
            columns = {r[0] for r in self.con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'quotes'").fetchall()}
            if "speech" not in columns:  # version 3 -> 4 (first: the later steps read quotes back)
                self.con.execute("ALTER TABLE quotes ADD COLUMN speech BOOLEAN")
            entity_columns = {r[0] for r in self.con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'entities'").fetchall()}
            if "named" not in entity_columns:  # version 3 -> 4: unnamed entities, unresolved speakers
                self.con.execute("ALTER TABLE entities ADD COLUMN named BOOLEAN")
            quote_columns = {r[0] for r in self.con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'quotes'").fetchall()}
            if "speaker_named" not in quote_columns:
                self.con.execute("ALTER TABLE quotes ADD COLUMN speaker_named BOOLEAN")
            if version < 2:
                self._migrate_layers_out_of_extras()
            if version < 3:
                self._migrate_link_stories()
            self.con.execute(_SCHEMA_V5_TABLES)
            self.con.execute("DELETE FROM schema_version")
            self.con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
            self.con.commit()
        except BaseException:
            self._rollback()
            raise

    def _migrate_layers_out_of_extras(self, batch: int = 500) -> None:
        """Version 1 -> 2: move times, quantities, events and claims from articles.extras into their tables."""
        import pyarrow as pa

        self.con.execute(_SCHEMA_V2_TABLES)
        last: str | None = None
        while found := self.con.execute("SELECT id, text, extras FROM articles WHERE ? IS NULL OR id > ? "
                                        "ORDER BY id LIMIT ?", [last, last, batch]).fetchall():
            last = found[-1][0]
            rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _LAYER_TABLES}
            new_extras: list[tuple[str, str]] = []
            for article_id, text, extras in found:
                data = json.loads(extras or "{}")
                record = ArticleRecord.from_dict({**data, "id": article_id, "text": text})
                for table, table_rows in _layer_rows(record).items():
                    rows[table] += table_rows
                new_extras.append((article_id, _extras_json(record)))
            for table in _LAYER_TABLES:
                self._insert_rows(table, rows[table])
            ids, extras_values = zip(*new_extras, strict=True)
            self.con.register("_newsgraph_extras", pa.table({"id": pa.array(ids, type=pa.string()),
                                                             "extras": pa.array(extras_values, type=pa.string())}))
            try:
                self.con.execute("UPDATE articles SET extras = n.extras FROM _newsgraph_extras n "
                                 "WHERE articles.id = n.id")
            finally:
                self.con.unregister("_newsgraph_extras")

    def _migrate_link_stories(self) -> None:
        """Version 2 -> 3: create the cross-article tables and link every stored article (oldest first)."""
        self.con.execute(_SCHEMA_V3_TABLES)
        ids = [r[0] for r in self.con.execute("SELECT id FROM articles ORDER BY ingested_at, id").fetchall()]
        self._linker, self._seq = CorpusLinker(), 0
        self._link_records([self.record(article_id) for article_id in ids])
        self._save_linker()
