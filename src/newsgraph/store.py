"""The DuckDB store of article records: one embedded database file, one writer at a time.

Never imports spaCy. Each article is written in ONE transaction (its old rows deleted, the new
ones inserted), so an interrupted ingest loses nothing already committed and never leaves half an
article. Quote search uses DuckDB's full-text-search extension, loaded from the
``duckdb-extension-fts`` wheel (nothing is downloaded); its index is rebuilt after each ingest run
(``rebuild_search_index``), and searches fall back to ``ILIKE`` while the index is stale or the
extension cannot load.

Tables (``start_char``/``end_char`` are ``[start, end)`` offsets into ``articles.text``):

- ``articles``: id (primary key), title, published (text, as given, normally YYYY-MM-DD), source
  (the outlet), url, text, text_hash (sha256 of the text), ingested_at, extras (JSON object: the
  record's other parts -- times, events, quantities, ... -- in the JSONL interchange format)
- ``entities``: article_id, entity_index, entity_id, name, type, role, affiliation
- ``mentions``: article_id, entity_id, mention_index, start_char, end_char
- ``quotes``: article_id, quote_index, quote_id (``article_id#quote_index``), kind, content_spans (JSON
  list of ``{"start", "end"}``), content_text (the fragments joined with " … "), start_char, end_char,
  cue_start, cue_end, cue_text, source_start, source_end, source_text, speaker_name, speaker_entity,
  speaker_role, speaker_affiliation
- ``schema_version``: version; ``store_state``: key, value (bookkeeping such as the search index state)
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from newsgraph.errors import NotFoundError, StoreError
from newsgraph.records import Article, ArticleRecord, Entity, Quote, Span, Speaker

SCHEMA_VERSION = 1
QUOTE_JOINER = " … "
ExportFormat = Literal["jsonl", "csv", "parquet"]
EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")
TABLES: tuple[str, ...] = ("articles", "entities", "mentions", "quotes")
_TABLE_ORDER = {
    "articles": "id",
    "entities": "article_id, entity_index",
    "mentions": "article_id, entity_id, mention_index",
    "quotes": "article_id, quote_index",
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS store_state (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    title VARCHAR,
    published VARCHAR,
    source VARCHAR,
    url VARCHAR,
    text VARCHAR NOT NULL,
    text_hash VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    extras VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
    article_id VARCHAR NOT NULL,
    entity_index INTEGER NOT NULL,
    entity_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    role VARCHAR,
    affiliation VARCHAR
);
CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    mention_index INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS quotes (
    article_id VARCHAR NOT NULL,
    quote_index INTEGER NOT NULL,
    quote_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    content_spans VARCHAR NOT NULL,
    content_text VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    cue_start INTEGER,
    cue_end INTEGER,
    cue_text VARCHAR,
    source_start INTEGER,
    source_end INTEGER,
    source_text VARCHAR,
    speaker_name VARCHAR,
    speaker_entity VARCHAR,
    speaker_role VARCHAR,
    speaker_affiliation VARCHAR
);
"""
_SEARCH_DIRTY = "search_index_dirty"
_FTS_SCHEMA = "fts_main_quotes"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


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


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One stored quote with its article's headline facts, as ``quotes`` queries return it."""

    article_id: str
    quote_index: int
    title: str | None
    outlet: str | None
    published: str | None
    speaker: str | None
    speaker_role: str | None
    speaker_affiliation: str | None
    content: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "quote_index": self.quote_index,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "speaker": self.speaker,
            "speaker_role": self.speaker_role,
            "speaker_affiliation": self.speaker_affiliation,
            "content": self.content,
            "kind": self.kind,
        }


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _like_pattern(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Store:
    """An open connection to one newsgraph database file (or ``:memory:``)."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._marked_stale = False  # whether this connection already recorded the search index as stale
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
            raise StoreError(f"{self.path}: cannot open database: {_first_line(e)}") from e
        self.search_available = self._load_fts()
        try:
            self._ensure_schema()
        except duckdb.Error as e:
            self.con.close()
            raise StoreError(f"{self.path}: not a newsgraph database: {_first_line(e)}") from e

    # -- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _load_fts(self) -> bool:
        path = fts_extension_path()
        if path is None:
            return False
        try:
            self.con.execute(f"LOAD {_sql_string(str(path))}")
        except duckdb.Error:
            return False
        return True

    def _ensure_schema(self) -> None:
        tables = {r[0] for r in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "schema_version" not in tables:
            if self.read_only:
                raise StoreError(f"{self.path}: not a newsgraph database (no schema_version table)")
            if tables & set(TABLES):
                raise StoreError(f"{self.path}: not a newsgraph database (tables without schema_version)")
            self.con.begin()
            self.con.execute(_SCHEMA)
            self.con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
            self.con.commit()
            return
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        version = row[0] if row else None
        if version != SCHEMA_VERSION:
            raise StoreError(f"{self.path}: database schema version {version}, this newsgraph reads "
                             f"version {SCHEMA_VERSION}")

    # -- writing ---------------------------------------------------------------------------------

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
        rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in TABLES}
        for record in records:
            article = record.article
            rows["articles"].append((article.id, article.title, article.published, article.source,
                                     article.url, article.text, text_hash(article.text), now,
                                     _extras_json(record)))
            rows["entities"] += [(article.id, i, e.id, e.name, e.type, e.role, e.affiliation)
                                 for i, e in enumerate(record.entities)]
            rows["mentions"] += [(article.id, e.id, j, m.start, m.end)
                                 for e in record.entities for j, m in enumerate(e.mentions)]
            rows["quotes"] += [_quote_row(article, i, q) for i, q in enumerate(record.quotes)]
        self.con.begin()
        try:
            if not self._marked_stale:
                self.con.execute(f"INSERT OR REPLACE INTO store_state VALUES ('{_SEARCH_DIRTY}', '1')")
            self._delete_stored(ids)
            for table in TABLES:
                self._insert_rows(table, rows[table])
            self.con.commit()
        except BaseException as e:
            self.con.rollback()
            if _interrupted(e):  # Ctrl-C during a statement: DuckDB turns it into an error
                raise KeyboardInterrupt from e
            if isinstance(e, duckdb.Error):
                raise StoreError(f"{', '.join(ids)}: cannot store: {_first_line(e)}") from e
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
                for table, key in (("mentions", "article_id"), ("entities", "article_id"),
                                   ("quotes", "article_id"), ("articles", "id")):
                    self.con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT id FROM _newsgraph_ids)")
        finally:
            self.con.unregister("_newsgraph_ids")
        return stored

    def _insert_rows(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert rows through an Arrow table: one statement, no per-value parameter binding (slow)."""
        if not rows:
            return
        import pyarrow as pa

        types = _ARROW_TYPES[table]
        columns = [pa.array(column, type=type_) for column, type_ in zip(zip(*rows, strict=True), types,
                                                                         strict=True)]
        batch = pa.Table.from_arrays(columns, names=[f"c{i}" for i in range(len(columns))])
        self.con.register("_newsgraph_rows", batch)
        try:
            self.con.execute(f"INSERT INTO {table} SELECT * FROM _newsgraph_rows")
        finally:
            self.con.unregister("_newsgraph_rows")

    def delete(self, article_id: str) -> bool:
        """Remove one article and everything extracted from it; whether it existed."""
        self.con.begin()
        try:
            self.con.execute(f"INSERT OR REPLACE INTO store_state VALUES ('{_SEARCH_DIRTY}', '1')")
            existed = self._delete_stored([article_id]) > 0
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        self._marked_stale = True
        return existed

    def search_index_stale(self) -> bool:
        row = self.con.execute("SELECT value FROM store_state WHERE key = ?", [_SEARCH_DIRTY]).fetchone()
        return bool(row and row[0] == "1") or not self._has_search_index()

    def _has_search_index(self) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM duckdb_schemas() WHERE schema_name = ?", [_FTS_SCHEMA]
        ).fetchone()
        return bool(row and row[0])

    def rebuild_search_index(self) -> bool:
        """Rebuild the full-text index of quote content; False when the extension is unavailable."""
        if not self.search_available or self.read_only:
            return False
        self.con.execute("PRAGMA create_fts_index('quotes', 'quote_id', 'content_text', overwrite=1)")
        self.con.execute(f"INSERT OR REPLACE INTO store_state VALUES ('{_SEARCH_DIRTY}', '0')")
        self._marked_stale = False
        return True

    # -- reading ---------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        out = {}
        for table in TABLES:
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]

    def record(self, article_id: str) -> ArticleRecord:
        """The stored record of one article; NotFoundError if there is none."""
        query = f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?"
        row = self.con.execute(query, [article_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id!r}")
        parts = [
            self.con.execute(f"SELECT {columns} FROM {table} WHERE article_id = ? ORDER BY {order}",
                             [article_id]).fetchall()
            for table, columns, order in _PART_QUERIES
        ]
        return _build_record(row, *parts)

    def records(self, batch: int = 1000) -> Iterator[ArticleRecord]:
        """Every stored record in id order, streamed (four sorted scans merged, not a query per article)."""
        articles = self.con.cursor().execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY id")
        parts = [
            _grouped(self.con.cursor().execute(
                f"SELECT article_id, {columns} FROM {table} ORDER BY article_id, {order}"), batch)
            for table, columns, order in _PART_QUERIES
        ]
        pending: list[tuple[str, list[tuple[Any, ...]]] | None] = [next(p, None) for p in parts]
        while rows := articles.fetchmany(batch):
            for row in rows:
                article_id = row[0]
                found: list[list[tuple[Any, ...]]] = []
                for i, part in enumerate(parts):
                    while pending[i] is not None and pending[i][0] < article_id:  # type: ignore[index]
                        pending[i] = next(part, None)  # rows of no stored article: never written together
                    current = pending[i]
                    if current is not None and current[0] == article_id:
                        found.append(current[1])
                        pending[i] = next(part, None)
                    else:
                        found.append([])
                yield _build_record(row, *found)

    def quotes(self, speaker: str | None = None, search: str | None = None, outlet: str | None = None,
               article_id: str | None = None, limit: int | None = 20) -> list[QuoteRow]:
        """Stored quotes, filtered; a ``search`` ranks by full-text relevance (or substring fallback)."""
        where: list[str] = []
        params: list[Any] = []
        score = "NULL"
        if speaker:
            where.append("q.speaker_name ILIKE ? ESCAPE '\\'")
            params.append(_like_pattern(speaker))
        if outlet:
            where.append("a.source ILIKE ? ESCAPE '\\'")
            params.append(_like_pattern(outlet))
        if article_id:
            where.append("q.article_id = ?")
            params.append(article_id)
        score_params: list[Any] = []
        if search:
            if self.search_available and not self.search_index_stale():
                score = f"{_FTS_SCHEMA}.match_bm25(q.quote_id, ?, conjunctive := 1)"
                score_params.append(search)
                where.append("score IS NOT NULL")
            else:
                where.append("q.content_text ILIKE ? ESCAPE '\\'")
                params.append(_like_pattern(search))
        order = "score DESC, " if score != "NULL" else ""
        sql = (
            "SELECT q.article_id, q.quote_index, a.title, a.source, a.published, q.speaker_name, "
            "q.speaker_role, q.speaker_affiliation, q.content_text, q.kind "
            f"FROM (SELECT *, {score} AS score FROM quotes q) AS q JOIN articles a ON a.id = q.article_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order}a.published DESC NULLS LAST, q.article_id, q.quote_index"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        rows = self.con.execute(sql, score_params + params).fetchall()
        return [QuoteRow(*r) for r in rows]

    # -- export ----------------------------------------------------------------------------------

    def export_tables(self, fmt: Literal["csv", "parquet"], folder: str | Path) -> list[Path]:
        """Write each table to ``folder/<table>.<fmt>`` with DuckDB's COPY; the files written."""
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
        written = []
        for table in TABLES:
            path = target / f"{table}.{fmt}"
            try:
                query = f"SELECT * FROM {table} ORDER BY {_TABLE_ORDER[table]}"
                self.con.execute(f"COPY ({query}) TO {_sql_string(str(path))} ({options})")
            except duckdb.Error as e:
                raise StoreError(f"{path}: cannot write: {_first_line(e)}") from e
            written.append(path)
        return written


_ARTICLE_COLUMNS = "id, text, title, published, source, url, extras"
# (table, columns, order within an article) of the parts of a record the relational tables hold
_PART_QUERIES = (
    ("entities", "entity_id, name, type, role, affiliation", "entity_index"),
    ("mentions", "entity_id, start_char, end_char", "entity_id, mention_index"),
    ("quotes", "content_spans, cue_start, cue_end, source_start, source_end, kind, speaker_name, "
               "speaker_entity, speaker_role, speaker_affiliation", "quote_index"),
)


def _grouped(cursor: duckdb.DuckDBPyConnection, batch: int) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """(article_id, rows without the id) for a result ordered by article_id first."""
    key: str | None = None
    group: list[tuple[Any, ...]] = []
    while rows := cursor.fetchmany(batch):
        for row in rows:
            if row[0] != key:
                if key is not None:
                    yield key, group
                key, group = row[0], []
            group.append(tuple(row[1:]))
    if key is not None:
        yield key, group


def _build_record(article_row: tuple[Any, ...], entity_rows: list[tuple[Any, ...]],
                  mention_rows: list[tuple[Any, ...]], quote_rows: list[tuple[Any, ...]]) -> ArticleRecord:
    article_id, text, title, published, source, url, extras = article_row
    article = Article(id=article_id, text=text, title=title, published=published, source=source, url=url)
    record = ArticleRecord.from_dict({**json.loads(extras), **article.to_dict()})
    mentions: dict[str, list[Span]] = {}
    for entity_id, start, end in mention_rows:
        mentions.setdefault(entity_id, []).append(Span(start, end))
    record.entities = [
        Entity(id=e_id, name=name, type=type_, mentions=mentions.get(e_id, []), role=role,
               affiliation=affiliation)
        for e_id, name, type_, role, affiliation in entity_rows
    ]
    record.quotes = [_quote_from_row(r) for r in quote_rows]
    return record


def _arrow_types() -> dict[str, list[Any]]:
    import pyarrow as pa

    text, integer = pa.string(), pa.int32()
    return {
        "articles": [text] * 7 + [pa.timestamp("us"), text],
        "entities": [text, integer] + [text] * 5,
        "mentions": [text, text, integer, integer, integer],
        "quotes": [text, integer] + [text] * 4 + [integer] * 4 + [text] + [integer] * 2 + [text] * 5,
    }


class _LazyArrowTypes(dict[str, list[Any]]):
    """The Arrow column types of each table, built on first use (pyarrow loads only to write)."""

    def __missing__(self, table: str) -> list[Any]:
        self.update(_arrow_types())
        return self[table]


_ARROW_TYPES = _LazyArrowTypes()
_RELATIONAL_KEYS = frozenset(("id", "title", "published", "source", "url", "text", "entities", "quotes"))


def _extras_json(record: ArticleRecord) -> str:
    """The parts of a record the relational tables do not hold, as JSON."""
    return json.dumps({k: v for k, v in record.to_dict().items() if k not in _RELATIONAL_KEYS},
                      ensure_ascii=False)


def _quote_row(article: Article, index: int, quote: Quote) -> tuple[Any, ...]:
    text = article.text
    speaker = quote.speaker
    return (
        article.id, index, f"{article.id}#{index}", quote.kind,
        json.dumps([s.to_dict() for s in quote.content]), quote.content_text(text, QUOTE_JOINER),
        quote.start, quote.end,
        quote.cue.start if quote.cue else None, quote.cue.end if quote.cue else None,
        quote.cue.text_of(text) if quote.cue else None,
        quote.source.start if quote.source else None, quote.source.end if quote.source else None,
        quote.source.text_of(text) if quote.source else None,
        speaker.name if speaker else None, speaker.entity if speaker else None,
        speaker.role if speaker else None, speaker.affiliation if speaker else None,
    )


def _quote_from_row(row: tuple[Any, ...]) -> Quote:
    spans, cue_start, cue_end, source_start, source_end, kind, name, entity, role, affiliation = row
    return Quote(
        content=[Span.from_dict(s) for s in json.loads(spans)],
        cue=Span(cue_start, cue_end) if cue_start is not None else None,
        source=Span(source_start, source_end) if source_start is not None else None,
        kind=kind,
        speaker=None if name is None else Speaker(name, entity, role, affiliation),
    )


def _interrupted(error: BaseException) -> bool:
    """Whether an error is DuckDB's rendering of a Ctrl-C that came during a statement."""
    return isinstance(error, duckdb.InterruptException) or (
        isinstance(error, RuntimeError) and isinstance(error.__cause__ or error.__context__, KeyboardInterrupt))


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
