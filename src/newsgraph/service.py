"""The one library object the CLI (and later the HTTP app) are thin shells over.

``NewsGraph()`` extracts; ``NewsGraph(db_path)`` also stores and queries (``ingest``, ``quotes``,
``events``, ``claims``, ``show``, ``export``) and follows stories across articles and outlets (``stories``,
``story``, ``statements``, ``story_claims``, ``graph``): ingest assigns each article its story and its
entities their corpus-wide ids as it stores them. The store is opened lazily: read-only for queries,
read-write for ingest. A database of an older schema version is upgraded in place on first use. What it reads
(paths, Articles, web sources, uploads) is turned into Articles by ``inputs.py``; an ingest run reports with the
records of ``ingest_report.py`` (both re-exported here, as the shells import them from the service).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from newsgraph.cores import usable_cores
from newsgraph.errors import InputFailure, NewsgraphError, StoreError, StoreWriteError
from newsgraph.ingest.fetch import FetchPolicy
from newsgraph.ingest.urls import is_url
from newsgraph.ingest_report import IngestEvent, IngestReport, ProgressCallback
from newsgraph.inputs import articles_of, read_upload, web_reader
from newsgraph.records import Article, ArticleRecord
from newsgraph.shards import ShardWriter
from newsgraph.store import (
    ALL_TABLES,
    EXPORT_FORMATS,
    STORY_TABLES,
    TABLES,
    ActorRow,
    ArticleRow,
    ClaimGroupRow,
    ClaimRow,
    CorpusEntityRow,
    EventRow,
    QuoteRow,
    SchemaUpgradeNeeded,
    StanceRow,
    StatementRow,
    Store,
    StoryRow,
    TimelineItem,
    check_calendar_date,
    is_interrupt,
)
from newsgraph.story import CorpusLinker
from newsgraph.timeline import TimelineEvent
from newsgraph.watch import parse_interval
from newsgraph.workers import (
    ENGINES,
    TASK_SIZE,
    ExtractorLike,
    GivenExtractor,
    Outcome,
    PoolStats,
    default_factory,
    extract_outcomes,
    fill_chunk,
    make_pool,
    prepare_chunk,
)

if TYPE_CHECKING:
    from newsgraph.graph import ActorGraph
    from newsgraph.watch import Round

__all__ = ["ALL_TABLES", "ENGINES", "EXPORT_FORMATS", "STORY_TABLES", "TABLES", "ActorRow", "ArticleRow",
           "ClaimGroupRow", "ClaimRow", "CorpusEntityRow", "EventRow", "FetchPolicy", "IngestEvent",
           "IngestReport", "NewsGraph", "QuoteRow", "StanceRow", "StatementRow", "StoryRow", "StoryView",
           "ShardWriter", "TimelineItem", "check_calendar_date", "is_url", "parse_interval", "read_upload",
           "usable_cores"]

# An ingest run saves the story/entity linker's state once this many articles were linked since the last save
# (checked after each chunk, so a run killed midway leaves at most this many to replay); the next run replays the
# rest (a few seconds), rather than every small run rewriting a state that grows with the corpus (4 s at 34,000
# articles).
LINKER_CHECKPOINT_EVERY = 500


def _chunks(items: Iterable[Article | InputFailure], size: int) -> Iterator[list[Article | InputFailure]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


@contextmanager
def _ctrl_c_is_keyboard_interrupt() -> Iterator[None]:
    """A Ctrl-C that DuckDB turned into an error mid-statement comes out as KeyboardInterrupt."""
    try:
        yield
    except Exception as e:
        if is_interrupt(e):
            raise KeyboardInterrupt from e
        raise


@dataclass(frozen=True, slots=True)
class StoryView:
    """One story as ``newsgraph story ID`` shows it: summary, articles, statements, timeline."""

    story: StoryRow
    articles: list[dict[str, Any]]
    statements: list[StatementRow]
    timeline: list[TimelineItem]

    def to_dict(self) -> dict[str, Any]:
        return {**self.story.to_dict(), "article_list": self.articles,
                "statements": [s.to_dict() for s in self.statements],
                "timeline": [t.to_dict() for t in self.timeline]}


class NewsGraph:
    """Extraction and (with a database path) storage and queries over newsgraph's record."""

    def __init__(self, db_path: str | Path | None = None, chunk_size: int = 64,
                 extractor: ExtractorLike | None = None, fetch: FetchPolicy | None = None, dedup: bool = True,
                 extractor_factory: Callable[[], ExtractorLike] | None = None) -> None:
        """``extractor``: the one this process uses (default: the pipeline, loaded on first use);
        ``fetch``: how URLs among the inputs are fetched (``ingest.fetch.FetchPolicy``; the defaults if None);
        ``dedup``: store a copy of a stored article (exact or near, ``dedup.py``) as a copy, not extracted again
        (False: every article is extracted and counted, as before schema v5); ``extractor_factory``: what each
        worker process calls to make its own extractor (default: the pipeline; it must be importable by name,
        for workers start afresh)."""
        self.db_path = Path(db_path) if db_path is not None else None
        self.chunk_size = chunk_size
        self._extractor = extractor
        self._factory = extractor_factory
        self.fetch_policy = fetch
        self.dedup = dedup
        self._store: Store | None = None
        self.pool_stats = PoolStats()  # the workers of the last parallel run: articles, peak memory, deaths

    # -- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> NewsGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self, write: bool) -> Store:
        if self.db_path is None:
            raise StoreError("no database: this NewsGraph was made without a db_path")
        if self._store is not None and (self._store.read_only is False or not write):
            return self._store
        self.close()
        if not write and not self.db_path.is_file():
            raise StoreError(f"{self.db_path}: no such database (ingest some articles first)")
        if write and not self.db_path.parent.is_dir():
            raise StoreError(f"{self.db_path}: folder {self.db_path.parent} does not exist")
        try:
            self._store = Store(self.db_path, read_only=not write)
        except SchemaUpgradeNeeded:  # a query on an older database: upgrade it once, then read
            Store(self.db_path).close()
            self._store = Store(self.db_path, read_only=True)
        return self._store

    def share(self, hold_quotes: bool = False) -> NewsGraph:
        """Another NewsGraph over the same database with its own connection, for another thread (``hold_quotes``:
        it answers quote listings from memory, see ``Store``).

        A DuckDB connection serves one thread at a time, and a process opens a database file once: this one is
        opened first (for writing when it can be, else read-only) and the other opens the same way, so both
        share one database and each sees what the other commits.
        """
        if self._store is None:
            try:
                self._open(write=True)
            except StoreError:  # e.g. another process writes it: serve it read-only
                self._open(write=False)
        assert self._store is not None
        other = NewsGraph(self.db_path, self.chunk_size, self._extractor, self.fetch_policy, self.dedup,
                          self._factory)
        other._store = Store(self._store.path, read_only=self._store.read_only, hold_quotes=hold_quotes)
        return other

    @property
    def writable(self) -> bool:
        """Whether the database is open for writing (so ``ingest`` can run without reopening it)."""
        return self._store is not None and not self._store.read_only

    # -- extraction ------------------------------------------------------------------------------

    @property
    def extractor(self) -> ExtractorLike:
        if self._extractor is None:
            from newsgraph.pipeline import default_extractor

            self._extractor = default_extractor()
        return self._extractor

    def process(self, items: Iterable[Article | InputFailure], workers: int = 1, engine: str = "local",
                ray_address: str | None = None) -> Iterator[Outcome]:
        """Records and failures in input order; one bad article never stops the batch. ``workers`` > 1
        extracts in that many processes (``engine="local"``) or Ray actors (``engine="ray"``, on the cluster
        at ``ray_address``, else a local one); the records are the same as with one."""
        for outcomes in self._process_chunks(items, workers, engine, ray_address):
            yield from outcomes

    def _process_chunks(self, items: Iterable[Article | InputFailure], workers: int = 1, engine: str = "local",
                        ray_address: str | None = None) -> Iterator[list[Outcome]]:
        """The outcomes of each chunk of items, in input order (chunks of ``chunk_size``; of at most
        ``workers.TASK_SIZE`` when workers share them out)."""
        size = self.chunk_size if workers <= 1 and engine == "local" else min(self.chunk_size, TASK_SIZE)
        chunks = _chunks(items, size)
        if workers > 1 or engine != "local":
            first = list(islice(chunks, 2))
            if len(first) == 2 or engine != "local":  # one chunk is quicker here than starting workers
                yield from self._pooled(chain(first, chunks), workers, engine, ray_address)
                return
            chunks = iter(first)
        for chunk in chunks:
            slots, valid = prepare_chunk(chunk)
            yield fill_chunk(slots, extract_outcomes(self.extractor, valid) if valid else [])

    def _pooled(self, chunks: Iterable[list[Article | InputFailure]], workers: int, engine: str,
                ray_address: str | None) -> Iterator[list[Outcome]]:
        factory = self._factory or (GivenExtractor(self._extractor) if self._extractor is not None
                                    else default_factory)
        with make_pool(workers, engine, ray_address, factory) as pool:
            self.pool_stats = pool.stats
            for slots, outcomes in pool.map(prepare_chunk(chunk) for chunk in chunks):
                yield fill_chunk(slots, outcomes)

    def extract_paths(self, paths: Iterable[str | Path], workers: int = 1, engine: str = "local",
                      ray_address: str | None = None) -> Iterator[Outcome]:
        """Read files/folders/web sources (URLs of pages, feeds, sitemaps) and extract every article in them
        (``workers``, ``engine``: see ``process``)."""
        from newsgraph.ingest.remote import MemoryState

        with web_reader(self.fetch_policy, MemoryState()) as reader:
            yield from self.process(articles_of(paths, reader), workers, engine, ray_address)

    def extract_linked(self, paths: Iterable[str | Path], workers: int = 1, engine: str = "local",
                       ray_address: str | None = None) -> Iterator[dict[str, Any] | InputFailure]:
        """``extract_paths`` as JSON objects, each with its ``"story"`` and corpus-wide entity ids
        (the same id in two articles is the same entity), assigned as each record arrives in input order."""
        linker = CorpusLinker()
        for outcome in self.extract_paths(paths, workers, engine, ray_address):
            yield outcome if isinstance(outcome, InputFailure) else linker.annotate(outcome)

    # -- storage ---------------------------------------------------------------------------------

    def ingest(self, inputs: Iterable[str | Path | Article], progress: ProgressCallback | None = None,
               force: bool = False, workers: int = 1, engine: str = "local",
               ray_address: str | None = None) -> IngestReport:
        """Extract and store articles (given, or read from files/folders).

        Each chunk of extracted articles is committed in one transaction, so an interrupted run keeps
        every article committed before it and never half an article. An article already stored with
        the same id, text and metadata is skipped before extraction (unless ``force``), so a rerun or a
        resumed run stores nothing twice; the same id with changed text replaces the stored article. A
        second article with an id already read in this run fails. The search index is rebuilt at the
        end of the run. ``workers`` > 1 extracts in that many processes or Ray actors (``engine``, see
        ``process``) while this process stays the one writer, committing in input order.
        """
        report = IngestReport()
        with _ctrl_c_is_keyboard_interrupt():
            try:
                return self._ingest(inputs, progress, force, report, workers, engine, ray_address)
            except StoreWriteError as e:  # disk full: stop, keeping what was committed; a rerun resumes
                raise StoreWriteError(f"{e}; stopped after storing {len(report.stored)} article(s) in this run "
                                      "(all kept); make room and rerun to store the rest") from e

    def _ingest(self, inputs: Iterable[str | Path | Article], progress: ProgressCallback | None,
                force: bool, report: IngestReport, workers: int, engine: str,
                ray_address: str | None) -> IngestReport:
        from newsgraph.webstate import WebState

        store = self._open(write=True)
        state = WebState(store)
        from newsgraph.ingest_run import IngestRun

        with web_reader(self.fetch_policy, state) as reader:
            run = IngestRun(self, store, progress, force, workers, engine, ray_address, report)
            run.run(articles_of(inputs, reader))
            reader.report.commit(state)  # what the feeds said is remembered once their articles are stored
            run.report.requests, run.report.not_modified = reader.report.requests, list(reader.report.not_modified)
        run.report.seconds = time.perf_counter() - run.started
        return run.report

    def copies_of(self, article_id: str) -> list[dict[str, Any]]:
        """The stored copies of an article (id, outlet, url, published, similarity), oldest first."""
        return self._open(write=False).copies_of([article_id]).get(article_id, [])

    def watch(self, sources: Iterable[str | Path], every: float, rounds: int | None = None,
              on_round: Callable[[Round], None] | None = None, progress: ProgressCallback | None = None) -> int:
        """Ingest ``sources`` (feeds, sitemaps, pages, files) every ``every`` seconds until interrupted (or
        ``rounds`` times), calling ``on_round`` after each; the rounds done (see ``watch.py``)."""
        from newsgraph.watch import watch

        return watch(self, list(sources), every, rounds, on_round, progress)

    def delete(self, article_id: str) -> bool:
        """Remove one stored article; whether it was there."""
        store = self._open(write=True)
        existed = store.delete(article_id)
        store.rebuild_search_index()
        return existed

    def quotes(self, speaker: str | None = None, search: str | None = None, outlet: str | None = None,
               article_id: str | None = None, limit: int | None = 20, date_from: str | None = None,
               date_to: str | None = None, story: str | None = None, offset: int = 0,
               entity: str | None = None, speech: bool | None = True) -> list[QuoteRow]:
        """Stored quotes: by speaker name and outlet (substring, any case), the speaker's corpus entity id,
        words in the quote, article, story, and publication date range (YYYY[-MM[-DD]], inclusive;
        NewsgraphError for a bound that is not such a date); ``offset`` rows skipped before ``limit``.
        ``speech``: statements only (the default: acts of saying or writing), ``False`` the reported beliefs,
        findings and plans only, ``None`` both."""
        try:
            return self._open(write=False).quotes(speaker=speaker, search=search, outlet=outlet,
                                                  article_id=article_id, limit=limit, date_from=date_from,
                                                  date_to=date_to, story_id=story, offset=offset,
                                                  entity_id=entity, speech=speech)
        except ValueError as e:
            raise NewsgraphError(str(e)) from e

    def events(self, actor: str | None = None, type: str | None = None, date_from: str | None = None,
               date_to: str | None = None, article_id: str | None = None, modality: str | None = None,
               limit: int | None = 20, story: str | None = None, offset: int = 0,
               entity: str | None = None) -> list[EventRow]:
        """Stored events, newest first, filtered (see ``Store.events``).

        By actor (entity name, mention, or code such as "RUS" or "RUS MIL"; or ``entity``, a corpus entity id
        among the sources and targets), PLOVER type, modality, article,
        and a date range (YYYY[-MM[-DD]], inclusive) on the event's date, else its article's publication
        date. NewsgraphError for a bound that is not such a date.
        """
        try:
            return self._open(write=False).events(actor=actor, type=type, date_from=date_from, date_to=date_to,
                                                  article_id=article_id, modality=modality, limit=limit,
                                                  story_id=story, offset=offset, entity_id=entity)
        except ValueError as e:
            raise NewsgraphError(str(e)) from e

    def claims(self, entity: str | None = None, stance: str | None = None, search: str | None = None,
               article_id: str | None = None, limit: int | None = 20, story: str | None = None,
               offset: int = 0) -> list[ClaimRow]:
        """Stored claims with who asserts, denies or doubts each (see ``Store.claims``).

        Those where one holder matches both ``entity`` (name contains it, any case, or that entity id) and
        ``stance``; ``search``: words in the claim's text.
        """
        return self._open(write=False).claims(entity=entity, stance=stance, search=search, article_id=article_id,
                                              limit=limit, story_id=story, offset=offset)

    # -- stories across articles ------------------------------------------------------------------

    def stories(self, search: str | None = None, limit: int | None = 20, offset: int = 0) -> list[StoryRow]:
        """Stories (articles about one event or situation), latest first; ``search``: words in the title."""
        return self._open(write=False).stories(search=search, limit=limit, offset=offset)

    def story(self, story_id: str) -> StoryView:
        """One story: title, dates, main actors, its articles, its statements (each with every outlet that
        carries it) and its timeline of events and statements. NotFoundError if there is no such story."""
        store = self._open(write=False)
        row = store.story(story_id)
        return StoryView(row, store.story_articles(story_id, copies=True), store.statements(story_id),
                         store.story_timeline(story_id))

    def story_summary(self, story_id: str) -> StoryRow:
        """One story's title, dates, size and main actors; NotFoundError if there is no such story."""
        return self._open(write=False).story(story_id)

    def story_timeline(self, story_id: str) -> list[TimelineItem]:
        """A story's events and statements in time order; NotFoundError if there is no such story."""
        store = self._open(write=False)
        store.story(story_id)
        return store.story_timeline(story_id)

    def articles(self, search: str | None = None, source: str | None = None, story: str | None = None,
                 limit: int | None = 50, offset: int = 0) -> list[ArticleRow]:
        """Stored articles, newest first: words in the title or text, outlet (substring, any case), story."""
        return self._open(write=False).articles(search=search, source=source, story_id=story, limit=limit,
                                                offset=offset)

    def entities(self, search: str | None = None, type: str | None = None, limit: int | None = 50,
                 offset: int = 0) -> list[CorpusEntityRow]:
        """Corpus-wide entities (one per real-world entity across articles), the most widespread first."""
        return self._open(write=False).corpus_entities(search=search, type=type, limit=limit, offset=offset)

    def entity(self, entity_id: str) -> tuple[CorpusEntityRow, list[dict[str, Any]]]:
        """One corpus entity and the articles naming it; NotFoundError if there is none."""
        store = self._open(write=False)
        return store.corpus_entity(entity_id), store.entity_articles(entity_id)

    def corpus_ids(self, article_id: str) -> dict[str, str]:
        """The corpus-wide entity id of each entity of a stored article (keyed by its id in the article)."""
        return self._open(write=False).corpus_ids(article_id)

    def story_of(self, article_id: str) -> str | None:
        """The story id of a stored article (None if it has none)."""
        return self._open(write=False).story_of(article_id)

    def statements(self, story: str | None = None, limit: int | None = None, offset: int = 0) -> list[StatementRow]:
        """Statements across outlets (one quote carried by several is one statement; paraphrases linked)."""
        return self._open(write=False).statements(story, limit=limit, offset=offset)

    def story_claims(self, story: str | None = None, limit: int | None = None,
                     offset: int = 0) -> list[ClaimGroupRow]:
        """Claims linked across articles (of one story, or all): who asserts and who denies each, where."""
        store = self._open(write=False)
        if story is not None:
            store.story(story)  # NotFoundError for an unknown story
        return store.claim_groups(story, limit=limit, offset=offset)

    def graph(self, story: str | None = None) -> ActorGraph:
        """The actor graph (who acted on whom, who spoke about whom, weighted) of one story or the corpus."""
        from newsgraph.graph import ActorGraph

        store = self._open(write=False)
        if story is not None:
            store.story(story)
        return ActorGraph.from_rows(store.actor_edges(story))

    def timeline(self, entity: str, story: str | None = None) -> list[TimelineEvent]:
        """The timeline of one entity across the stored articles (or one story's): the events it takes part in,
        each with its date (its own time expression, else the publication date when known) and evidence."""
        from newsgraph.timeline import entity_timeline

        store = self._open(write=False)
        if story is None:
            return entity_timeline(store.records(), entity)
        store.story(story)  # NotFoundError for an unknown story
        return entity_timeline((store.record(a["id"]) for a in store.story_articles(story)), entity)

    def article(self, article_id: str) -> ArticleRecord:
        """The stored record of one article; NotFoundError if absent."""
        return self._open(write=False).record(article_id)

    def warm(self) -> bool:
        """Load what a long-running process answers quote listings from (the in-memory quote catalogue) now,
        rather than on the first listing; False when there is nothing to load yet."""
        return self._open(write=False).load_quote_catalogue()

    def records(self) -> Iterator[ArticleRecord]:
        """Every stored record, in id order, streamed."""
        return self._open(write=False).records()

    def show(self, article_id: str) -> ArticleRecord:
        """The stored record of one article, every layer included (what ``newsgraph show`` renders)."""
        return self.article(article_id)

    def counts(self, tables: Iterable[str] = TABLES) -> dict[str, int]:
        """Rows per table (``TABLES``, or those given: ``ALL_TABLES`` adds the story tables)."""
        return self._open(write=False).counts(tuple(tables))

    def export(self, fmt: str, path: str | Path | IO[str]) -> list[Path]:
        """Write the whole store out; the files written.

        ``jsonl``: one ArticleRecord per line at ``path`` (a file, or an open text stream), the format
        ``newsgraph extract`` writes, every layer included. ``csv`` / ``parquet``: ``path`` is a folder that
        receives one file per table (``ALL_TABLES``: articles, entities, mentions, quotes, times, quantities,
        events, event_actors, claims, claim_stances, and across articles article_story, entity_links,
        statement_quotes, claim_links, stories, corpus_entities, statements, claim_groups)
        as ``<table>.csv`` / ``<table>.parquet``.
        """
        if fmt not in EXPORT_FORMATS:
            expected = ", ".join(EXPORT_FORMATS)
            raise NewsgraphError(f"unknown export format {fmt!r}; expected one of {expected}")
        with _ctrl_c_is_keyboard_interrupt():
            return self._export(fmt, path)

    def _export(self, fmt: str, path: str | Path | IO[str]) -> list[Path]:
        store = self._open(write=False)
        if fmt == "jsonl":
            if isinstance(path, str | Path):
                target = Path(path)
                with open(target, "w", encoding="utf-8") as out:
                    _write_jsonl(store, out)
                return [target]
            _write_jsonl(store, path)
            return []
        if not isinstance(path, str | Path):
            raise NewsgraphError(f"{fmt} export writes a folder of files: give a folder path")
        if Path(path).exists() and not Path(path).is_dir():
            raise NewsgraphError(f"{path}: {fmt} export writes a folder of files, and this is a file")
        return store.export_tables("csv" if fmt == "csv" else "parquet", path)


def _write_jsonl(store: Store, out: IO[str]) -> None:
    for record in store.records():
        out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
