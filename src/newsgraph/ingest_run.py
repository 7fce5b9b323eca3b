"""One ``NewsGraph.ingest`` run: skip what is stored, store copies as copies, extract and store the rest.

Each chunk of extracted articles is committed in one transaction, so an interrupted run keeps every article
committed before it and never half an article. Before extraction, each article is checked against the stored
originals (``dedup.Deduplicator``): a copy (exact or near) is stored by ``Store.write_copy`` with
``duplicate_of`` set and is not extracted, so its quotes, events, claims and entities are counted once, as the
original's. A copy of an article read earlier in the same run waits until that one is stored.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from newsgraph.dedup import Deduplicator, Match
from newsgraph.errors import InputFailure, StoreError, StoreWriteError
from newsgraph.ingest_report import IngestEvent, IngestReport, IngestStatus, ProgressCallback
from newsgraph.records import Article, ArticleRecord
from newsgraph.service import LINKER_CHECKPOINT_EVERY
from newsgraph.store import Store, text_hash

if TYPE_CHECKING:
    from newsgraph.service import NewsGraph


class IngestRun:
    def __init__(self, graph: NewsGraph, store: Store, progress: ProgressCallback | None, force: bool,
                 workers: int = 1, engine: str = "local", ray_address: str | None = None,
                 report: IngestReport | None = None) -> None:
        self.graph, self.store, self.progress, self.force = graph, store, progress, force
        self.parallel = (workers, engine, ray_address)  # extraction in worker processes or Ray actors
        self.report = report if report is not None else IngestReport()
        self.started = time.perf_counter()
        self.seen: dict[str, str] = {}
        self.copies = Deduplicator(store)
        self.deferred: list[tuple[Article, Match]] = []  # copies of originals of this run not stored yet
        self.pending: set[str] = set()  # originals read in this run, not stored (or failed) yet

    def emit(self, status: IngestStatus, name: str, failure: InputFailure | None = None) -> None:
        self.report.seconds = time.perf_counter() - self.started
        if self.progress is not None:
            self.progress(IngestEvent(status, name, self.report, failure))

    def fail(self, failure: InputFailure) -> None:
        self.report.failed.append(failure)
        self.emit("failed", failure.input_name, failure)

    def to_extract(self, items: Iterable[Article | InputFailure]) -> Iterator[Article | InputFailure]:
        report, store = self.report, self.store
        for item in items:
            if isinstance(item, Article):
                digest = text_hash(item.text)
                if item.id in self.seen:
                    if self.seen[item.id] == digest:
                        report.unchanged.append(item.id)
                        self.emit("unchanged", item.id)
                    else:
                        self.fail(InputFailure(item.id, "an article with this id came earlier in this run; "
                                                        "kept the first"))
                    continue
                self.seen[item.id] = digest
                if not self.force and store.is_unchanged(item):
                    report.unchanged.append(item.id)
                    self.emit("unchanged", item.id)
                    continue
                match = self.copies.check(item.id, item.text) if self.graph.dedup else None
                if match is not None:
                    self.deferred.append((item, match))
                    self.store_copies()
                    continue
                self.copies.index.add(item.id, *self.copies.index.signature(item.text))
                self.pending.add(item.id)
            yield item

    def store_copies(self) -> None:
        """Store the copies whose original is stored (or report those whose original failed)."""
        for article, match in list(self.deferred):
            if match.original in self.pending:
                continue
            self.deferred.remove((article, match))
            if not self.store.has_article(match.original):
                self.copies.index.remove(match.original)
                self.fail(InputFailure(article.id, f"a copy of {match.original}, which could not be stored; "
                                                   "ingest it again"))
                continue
            try:
                self.store.write_copy(article, match.original, match.similarity)
            except StoreWriteError:  # the disk, not the article: the run stops
                raise
            except StoreError as e:
                self.fail(InputFailure(article.id, f"cannot store: {e}"))
                continue
            self.copies.copied(article.id)
            self.report.copies[article.id] = match.original
            self.report.stored.append(article.id)
            self.emit("stored", article.id)

    def run(self, items: Iterable[Article | InputFailure]) -> None:
        store = self.store
        for outcomes in self.graph._process_chunks(self.to_extract(items), *self.parallel):
            records: list[ArticleRecord] = []
            for outcome in outcomes:
                if isinstance(outcome, InputFailure):
                    self.fail(outcome)
                    continue
                try:
                    outcome.check_spans()
                except ValueError as e:
                    self.fail(InputFailure(outcome.id, f"cannot store: {e}"))
                    continue
                records.append(outcome)
            try:
                store.write_many(records)  # one transaction a chunk: each article all or nothing
                written = records
            except StoreWriteError:  # the disk, not an article: no retrying article by article
                raise
            except (StoreError, ValueError):  # isolate the record the database refused
                written = []
                for record in records:
                    try:
                        store.write(record)
                    except StoreWriteError:
                        raise
                    except (StoreError, ValueError) as e:
                        self.fail(InputFailure(record.id, f"cannot store: {e}"))
                        continue
                    written.append(record)
            self.report.stored.extend(record.id for record in written)  # counted as soon as committed
            self.copies.stored([(record.id, record.text) for record in written])
            stored_ids = {record.id for record in written}
            for outcome in outcomes:  # an original that failed is no original to copy
                name = outcome.id if isinstance(outcome, ArticleRecord) else outcome.input_name
                if name in self.pending and name not in stored_ids and not store.has_article(name):
                    self.copies.index.remove(name)
            for record in written:
                self.emit("stored", record.id)
            self.pending.difference_update(o.id if isinstance(o, ArticleRecord) else o.input_name for o in outcomes)
            self.store_copies()
            # a long run killed midway leaves the next one at most this many articles to replay
            store.checkpoint_linker(min_new=LINKER_CHECKPOINT_EVERY)
        self.pending.clear()
        self.store_copies()
        if store.search_index_stale():
            store.rebuild_search_index()
        # the next run loads the linker instead of replaying the articles linked since the checkpoint
        store.checkpoint_linker(min_new=LINKER_CHECKPOINT_EVERY)
