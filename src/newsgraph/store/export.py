"""Export: every table (``ALL_TABLES``) to ``<table>.csv`` or ``<table>.parquet`` with DuckDB's COPY, each in a
stable row order. (The JSON Lines export is the service's: the stored records, as ``extract`` writes them.)"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import duckdb

from newsgraph.errors import StoreError
from newsgraph.store.base import StoreBase, _first_line, _sql_string
from newsgraph.store.schema import ALL_TABLES

ExportFormat = Literal["jsonl", "csv", "parquet"]
EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")
_TABLE_ORDER = {
    "articles": "id",
    "entities": "article_id, entity_index",
    "mentions": "article_id, entity_id, mention_index",
    "quotes": "article_id, quote_index",
    "times": "article_id, time_index",
    "quantities": "article_id, quantity_index",
    "events": "article_id, event_index",
    "event_actors": "article_id, event_index, role, actor_index",
    "claims": "article_id, claim_index",
    "claim_stances": "article_id, claim_index, stance_index",
    "article_story": "article_id",
    "entity_links": "article_id, entity_id",
    "statement_quotes": "statement_id, article_id, quote_index",
    "claim_links": "group_id, article_id, claim_index",
    "stories": "id",
    "corpus_entities": "id",
    "statements": "id",
    "claim_groups": "id",
}


class ExportMixin(StoreBase):
    """The export of ``Store``."""

    def export_tables(self, fmt: Literal["csv", "parquet"], folder: str | Path) -> list[Path]:
        """Write each table to ``folder/<table>.<fmt>`` with DuckDB's COPY; the files written."""
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
        written = []
        for table in ALL_TABLES:
            path = target / f"{table}.{fmt}"
            try:
                query = f"SELECT * FROM {table} ORDER BY {_TABLE_ORDER[table]}"
                self.con.execute(f"COPY ({query}) TO {_sql_string(str(path))} ({options})")
            except duckdb.Error as e:
                raise StoreError(f"{path}: cannot write: {_first_line(e)}") from e
            written.append(path)
        return written
