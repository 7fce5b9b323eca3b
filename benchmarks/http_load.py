"""Load on the quote search of ``newsgraph serve``: requests per second and latency percentiles from wrk.

    python benchmarks/http_load.py --db BIG.duckdb [--grow-from SOURCE.duckdb] [--min-quotes 100000]
                                   [--duration 30] [--connections 1,4,8] [--threads 2]

Starts ``newsgraph serve`` on 127.0.0.1 (a free port) over ``--db``, then drives ``GET /api/quotes`` with
wrk (Debian's ``wrk``, installed by ``scripts/install-system-deps.sh``) on loopback: first each kind of
query on its own (full-text search, speaker filter, outlet with a date range, a second page of a search),
then all of them mixed, at each number of concurrent connections; prints requests per second and the
50th/90th/99th latency percentiles for each. A 5-second mixed warm-up run comes first (the first requests load
the in-memory quote catalogue and warm Python's allocator), and is not reported. The target: p99 under 100 ms.

The store must hold at least ``--min-quotes`` quotes. ``--grow-from`` builds ``--db`` (which must not exist)
from the records of another store (e.g. the one ``benchmarks/incremental.py --db`` leaves), copied under
new ids (``ID@2``, ``ID@3``...) until it holds that many quotes; the copies go through the normal write
path (stories, statements, search index), nothing is re-extracted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from newsgraph.records import Article, ArticleRecord
from newsgraph.service import NewsGraph

STOPWORDS = {"a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have",
    "he", "her", "his", "i", "in", "is", "it", "its", "of", "on", "or", "our", "that", "the", "their", "there",
    "they", "this", "to", "was", "we", "were", "what", "when", "which", "who", "will", "with", "would", "not", "no",
    "you", "your", "us", "said"}


class CopyExtractor:
    """Hands back the record an article is a copy of, under the copy's id (nothing is re-extracted)."""

    def __init__(self, records: dict[str, ArticleRecord]) -> None:
        self.records = records

    def extract(self, article: Article) -> ArticleRecord:
        original = self.records[article.id.split("@")[0]]
        return replace(original, article=article)

    def extract_many(self, articles: Iterable[Article]) -> Iterator[ArticleRecord]:
        for article in articles:
            yield self.extract(article)


