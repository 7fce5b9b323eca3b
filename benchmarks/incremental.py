"""Incremental cost of ingest: the time per batch of articles should stay flat as the store grows.

    python benchmarks/incremental.py ../shared/data [--batch-size 1000] [--batches N] [--limit N]
    python benchmarks/incremental.py ../shared/data --records extracted.jsonl   # store + linking cost only

Ingests the Reuters-21578 articles (``reuters21578/articles.jsonl``, 19,043 articles; DATA may also be that
file) into a fresh database in batches of ``--batch-size``, each batch one ``NewsGraph.ingest`` run of its
own (so each reopens the store and loads the story/entity linker's checkpoint), and prints per batch: seconds,
the CPU seconds of this process (steady when other work shares the machine), articles per second, CPU seconds
per 100,000 words of article text (the flat-or-not figure: batches differ in length), stories and corpus
entities so far. With ``--records`` (JSON Lines as ``newsgraph
extract`` writes them), extraction is replaced by those records, which isolates what grows with the corpus:
writing, story assignment, entity linking, statements and claims across articles. The full run with
extraction takes over ten minutes; ``--batches 3`` is a quick look.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.ingest import read_inputs
from newsgraph.records import Article, ArticleRecord

if TYPE_CHECKING:
    from newsgraph.pipeline import Extractor  # noqa: F401
from newsgraph.service import ALL_TABLES, NewsGraph


class RecordReplay:
    """An extractor that hands back records read from a JSON Lines file (by article id)."""

    def __init__(self, path: Path) -> None:
        self.records: dict[str, ArticleRecord] = {}
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                data = json.loads(line)
                data.pop("story", None)
                self.records[str(data["id"])] = ArticleRecord.from_dict(data)

    def extract(self, article: Article) -> ArticleRecord:
        record = self.records[article.id]
        record.article = article
        return record

    def extract_many(self, articles: Iterable[Article]) -> Iterator[ArticleRecord]:
        for article in articles:
            yield self.extract(article)


def reuters_path(data: Path) -> Path:
    return data if data.is_file() else data / "reuters21578" / "articles.jsonl"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, help="the shared data folder, or reuters21578/articles.jsonl itself")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--batches", type=int, default=None, help="stop after this many batches")
    parser.add_argument("--limit", type=int, default=None, help="read at most this many articles")
    parser.add_argument("--records", type=Path, default=None,
                        help="JSON Lines records to replay instead of extracting (articles without one are skipped)")
    parser.add_argument("--db", type=Path, default=None, help="the database to create (default: a temporary one)")
    parser.add_argument("--disable-stage", action="append", default=[], metavar="NAME",
                        help="extract without this spaCy stage (e.g. newsgraph_event_mentions_v1); repeatable")
    args = parser.parse_args(argv)

    source = reuters_path(args.data)
    if not source.is_file():
        raise SystemExit(f"{source}: no such file")
    extractor: RecordReplay | Extractor | None = RecordReplay(args.records) if args.records else None
    if extractor is None and args.disable_stage:
        from newsgraph.pipeline import Extractor, load_nlp

        nlp = load_nlp()
        for name in args.disable_stage:
            nlp.disable_pipe(name)
        extractor = Extractor(nlp)
    replay = extractor if isinstance(extractor, RecordReplay) else None
    articles: Iterator[Article] = (a for a in read_inputs([source]) if isinstance(a, Article))
    if replay is not None:
        articles = (a for a in articles if a.id in replay.records)
    if args.limit is not None:
        articles = islice(articles, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "incremental.duckdb"
        if db.exists():
            raise SystemExit(f"{db}: exists; the benchmark starts from an empty database")
        print(f"{'batch':>5} {'articles':>8} {'total':>7} {'seconds':>8} {'cpu s':>7} {'art/s':>7} "
              f"{'words':>8} {'cpu s/100k w':>12} {'stories':>7} {'entities':>8} {'statements':>10}")
        total, number = 0, 0
        times: list[float] = []
        while batch := list(islice(articles, args.batch_size)):
            number += 1
            started, cpu_started = time.perf_counter(), time.process_time()
            with NewsGraph(db, extractor=extractor) as graph:
                report = graph.ingest(batch)
                counts = graph.counts(ALL_TABLES)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            words = sum(len(a.text.split()) for a in batch)
            times.append(cpu / words)
            total += len(batch)
            print(f"{number:>5} {len(report.stored):>8} {total:>7} {seconds:>8.1f} {cpu:>7.1f} "
                  f"{len(batch) / seconds:>7.1f} {words:>8} {cpu / words * 100_000:>12.1f} "
                  f"{counts['stories']:>7} {counts['corpus_entities']:>8} {counts['statements']:>10}", flush=True)
            if args.batches is not None and number >= args.batches:
                break
        full = times[:-1] if total % args.batch_size else times  # a short last batch: its fixed costs dominate
        if len(full) >= 2:
            print(f"CPU seconds per word over full batches: last / first {full[-1] / full[0]:.2f}, "
                  f"highest / lowest {max(full) / min(full):.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