def grow(source: Path, target: Path, min_quotes: int) -> int:
    """Copy the records of ``source`` into ``target`` (new ids per round) until it holds ``min_quotes``."""
    if target.exists():
        raise SystemExit(f"{target}: exists; --grow-from builds a new database")
    with NewsGraph(source) as graph:
        records = {record.id: record for record in graph.records() if record.quotes}
    per_round = sum(len(r.quotes) for r in records.values())
    if not per_round:
        raise SystemExit(f"{source}: no quotes to copy")
    rounds = -(-min_quotes // per_round)
    print(f"copying {len(records)} articles with {per_round} quotes x {rounds} into {target}", file=sys.stderr)
    with NewsGraph(target, extractor=CopyExtractor(records), chunk_size=500) as graph:
        for number in range(1, rounds + 1):
            suffix = "" if number == 1 else f"@{number}"
            started = time.perf_counter()
            graph.ingest([replace(r.article, id=r.id + suffix) for r in records.values()])
            print(f"  round {number}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        return graph.counts(["quotes"])["quotes"]


def query_mix(db: Path, per_kind: int = 50) -> dict[str, list[str]]:
    """Quote-search request paths of each kind, drawn from what the store holds."""
    with NewsGraph(db) as graph:
        sample = graph.quotes(limit=5000)
    words: Counter[str] = Counter()
    speakers: Counter[str] = Counter()
    outlets: Counter[str] = Counter()
    dates: list[str] = []
    for row in sample:
        words.update(w for w in re.findall(r"[a-z]{4,}", row.content.lower()) if w not in STOPWORDS)
        if row.speaker:
            speakers[row.speaker] += 1
        if row.outlet:
            outlets[row.outlet] += 1
        if row.published:
            dates.append(str(row.published)[:10])
    common = [w for w, _ in words.most_common(per_kind * 2)]
    dates.sort()

    def path(**params: str | int) -> str:
        return "/api/quotes?" + urllib.parse.urlencode({**params, "limit": 20})

    mix = {
        "search": [path(q=w) for w in common[:per_kind]],
        "search two words": [path(q=f"{a} {b}") for a, b in zip(common[::2], common[1::2], strict=False)][:per_kind],
        "speaker": [path(speaker=s) for s, _ in speakers.most_common(per_kind)],
        "outlet + dates": [path(outlet=o, **{"from": dates[len(dates) // 4], "to": dates[3 * len(dates) // 4]})
                           for o, _ in outlets.most_common(per_kind)] if dates else [],
        "search, page 2": [path(q=w, offset=20) for w in common[:per_kind]],
    }
    return {kind: paths for kind, paths in mix.items() if paths}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    newsgraph = shutil.which("newsgraph") or sys.exit("newsgraph is not on PATH (pip install -e .)")
    proc = subprocess.Popen([newsgraph, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as response:
                json.load(response)
                return proc
        except OSError:
            if proc.poll() is not None:
                sys.exit(f"newsgraph serve exited with status {proc.returncode}")
            time.sleep(0.3)
    proc.kill()
    sys.exit("newsgraph serve did not answer within 60 s")


WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def run_wrk(url: str, paths: list[str], threads: int, connections: int, duration: int) -> dict[str, float]:
    """Requests per second, latency percentiles (ms) and error count of one wrk run."""
    wrk = shutil.which("wrk") or sys.exit("wrk is not installed (bash scripts/install-system-deps.sh)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    try:
        out = subprocess.run([wrk, f"-t{min(threads, connections)}", f"-c{connections}", f"-d{duration}s", "--latency",
                              "-s", script.name, url], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for pct in ("50", "90", "99"):
        found = re.search(rf"^\s+{pct}(?:\.0+)?%\s+([\d.]+)(us|ms|s)\b", out, re.M)
        if found:
            scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]
            result[f"p{pct}"] = float(found.group(1)) * scale
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    result["non-2xx"] = float(errors.group(1)) if errors else 0.0
    timeouts = re.search(r"timeout (\d+)", out)
    result["timeouts"] = float(timeouts.group(1)) if timeouts else 0.0
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="the store to serve")
    parser.add_argument("--grow-from", type=Path, default=None, help="build --db from this store's records")
    parser.add_argument("--min-quotes", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=30, help="seconds of the mixed run")
    parser.add_argument("--kind-duration", type=int, default=10, help="seconds of each single-kind run")
    parser.add_argument("--connections", default="1,4,8", help="comma-separated numbers of connections")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)

    if args.grow_from is not None:
        grow(args.grow_from, args.db, args.min_quotes)
    with NewsGraph(args.db) as graph:
        quotes = graph.counts(["quotes"])["quotes"]
    if quotes < args.min_quotes:
        raise SystemExit(f"{args.db}: {quotes} quotes, fewer than --min-quotes {args.min_quotes} (use --grow-from)")
    mix = query_mix(args.db)
    port = free_port()
    server = start_server(args.db, port)
    url = f"http://127.0.0.1:{port}"
    try:
        started = time.perf_counter()  # the first listing loads the quote catalogue: not part of the load figures
        with urllib.request.urlopen(f"{url}/api/quotes?limit=1", timeout=120) as response:
            json.load(response)
        print(f"first request (loads the in-memory quote catalogue): {time.perf_counter() - started:.1f} s")
        levels = [int(n) for n in args.connections.split(",")]
        mixed = [p for paths in mix.values() for p in paths]
        run_wrk(url, mixed, args.threads, max(levels), 5)  # warm-up, not reported
        print(f"{quotes:,} quotes; wrk on loopback (threads: min({args.threads}, connections)); latency in ms\n")
        print(f"{'queries':<18} {'conns':>5} {'req/s':>8} {'p50':>7} {'p90':>7} {'p99':>7} {'non-2xx':>8} "
              f"{'timeouts':>8}")
        for connections in levels:
            runs = [(kind, paths, args.kind_duration) for kind, paths in mix.items()]
            runs.append(("mixed", mixed, args.duration))
            for kind, paths, duration in runs:
                r = run_wrk(url, paths, args.threads, connections, duration)
                print(f"{kind:<18} {connections:>5} {r['rps']:>8.1f} {r.get('p50', float('nan')):>7.1f} "
                      f"{r.get('p90', float('nan')):>7.1f} {r.get('p99', float('nan')):>7.1f} "
                      f"{r['non-2xx']:>8.0f} {r['timeouts']:>8.0f}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
